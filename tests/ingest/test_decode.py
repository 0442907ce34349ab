from __future__ import annotations

import pytest

from storyline.ingest.decode import decode_bytes, decode_html, http_charset, meta_charset

from .builders import ARTICLE_FR, ARTICLE_RU, html_page


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (b"plain ascii", "plain ascii", "utf-8"),
        (ARTICLE_RU.encode("utf-8"), ARTICLE_RU, "utf-8"),
        ("\ufeff" + ARTICLE_FR, ARTICLE_FR, "utf-8-sig"),
        (b"\xef\xbb\xbf" + ARTICLE_RU.encode(), ARTICLE_RU, "utf-8-sig"),
        (b"\xff\xfe" + ARTICLE_RU.encode("utf-16-le"), ARTICLE_RU, "utf-16-le"),
        (b"\xfe\xff" + ARTICLE_FR.encode("utf-16-be"), ARTICLE_FR, "utf-16-be"),
        (ARTICLE_FR.encode("utf-16-le"), ARTICLE_FR, "utf-16-le"),  # no BOM: NUL pattern
        (("Статья. " + ARTICLE_RU).encode("cp1251"), "Статья. " + ARTICLE_RU, "cp1251"),
        (ARTICLE_FR.encode("cp1252"), ARTICLE_FR, "cp1252"),
    ],
)
def test_decode_bytes(data: bytes | str, text: str, encoding: str) -> None:
    raw = data.encode("utf-8-sig") if isinstance(data, str) else data
    decoded = decode_bytes(raw)
    assert decoded is not None
    assert (decoded.text, decoded.encoding) == (text, encoding)


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_newlines_are_normalised(newline: bytes) -> None:
    decoded = decode_bytes(newline.join([b"one", b"two", b""]))
    assert decoded is not None
    assert decoded.text == "one\ntwo\n"


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(0x80, 0x100)) * 4,  # every high byte, no language in any code page
        ARTICLE_RU.encode("koi8-r"),  # too short to tell from mojibake: refuse to guess
    ],
)
def test_undecodable_bytes_give_none(data: bytes) -> None:
    assert decode_bytes(data) is None


@pytest.mark.parametrize(
    ("page", "http", "body", "encoding"),
    [
        (html_page(ARTICLE_RU, charset="windows-1251").encode("cp1251"), None, ARTICLE_RU, "cp1251"),
        (
            html_page(ARTICLE_RU, charset="cp1251", http_equiv=True).encode("cp1251"),
            None,
            ARTICLE_RU,
            "cp1251",
        ),
        (html_page(ARTICLE_RU).encode("cp1251"), "text/html; charset=windows-1251", ARTICLE_RU, "cp1251"),
        # Latin-1 labels decode as windows-1252, so the dash and apostrophe survive.
        (html_page(ARTICLE_FR, charset="ISO-8859-1").encode("cp1252"), None, ARTICLE_FR, "cp1252"),
        (html_page("caf\xe9", charset="latin1").encode("latin-1"), None, "caf\xe9", "cp1252"),
        # A scraper re-encoded the page to UTF-8 but left the old <meta>: UTF-8 wins.
        (html_page(ARTICLE_FR, charset="iso-8859-1").encode("utf-8"), None, ARTICLE_FR, "utf-8"),
        # The HTTP header outranks <meta>.
        (
            html_page(ARTICLE_RU, charset="koi8-r").encode("cp1251"),
            "text/html; charset=cp1251",
            ARTICLE_RU,
            "cp1251",
        ),
        # An unknown label is ignored.
        (html_page(ARTICLE_FR, charset="x-no-such").encode("utf-8"), None, ARTICLE_FR, "utf-8"),
    ],
)
def test_decode_html_charsets(page: bytes, http: str | None, body: str, encoding: str) -> None:
    decoded = decode_html(page, http_content_type=http)
    assert decoded is not None
    assert body in decoded.text
    assert decoded.encoding == encoding


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (b'<meta charset="utf-8">', "utf-8"),
        (b"<META CHARSET=windows-1251>", "windows-1251"),
        (b'<meta http-equiv="content-type" content="text/html; charset=ISO-8859-1" />', "ISO-8859-1"),
        (b'<?xml version="1.0" encoding="koi8-r"?><html>', "koi8-r"),
        (b"<p>charset=utf-8 is not a meta tag</p>", None),
    ],
)
def test_meta_charset(data: bytes, label: str | None) -> None:
    assert meta_charset(data) == label


@pytest.mark.parametrize(
    ("header", "label"),
    [
        ("text/html; charset=UTF-8", "UTF-8"),
        ('text/html; charset="cp1251"', "cp1251"),
        ("text/html", None),
        (None, None),
    ],
)
def test_http_charset(header: str | None, label: str | None) -> None:
    assert http_charset(header) == label


_UTF8_RU = "Президент Токаев заявил в понедельник, что реформы продолжатся. ".encode()
_CP1251_RU = "Министр иностранных дел встретился с послом США в Астане. ".encode("cp1251")


@pytest.mark.parametrize(
    ("data", "expected_text", "expected_encoding"),
    [
        # A few bad bytes in UTF-8: the UTF-8 stays, each bad byte is U+FFFD, and counted.
        (
            "Curly “quotes” and a café, ".encode() + b"then \x93two\x94 slips.",
            "Curly “quotes” and a café, then \ufffdtwo\ufffd slips.",
            "utf-8 (2 bytes replaced)",
        ),
        # UTF-8 with a paragraph pasted from a cp1251 page: each part in its own charset.
        (
            _UTF8_RU * 3 + _CP1251_RU * 2 + _UTF8_RU,
            "Президент Токаев заявил в понедельник, что реформы продолжатся. " * 3
            + "Министр иностранных дел встретился с послом США в Астане. " * 2
            + "Президент Токаев заявил в понедельник, что реформы продолжатся. ",
            "utf-8 (96 bytes cp1251)",
        ),
        # UTF-16 without a BOM: ASCII letters with NULs between them are valid UTF-8 too.
        ("The ferry left Hel at noon.".encode("utf-16-le"), "The ferry left Hel at noon.", "utf-16-le"),
        ("The ferry left Hel at noon.".encode("utf-16-be"), "The ferry left Hel at noon.", "utf-16-be"),
        # A whole legacy file is still read as one.
        (_CP1251_RU * 4, "Министр иностранных дел встретился с послом США в Астане. " * 4, "cp1251"),
    ],
)
def test_bytes_are_decoded_by_what_they_are(data: bytes, expected_text: str, expected_encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded is not None
    assert decoded.text == expected_text
    assert decoded.encoding == expected_encoding
    assert "\x00" not in decoded.text
