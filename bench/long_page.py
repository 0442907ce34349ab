"""A long page against a short one: analyse time and peak memory per character, in one run.

Pages are made of real ECB+ paragraphs (``stories-ecbplus``), distinct ones, as
plain-text dumps: a short page of about 10,000 characters and a long one of
about 1,000,000 (past spaCy's ``max_length``, so the long one is parsed in
pieces). Each is analysed by ``analyze()`` into a fresh SQLite store in a child
process of its own, so its peak RSS (``ru_maxrss``) is its own. The figure that
travels is the ratio of time per character (long / short; goal: linear, about
1) and the peak memory of each.

    python bench/long_page.py [--data FILE] [--long-chars 1000000] [--short-chars 10000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline_throughput import DEFAULT_DATA  # the same ECB+ file


def page(data: Path, chars: int) -> str:
    """Distinct paragraphs of real articles, in file order, until ``chars`` characters."""
    out: list[str] = []
    size = 0
    seen: set[str] = set()
    while size < chars:
        for line in data.open(encoding="utf-8"):
            for para in json.loads(line)["text"].split("\n"):
                para = para.strip()
                if len(para) < 80 or para in seen:
                    continue
                seen.add(para)
                out.append(para)
                size += len(para) + 2
                if size >= chars:
                    return "\n\n".join(out) + "\n"
        if not seen:
            break
        seen = set()  # all used: a second round (a long page may repeat paragraphs)
    return "\n\n".join(out) + "\n"


def child(path: str) -> None:
    from storyline.pipeline import analyze
    from storyline.store import open_store

    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "s.db")) as store:
        started = time.perf_counter()
        summary = analyze([path], store, quote_embedder="none")
        elapsed = time.perf_counter() - started
        article = next(store.iter_articles())
        print(
            json.dumps(
                {
                    "seconds": elapsed,
                    "chars": len(article.text),
                    "failed": len(summary.failures),
                    "entities": summary.entities,
                    "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                }
            )
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--long-chars", type=int, default=1_000_000)
    parser.add_argument("--short-chars", type=int, default=10_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    if not args.data.is_file():
        print(f"missing {args.data}: put ../shared/bench-data beside the checkout", file=sys.stderr)
        return 2
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, chars in (("short", args.short_chars), ("long", args.long_chars)):
            path = Path(tmp) / f"{name}.txt"
            path.write_text(page(args.data, chars), encoding="utf-8")
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, check=True
            )
            results[name] = json.loads(out.stdout.strip().splitlines()[-1])
            r = results[name]
            print(
                f"{name:<6} {r['chars']:>9,} chars  {r['seconds']:7.1f} s  "
                f"{r['chars'] / r['seconds']:8,.0f} chars/s  peak RSS {r['max_rss_mb']:6.0f} MB  "
                f"{r['entities']} entities, {r['failed']} failed"
            )
    short, long = results["short"], results["long"]
    ratio = (long["seconds"] / long["chars"]) / (short["seconds"] / short["chars"])
    print(f"time per character, long / short: {ratio:.2f}x (1.00 = linear)")
    print(f"peak RSS, long / short: {long['max_rss_mb'] / short['max_rss_mb']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
