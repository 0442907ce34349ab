"""``read_file``: open one file, detect its format by content, and hand it to the right reader."""

from __future__ import annotations

import io
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from typing import BinaryIO

from storyline.ingest.decode import CANNOT_DECODE, decode_bytes, decode_html
from storyline.ingest.detect import (
    GZIP_MAGIC,
    Format,
    binary_reason,
    detect_format,
    head_text,
    is_warc,
    looks_like_html,
)
from storyline.ingest.gz import GzipSource, Prefixed, count_rest, read_up_to
from storyline.ingest.jsonl import documents_from_json, read_jsonl
from storyline.ingest.limits import (
    HEAD_BYTES,
    MAX_JSON_FILE_BYTES,
    MAX_PAGE_BYTES,
    describe_size,
    gzip_cap,
    page_too_big,
)
from storyline.ingest.warc import read_warc
from storyline.model import InputFailure, RawDocument

Result = RawDocument | InputFailure
Stream = BinaryIO | io.RawIOBase | io.BufferedReader


def read_file(path: str, *, max_page_bytes: int = MAX_PAGE_BYTES) -> Iterator[Result]:
    """Yield every document in one file; a bad file or record yields an InputFailure.

    Every string it yields can be stored and printed: a file name's non-UTF-8 bytes
    are written as ``\\xNN``, and a lone surrogate (valid in JSON, not in UTF-8)
    becomes U+FFFD, one character for one, so offsets stay where they were.
    """
    shown = display_path(path)
    for item in _read_file(path, max_page_bytes):
        item.source = shown + item.source[len(path) :] if item.source.startswith(path) else item.source
        if isinstance(item, RawDocument):
            item.content = storable(item.content)
            item.url = storable(item.url) if item.url else item.url
            item.hints = {k: storable(v) for k, v in item.hints.items()}
        yield item


