"""Memory and time of the commands as the store grows: 1k, 10k, (100k) articles.

How the stores are made: the 496 ECB+ articles (``stories-ecbplus``) are
analysed once (``--quote-embedder none``) into a base store; a store of N
articles holds K = ceil(N / 496) "universes" of them. Universe k is every
base article with its letters put through a permutation seeded by k (case and
length kept, so every stored offset stays exact; names, words and quotes of
two universes never meet), a new id, and the base's per-article results
(mentions, roles, times, events, quotes, sentences) carried over with the same
permutation; story features are recomputed from the permuted text. Written
through the store's own write API (``put_results``), then the corpus stages
run once (entity resolution, timeline, lexical quote matching, stories): their
time is printed, since it is the reduce at that size.

Then, against each store, in child processes (peak RSS from ``wait4``):

* ``storyline story ID``, ``entity NAME`` and ``quotes --limit 20`` (the
  story and the entity: the largest ones of universe 0);
* ``storyline analyze`` adding 1,000 new articles (a fresh universe, written as
  JSON Lines, default settings) to a copy of the store;
* ``storyline serve``: the time of its first overview, a story, an entity and
  a search page, and the server's RSS after them.

The figure that travels between machines is the ratio of each to the
smallest store measured in the same run (the issue's goal: adding 1k articles
at 100k within 1.3x of at 1k; pages under 200 ms, the server under 500 MB).

    python bench/store_scale.py [--sizes 1000,10000] [--work FOLDER] [--add 1000]

``--work`` keeps the stores between runs (they are rebuilt only when missing).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import random
import shutil
import socket
import string
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "bench-data" / "stories-ecbplus" / "ecbplus-odd-topics.jsonl"
TEXT_FIELDS = {"text", "title", "person", "cue", "speaker", "speaker_resolved", "channel"}
# The child reports its own peak RSS at exit (VmHWM, which exec resets): the rusage
# figure for a child also counts the parent's pages it held between fork and exec.
_CHILD = (
    "import atexit, os\n"
    "def _report():\n"
    "    hwm = next(l for l in open('/proc/self/status') if l.startswith('VmHWM:')).split()[1]\n"
    "    with open(os.environ['STORE_SCALE_RSS'], 'w') as fh:\n"
    "        fh.write(hwm)\n"
    "atexit.register(_report)\n"
    "from storyline.cli import main\n"
    "main()\n"
)
STORYLINE = [sys.executable, "-c", _CHILD]


def permutation(k: int) -> dict[int, int]:
    """A letter permutation for universe ``k`` (0 is the identity), case kept."""
    if k == 0:
        return {}
    letters = list(string.ascii_lowercase)
    shuffled = random.Random(f"universe-{k}").sample(letters, len(letters))
    table = {ord(a): ord(b) for a, b in zip(letters, shuffled, strict=True)}
    table.update({ord(a.upper()): ord(b.upper()) for a, b in zip(letters, shuffled, strict=True)})
    return table


def carry(record: Any, table: dict[int, int], new_id: str) -> Any:
    """``record`` with its text fields permuted and its article id replaced, recursively."""
    if isinstance(record, list):
        return [carry(r, table, new_id) for r in record]
    if not dataclasses.is_dataclass(record) or isinstance(record, type):
        return record
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if f.name == "article_id":
            changes[f.name] = new_id
        elif f.name in TEXT_FIELDS and isinstance(value, str):
            changes[f.name] = value.translate(table)
        elif isinstance(value, list) or dataclasses.is_dataclass(value):
            changes[f.name] = carry(value, table, new_id)
    return dataclasses.replace(record, **changes)


def universe_id(k: int, aid: str) -> str:
    import hashlib

    return aid if k == 0 else hashlib.sha1(f"{k}-{aid}".encode()).hexdigest()[:16]


def base_store(work: Path, data: Path) -> Path:
    from storyline.pipeline import analyze
    from storyline.store import open_store

    db = work / "base.db"
    if not db.exists():
        print(f"analysing {data.name} into {db} (once) ...", file=sys.stderr, flush=True)
        with open_store(str(db)) as store:
            analyze([str(data)], store, quote_embedder="none")
    return db


def read_base(db: Path) -> tuple[list[Any], dict[str, Any]]:
    """The base articles and each one's map results."""
    from storyline.store import open_store, stored_results

    with open_store(str(db)) as store:
        articles = list(store.iter_articles())
        analyses = {r.article_id: r.analysis for r in stored_results(store)}
    return articles, analyses


