"""WARC (plain or gzip-decompressed upstream) -> one RawDocument per HTML response record."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.ingest.decode import CANNOT_DECODE, decode_html
from storyline.ingest.detect import binary_reason, sniff_html
from storyline.ingest.gz import count_rest, read_up_to
from storyline.ingest.limits import HEAD_BYTES, page_too_big
from storyline.model import InputFailure, RawDocument

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Types that may hold HTML without saying so; anything else is skipped unread.
_VAGUE_TYPES = ("", "text/plain", "application/octet-stream", "unk", "unknown")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


class _Counting(io.RawIOBase):
    """Counts the bytes handed to warcio, to spot data it silently left unparsed."""

    def __init__(self, stream: BinaryIO | io.RawIOBase) -> None:
        super().__init__()
        self._stream = stream
        self.total = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._stream.read(len(buffer)) or b""
        buffer[: len(data)] = data
        self.total += len(data)
        return len(data)


class _QuietArchiveIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio writes a multi-line warning to stderr when a record's Content-Length is off.

    Blanked here rather than by redirecting sys.stderr, which is not thread-safe;
    ``read_warc`` reports it as a one-line failure from ``err_count``.
    """

    INC_RECORD = ""


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    first = text[0] if text else type(error).__name__
    return first[:120]


def _drain(record: Any) -> int:
    """Read the rest of the record block; return how many declared bytes never arrived."""
    raw = record.raw_stream
    count_rest(raw)
    return int(getattr(raw, "limit", 0) or 0)


def read_warc(
    path: str,
    stream: BinaryIO | io.RawIOBase,
    *,
    max_page_bytes: int,
    stream_problem: Callable[[], str | None] = lambda: None,
) -> Iterator[RawDocument | InputFailure]:
    """Yield HTML response records as documents; records are numbered from 1 in file order.

    ``stream`` is uncompressed WARC; ``stream_problem`` reports damage found by the
    layer below (a cut gzip stream), so it is told once instead of as a bad record.
    """
    counting = _Counting(stream)
    iterator = _QuietArchiveIterator(io.BufferedReader(counting))
    number = warned = 0
    # A record is handed on only once the next one has been read: only then does warcio
    # tell that its Content-Length was wrong, and a cut page must not be stored at all.
    held: RawDocument | InputFailure | None = None

    def release(next_read: bool) -> Iterator[RawDocument | InputFailure]:
        nonlocal held, warned
        if iterator.err_count > warned:
            warned = iterator.err_count
            held = InputFailure(
                source=f"{path}#record-{number}",
                reason="record is not followed by a blank line: its Content-Length is wrong, "
                "so its data may be cut; not stored",
            )
        if held is not None:
            yield held
        held = None

    while True:
        try:
            record = next(iterator)
        except StopIteration:
            yield from release(False)
            break
        except ArchiveLoadFailed as error:
            yield from release(True)
            reason = stream_problem() or f"unreadable WARC data ({_first_line(error)}); stopped reading"
            yield InputFailure(source=f"{path}#record-{number + 1}", reason=reason)
            return
        except Exception:  # warcio trips over cut or mangled headers with assorted internal errors
            yield from release(True)
            reason = stream_problem() or "record header is truncated or malformed; stopped reading"
            yield InputFailure(source=f"{path}#record-{number + 1}", reason=reason)
            return
        yield from release(True)
        number += 1
        source = f"{path}#record-{number}"
        if record.rec_type is None:
            # warcio hands back an empty record when a header block is cut off.
            yield InputFailure(source=source, reason=stream_problem() or "record header is truncated")
            return
        result = _read_record(record, source, max_page_bytes)
        missing = _drain(record)
        if missing:
            problem = stream_problem()
            declared = record.rec_headers.get_header("Content-Length") or "?"
            yield InputFailure(
                source=source,
                reason=problem or f"record is truncated ({missing:,} of {declared} declared bytes missing)",
            )
            if problem:
                return
            continue
        held = result
    problem = stream_problem()
    if problem:
        yield InputFailure(source=f"{path}#record-{number + 1}", reason=problem)
    elif iterator.offset < counting.total:
        left = counting.total - iterator.offset
        yield InputFailure(
            source=f"{path}#record-{number + 1}",
            reason=f"truncated or unreadable WARC data at the end ({left:,} bytes after record {number})",
        )


def _read_record(record: Any, source: str, max_page_bytes: int) -> RawDocument | InputFailure | None:
    """A document, a failure, or None for records that are not HTML pages."""
    if record.rec_type == "response":
        http = record.http_headers
        if http is None:
            return None  # e.g. dns: records
        status = http.get_statuscode() or "200"
        if not status.startswith("2"):
            return None  # redirects and error pages are not articles
        content_type = http.get_header("Content-Type")
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type")
    else:
        return None
    mime = _mime(content_type)
    if mime not in _HTML_TYPES and mime not in _VAGUE_TYPES:
        return None
    try:
        data = read_up_to(record.content_stream(), max_page_bytes + 1)
    except Exception as error:  # warcio undoing chunked or Content-Encoding on bad data
        return InputFailure(source=source, reason=f"unreadable record payload ({_first_line(error)})")
    if mime not in _HTML_TYPES and sniff_html(data[:HEAD_BYTES].decode("latin-1")) is not True:
        return None
    if len(data) > max_page_bytes:
        declared = int(record.rec_headers.get_header("Content-Length") or 0)
        return InputFailure(
            source=source,
            reason=page_too_big(max(declared, len(data)), max_page_bytes, at_least=declared < len(data)),
        )
    if not data.strip():
        return InputFailure(source=source, reason=f"HTML response is empty ({len(data)} bytes)")
    binary = binary_reason(data[:HEAD_BYTES])
    if binary:
        return InputFailure(source=source, reason=f"{binary} (served as {mime or 'no type'})")
    decoded = decode_html(data, http_content_type=content_type)
    if decoded is None:
        return InputFailure(source=source, reason=CANNOT_DECODE)
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>") or None
    hints: dict[str, str] = {}
    date = _DATE.match(record.rec_headers.get_header("WARC-Date") or "")
    if date:
        hints["crawled"] = date.group(0)
    return RawDocument(
        source=source,
        kind="html",
        content=decoded.text,
        url=url,
        container="warc",
        encoding=decoded.encoding,
        hints=hints,
    )
