"""Eval gate: story clustering on two public sets of different shapes.

- ECB+ (``stories-ecbplus``): 496 pages, mostly undated, two different events
  of one kind per topic (two earthquakes), follow-ups weeks later in one story;
- AllSides (``stories-allsides``): 749 dated short excerpts of daily US politics,
  250 events, ~2 a day, one left, centre and right outlet each.

Runs the whole ``analyze`` pipeline on each and scores the stories against the
gold ``story`` field with B-cubed precision, recall and F1 (the topic level
against ``topic`` too). On AllSides also as a daily user gets them: one run per
publication day, in date order, into one store (stories stage only, see
``daily_arrival``). Beside each, in the same run and on the same title + text,
the usual baseline: TF-IDF (scikit-learn, sublinear tf, English stop words) and
average-linkage clustering on cosine distance, its threshold tuned on that very
set (the best of a sweep). Fails (exit 1) when a story F1 falls below its floor
in ``bench/floors.json``.

    python bench/eval_stories.py [--data DIR] [--db FOLDER] [--only SET] [--show-errors]

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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyline.model import StoryFeatures
    from storyline.store import Store

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


def daily_arrival(store: Store) -> dict[str, str]:
    """Stories as a user who runs ``analyze`` each day would get them: the stored
    features fed one publication day at a time (oldest first) through the same
    ``place_articles``; quote links are the batch run's."""
    from storyline.stories.cluster import TopicClusterer, place_articles, story_id_maker
    from storyline.stories.features import publication_range
    from storyline.stories.stage import _quote_pairs

    features = store.story_features()
    copies = {d.article_id: d.of for d in store.duplicates()}
    days: dict[str, list[str]] = defaultdict(list)
    for a in store.iter_articles():
        if a.id in features:
            features[a.id].window = publication_range(a.published, a.published_precision, a.published_window)
            days[a.published or ""].append(a.id)
    topics = TopicClusterer([], new_id=lambda aid: "t-" + aid[:12])
    existing: dict[str, list[StoryFeatures]] = {}
    topic_of_story: dict[str, str] = {}
    story_of: dict[str, str] = {}
    new_id = story_id_maker(set())
    pairs = _quote_pairs(store)
    for day in sorted(days):
        batch = sorted(
            (features[a] for a in days[day] if a not in copies),
            key=lambda f: (f.date or "9999", f.article_id),
        )
        topic_of, placed = place_articles(topics, existing, topic_of_story, batch, pairs, new_id)
        for f in batch:
            existing.setdefault(placed[f.article_id], []).append(f)
            topic_of_story[placed[f.article_id]] = topic_of[f.article_id]
        story_of.update(placed)
    for copy, original in copies.items():
        story_of[copy] = story_of.get(original, "s-" + copy)
    return story_of


def daily_analyze(source: Path, folder: Path) -> dict[str, str]:
    """Stories after one real ``analyze`` per publication day (oldest first) into one store."""
    from storyline.pipeline import analyze
    from storyline.store import open_store

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
    # Keyed by the article's own line, so the caller can match it to the batch run's ids.
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


def evaluate(
    name: str, source: Path, db: str, show_errors: bool, daily_runs: bool = False
) -> tuple[float, list[str]]:
    """Analyze one set, print its table; its story F1 and the lines for the summary."""
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
        daily = daily_arrival(store) if name == "allsides" else None
        line_of = {a: rows_text[int(store.sources(a)[0].rsplit("#L", 1)[1]) - 1] for a in ids}
    pred = [stories[aid] for aid in ids]
    p, r, f = bcubed(pred, gold)
    tp, tr, tf = bcubed([topic_of[s] for s in pred], gold_topic)
    threshold, (bp, br, bf), bn = baseline(texts, gold)
    print(f"\n{name}: {len(ids)} articles ({len(rows) - len(ids)} rejected), {len(set(gold))} gold stories")
    print(f"{'system':<48} {'P':>6} {'R':>6} {'F1':>6} {'clusters':>8}")
    print(f"{'storyline stories (one batch)':<48} {p:6.3f} {r:6.3f} {f:6.3f} {len(set(pred)):8d}")
    if daily is not None:
        dp, dr, df = bcubed([daily[a] for a in ids], gold)
        print(
            f"{'storyline stories (one run per day)':<48} {dp:6.3f} {dr:6.3f} {df:6.3f} {len(set(daily.values())):8d}"
        )
    if daily is not None and daily_runs:
        by_line = daily_analyze(source, Path(db).parent)
        ap, ar, af = bcubed([by_line[line_of[a]] for a in ids], gold)
        print(
            f"{'storyline stories (one analyze per day)':<48} {ap:6.3f} {ar:6.3f} {af:6.3f} {len(set(by_line.values())):8d}"
        )
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
    return f, [f"{name} {f:.3f}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--db", help="folder for the analyzed stores to reuse (created when missing)")
    parser.add_argument("--only", choices=sorted(SETS), help="score one set")
    parser.add_argument("--show-errors", action="store_true", help="print mixed and split stories")
    parser.add_argument(
        "--daily-runs",
        action="store_true",
        help="also run the whole analyze once per day of the daily set into one store (slow: ~150 runs)",
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
            f, _ = evaluate(name, source, str(folder / f"{name}.db"), args.show_errors, args.daily_runs)
            floor = floors[floor_key]
            if f < floor:
                failed.append(f"{name} story B-cubed F1 {f:.3f} is below the floor {floor}")
            else:
                print(f"ok: {name} story B-cubed F1 {f:.3f} >= floor {floor}")
    for line in failed:
        print("FAIL: " + line, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
