"""`analyze --engine ray --db postgresql://...`: the same dossier as one process on SQLite.

A real Ray cluster (two nodes of one CPU, actors at half a CPU) and a real PostgreSQL
server (tests/conftest.py); the corpus is the bundled example plus 200 ECB+ articles.
"""

from __future__ import annotations

import io
import json
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from storyline.export import export
from storyline.ingest import read_file
from storyline.model import InputFailure
from storyline.pipeline import analyze
from storyline.scale.engine import RayEngine, _shard_items, shards
from storyline.store import Store, open_store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "kazakhstan-reforms"
ARTICLES = 200 + len(list(EXAMPLE.glob("*.txt")))  # 200 ECB+ articles and the example's pages
ECB = ROOT.parent / "shared" / "bench-data" / "stories-ecbplus" / "ecbplus-odd-topics.jsonl"


def _dump(store: Store) -> dict[str, object]:
    out = io.StringIO()
    export(store, "json", out)
    return dict(json.loads(out.getvalue()))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not ECB.exists():
        pytest.fail(f"{ECB} is missing: the distributed test reads 200 ECB+ articles from ../shared")
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(EXAMPLE, folder / "example")
    with ECB.open(encoding="utf-8") as src:
        lines = [next(src) for _ in range(200)]
    (folder / "ecb.jsonl").write_text("".join(lines), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    from ray.cluster_utils import Cluster

    c = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    c.add_node(num_cpus=1)
    c.wait_for_nodes()
    yield c.address
    import ray

    ray.shutdown()
    c.shutdown()


def _stored(url: str, table: str) -> int:
    try:
        with psycopg.connect(url) as conn:
            row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
            return int(row[0]) if row else 0
    except psycopg.Error:
        return 0


@pytest.fixture(scope="module")
def expected(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The one-process SQLite run's export."""
    with open_store(str(tmp_path_factory.mktemp("one") / "one.db")) as one:
        analyze([str(corpus)], one)
        dump = _dump(one)
    assert len(dump["articles"]) == ARTICLES  # type: ignore[arg-type]
    return dump


def test_a_killed_ray_run_on_postgres_resumes_to_the_one_process_sqlite_dossier(
    corpus: Path, cluster: str, pg_url: str, expected: dict[str, object]
) -> None:
    # A run on the cluster, killed (the driver, SIGKILL) once workers have stored some batches.
    cmd = [
        sys.executable,
        "-m",
        "storyline.cli",
        "analyze",
        str(corpus),
        "--db",
        pg_url,
        "--engine",
        "ray",
        "--address",
        cluster,
        "--workers",
        "2",
        "--no-progress",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while _stored(pg_url, "article_stages") < 32 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert proc.poll() is None, "the run finished (or failed) before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert 0 < _stored(pg_url, "article_stages") < ARTICLES

    # Started again (shards of 50 lines this time): it finishes, nothing twice.
    with (
        open_store(pg_url) as store,
        RayEngine(location=pg_url, address=cluster, workers=2, shard_docs=50) as engine,
    ):
        summary = analyze([str(corpus)], store, engine=engine)
        assert not summary.failures
        assert summary.articles == ARTICLES
        got = _dump(store)
    assert _stored(pg_url, "articles") == ARTICLES
    assert got == expected


def _actor_pids(name: str) -> list[int]:
    """The processes whose title names this Ray actor class."""
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if name in (proc / "cmdline").read_bytes().decode(errors="replace"):
                    pids.append(int(proc.name))
            except OSError:
                continue
    return sorted(pids)


def test_a_worker_that_dies_loses_only_its_batch(
    corpus: Path, cluster: str, pg_url: str, expected: dict[str, object]
) -> None:
    import os
    import threading

    killed: list[int] = []

    def kill_one_worker() -> None:
        deadline = time.monotonic() + 300
        while _stored(pg_url, "article_stages") < 16 and time.monotonic() < deadline:
            time.sleep(0.1)
        pids = _actor_pids("MapWorker(MapBatches(_ShardWorker))")
        if pids:
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    killer = threading.Thread(target=kill_one_worker, daemon=True)
    killer.start()
    with (
        open_store(pg_url) as store,
        RayEngine(location=pg_url, address=cluster, workers=2, shard_docs=25) as engine,
    ):
        summary = analyze([str(corpus)], store, engine=engine)
        got = _dump(store)
    killer.join(timeout=10)
    assert killed, "no worker was found to kill"
    assert not summary.failures and summary.articles == ARTICLES
    assert got == expected


def _lines(folder: Path, rows: list[str], name: str = "docs.jsonl") -> str:
    path = folder / name
    path.write_text("".join(rows), encoding="utf-8")
    return str(path)


def _doc(i: int) -> str:
    return json.dumps({"url": f"https://example.org/{i}", "text": f"Story number {i} happened. " * 20}) + "\n"


@pytest.mark.parametrize(
    ("rows", "shard_docs"),
    [
        ([_doc(i) for i in range(10)], 3),
        ([_doc(i) for i in range(9)], 3),  # an exact multiple: no empty last shard
        ([_doc(0), "\n", "{broken\n", _doc(1), "\n", _doc(2)], 2),  # blank and bad lines, no last newline
        ([_doc(i) for i in range(4)], 100),  # one shard
        ([], 5),  # an empty file: read whole (the reader explains)
    ],
)
def test_shards_yield_every_document_once_in_file_order(
    tmp_path: Path, rows: list[str], shard_docs: int
) -> None:
    path = _lines(tmp_path, rows)
    whole = [_key(item) for item in read_file(path)]
    pieces = shards([path], shard_docs)
    assert all(p["file"] == 0 for p in pieces)
    got = [_key(item) for p in pieces for item in _shard_items(p, 20 * 1024 * 1024)]
    assert got == whole
    assert len(pieces) == max(1, -(-len(rows) // shard_docs))


def _key(item: object) -> tuple[str, str]:
    if isinstance(item, InputFailure):
        return item.source, item.reason
    return item.source, str(item.content)  # type: ignore[attr-defined]


def test_only_what_reads_as_plain_json_lines_is_cut_by_lines(tmp_path: Path) -> None:
    import gzip

    rows = [_doc(i) for i in range(6)]
    named_jsonl_but_html = tmp_path / "page.jsonl"
    named_jsonl_but_html.write_text("<html><body><p>" + "A page. " * 200 + "</p></body></html>\n" * 6)
    zipped = tmp_path / "docs.jsonl.gz"
    zipped.write_bytes(gzip.compress("".join(rows).encode()))
    unnamed = _lines(tmp_path, rows, "docs.txt")  # JSON Lines by content, whatever the name
    files = [str(named_jsonl_but_html), str(zipped), unnamed]
    assert [p["file"] for p in shards(files, 2)] == [0, 1, 2, 2, 2]
    for path in files:
        got = [_key(i) for p in shards([path], 2) for i in _shard_items(p, 20 * 1024 * 1024)]
        assert got == [_key(i) for i in read_file(path)]


def test_a_folder_of_pages_is_one_shard_per_file(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"p{i}.txt").write_text(f"Page {i}\n\nSome text about page {i}.", encoding="utf-8")
    files = sorted(str(p) for p in tmp_path.iterdir())
    assert [(p["file"], p["path"]) for p in shards(files, 1)] == list(enumerate(files))


def test_workers_open_the_store_at_an_absolute_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.errors import StoreError
    from storyline.scale.engine import worker_location

    monkeypatch.chdir(tmp_path)
    assert worker_location("s.db") == str(tmp_path / "s.db")
    assert worker_location("sqlite://s.db") == str(tmp_path / "s.db")
    assert worker_location("postgresql://u@h/db") == "postgresql://u@h/db"
    with pytest.raises(StoreError, match="in-memory"):
        worker_location(":memory:")


def test_engine_options_need_the_ray_engine(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from storyline.cli import cli

    result = CliRunner().invoke(
        cli, ["analyze", str(EXAMPLE), "--db", str(tmp_path / "s.db"), "--workers", "2"]
    )
    assert result.exit_code == 2 and "--engine ray" in result.output
    assert not (tmp_path / "s.db").exists()
