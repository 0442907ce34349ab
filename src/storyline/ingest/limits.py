"""Size limits for ingest, and how they are worded in failure reasons."""

from __future__ import annotations

# Binary megabytes, as the CLI turns --max-page-mb into bytes (mb * 1024 * 1024).
MB = 1024 * 1024

# A single page (decoded document, WARC payload, JSON line) larger than this is refused.
MAX_PAGE_BYTES = 20 * MB

# How much of a file format detection and binary sniffing look at.
HEAD_BYTES = 64 * 1024

# Gzip bombs expand thousands of times; real HTML, WARC and JSONL rarely pass 20x.
MAX_GZIP_RATIO = 200
# Tiny gzip files may legitimately exceed the ratio; below this size nobody is hurt.
MIN_GZIP_CAP = 8 * MB

# A .json file (one object or an array) must be parsed whole, unlike JSON Lines.
MAX_JSON_FILE_BYTES = 256 * MB


def describe_size(n_bytes: int) -> str:
    """'52.4 MB' for large sizes, '1,234 bytes' for small ones (as in tests)."""
    if n_bytes >= MB:
        return f"{n_bytes / MB:.1f} MB"
    return f"{n_bytes:,} bytes"


def describe_limit(n_bytes: int) -> str:
    """'20 MB' for the limit itself; small test limits in bytes."""
    if n_bytes >= MB:
        return f"{round(n_bytes / MB, 2):g} MB"
    return f"{n_bytes:,} bytes"


def page_too_big(size: int, limit: int, *, at_least: bool = False) -> str:
    """The one-line reason for a page over the limit."""
    more = "over " if at_least else ""
    return (
        f"page is {more}{describe_size(size)}, over the {describe_limit(limit)} limit (raise --max-page-mb)"
    )


def gzip_cap(compressed_size: int) -> int:
    """Most bytes a gzip file of this size may expand to before it counts as a bomb."""
    return max(MAX_GZIP_RATIO * compressed_size, MIN_GZIP_CAP)