def universe(articles: list[Any], analyses: dict[str, Any], k: int) -> list[tuple[Any, Any]]:
    """(article, map result) of every base article in universe ``k``."""
    from storyline.model import ArticleResult
    from storyline.stories.features import article_features

    table = permutation(k)
    out = []
    for a in articles:
        new_id = universe_id(k, a.id)
        article = carry(a, table, new_id)
        article = dataclasses.replace(article, id=new_id, source=f"u{k}/{a.source}", story_id=None)
        analysis = carry(analyses[a.id], table, new_id)
        features = article_features(article, analysis.times)
        out.append((article, ArticleResult(article_id=new_id, analysis=analysis, features=features)))
    return out


def build(work: Path, base: Path, n: int) -> tuple[Path, dict[str, float]]:
    """A store of ``n`` articles (kept in ``work``), and the corpus stages' times."""
    from storyline.analyzer import nlp_stage_version
    from storyline.pipeline import run_corpus_stages
    from storyline.store import open_store
    from storyline.stories.stage import build_stories

    db = work / f"store-{n}.db"
    timings_file = work / f"store-{n}.json"
    if db.exists() and timings_file.exists():
        return db, json.loads(timings_file.read_text())
    db.unlink(missing_ok=True)
    articles, analyses = read_base(base)
    version = nlp_stage_version(None)
    made = 0
    start = time.perf_counter()
    with open_store(str(db)) as store:
        for k in range(math.ceil(n / len(articles))):
            batch = universe(articles, analyses, k)[: n - made]
            for article, _ in batch:
                store.add_article(article)
            store.put_results([r for _, r in batch], version)
            made += len(batch)
            print(f"  {db.name}: {made}/{n} articles written", file=sys.stderr, flush=True)
        written = time.perf_counter() - start
        start = time.perf_counter()
        run_corpus_stages(store, None, quote_embedder="none")
        corpus = time.perf_counter() - start
        start = time.perf_counter()
        build_stories(store)
        stories = time.perf_counter() - start
    timings = {"write_s": written, "corpus_s": corpus, "stories_s": stories}
    timings_file.write_text(json.dumps(timings))
    return db, timings


def run_child(args: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) and stdout of one CLI command in a child process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as rss:
        env = {**os.environ, "STORE_SCALE_RSS": rss.name}
        code = subprocess.run(STORYLINE + args, stdout=out, stderr=subprocess.DEVNULL, env=env).returncode
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
        peak = int(rss.read() or 0) / 1024
    if code not in (0, 1):
        raise RuntimeError(f"storyline {' '.join(args[:2])} exited {code}")
    return time.perf_counter() - start, peak, text


def targets(db: Path) -> tuple[str, str, str]:
    """The largest story, and the most mentioned entity (its name and id)."""
    from storyline.analyzer import nlp_stage_version
    from storyline.entities.incremental import STAGE, resolve_store
    from storyline.pipeline import MAX_WINDOW_PASSES, run_corpus_stages, run_nlp_stage
    from storyline.store import open_store
    from storyline.stories.stage import index_bands

    # Writable: a store built by an older version gets its migrations here, once,
    # before the read-only commands measured below open it, and its entities resolved
    # (and indexed) by this version, as its next `analyze` would: what is measured
    # below is then the steady state, not that one-time catch-up.
    with open_store(str(db)) as store:
        if store.changes_since(STAGE)[0] is None:
            resolve_store(store, None)
        # The build runs the corpus stages once, without the map: the pages whose window
        # the timeline narrowed wait to be read again. Done here, as any analyze would,
        # so the run measured below adds 1,000 pages and re-reads nothing else.
        version = nlp_stage_version(None)
        for _ in range(MAX_WINDOW_PASSES):
            if not store.articles_needing("nlp", version):
                break
            run_nlp_stage(store, None)
            run_corpus_stages(store, None, quote_embedder="none")
        # Quote links and copy bands indexed by this version (nothing done when they already are).
        run_corpus_stages(store, None, quote_embedder="none")
        index_bands(store)
        story = max(store.iter_stories(), key=lambda s: len(s.article_ids))
        entity = next(store.iter_entities())
    return story.id, entity.name, entity.id


