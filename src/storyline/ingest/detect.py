"""Format detection by content: magic bytes and sniffing; the extension only breaks ties."""

from __future__ import annotations

import json
import re
from typing import Literal

Format = Literal["warc", "jsonl", "json", "html", "text"]

GZIP_MAGIC = b"\x1f\x8b"

# (offset, magic, what it is). Compressed formats we cannot open get a hint to decompress first.
_MAGIC: list[tuple[int, bytes, str]] = [
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"%PDF-", "PDF document"),
    (0, b"PK\x03\x04", "ZIP archive"),
    (0, b"PK\x05\x06", "ZIP archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"Rar!\x1a\x07", "RAR archive"),
    (0, b"BZh", "bzip2 data; decompress it first"),
    (0, b"\xfd7zXZ\x00", "xz data; decompress it first"),
    (0, b"\x28\xb5\x2f\xfd", "zstd data; decompress it first"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (0, b"\x7fELF", "ELF executable"),
    (0, b"MZ", "Windows executable"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"II*\x00", "TIFF image"),
    (0, b"MM\x00*", "TIFF image"),
    (0, b"wOFF", "WOFF font"),
    (0, b"wOF2", "WOFF2 font"),
    (0, b"\x00asm", "WebAssembly module"),
    (0, b"OggS", "Ogg media"),
    (0, b"ID3", "MP3 audio"),
    (0, b"\x1aE\xdf\xa3", "Matroska/WebM video"),
    (4, b"ftyp", "MP4/QuickTime media"),
    (8, b"WEBP", "WebP image"),
    (8, b"AVI ", "AVI video"),
    (8, b"WAVE", "WAV audio"),
    (257, b"ustar", "tar archive"),
]

_BOMS: list[tuple[bytes, str]] = [
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]

# C0 controls that never occur in text (tab, newlines, form feed and escape do).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_CONTROL_SHARE = 0.05

_HTML_START = re.compile(r"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE)
_KNOWN_TAG = re.compile(
    r"</?(?:p|div|span|a|br|hr|img|ul|ol|li|h[1-6]|table|tr|td|th|article|section|header|footer|"
    r"nav|main|aside|figure|figcaption|blockquote|strong|em|b|i|u|meta|link|script|style|title|"
    r"time|form|input|button|iframe|noscript|svg)(?:\s[^<>]{0,500})?/?>",
    re.IGNORECASE,
)
_TAG_SHARE = 0.05
_MIN_TAGS = 5

HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp")
JSONL_EXTENSIONS = (".jsonl", ".ndjson", ".jsonlines")


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces, if any."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when ASCII-range text is interleaved with NULs."""
    sample = head[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.7 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.7 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def binary_reason(head: bytes) -> str | None:
    """Why the file is binary (one line), or None when it may be text."""
    for offset, magic, what in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return f"binary file ({what}), not a page"
    if bom_encoding(head) in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        return None
    if utf16_without_bom(head):
        return None
    if b"\x00" in head:
        return "binary file (contains NUL bytes), not a page"
    controls = len(head) - len(head.translate(None, _CONTROL))
    if head and controls / len(head) > _CONTROL_SHARE:
        return f"binary file ({controls / len(head):.0%} control characters), not a page"
    return None


def head_text(head: bytes) -> str:
    """The head as text for sniffing; exact characters matter less than the ASCII markup."""
    encoding = bom_encoding(head) or utf16_without_bom(head)
    if encoding:
        return head.decode(encoding, errors="replace").lstrip("\ufeff")
    return head.decode("utf-8", errors="replace")


def sniff_html(text: str) -> bool | None:
    """True: clearly HTML; False: no markup at all; None: some tags, let the extension decide."""
    if _HTML_START.search(text[:4096]):
        return True
    tags = _KNOWN_TAG.findall(text)
    if not tags:
        return False
    if len(tags) >= _MIN_TAGS and sum(map(len, tags)) / max(len(text), 1) >= _TAG_SHARE:
        return True
    return None


def looks_like_html(text: str, name: str = "") -> bool:
    """Sniff, with the file extension breaking ties."""
    sniffed = sniff_html(text)
    if sniffed is None:
        return name.lower().endswith(HTML_EXTENSIONS)
    return sniffed


def _json_object_lines(text: str, *, complete: bool) -> tuple[int, int]:
    """(lines that parse as JSON objects, complete non-blank lines checked) among the first 20."""
    lines = text.split("\n")
    if not complete:
        lines = lines[:-1]  # the last one may be cut off by the head limit
    objects = checked = 0
    for line in lines:
        if not line.strip():
            continue
        checked += 1
        try:
            value = json.loads(line)
        except ValueError:
            value = None
        objects += isinstance(value, dict)
        if checked == 20:
            break
    return objects, checked


def is_warc(head: bytes) -> bool:
    """WARC files start with their version line (binary payloads follow, so check this first)."""
    return head.lstrip(b"\r\n").startswith((b"WARC/1.", b"WARC/0."))


def detect_format(head: bytes, name: str, *, complete: bool) -> Format:
    """Which reader should open a (decompressed) file, given its first bytes.

    ``complete`` says the head is the whole file. Binary files are ruled out before.
    """
    if is_warc(head):
        return "warc"
    text = head_text(head)
    stripped = text.lstrip()
    lower = name.lower()
    if stripped.startswith("{"):
        objects, checked = _json_object_lines(text, complete=complete)
        # One huge line that does not fit the head is still a JSON Lines record.
        if objects or lower.endswith(JSONL_EXTENSIONS) or (not checked and stripped.startswith('{"')):
            return "jsonl"
        return "json"
    if stripped.startswith("[") and (lower.endswith(".json") or re.match(r"\[\s*[{\]]", stripped)):
        return "json"
    if looks_like_html(text, name):
        return "html"
    return "text"
