"""Throughput of ingest + clean + metadata on ../shared/bench-data/extraction.

Times storyline's per-article path (read_file -> clean_document) on the 92
text dumps and on the 92 HTML pages, and, in the same run, a baseline on the
same HTML: bare ``trafilatura.extract`` with default options. Figures are
pages per second and the ratio to that baseline (machines differ; ratios travel).

    python bench/throughput.py [--data DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import sys
import time
from collections.abc import Callable
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "bench-data" / "extraction"


def best_rate(fn: Callable[[], int], repeat: int) -> float:
    """Pages per second of the fastest of ``repeat`` runs (least disturbed by other load)."""
    best = 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        pages = fn()
        best = max(best, pages / (time.perf_counter() - start))
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not (args.data / "text").is_dir():
        print(f"throughput: no text/ folder in {args.data}: pass --data DIR", file=sys.stderr)
        return 2

    import trafilatura

    from storyline.clean import clean_document
    from storyline.errors import RejectedPage
    from storyline.ingest import read_file
    from storyline.model import RawDocument

    texts = sorted(str(p) for p in (args.data / "text").glob("*.txt"))
    htmls = sorted(str(p) for p in (args.data / "html").glob("*.html.gz"))
    raw_html = [gzip.decompress(Path(p).read_bytes()).decode("utf-8", "replace") for p in htmls]

    def ours(paths: list[str]) -> Callable[[], int]:
        def run() -> int:
            n = 0
            for path in paths:
                for doc in read_file(path):
                    if isinstance(doc, RawDocument):
                        with contextlib.suppress(RejectedPage):
                            clean_document(doc)
                        n += 1
            return n

        return run

    def baseline() -> int:
        for html in raw_html:
            trafilatura.extract(html)
        return len(raw_html)

    ours(texts[:3])()  # warm-up: lazy imports, language detector
    base = best_rate(baseline, args.repeat)
    text_rate = best_rate(ours(texts), args.repeat)
    html_rate = best_rate(ours(htmls), args.repeat)
    print(f"{'trafilatura.extract, defaults (baseline)':<44} {base:8.1f} pages/s  1.00x")
    print(
        f"{'storyline text dumps: read+clean+metadata':<44} {text_rate:8.1f} pages/s  {text_rate / base:.2f}x"
    )
    print(f"{'storyline HTML: read+clean+metadata':<44} {html_rate:8.1f} pages/s  {html_rate / base:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
