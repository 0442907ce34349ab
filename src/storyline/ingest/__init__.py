"""Readers: files, folders and globs -> raw documents (text dumps, HTML, WARC, JSONL).

Formats are detected by content, not only by extension.
"""

from __future__ import annotations

from storyline.ingest.limits import MAX_PAGE_BYTES
from storyline.ingest.paths import expand_paths
from storyline.ingest.reader import read_file

__all__ = ["MAX_PAGE_BYTES", "expand_paths", "read_file"]
