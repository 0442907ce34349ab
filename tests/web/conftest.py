"""One analysed store (the bundled example plus hostile pages) and a live server on it, per session."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.web.server import make_server

from .hostile import write_hostile

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "kazakhstan-reforms"
ALIASES = ROOT / "examples" / "kazakhstan-reforms.aliases.toml"


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("web")
    db = str(folder / "web.db")
    hostile = write_hostile(folder / "hostile")
    result = CliRunner().invoke(
        cli, ["analyze", str(EXAMPLE), str(hostile), "--db", db, "--aliases", str(ALIASES)]
    )
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="session")
def base_url(web_db: str) -> Iterator[str]:
    server = make_server(web_db, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def report_file(web_db: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "dossier.html"
    result = CliRunner().invoke(cli, ["report", "--db", web_db, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out
