"""JSON Lines (one article object per line) and .json files (one article or a list)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from storyline.ingest.decode import normalise_newlines
from storyline.ingest.detect import looks_like_html
from storyline.ingest.limits import page_too_big
from storyline.model import DocKind, InputFailure, RawDocument

# Body fields in order of preference; "content" is HTML in some scrapers and plain text in others.
_BODY_FIELDS: tuple[tuple[str, DocKind | None], ...] = (
    ("text", "text"),
    ("articleBody", "text"),  # schema.org NewsArticle
    ("maintext", "text"),  # news-please
    ("html", "html"),
    ("raw_html", "html"),
    ("content", None),
)
_HINT_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "date": ("date", "published", "date_published", "date_publish", "publish_date", "published_at"),
    "outlet": ("outlet", "source", "site", "sitename", "site_name"),
    "author": ("author", "authors", "byline"),
    "language": ("language", "lang"),
}
# Containers that some exports wrap a list of articles in.
_LIST_FIELDS = ("articles", "items", "data", "results", "documents")
_NO_BODY = "no article body: none of the fields " + ", ".join(key for key, _ in _BODY_FIELDS) + " holds text"


def _type_name(value: object) -> str:
    return {list: "array", str: "string", bool: "boolean", type(None): "null"}.get(type(value), "number")


def _hint(value: object) -> str | None:
    """String hints only; author lists are joined, NewsAPI-style {"name": ...} objects unwrapped."""
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list):
        names = [item.strip() for item in value if isinstance(item, str) and item.strip()]
        return ", ".join(names) or None
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def document_from_value(value: object, source: str, *, max_page_bytes: int) -> RawDocument | InputFailure:
    """One article object -> RawDocument; anything else -> InputFailure with the reason."""
    if not isinstance(value, dict):
        return InputFailure(source=source, reason=f"JSON {_type_name(value)}, not an article object")
    body: str | None = None
    kind: DocKind = "text"
    for key, field_kind in _BODY_FIELDS:
        candidate = value.get(key)
        if isinstance(candidate, str) and candidate.strip():
            body = candidate
            kind = field_kind or ("html" if looks_like_html(candidate[:65536]) else "text")
            break
    if body is None:
        return InputFailure(source=source, reason=_NO_BODY)
    size = len(body.encode("utf-8", errors="replace"))
    if size > max_page_bytes:
        return InputFailure(source=source, reason=page_too_big(size, max_page_bytes))
    hints: dict[str, str] = {}
    for hint, keys in _HINT_FIELDS.items():
        for key in keys:
            text = _hint(value.get(key))
            if text:
                hints[hint] = text
                break
    url = value.get("url")
    return RawDocument(
        source=source,
        kind=kind,
        content=normalise_newlines(body),
        url=url.strip() if isinstance(url, str) and url.strip() else None,
        container="jsonl",
        encoding="utf-8",
        hints=hints,
    )


def documents_from_json(
    value: Any, path: str, *, max_page_bytes: int
) -> Iterator[RawDocument | InputFailure]:
    """A parsed .json file: one article object, a list of them, or {"articles": [...]}."""
    if isinstance(value, dict) and not any(key in value for key, _ in _BODY_FIELDS):
        lists = [value[key] for key in _LIST_FIELDS if isinstance(value.get(key), list)]
        if lists:
            value = lists[0]
    if isinstance(value, list):
        if not value:
            yield InputFailure(source=path, reason="JSON file holds an empty list")
        for number, item in enumerate(value, 1):
            yield document_from_value(item, f"{path}#item-{number}", max_page_bytes=max_page_bytes)
        return
    yield document_from_value(value, path, max_page_bytes=max_page_bytes)


def _skip_line(stream: io.BufferedReader) -> int:
    """Consume the rest of an over-long line; return its length."""
    skipped = 0
    while chunk := stream.readline(1 << 20):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def read_jsonl(
    path: str,
    stream: BinaryIO | io.RawIOBase,
    *,
    max_page_bytes: int,
    stream_problem: Callable[[], str | None] = lambda: None,
    first_line: int = 0,
) -> Iterator[RawDocument | InputFailure]:
    """One document per non-blank line; a bad line yields a failure and the file goes on.
    ``first_line``: how many lines of the file come before ``stream`` (a shard of it)."""
    lines = io.BufferedReader(stream) if isinstance(stream, io.RawIOBase) else stream
    lineno = first_line
    # +2: room for the line's own "\r\n" so a page of exactly the limit still fits.
    while line := lines.readline(max_page_bytes + 2):
        lineno += 1
        source = f"{path}#L{lineno}"
        if not line.endswith(b"\n"):
            if len(line) > max_page_bytes:
                size = len(line) + _skip_line(lines)  # type: ignore[arg-type]
                yield InputFailure(source=source, reason=page_too_big(size, max_page_bytes))
                continue
            problem = stream_problem()
            if problem:
                yield InputFailure(source=source, reason=f"{problem} (line cut off)")
                return
        if lineno == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if not line.strip():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as error:
            yield InputFailure(
                source=source,
                reason=f"line is not UTF-8 (byte {error.start + 1}); JSON Lines must be UTF-8 "
                "(try converting with iconv)",
            )
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            yield InputFailure(source=source, reason=f"malformed JSON: {error.msg} at column {error.colno}")
            continue
        yield document_from_value(value, source, max_page_bytes=max_page_bytes)
    problem = stream_problem()
    if problem:
        yield InputFailure(source=f"{path}#L{lineno + 1}", reason=problem)
