"""Eval gate: story clustering on two public sets of different shapes.

- ECB+ (``stories-ecbplus``): 496 pages, mostly undated, two different events
  of one kind per topic (two earthquakes), follow-ups weeks later in one story;
- AllSides (``stories-allsides``): 749 dated short excerpts of daily US politics,
  250 events, ~2 a day, one left, centre and right outlet each.

Runs the whole ``analyze`` pipeline on each and scores the stories against the
gold ``story`` field with B-cubed precision, recall and F1 (the topic level
against ``topic`` too). On AllSides also as a daily user gets them: one
``analyze`` per publication day, in date order, into one store (``--no-daily``
skips it). Beside each, in the same run and on the same title + text,
the usual baseline: TF-IDF (scikit-learn, sublinear tf, English stop words) and
average-linkage clustering on cosine distance, its threshold tuned on that very
set (the best of a sweep). Fails (exit 1) when a story F1 falls below its floor
in ``bench/floors.json``.

    python bench/eval_stories.py [--data DIR] [--db FOLDER] [--only SET] [--show-errors] [--no-daily]

``--db`` keeps (or reuses) the analyzed stores in a folder.
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


SETS = {
    # name: (file, floor key, what a story is there)
    "ecbplus": ("stories-ecbplus/ecbplus-odd-topics.jsonl", "ecbplus_bcubed_f1"),
    "allsides": ("stories-allsides/allsides-odd-events.jsonl", "allsides_bcubed_f1"),
}


def daily_analyze(source: Path, folder: Path) -> dict[str, str]:
    """Stories after one ``analyze`` per publication day (oldest first) into one store, as a
    user who runs it every morning gets them; keyed by each article's input line."""
    from storyline.pipeline import analyze
    from storyline.store import open_store

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "daily.db").unlink(missing_ok=True)
    by_day: dict[str, list[str]] = defaultdict(list)
    for line in source.open(encoding="utf-8"):
        by_day[json.loads(line).get("date") or ""].append(line)
    days = folder / "days"
    days.mkdir(exist_ok=True)
    lines_of: dict[str, str] = {}
    with open_store(str(folder / "daily.db")) as store:
        for number, day in enumerate(sorted(by_day), 1):
            path = days / f"{day or 'undated'}.jsonl"
            path.write_text("".join(by_day[day]), encoding="utf-8")
            analyze([str(path)], store)
            print(f"  daily run {number}/{len(by_day)} ({day})", file=sys.stderr, flush=True)
        for a in store.iter_articles():
            where = store.sources(a.id)[0]
            lines_of[a.id] = by_day[Path(where.rsplit("#L", 1)[0]).stem.replace("undated", "")][
                int(where.rsplit("#L", 1)[1]) - 1
            ]
        stories = {aid: s.id for s in store.iter_stories() for aid in s.article_ids}
    return {lines_of[aid]: sid for aid, sid in stories.items()}


def show_errors_of(pred: list[str], gold: list[str], dates: list[str], titles: list[str]) -> None:
    """Each predicted story mixing gold stories, then each gold story split apart, article by article."""

    def line(i: int, label: str) -> str:
        return f"[{label}] {dates[i]} {titles[i]}"

    for kind, keys, other in (("mixed", pred, gold), ("split", gold, pred)):
        groups: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            groups[key].append(i)
        for key, members in sorted(groups.items()):
            if len({other[i] for i in members}) > 1:
                print(f"{kind} {key}: " + "; ".join(line(i, other[i]) for i in members))


