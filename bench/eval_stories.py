"""Eval gate: story clustering on ECB+ (../shared/bench-data/stories-ecbplus).

Runs the whole ``analyze`` pipeline on the 496 articles (two different events of
one kind per topic, e.g. two earthquakes) and scores the stories against the
gold ``story`` field with B-cubed precision, recall and F1 (the topic level
against ``topic`` too). Beside it, in the same run and on the same clean texts,
the usual baseline: TF-IDF (scikit-learn, sublinear tf, English stop words) and
average-linkage agglomerative clustering on cosine distance, with its threshold
tuned on this very set (the best of a sweep is reported). Fails (exit 1) when
storyline's story F1 falls below its floor in ``bench/floors.json``.

    python bench/eval_stories.py [--data DIR] [--db FILE] [--show-errors]

``--db`` reuses (or keeps) an analyzed store instead of a temporary one.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "bench-data"


def bcubed(pred: list[str], gold: list[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a flat clustering."""
    by_pred: dict[str, set[int]] = defaultdict(set)
    by_gold: dict[str, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold, strict=True)):
        by_pred[p].add(i)
        by_gold[g].add(i)
    precision = recall = 0.0
    for i in range(len(gold)):
        a, b = by_pred[pred[i]], by_gold[gold[i]]
        shared = len(a & b)
        precision += shared / len(a)
        recall += shared / len(b)
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def baseline(texts: list[str], gold: list[str]) -> tuple[float, tuple[float, float, float], int]:
    """TF-IDF + average linkage; the best threshold of a sweep, its scores and cluster count."""
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts).toarray()
    best: tuple[float, tuple[float, float, float], int] | None = None
    for threshold in np.arange(0.50, 0.99, 0.01):
        labels = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=float(threshold)
        ).fit_predict(x)
        scores = bcubed([str(v) for v in labels], gold)
        if best is None or scores[2] > best[1][2]:
            best = (round(float(threshold), 2), scores, len(set(labels)))
    assert best is not None
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--db", help="analyzed store to reuse (created when missing)")
    parser.add_argument("--show-errors", action="store_true", help="print mixed and split stories")
    args = parser.parse_args()
    source = args.data / "stories-ecbplus" / "ecbplus-odd-topics.jsonl"
    if not source.is_file():
        print(f"missing {source}: put ../shared/bench-data beside the checkout", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in source.open(encoding="utf-8")]

    from storyline.pipeline import analyze
    from storyline.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "ecbplus.db")
        with open_store(db) as store:
            started = time.perf_counter()
            summary = analyze([str(source)], store)
            elapsed = time.perf_counter() - started
            stories = {aid: s.id for s in store.iter_stories() for aid in s.article_ids}
            topic_of = {s.id: s.topic_id for s in store.iter_stories()}
            copies = len(store.duplicates())
            ids, texts, gold, gold_topic = [], [], [], []
            for article in store.iter_articles():
                line = int(store.sources(article.id)[0].rsplit("#L", 1)[1])
                ids.append(article.id)
                texts.append(article.text)
                gold.append(rows[line - 1]["story"])
                gold_topic.append(rows[line - 1]["topic"])
    pred = [stories[aid] for aid in ids]
    p, r, f = bcubed(pred, gold)
    tp, tr, tf = bcubed([topic_of[s] for s in pred], gold_topic)
    threshold, (bp, br, bf), bn = baseline(texts, gold)
    floor = json.loads((HERE / "floors.json").read_text())["stories"]["ecbplus_bcubed_f1"]
    print(
        f"stories-ecbplus: {len(ids)} articles ({len(rows) - len(ids)} rejected), {len(set(gold))} gold stories"
    )
    print(f"{'system':<48} {'P':>6} {'R':>6} {'F1':>6} {'clusters':>8}")
    print(f"{'storyline stories':<48} {p:6.3f} {r:6.3f} {f:6.3f} {len(set(pred)):8d}")
    print(
        f"{'storyline topics (vs gold topic)':<48} {tp:6.3f} {tr:6.3f} {tf:6.3f} {len(set(topic_of.values())):8d}"
    )
    print(f"{f'TF-IDF + average linkage (tuned: {threshold})':<48} {bp:6.3f} {br:6.3f} {bf:6.3f} {bn:8d}")
    print(
        f"analyze took {elapsed:.0f} s ({summary.new} new articles); {copies} near-duplicates kept as copies"
    )
    if args.show_errors:
        members: dict[str, list[str]] = defaultdict(list)
        for s, g in zip(pred, gold, strict=True):
            members[s].append(g)
        for s, gs in sorted(members.items()):
            if len(set(gs)) > 1:
                print("mixed", s, dict(Counter(gs)))
        spread: dict[str, list[str]] = defaultdict(list)
        for s, g in zip(pred, gold, strict=True):
            spread[g].append(s)
        for g, ss in sorted(spread.items()):
            if len(set(ss)) > 1:
                print("split", g, sorted(Counter(ss).values(), reverse=True))
    if f < floor:
        print(f"FAIL: story B-cubed F1 {f:.3f} is below the floor {floor}", file=sys.stderr)
        return 1
    print(f"ok: story B-cubed F1 {f:.3f} >= floor {floor}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