def display_path(path: str) -> str:
    """A path as text that can be stored and printed: undecodable bytes as ``\\xNN``."""
    if not _SURROGATE.search(path):
        return path
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def storable(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (same length)."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


_SURROGATE = re.compile("[\ud800-\udfff]")


def _read_file(path: str, max_page_bytes: int) -> Iterator[Result]:
    try:
        info = os.stat(path)
    except OSError as error:
        yield InputFailure(source=path, reason=_os_reason(error))
        return
    if stat.S_ISDIR(info.st_mode):
        yield InputFailure(source=path, reason="is a directory, not a file (pass it to expand_paths)")
        return
    if not stat.S_ISREG(info.st_mode):
        # Opening a FIFO or device could block forever.
        yield InputFailure(source=path, reason="not a regular file (device, socket or pipe)")
        return
    if info.st_size == 0:
        yield InputFailure(source=path, reason="empty file (0 bytes)")
        return
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after the generator is drained
    except OSError as error:
        yield InputFailure(source=path, reason=_os_reason(error))
        return
    with handle:
        try:
            yield from _read_open(path, handle, info.st_size, max_page_bytes)
        except OSError as error:
            yield InputFailure(source=path, reason=f"read error: {_os_reason(error)}")


def _os_reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "cannot read file: permission denied"
    if isinstance(error, FileNotFoundError):
        return "no such file (was it moved or deleted?)"
    if isinstance(error, IsADirectoryError):
        return "is a directory, not a file"
    return f"cannot read file: {error.strerror or error}"


def _read_open(path: str, handle: BinaryIO, size: int, max_page_bytes: int) -> Iterator[Result]:
    head = handle.read(HEAD_BYTES)
    if head.startswith(GZIP_MAGIC):
        handle.seek(0)
        yield from _read_gzip(path, handle, size, max_page_bytes)
        return
    yield from _read_content(
        path,
        name=path,
        head=head,
        rest=handle,
        total=size,
        container="file",
        problem=lambda: None,
        max_page_bytes=max_page_bytes,
    )


def _read_gzip(path: str, handle: BinaryIO, size: int, max_page_bytes: int) -> Iterator[Result]:
    source = GzipSource(handle, cap=gzip_cap(size))
    stream = io.BufferedReader(source)
    head = read_up_to(stream, HEAD_BYTES)
    if not head:
        yield InputFailure(source=path, reason=source.problem or "gzip file is empty once decompressed")
        return
    yield from _read_content(
        path,
        name=path[:-3] if path.lower().endswith(".gz") else path,
        head=head,
        rest=stream,
        total=None,
        container="gzip",
        problem=lambda: source.problem,
        max_page_bytes=max_page_bytes,
    )


def _read_content(
    path: str,
    *,
    name: str,
    head: bytes,
    rest: Stream,
    total: int | None,
    container: str,
    problem: Callable[[], str | None],
    max_page_bytes: int,
) -> Iterator[Result]:
    """Detect the (decompressed) format from ``head`` and read ``head`` + ``rest``.

    ``total`` is the byte size when known without reading (plain files).
    """
    binary = None if is_warc(head) else binary_reason(head)
    if binary:
        yield InputFailure(source=path, reason=binary if container == "file" else f"{binary} (inside gzip)")
        return
    complete = len(head) < HEAD_BYTES and not problem()
    fmt = detect_format(head, name, complete=complete)
    stream = io.BufferedReader(Prefixed(head, rest))
    if fmt == "warc":
        yield from read_warc(path, stream, max_page_bytes=max_page_bytes, stream_problem=problem)
        return
    if fmt == "jsonl":
        yield from read_jsonl(path, stream, max_page_bytes=max_page_bytes, stream_problem=problem)
        return
    limit = MAX_JSON_FILE_BYTES if fmt == "json" else max_page_bytes
    if total is not None and total > limit:
        yield InputFailure(source=path, reason=_too_big(fmt, total, limit))
        return
    data = read_up_to(stream, limit + 1)
    if len(data) > limit:
        # Gzip (or a file that grew since stat): count on, bounded by the bomb cap, to say how big.
        size = len(data) + count_rest(stream)
        yield InputFailure(source=path, reason=problem() or _too_big(fmt, size, limit))
        return
    damage = problem()
    if damage:
        yield InputFailure(source=path, reason=damage)
        return
    if fmt == "json":
        parsed = _parse_json(path, name, data, max_page_bytes)
        if parsed is not None:
            yield from parsed
            return
        # Not JSON after all (a text dump starting with "{"): read it as a page.
        fmt = "html" if looks_like_html(head_text(head), name) else "text"
        if len(data) > max_page_bytes:
            yield InputFailure(source=path, reason=page_too_big(len(data), max_page_bytes))
            return
    yield _page(path, data, fmt, container)


def _too_big(fmt: Format, size: int, limit: int) -> str:
    if fmt == "json":
        return (
            f"JSON file is {describe_size(size)}, too big to load whole "
            "(convert it to JSON Lines: one article per line)"
        )
    return page_too_big(size, limit)


def _parse_json(path: str, name: str, data: bytes, max_page_bytes: int) -> Iterator[Result] | None:
    """Documents of a .json file; None when it is not JSON and its name does not claim so."""
    decoded = decode_bytes(data)
    if decoded is None:
        return iter([InputFailure(source=path, reason=CANNOT_DECODE)])
    try:
        value = json.loads(decoded.text)
    except json.JSONDecodeError as error:
        if not name.lower().endswith(".json"):
            return None
        reason = f"malformed JSON: {error.msg} at line {error.lineno} column {error.colno}"
        return iter([InputFailure(source=path, reason=reason)])
    return documents_from_json(value, path, max_page_bytes=max_page_bytes)


def _page(path: str, data: bytes, fmt: Format, container: str) -> Result:
    """One whole file (or decompressed gzip) as a single document."""
    decoded = decode_html(data) if fmt == "html" else decode_bytes(data)
    if decoded is None:
        return InputFailure(source=path, reason=CANNOT_DECODE)
    if not decoded.text.strip():
        where = "file" if container == "file" else "decompressed file"
        return InputFailure(source=path, reason=f"{where} holds only whitespace ({len(data):,} bytes)")
    return RawDocument(
        source=path,
        kind="html" if fmt == "html" else "text",
        content=decoded.text,
        container=container,
        encoding=decoded.encoding,
    )
