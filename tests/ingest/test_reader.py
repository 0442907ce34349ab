from __future__ import annotations

import gzip
import os
import random
from pathlib import Path

import pytest

from storyline.ingest import MAX_PAGE_BYTES, read_file
from storyline.ingest.limits import MB
from storyline.model import InputFailure, RawDocument

from .builders import ARTICLE_FR, ARTICLE_RU, PNG_HEADER, html_page, warc_bytes, write

TEXT_DUMP = "Home | World | Sport\n\nAstana, June 5 - " + ARTICLE_RU + "\n\nRelated news\n"


def _one(path: str, **kwargs: int) -> RawDocument | InputFailure:
    results = list(read_file(path, **kwargs))
    assert len(results) == 1, results
    return results[0]


def _document(path: str, **kwargs: int) -> RawDocument:
    result = _one(path, **kwargs)
    assert isinstance(result, RawDocument), result
    return result


def _failure(path: str, **kwargs: int) -> InputFailure:
    result = _one(path, **kwargs)
    assert isinstance(result, InputFailure), result
    assert "\n" not in result.reason
    return result


@pytest.mark.parametrize(
    ("name", "data", "kind", "encoding", "expected"),
    [
        ("dump.txt", TEXT_DUMP.encode(), "text", "utf-8", ARTICLE_RU),
        ("dump.txt", TEXT_DUMP.replace("\n", "\r\n").encode("cp1251"), "text", "cp1251", ARTICLE_RU),
        ("page.html", html_page(ARTICLE_FR, charset="utf-8").encode(), "html", "utf-8", ARTICLE_FR),
        ("page.html", html_page(ARTICLE_FR).encode(), "html", "utf-8", ARTICLE_FR),
        (
            "page.htm",
            html_page(ARTICLE_RU, charset="windows-1251").encode("cp1251"),
            "html",
            "cp1251",
            ARTICLE_RU,
        ),
        ("page.htm", html_page(ARTICLE_RU).encode("cp1251"), "html", "cp1251", ARTICLE_RU),
        (
            "page.html",
            html_page(ARTICLE_FR, charset="iso-8859-1").encode("cp1252"),
            "html",
            "cp1252",
            ARTICLE_FR,
        ),
        ("page.html", html_page(ARTICLE_FR).encode("cp1252"), "html", "cp1252", ARTICLE_FR),
        ("saved_page", html_page(ARTICLE_FR).encode(), "html", "utf-8", ARTICLE_FR),  # no extension
        ("page.txt", html_page(ARTICLE_FR).encode(), "html", "utf-8", ARTICLE_FR),  # content beats extension
        ("utf16.txt", b"\xff\xfe" + TEXT_DUMP.encode("utf-16-le"), "text", "utf-16-le", ARTICLE_RU),
    ],
)
def test_single_pages(
    tmp_path: Path, name: str, data: bytes, kind: str, encoding: str, expected: str
) -> None:
    path = write(tmp_path / name, data)
    document = _document(path)
    assert (document.source, document.kind, document.container, document.encoding) == (
        path,
        kind,
        "file",
        encoding,
    )
    assert expected in document.content
    assert "\r" not in document.content


@pytest.mark.parametrize(
    ("name", "inner", "kind"),
    [
        ("page.html.gz", html_page(ARTICLE_RU, charset="windows-1251").encode("cp1251"), "html"),
        ("dump.txt.gz", TEXT_DUMP.encode(), "text"),
        ("noext.gz", html_page(ARTICLE_FR).encode(), "html"),
    ],
)
def test_gzip_pages(tmp_path: Path, name: str, inner: bytes, kind: str) -> None:
    document = _document(write(tmp_path / name, gzip.compress(inner)))
    assert (document.kind, document.container) == (kind, "gzip")
    assert ARTICLE_RU in document.content or ARTICLE_FR in document.content


def test_warc_gz_is_read_through_read_file(tmp_path: Path) -> None:
    results = list(read_file(write(tmp_path / "crawl.warc.gz", warc_bytes(gzip=True))))
    assert len(results) == 4
    assert all(isinstance(r, RawDocument) and r.container == "warc" for r in results)


