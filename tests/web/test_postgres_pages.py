"""`serve` and `report` reading a PostgreSQL store: the same pages as from SQLite."""

from __future__ import annotations

import re
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.web.server import make_server

from .conftest import ALIASES, EXAMPLE


def _serve(location: str) -> Iterator[str]:
    server = make_server(location, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()


def _get(url: str, store: str = "") -> str:
    """The page, with the store's location (in the footer) written as STORE."""
    with urllib.request.urlopen(url) as resp:
        return str(resp.read().decode()).replace(store, "STORE") if store else str(resp.read().decode())


@pytest.fixture(scope="module")
def pg_web(pg_cluster: object, web_db: str) -> str:
    url = pg_cluster.new_database("web")  # type: ignore[attr-defined]
    hostile = Path(web_db).parent / "hostile"  # the very files the SQLite store was made of
    result = CliRunner().invoke(
        cli, ["analyze", str(EXAMPLE), str(hostile), "--db", url, "--aliases", str(ALIASES)]
    )
    assert result.exit_code == 0, result.output
    return url


def test_every_page_is_the_same_from_postgres_as_from_sqlite(web_db: str, pg_web: str) -> None:
    sqlite_server, pg_server = _serve(web_db), _serve(pg_web)
    lite, pg = next(sqlite_server), next(pg_server)
    try:
        overview = _get(lite + "/", web_db)
        assert _get(pg + "/", pg_web) == overview
        paths = sorted(set(re.findall(r'href="(/(?:story|entity|article|quote|outlet)/[^"#?]+)', overview)))
        assert len(paths) > 10
        for path in [*paths, "/timeline", "/timeline?from=2022-06-01&to=2022-06-30"]:
            assert _get(pg + path, pg_web) == _get(lite + path, web_db), path
        # Search: the same pages found (snippets are each engine's own).
        for q in ("referendum", '"political reforms"', "Tokayev Zeya"):
            query = urllib.parse.urlencode({"q": q})
            found_lite = re.findall(r'href="(/article/[^"#?]+)', _get(f"{lite}/search?{query}"))
            found_pg = re.findall(r'href="(/article/[^"#?]+)', _get(f"{pg}/search?{query}"))
            assert sorted(set(found_pg)) == sorted(set(found_lite)) and found_lite, q
    finally:
        for gen in (sqlite_server, pg_server):
            gen.close()


def test_the_report_is_the_same_from_postgres(web_db: str, pg_web: str, tmp_path: Path) -> None:
    outs = []
    for db, name in ((web_db, "lite.html"), (pg_web, "pg.html")):
        out = tmp_path / name
        result = CliRunner().invoke(cli, ["report", "--db", db, "-o", str(out)])
        assert result.exit_code == 0, result.output
        # Each report has its own script nonce, and says when and from which store.
        html = re.sub(r"nonce(-|=\")[\w-]+", r"nonce\1N", out.read_text(encoding="utf-8"))
        html = re.sub(r"report written [^<]*? from [^:<]+:", "report written:", html)
        outs.append(html.replace(db, "STORE"))
    if outs[0] != outs[1]:
        import difflib

        diff = difflib.unified_diff(outs[0].split("\n"), outs[1].split("\n"), lineterm="", n=0)
        pytest.fail("\n".join(list(diff)[:20]))
