from __future__ import annotations

import pytest

from storyline.ingest.detect import binary_reason, detect_format, sniff_html

from .builders import PNG_HEADER


@pytest.mark.parametrize(
    ("head", "reason"),
    [
        (PNG_HEADER, "binary file (PNG image), not a page"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary file (JPEG image), not a page"),
        (b"%PDF-1.7\n%\xe2\xe3", "binary file (PDF document), not a page"),
        (b"PK\x03\x04\x14\x00", "binary file (ZIP archive), not a page"),
        (b"BZh91AY&SY", "binary file (bzip2 data; decompress it first), not a page"),
        (b"some text\x00\x01\x02 more", "binary file (contains NUL bytes), not a page"),
        (b"\x01\x02\x03\x04\x05\x06 text \x07\x08", "binary file (57% control characters), not a page"),
        (b"An ordinary line.\n\tIndented.\r\n", None),
        (b"\xff\xfeH\x00i\x00", None),  # UTF-16 with BOM holds NULs but is text
        ("Hi there, a text".encode("utf-16-le"), None),
        ("Привет".encode("cp1251"), None),
    ],
)
def test_binary_reason(head: bytes, reason: str | None) -> None:
    assert binary_reason(head) == reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><body>x</body></html>", True),
        ("\n\n<!-- saved from url -->\n<html lang='en'>", True),
        ("<head><title>x</title></head>", True),
        ("<div><p>a</p><p>b</p><span>c</span></div>", True),
        ("A plain news story. No markup at all.", False),
        ("Prices rose 5% <b>today</b> in a long plain text line " + "word " * 50, None),
    ],
)
def test_sniff_html(text: str, expected: bool | None) -> None:
    assert sniff_html(text) is expected


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", "x.bin", "warc"),
        (b'{"text": "a"}\n{"text": "b"}\n', "x.txt", "jsonl"),
        (b'{"text": "a"}\n', "x.json", "jsonl"),  # one object on one line: same thing
        (b'{\n  "text": "pretty printed"\n}\n', "x.json", "json"),
        (b'[{"text": "a"}]', "x", "json"),
        (b"{broken", "x.jsonl", "jsonl"),
        (b"<!doctype html><p>x", "page.txt", "html"),  # content beats the extension
        (b"Plain text <b>bold</b> line.", "page.html", "html"),  # ambiguous: extension decides
        (b"Plain text <b>bold</b> line.", "page.txt", "text"),
        (b"Just words.", "page.html", "text"),
        (b"[1] Footnote-style text dump", "notes.txt", "text"),
    ],
)
def test_detect_format(head: bytes, name: str, expected: str) -> None:
    assert detect_format(head, name, complete=True) == expected