def evaluate(name: str, source: Path, db: str, show_errors: bool, daily: bool) -> dict[str, float]:
    """Analyze one set (and, with ``daily``, once more a day at a time); print its table.

    Returns the story F1s the floors apply to: ``batch`` and, with ``daily``, ``daily``."""
    from storyline.pipeline import analyze
    from storyline.store import open_store

    rows_text = source.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = [json.loads(line) for line in rows_text]
    with open_store(db) as store:
        started = time.perf_counter()
        summary = analyze([str(source)], store)
        elapsed = time.perf_counter() - started
        stories = {aid: s.id for s in store.iter_stories() for aid in s.article_ids}
        topic_of = {s.id: s.topic_id for s in store.iter_stories()}
        copies = len(store.duplicates())
        ids, texts, gold, gold_topic, titles, dates = [], [], [], [], [], []
        for article in store.iter_articles():
            line = int(store.sources(article.id)[0].rsplit("#L", 1)[1])
            ids.append(article.id)
            texts.append(((article.title or "") + "\n" + article.text).strip())
            gold.append(rows[line - 1]["story"])
            gold_topic.append(rows[line - 1]["topic"])
            titles.append((article.title or article.text[:60]).replace("\n", " ")[:70])
            dates.append(article.published or "-")
        line_of = {a: rows_text[int(store.sources(a)[0].rsplit("#L", 1)[1]) - 1] for a in ids}
    pred = [stories[aid] for aid in ids]
    p, r, f = bcubed(pred, gold)
    tp, tr, tf = bcubed([topic_of[s] for s in pred], gold_topic)
    threshold, (bp, br, bf), bn = baseline(texts, gold)
    print(f"\n{name}: {len(ids)} articles ({len(rows) - len(ids)} rejected), {len(set(gold))} gold stories")
    print(f"{'system':<48} {'P':>6} {'R':>6} {'F1':>6} {'clusters':>8}")
    print(f"{'storyline stories (one batch)':<48} {p:6.3f} {r:6.3f} {f:6.3f} {len(set(pred)):8d}")
    scores = {"batch": f}
    if daily:
        by_line = daily_analyze(source, Path(db).parent / f"{name}-daily")
        ap, ar, af = bcubed([by_line[line_of[a]] for a in ids], gold)
        print(
            f"{'storyline stories (one analyze per day)':<48} {ap:6.3f} {ar:6.3f} {af:6.3f} {len(set(by_line.values())):8d}"
        )
        scores["daily"] = af
    print(
        f"{'storyline topics (vs gold topic)':<48} {tp:6.3f} {tr:6.3f} {tf:6.3f} {len(set(topic_of.values())):8d}"
    )
    print(
        f"{f'TF-IDF + average linkage (tuned here: {threshold})':<48} {bp:6.3f} {br:6.3f} {bf:6.3f} {bn:8d}"
    )
    biggest = Counter(topic_of[s] for s in pred).most_common(1)[0]
    span = sorted(d for d, s in zip(dates, pred, strict=True) if topic_of[s] == biggest[0] and d != "-")
    print(
        f"analyze took {elapsed:.0f} s ({summary.new} new articles); {copies} near-duplicates kept as copies; "
        f"largest topic {biggest[1]} articles" + (f" ({span[0]} to {span[-1]})" if span else "")
    )
    if show_errors:
        show_errors_of(pred, gold, dates, titles)
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--db", help="folder for the analyzed stores to reuse (created when missing)")
    parser.add_argument("--only", choices=sorted(SETS), help="score one set")
    parser.add_argument("--show-errors", action="store_true", help="print mixed and split stories")
    parser.add_argument(
        "--no-daily",
        action="store_true",
        help="skip the daily set's second pass: one analyze per day into one store (~150 runs, ~3 min)",
    )
    args = parser.parse_args()
    floors = json.loads((HERE / "floors.json").read_text())["stories"]
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.db or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for name, (relative, floor_key) in SETS.items():
            if args.only and name != args.only:
                continue
            source = args.data / relative
            if not source.is_file():
                print(f"missing {source}: put ../shared/bench-data beside the checkout", file=sys.stderr)
                return 2
            scores = evaluate(
                name,
                source,
                str(folder / f"{name}.db"),
                args.show_errors,
                name == "allsides" and not args.no_daily,
            )
            for kind, f in scores.items():
                key = (
                    floor_key
                    if kind == "batch"
                    else f"{floor_key.removesuffix('_bcubed_f1')}_{kind}_bcubed_f1"
                )
                floor = floors[key]
                what = f"{name} story B-cubed F1 ({kind})"
                if f < floor:
                    failed.append(f"{what} {f:.3f} is below the floor {floor}")
                else:
                    print(f"ok: {what} {f:.3f} >= floor {floor}")
    for line in failed:
        print("FAIL: " + line, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
