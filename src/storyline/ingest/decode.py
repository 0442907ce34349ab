"""Bytes -> text: BOM, declared charset, UTF-8, then detection; newlines normalised."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from storyline.ingest.detect import bom_encoding, utf16_without_bom

CANNOT_DECODE = "cannot decode: not UTF-8 and no charset detected (try converting with iconv)"

# HTML5 scans 1024 bytes; scraped pages often put scripts first, so look further.
_META_SCAN_BYTES = 8192
_META_CHARSET = re.compile(rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)
_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)

# WHATWG: browsers decode these labels as windows-1252, which maps 0x80-0x9F to
# curly quotes and dashes that pages labelled Latin-1 really contain.
_AS_CP1252 = {"iso8859-1", "ascii"}

# Detection on a sample: charset_normalizer is slow on megabytes.
_DETECT_SAMPLE_BYTES = 256 * 1024
# A detected decoding with more control characters than this is mojibake, not text.
_MAX_CONTROL_SHARE = 0.01


@dataclass(slots=True, kw_only=True)
class Decoded:
    text: str
    encoding: str


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def canonical_encoding(label: str) -> str | None:
    """Python's codec name for a charset label, or None when unknown."""
    try:
        return codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None


def http_charset(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type header."""
    if not content_type:
        return None
    match = _HTTP_CHARSET.search(content_type)
    return match.group(1) if match else None


def meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares (<meta charset>, http-equiv, or an XML declaration)."""
    head = data[:_META_SCAN_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii") if match else None


def _try(data: bytes, encoding: str) -> Decoded | None:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return Decoded(text=text, encoding=encoding)


def _try_declared(data: bytes, label: str) -> Decoded | None:
    encoding = canonical_encoding(label)
    if encoding is None:
        return None
    if encoding.startswith(("utf_16", "utf_32")):
        # A page cannot declare UTF-16 in ASCII bytes it actually holds; browsers read UTF-8.
        return None
    if encoding in _AS_CP1252:
        return _try(data, "cp1252") or _try(data, "latin_1")
    return _try(data, encoding)


def _looks_like_text(text: str) -> bool:
    if not text or "\x00" in text:
        return False
    bad = sum(1 for ch in text if (ch < " " and ch not in "\t\n\r\f\x1b") or ch == "\ufffd")
    return bad / len(text) <= _MAX_CONTROL_SHARE


def _detect(data: bytes) -> Decoded | None:
    matches = from_bytes(data[:_DETECT_SAMPLE_BYTES])
    best = matches.best()
    if best is None:
        return None
    if best.coherence == 0 and best.chaos > 0:
        return None  # no language recognised in a messy decoding: mojibake, refuse to guess
    # Short Western texts tie between cp1250/cp1252/cp1257; cp1252 is by far the likeliest.
    ties = [m.encoding for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    decoded = _try(data, "cp1252" if "cp1252" in ties else best.encoding)
    if decoded is None or not _looks_like_text(decoded.text[:_DETECT_SAMPLE_BYTES]):
        return None
    return decoded


def decode_bytes(data: bytes, *, declared: tuple[str | None, ...] = ()) -> Decoded | None:
    """Decode a page; ``declared`` lists charsets in order of authority (HTTP header, meta).

    Returns None when no decoding is trustworthy: the caller reports ``CANNOT_DECODE``.
    """
    decoded = _decode(data, declared)
    if decoded is None:
        return None
    text = decoded.text.removeprefix("\ufeff")
    return Decoded(text=normalise_newlines(text), encoding=decoded.encoding.replace("_", "-"))


def _decode(data: bytes, declared: tuple[str | None, ...]) -> Decoded | None:
    bom = bom_encoding(data)
    if bom and (decoded := _try(data, bom)):
        return decoded
    # Before UTF-8: UTF-16 text of ASCII letters is valid UTF-8 too, a NUL between each.
    utf16 = utf16_without_bom(data)
    if utf16 and (decoded := _try(data, utf16)):
        return decoded
    if not data.isascii() and (decoded := _try(data, "utf-8")):
        # Valid UTF-8 with non-ASCII bytes beats a declared legacy charset: legacy text
        # almost never validates as UTF-8, while scrapers often re-encode pages to UTF-8
        # and leave the old <meta charset> in place.
        return decoded
    for label in declared:
        if label and (decoded := _try_declared(data, label)):
            return decoded
    if decoded := _try(data, "utf-8"):
        return decoded
    if decoded := _mostly_utf8(data):
        return decoded
    return _detect(data)


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with stretches that are not: a cut character, a legacy quote, a paragraph
    pasted from a cp1251 page. The UTF-8 is kept; the other stretches are decoded with
    the legacy charset they are detected in (else each bad byte becomes U+FFFD), and
    the encoding's name says how many bytes that was. None when the bytes hold fewer
    valid multi-byte characters than bad stretches: a legacy file, not UTF-8."""
    text = data.decode("utf-8", errors="surrogateescape")
    runs = list(_ESCAPED.finditer(text))
    multibyte = sum(1 for ch in text if "\x80" <= ch < "\udc80" or ch > "\udcff")
    if not runs or multibyte < len(runs):
        return None
    raw = [bytes(ord(ch) - 0xDC00 for ch in m.group()) for m in runs]
    legacy = _legacy_charset(b" ".join(raw))
    out: list[str] = []
    last = 0
    for m, chunk in zip(runs, raw, strict=True):
        out.append(text[last : m.start()])
        out.append(chunk.decode(legacy, errors="replace") if legacy else "\ufffd" * len(chunk))
        last = m.end()
    out.append(text[last:])
    bad = sum(len(chunk) for chunk in raw)
    how = f"{legacy.replace('_', '-')}" if legacy else "replaced"
    return Decoded(text="".join(out), encoding=f"utf-8 ({bad} byte{'s' * (bad != 1)} {how})")


_ESCAPED = re.compile("[\udc80-\udcff]+")


def _legacy_charset(data: bytes) -> str | None:
    """The legacy charset a few bytes are in, when detection recognises a language."""
    if len(data) < 8:
        return None
    best = from_bytes(data).best()
    if best is None or best.encoding.startswith("utf") or best.coherence == 0:
        return None
    return canonical_encoding(best.encoding)


def decode_html(data: bytes, *, http_content_type: str | None = None) -> Decoded | None:
    """Decode an HTML page: BOM, HTTP charset, meta charset, UTF-8, detection."""
    return decode_bytes(data, declared=(http_charset(http_content_type), meta_charset(data)))
