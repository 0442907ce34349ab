from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from storyline.ingest import read_file
from storyline.ingest.jsonl import document_from_value
from storyline.model import InputFailure, RawDocument

from .builders import write

GOOD = {
    "text": "Line one.\r\nLine two.",
    "url": "https://news.example/1",
    "title": "Summit ends",
    "published": "2022-06-05",
    "source": {"id": "x", "name": "Example News"},
    "authors": ["Ann Lee", "Bo Chen", 7],
    "lang": "en",
    "extra": 3,
}


def _lines(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_mixed_file_yields_documents_and_one_failure_per_bad_line(tmp_path: Path) -> None:
    path = write(
        tmp_path / "articles.jsonl",
        _lines(
            json.dumps(GOOD),
            '{"html": "<p>Hello</p>", "url": "https://news.example/2"}',
            "",
            '{"text": "broken", ',
            '{"title": "no body", "url": "https://news.example/3"}',
            '["not", "an", "object"]',
            json.dumps({"content": "Plain text held in content.", "date": 20220605}),
            json.dumps({"content": "<div><p>a</p><p>b</p><p>c</p><p>d</p><br></div>"}),
        ),
    )
    results = list(read_file(path))
    by_line = {r.source.rsplit("#", 1)[1]: r for r in results}
    assert list(by_line) == ["L1", "L2", "L4", "L5", "L6", "L7", "L8"]

    first = by_line["L1"]
    assert isinstance(first, RawDocument)
    assert first.kind == "text"
    assert first.container == "jsonl"
    assert first.content == "Line one.\nLine two."
    assert first.url == "https://news.example/1"
    assert first.hints == {
        "title": "Summit ends",
        "date": "2022-06-05",
        "outlet": "Example News",
        "author": "Ann Lee, Bo Chen",
        "language": "en",
    }
    assert isinstance(by_line["L2"], RawDocument)
    assert by_line["L2"].kind == "html"

    malformed, no_body, not_object = by_line["L4"], by_line["L5"], by_line["L6"]
    assert isinstance(malformed, InputFailure)
    assert str(malformed).startswith(f"{path}#L4: malformed JSON")
    assert isinstance(no_body, InputFailure)
    assert str(no_body).startswith(f"{path}#L5: no article body")
    assert isinstance(not_object, InputFailure)
    assert str(not_object) == f"{path}#L6: JSON array, not an article object"

    # "content" is sniffed: plain text stays text, markup becomes HTML; numeric dates are not hints.
    plain, markup = by_line["L7"], by_line["L8"]
    assert isinstance(plain, RawDocument)
    assert (plain.kind, plain.hints) == ("text", {})
    assert isinstance(markup, RawDocument)
    assert markup.kind == "html"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"text": "Body"}, ("text", "Body")),
        ({"articleBody": "Body"}, ("text", "Body")),
        ({"raw_html": "<p>x</p>"}, ("html", "<p>x</p>")),
        ({"text": "   ", "html": "<p>y</p>"}, ("html", "<p>y</p>")),
        ({"text": "T", "html": "<p>H</p>"}, ("text", "T")),
    ],
)
def test_body_field_choice(value: dict[str, str], expected: tuple[str, str]) -> None:
    document = document_from_value(value, "f.jsonl#L1", max_page_bytes=1000)
    assert isinstance(document, RawDocument)
    assert (document.kind, document.content) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("just a string", "JSON string, not an article object"),
        (42, "JSON number, not an article object"),
        (None, "JSON null, not an article object"),
        ({"text": 5}, "no article body"),
        ({"text": "x" * 2000}, "page is 2,000 bytes, over the 1,000 bytes limit (raise --max-page-mb)"),
    ],
)
def test_bad_values(value: object, reason: str) -> None:
    failure = document_from_value(value, "f.jsonl#L3", max_page_bytes=1000)
    assert isinstance(failure, InputFailure)
    assert failure.source == "f.jsonl#L3"
    assert failure.reason.startswith(reason)


def test_line_over_limit_is_skipped_without_losing_the_next(tmp_path: Path) -> None:
    path = write(tmp_path / "big.jsonl", _lines(json.dumps({"text": "y" * 5000}), '{"text": "small"}'))
    results = list(read_file(path, max_page_bytes=1000))
    assert isinstance(results[0], InputFailure)
    assert (
        str(results[0]) == f"{path}#L1: page is 5,013 bytes, over the 1,000 bytes limit (raise --max-page-mb)"
    )
    assert isinstance(results[1], RawDocument)
    assert results[1].source == f"{path}#L2"


def test_non_utf8_line(tmp_path: Path) -> None:
    path = write(tmp_path / "latin.jsonl", b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    results = list(read_file(path))
    assert isinstance(results[0], RawDocument)
    assert isinstance(results[1], InputFailure)
    assert str(results[1]).startswith(f"{path}#L2: line is not UTF-8")
    assert "iconv" in results[1].reason


def test_bom_and_crlf_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.jsonl", b'\xef\xbb\xbf{"text": "one"}\r\n{"text": "two"}\r\n')
    assert [getattr(r, "content", None) for r in read_file(path)] == ["one", "two"]


def test_jsonl_gz_and_truncation(tmp_path: Path) -> None:
    data = gzip.compress(_lines(*[json.dumps({"text": f"Article {i} " * 30}) for i in range(50)]))
    good = write(tmp_path / "a.jsonl.gz", data)
    results = list(read_file(good))
    assert len(results) == 50
    assert all(isinstance(r, RawDocument) and r.container == "jsonl" for r in results)

    cut = write(tmp_path / "cut.jsonl.gz", data[: len(data) // 2])
    results = list(read_file(cut))
    failures = [r for r in results if isinstance(r, InputFailure)]
    assert len(failures) == 1
    assert "truncated gzip stream" in failures[0].reason
    assert failures[0].source.startswith(f"{cut}#L")
    assert len(results) > 1


@pytest.mark.parametrize(
    ("content", "sources"),
    [
        ({"text": "Single article"}, [""]),
        ([{"text": "First"}, {"html": "<p>Second</p>"}], ["#item-1", "#item-2"]),
        ({"articles": [{"text": "Wrapped"}]}, ["#item-1"]),
    ],
)
def test_json_file(tmp_path: Path, content: object, sources: list[str]) -> None:
    path = write(tmp_path / "export.json", json.dumps(content, indent=2).encode())
    results = list(read_file(path))
    assert all(isinstance(r, RawDocument) for r in results)
    assert [r.source for r in results] == [path + suffix for suffix in sources]


def test_malformed_json_file(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.json", b'{\n  "text": "unterminated\n}\n')
    (failure,) = read_file(path)
    assert isinstance(failure, InputFailure)
    assert str(failure).startswith(f"{path}: malformed JSON")
    assert "line 2" in failure.reason


def test_text_dump_starting_with_brace_is_not_json(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.txt", b"{Editor's note} This story was updated.\nMore text here.\n")
    (document,) = read_file(path)
    assert isinstance(document, RawDocument)
    assert document.kind == "text"