def additions(work: Path, base: Path, count: int) -> Path:
    """``count`` articles of a fresh universe as JSON Lines (text, title, url, date)."""
    path = work / f"add-{count}.jsonl"
    if path.exists():
        return path
    articles, analyses = read_base(base)
    rows = []
    k = 100_000  # a universe no store holds
    while len(rows) < count:
        for article, _ in universe(articles, analyses, k):
            rows.append({"id": article.id, "title": article.title, "text": article.text})
        k += 1
    with path.open("w", encoding="utf-8") as fh:
        for row in rows[:count]:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_pages(db: Path, story_id: str, entity: str, entity_id: str) -> dict[str, float]:
    """Seconds per page (first request each) and the server's RSS after them, in MB."""
    port = free_port()
    proc = subprocess.Popen(
        [*STORYLINE, "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/static/style.css", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        out: dict[str, float] = {}
        word = entity.split()[0]
        pages = {
            "overview": "/",
            "story": f"/story/{urllib.parse.quote(story_id)}",
            "entity": f"/entity/{urllib.parse.quote(entity_id)}",
            "search": f"/search?q={urllib.parse.quote(word)}",
        }
        for name, path in pages.items():
            start = time.perf_counter()
            try:
                urllib.request.urlopen(base + path, timeout=600).read()
            except OSError as exc:
                print(f"  serve {name}: {exc}", file=sys.stderr)
            out[name] = time.perf_counter() - start
        with open(f"/proc/{proc.pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    out["rss_mb"] = int(line.split()[1]) / 1024
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--work", type=Path, help="keep the stores here between runs")
    parser.add_argument(
        "--add", type=int, default=1000, help="articles `analyze` adds to each store (0: skip that step)"
    )
    args = parser.parse_args()
    if not args.data.exists():
        print(f"store_scale: {args.data} not found: pass --data FILE", file=sys.stderr)
        return 2
    sizes = sorted(int(s) for s in args.sizes.split(","))
    work = args.work or Path(tempfile.mkdtemp(prefix="store-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    base = base_store(work, args.data)
    new_pages = additions(work, base, args.add) if args.add else None
    rows = []
    for n in sizes:
        db, timings = build(work, base, n)
        story_id, entity, entity_id = targets(db)
        row: dict[str, float] = {"n": n, **timings}
        for name, cmd in (
            ("story", ["story", story_id]),
            ("entity", ["entity", entity]),
            ("quotes", ["quotes", "--limit", "20"]),
        ):
            row[f"{name}_s"], row[f"{name}_mb"], _ = run_child([*cmd, "--db", str(db)])
        if args.add:
            copy = work / f"add-to-{n}.db"
            # A -wal left by a killed earlier run would be replayed into the fresh copy.
            for leftover in (Path(f"{copy}-wal"), Path(f"{copy}-shm")):
                leftover.unlink(missing_ok=True)
            shutil.copy(db, copy)
            # Lexical quote matching, as the store was built: with embeddings, the first
            # run would embed the whole store's candidate quotes, not the new pages'.
            row["add_s"], row["add_mb"], _ = run_child(
                ["analyze", str(new_pages), "--db", str(copy), "--quote-embedder", "none"]
            )
            copy.unlink()
        for key, value in serve_pages(db, story_id, entity, entity_id).items():
            row[f"serve_{key}"] = value
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)

    first = rows[0]
    print(f"stores built from {args.data.name} (see the module docstring); {args.add} articles added")
    columns = [
        ("corpus stages s", "corpus_s"),
        ("stories s", "stories_s"),
        ("story MB", "story_mb"),
        ("entity MB", "entity_mb"),
        ("quotes MB", "quotes_mb"),
        (f"analyze +{args.add} s", "add_s"),
        (f"analyze +{args.add} MB", "add_mb"),
        ("overview s", "serve_overview"),
        ("story page s", "serve_story"),
        ("entity page s", "serve_entity"),
        ("search page s", "serve_search"),
        ("serve MB", "serve_rss_mb"),
    ]
    print(f"{'':<22}" + "".join(f"{r['n']:>14,}" for r in rows) + f"{'ratio':>10}")
    for label, key in columns:
        values = "".join(f"{r.get(key, float('nan')):>14.2f}" for r in rows)
        ratio = rows[-1].get(key, math.nan) / first.get(key, math.nan) if first.get(key) else math.nan
        print(f"{label:<22}{values}{ratio:>9.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
