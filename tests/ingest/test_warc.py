from __future__ import annotations

from pathlib import Path

import pytest

from storyline.ingest import read_file
from storyline.model import InputFailure, RawDocument

from .builders import ARTICLE_FR, ARTICLE_RU, html_page, warc_bytes, write


def _split(results: list[RawDocument | InputFailure]) -> tuple[list[RawDocument], list[InputFailure]]:
    docs = [r for r in results if isinstance(r, RawDocument)]
    failures = [r for r in results if isinstance(r, InputFailure)]
    return docs, failures


@pytest.mark.parametrize(
    ("name", "gzip"), [("crawl.warc", False), ("crawl.warc.gz", True), ("crawl.dat", True)]
)
def test_html_responses_become_documents(tmp_path: Path, name: str, gzip: bool) -> None:
    path = write(tmp_path / name, warc_bytes(gzip=gzip))
    docs, failures = _split(list(read_file(path)))
    assert failures == []
    assert [d.source for d in docs] == [
        f"{path}#record-3",
        f"{path}#record-5",
        f"{path}#record-8",
        f"{path}#record-9",
    ]
    assert [d.url for d in docs] == [
        "https://news.example/a",
        "https://news.example/ru",
        "https://news.example/b",
        "https://news.example/last",
    ]
    first, russian = docs[0], docs[1]
    assert ARTICLE_FR in first.content
    assert first.encoding == "utf-8"
    assert first.kind == "html"
    assert first.container == "warc"
    assert first.hints == {"crawled": "2022-06-05"}
    assert ARTICLE_RU in russian.content
    assert russian.encoding == "cp1251"


@pytest.mark.parametrize("gzip", [False, True])
def test_truncated_last_record_is_one_failure(tmp_path: Path, gzip: bool) -> None:
    path = write(
        tmp_path / ("cut.warc.gz" if gzip else "cut.warc"), warc_bytes(gzip=gzip, truncate_last=True)
    )
    docs, failures = _split(list(read_file(path)))
    assert len(docs) == 3
    assert len(failures) == 1
    message = str(failures[0])
    assert message.startswith(f"{path}#record-9: ")
    assert ("truncated gzip stream" if gzip else "record is truncated") in message


def test_record_header_cut_off_names_the_record(tmp_path: Path) -> None:
    full = warc_bytes(gzip=False)
    start = full.rindex(b"WARC/1.")
    path = write(tmp_path / "header.warc", full[: start + 40])
    docs, failures = _split(list(read_file(path)))
    assert len(docs) == 3
    assert len(failures) == 1
    assert str(failures[0]).startswith(f"{path}#record-9: ")
    assert "truncated" in failures[0].reason


def test_garbage_between_records_stops_with_one_failure(tmp_path: Path) -> None:
    data = warc_bytes(gzip=False)
    path = write(tmp_path / "junk.warc", data + b"this is not a WARC header\r\n\r\n" + data)
    docs, failures = _split(list(read_file(path)))
    assert len(docs) == 4
    assert len(failures) == 1
    assert str(failures[0]).startswith(f"{path}#record-10: ")
    assert "unreadable WARC data" in failures[0].reason
    assert "stopped reading" in failures[0].reason


def test_page_over_limit_is_a_failure_and_reading_goes_on(tmp_path: Path) -> None:
    path = write(tmp_path / "big.warc", warc_bytes(gzip=False))
    limit = len(html_page(ARTICLE_FR).encode()) + 10
    docs, failures = _split(list(read_file(path, max_page_bytes=limit)))
    # Record 9 repeats its text 40 times: over the limit; the short pages pass.
    assert [d.source.rsplit("#", 1)[1] for d in docs] == ["record-3", "record-5", "record-8"]
    assert len(failures) == 1
    assert str(failures[0]).startswith(f"{path}#record-9: page is ")
    assert "limit (raise --max-page-mb)" in failures[0].reason


def test_warc_gz_bomb_protection_does_not_trip_on_real_archives(tmp_path: Path) -> None:
    path = write(tmp_path / "ok.warc.gz", warc_bytes(gzip=True) * 3)
    docs, failures = _split(list(read_file(path)))
    assert (len(docs), failures) == (12, [])
    assert docs[-1].source == f"{path}#record-27"


def test_a_record_with_a_wrong_content_length_is_reported_and_not_stored(tmp_path: Path) -> None:
    data = warc_bytes(gzip=False)
    # Shorten the declared length of record 3 (the first HTML response) by five bytes.
    start = data.index(b"WARC-Type: response")
    at = data.index(b"Content-Length: ", start) + len(b"Content-Length: ")
    end = data.index(b"\r\n", at)
    data = data[:at] + str(int(data[at:end]) - 5).encode() + data[end:]
    docs, failures = _split(list(read_file(write(tmp_path / "len.warc", data))))
    # Stored whole or not at all: the cut page is a failure only, the others are documents.
    assert len(docs) == 3 and all(not d.source.endswith("#record-3") for d in docs)
    assert [f.source.rsplit("#", 1)[1] for f in failures] == ["record-3"]
    assert "Content-Length is wrong" in failures[0].reason and "not stored" in failures[0].reason
