"""How long the pages take, against exporting the same store as JSON, in one run.

Baseline: ``export(store, "json")`` (reads every table, writes the export contract).
Ours: loading the dossier, rendering the one-file report, and the app's pages one
by one (mean per page type). The figure that travels between machines is the ratio
to the baseline measured in the same run.

    python bench/web_pages.py [--db FILE]     (default: the bundled example, analysed into a temp store)
    python bench/eval_stories.py --db stores --only ecbplus && python bench/web_pages.py --db stores/ecbplus.db   (495 articles)
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from storyline.export import export
from storyline.pipeline import analyze
from storyline.store import open_store
from storyline.web.dossier import load_dossier
from storyline.web.pages import Site
from storyline.web.report import render_report

ROOT = Path(__file__).resolve().parent.parent


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an analysed store (default: analyse the bundled example)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = str(Path(tmp) / "example.db")
            with open_store(db) as store:
                analyze([str(ROOT / "examples" / "kazakhstan-reforms")], store)
        elif not Path(db).exists():
            print(f"web_pages: no store at {db}", file=sys.stderr)
            return 2
        with open_store(db) as store:
            n = store.count_articles()
            baseline = min(timed(lambda: export(store, "json", io.StringIO())) for _ in range(3))
            load = min(timed(lambda: load_dossier(store)) for _ in range(3))
            report = min(timed(lambda: render_report(store)) for _ in range(2))
            # Pages read what they show from the store as they render: it stays open.
            site = Site(dossier=load_dossier(store), mode="app")
            d = site.dossier
            quote_ids = list(zip(range(200), (qid for qid, _ in store.iter_quotes()), strict=False))
            kinds: dict[str, list[Callable[[], str]]] = {
                "overview": [site.overview],
                "timeline": [site.timeline],
                "story": [lambda s=s: site.story(s) for s in list(d.stories)[:200]],  # type: ignore[misc]
                "entity": [lambda e=e: site.entity(e) for e in list(d.entities)[:200]],  # type: ignore[misc]
                "quote": [lambda q=q: site.quote(q) for _, q in quote_ids],  # type: ignore[misc]
                "article": [lambda a=a: site.article(a) for a in list(d.articles)[:200]],  # type: ignore[misc]
            }
            print(f"store: {db} ({n} articles)")
            print(f"baseline  export json            {baseline * 1000:8.1f} ms   1.00x")
            print(f"ours      load dossier indexes   {load * 1000:8.1f} ms   {load / baseline:.2f}x")
            print(f"ours      render whole report    {report * 1000:8.1f} ms   {report / baseline:.2f}x")
            for kind, jobs in kinds.items():
                if jobs:
                    times = [timed(job) for job in jobs]
                    mean = statistics.mean(times)
                    print(
                        f"ours      {kind:<8} page (mean of {len(jobs):>3}) {mean * 1000:6.1f} ms   {mean / baseline:.2f}x"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
