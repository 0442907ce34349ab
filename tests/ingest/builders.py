"""Small input builders shared by the ingest tests (every input is made in tmp_path)."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"

ARTICLE_RU = "Президент Казахстана Касым-Жомарт Токаев выступил с обращением к народу."
ARTICLE_FR = "Le président a déclaré « nous y arriverons » – à la télévision, l’été dernier."


def html_page(body: str, *, charset: str | None = None, http_equiv: bool = False) -> str:
    meta = ""
    if charset and http_equiv:
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    elif charset:
        meta = f'<meta charset="{charset}">'
    return (
        f"<!DOCTYPE html>\n<html><head>{meta}<title>News</title></head>\n"
        f"<body><article><p>{body}</p></article></body></html>\n"
    )


def write(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(path)


def _http(status: str, content_type: str | None) -> StatusAndHeaders:
    headers = [("Content-Type", content_type)] if content_type else []
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def warc_bytes(*, gzip: bool, truncate_last: bool = False) -> bytes:
    """A WARC with, in order:

    1 warcinfo, 2 request, 3 HTML response (UTF-8 in the header), 4 PNG response,
    5 HTML response in cp1251 declared only by <meta>, 6 metadata, 7 a 404 HTML page,
    8 HTML served as application/octet-stream (sniffed), 9 a last HTML response
    (cut in half when ``truncate_last``).
    """
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)

    def response(url: str, payload: bytes, content_type: str | None, status: str = "200 OK") -> None:
        writer.write_record(
            writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(payload),
                http_headers=_http(status, content_type),
                warc_headers_dict={"WARC-Date": "2022-06-05T10:11:12Z"},
            )
        )

    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
    request = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example")], is_http_request=True)
    writer.write_record(
        writer.create_warc_record(
            "https://news.example/a", "request", payload=io.BytesIO(b""), http_headers=request
        )
    )
    response("https://news.example/a", html_page(ARTICLE_FR).encode("utf-8"), "text/html; charset=UTF-8")
    response("https://news.example/logo.png", PNG_HEADER, "image/png")
    response(
        "https://news.example/ru", html_page(ARTICLE_RU, charset="windows-1251").encode("cp1251"), "text/html"
    )
    writer.write_record(
        writer.create_warc_record(
            "https://news.example/a",
            "metadata",
            payload=io.BytesIO(b"outlinks: 3"),
            warc_content_type="text/plain",
        )
    )
    response(
        "https://news.example/gone", html_page("Not found").encode(), "text/html", status="404 Not Found"
    )
    response("https://news.example/b", html_page("Sniffed page body").encode(), "application/octet-stream")
    last = io.BytesIO()
    last_writer = WARCWriter(last, gzip=gzip)
    last_writer.write_record(
        last_writer.create_warc_record(
            "https://news.example/last",
            "response",
            payload=io.BytesIO(html_page("The last page " * 40).encode()),
            http_headers=_http("200 OK", "text/html"),
        )
    )
    tail = last.getvalue()
    return buffer.getvalue() + (tail[: len(tail) // 2] if truncate_last else tail)