RANDOM_WITH_NULS = random.Random(7).randbytes(4096) + b"\x00"
_WORDS_RNG = random.Random(3)
RANDOM_WORDS = " ".join(str(_WORDS_RNG.random()) for _ in range(1000))  # incompressible enough to cut


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.html", b"", "empty file (0 bytes)"),
        ("blank.txt", b" \n\t\r\n  \n", "file holds only whitespace (8 bytes)"),
        ("logo.html", PNG_HEADER + b"\x00" * 64, "binary file (PNG image), not a page"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "binary file (JPEG image), not a page"),
        ("doc.pdf", b"%PDF-1.4\n" + b"x" * 64, "binary file (PDF document), not a page"),
        ("noise.bin", RANDOM_WITH_NULS, "binary file (contains NUL bytes), not a page"),
        (
            "high.txt",
            bytes(range(0x80, 0x100)) * 8,
            "cannot decode: not UTF-8 and no charset detected (try converting with iconv)",
        ),
        ("cut.html.gz", gzip.compress(html_page(RANDOM_WORDS).encode())[:2000], "truncated gzip stream"),
        ("fake.gz", b"\x1f\x8b\x08\x00garbage-not-deflate" * 10, "corrupt gzip stream"),
        ("empty.gz", gzip.compress(b""), "gzip file is empty once decompressed"),
        ("blank.txt.gz", gzip.compress(b"\n\n   \n"), "decompressed file holds only whitespace"),
        ("png.gz", gzip.compress(PNG_HEADER), "binary file (PNG image), not a page (inside gzip)"),
    ],
)
def test_bad_inputs_fail_with_one_line(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = write(tmp_path / name, data)
    failure = _failure(path)
    assert failure.source == path
    assert failure.reason.startswith(reason)
    assert str(failure).startswith(f"{path}: ")


@pytest.mark.parametrize("compress", [False, True])
def test_page_over_the_limit(tmp_path: Path, compress: bool) -> None:
    page = html_page("word " * 1000).encode()
    data = gzip.compress(page) if compress else page
    path = write(tmp_path / ("big.html.gz" if compress else "big.html"), data)
    failure = _failure(path, max_page_bytes=2000)
    assert failure.reason == f"page is {len(page):,} bytes, over the 2,000 bytes limit (raise --max-page-mb)"
    assert _document(path, max_page_bytes=len(page)).kind == "html"


def test_page_limit_is_worded_in_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"text " * 20_000)
        handle.truncate(int(52.4 * MB))  # sparse: barely written, and never read whole
    assert _failure(str(path)).reason == "page is 52.4 MB, over the 20 MB limit (raise --max-page-mb)"
    assert MAX_PAGE_BYTES == 20 * MB == 20 * 1024 * 1024  # the CLI default of --max-page-mb


def test_gzip_bomb_is_refused(tmp_path: Path) -> None:
    bomb = gzip.compress(b"<p>" + b" " * 20_000_000, compresslevel=9)  # ~20 KB expanding 1000x
    failure = _failure(write(tmp_path / "bomb.html.gz", bomb), max_page_bytes=1000)
    assert "gzip bomb" in failure.reason


def test_unreadable_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _failure(str(tmp_path)).reason.startswith("is a directory, not a file")
    assert _failure(str(tmp_path / "gone.html")).reason.startswith("no such file")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert _failure(str(fifo)).reason.startswith("not a regular file")

    path = write(tmp_path / "locked.html", b"<html></html>")

    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # Tests may run as root, who can read anything: simulate the denial instead.
    monkeypatch.setattr("storyline.ingest.reader.open", deny, raising=False)
    assert _failure(path).reason == "cannot read file: permission denied"


def test_truncated_html_is_not_a_failure(tmp_path: Path) -> None:
    page = html_page(ARTICLE_FR).encode()
    document = _document(write(tmp_path / "cut.html", page[: len(page) // 2]))
    assert document.kind == "html"


@pytest.mark.parametrize("seed", range(20))
def test_never_raises_on_junk(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    prefixes = [b"", b"WARC/1.0\r\n", b"\x1f\x8b", b"{", b"<html>", b"\xef\xbb\xbf", b"[", b"\xff\xfe"]
    data = rng.choice(prefixes) + rng.randbytes(rng.randint(1, 3000))
    for result in read_file(write(tmp_path / f"junk{seed}", data)):
        assert isinstance(result, RawDocument | InputFailure)


def test_a_lone_surrogate_in_a_json_line_becomes_a_replacement_character(tmp_path: Path) -> None:
    # Valid JSON, but no UTF-8 can hold it: stored as U+FFFD, one character for one.
    line = '{"title": "Port deal \\udc00", "text": "Dockers in Gdansk \\ud800returned to work on Friday."}\n'
    path = tmp_path / "odd.jsonl"
    path.write_text(line, encoding="utf-8")
    [doc] = list(read_file(str(path)))
    assert isinstance(doc, RawDocument)
    assert doc.content == "Dockers in Gdansk \ufffdreturned to work on Friday."
    assert doc.hints["title"] == "Port deal \ufffd"
    doc.content.encode("utf-8")


def test_a_file_name_with_bytes_that_are_not_utf8_is_shown_escaped(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9-report.txt")  # Latin-1 bytes: not UTF-8
    path = os.path.join(str(tmp_path), name)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("The ferry to Hel resumed its summer timetable on Monday, the operator said.\n")
    [doc] = list(read_file(path))
    assert isinstance(doc, RawDocument)
    assert doc.source.endswith("caf\\xe9-report.txt")
    doc.source.encode("utf-8")
