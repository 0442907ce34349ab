"""Readers: files, folders and globs -> raw documents (text dumps, HTML, WARC, JSONL).

Formats are detected by content, not only by extension.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from storyline.model import InputFailure, RawDocument


def expand_paths(paths: Iterable[str]) -> list[str]:
    """Files, folders (recursive) and globs -> sorted unique file paths.

    Raises ``NoInputs`` when nothing matches.
    """
    raise NotImplementedError


def read_file(path: str) -> Iterator[RawDocument | InputFailure]:
    """Yield every document in one file; a bad file or record yields an InputFailure."""
    raise NotImplementedError
