"""How the story clustering parameters were chosen, reproducibly.

Reads the stores ``bench/eval_stories.py --db FOLDER`` analyzed (ECB+ and
AllSides) and reruns the library's ``place_articles`` for every combination of a
small grid, on each whole set and on two halves of it (ECB+ by topic: 1, 5, 9,
... vs 3, 7, 11, ...; AllSides by date: before and after its middle day). One
rule picks a combination: the mean of story and topic B-cubed F1 over the sets
it is given, averaged with the combination's neighbours in the grid (a setting
good at one point only is noise). It prints what the rule picks:

- on each whole set alone, with the other set's figures under it;
- on the A halves of both sets, with the B halves (never seen by the choice),
  and the other way round;
- on both whole sets: the combination to ship.

    python bench/tune_stories.py --db FOLDER [--show N]

Only the clustering is rerun (features, quote links and windows are the stored
ones), so the grid takes a few minutes.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from eval_stories import DEFAULT_DATA, SETS, bcubed

if TYPE_CHECKING:
    from storyline.model import StoryFeatures

GRID = {
    "STORY_THRESHOLD": [0.16, 0.2, 0.24],
    "EVENT_THRESHOLD": [0.12, 0.14, 0.16],
    "TOPIC_THRESHOLD": [0.06, 0.08, 0.1],
    "DATE_TAU_DAYS": [1.0, 2.0],
    "DATE_FLOOR": [0.2, 0.3],
}


def load(
    name: str, db: Path, data: Path
) -> tuple[dict[str, list[StoryFeatures]], dict[str, tuple[str, str]], set[frozenset[str]]]:
    """Features of each half (copies left out), gold (story, topic) by article, quote links."""
    from storyline.store import open_store
    from storyline.stories.features import publication_range
    from storyline.stories.stage import _quote_pairs

    rows = [json.loads(line) for line in (data / SETS[name][0]).open(encoding="utf-8")]
    halves: dict[str, list[StoryFeatures]] = defaultdict(list)
    gold: dict[str, tuple[str, str]] = {}
    with open_store(str(db)) as store:
        features = store.story_features()
        copies = {d.article_id for d in store.duplicates()}
        pairs = _quote_pairs(store)
        articles = list(store.iter_articles())
        days = sorted(a.published or "" for a in articles)
        middle = days[len(days) // 2]
        for a in articles:
            if a.id not in features or a.id in copies:
                continue
            row = rows[int(store.sources(a.id)[0].rsplit("#L", 1)[1]) - 1]
            gold[a.id] = (row["story"], row["topic"])
            f = features[a.id]
            f.window = publication_range(a.published, a.published_precision, a.published_window)
            if name == "ecbplus":
                half = "A" if int(row["story"].split("-")[0]) % 4 == 1 else "B"
            else:
                half = "A" if (a.published or "") < middle else "B"
            halves[half].append(f)
            halves["F"].append(f)
    return halves, gold, pairs


def score(
    features: list[StoryFeatures], gold: dict[str, tuple[str, str]], pairs: set[frozenset[str]]
) -> tuple[float, float]:
    """Story B-cubed F1 against the gold story, topic B-cubed F1 against the gold topic."""
    from storyline.stories.cluster import TopicClusterer, place_articles, story_id_maker

    ordered = sorted(features, key=lambda f: (f.date or "9999", f.article_id))
    topics = TopicClusterer([], new_id=lambda aid: "t-" + aid[:12])
    topic, story = place_articles(topics, {}, {}, ordered, pairs, story_id_maker(set()))
    ids = sorted(story)
    return (
        bcubed([story[a] for a in ids], [gold[a][0] for a in ids])[2],
        bcubed([topic[a] for a in ids], [gold[a][1] for a in ids])[2],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="folder of eval_stories.py --db")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--show", type=int, default=5, help="how many of the best combinations to list")
    args = parser.parse_args()
    from storyline.stories import cluster

    sets = {}
    for name in SETS:
        db = args.db / f"{name}.db"
        if not db.is_file():
            print(f"missing {db}: run bench/eval_stories.py --db {args.db} first", file=sys.stderr)
            return 2
        sets[name] = load(name, db, args.data)
    shipped = {k: getattr(cluster, k) for k in GRID}
    results: dict[tuple[float, ...], dict[tuple[str, str], tuple[float, float]]] = {}
    for combo in itertools.product(*GRID.values()):
        for key, value in zip(GRID, combo, strict=True):
            setattr(cluster, key, value)
        results[combo] = {
            (name, half): score(fs, gold, pairs)
            for name, (halves, gold, pairs) in sets.items()
            for half, fs in halves.items()
        }
    for key, value in shipped.items():
        setattr(cluster, key, value)

    def f1(combo: tuple[float, ...], name: str, half: str) -> float:
        return results[combo][(name, half)][0]

    def topic_f1(combo: tuple[float, ...], name: str, half: str) -> float:
        return results[combo][(name, half)][1]

    def show(combo: tuple[float, ...]) -> str:
        return ", ".join(f"{k}={v:g}" for k, v in zip(GRID, combo, strict=True))

    def mean(combo: tuple[float, ...], half: str, names: list[str]) -> float:
        # Stories and topics count alike: a topic that swallows a month of politics is a defect too.
        return sum(f1(combo, n, half) + topic_f1(combo, n, half) for n in names) / (2 * len(names))

    def smoothed(combo: tuple[float, ...], half: str, names: list[str]) -> float:
        """``mean`` averaged with every grid neighbour (one step in one parameter): a
        setting that is good only at one point of the grid is noise on sets this small."""
        values = [mean(combo, half, names)]
        for i, options in enumerate(GRID.values()):
            at = options.index(combo[i])
            for j in (at - 1, at + 1):
                if 0 <= j < len(options):
                    values.append(mean((*combo[:i], options[j], *combo[i + 1 :]), half, names))
        return sum(values) / len(values)

    def best(half: str, names: list[str]) -> tuple[float, ...]:
        return min(results, key=lambda c: (-smoothed(c, half, names), c))

    def row(label: str, combo: tuple[float, ...]) -> str:
        cells = [f"{f1(combo, n, h):.3f}/{topic_f1(combo, n, h):.3f}" for h in "FAB" for n in SETS]
        return f"{label:<60} " + " ".join(f"{c:>11}" for c in cells)

    print("Story F1 / topic F1 (B-cubed against the gold story and topic); F: whole set, A/B: halves")
    header = " ".join(f"{f'{n} {h}':>11}" for h in "FAB" for n in SETS)
    print(f"{'chosen by the rule on':<60} {header}")
    for name in SETS:
        combo = best("F", [name])
        print(row(f"{name} alone: " + show(combo), combo))
    for tuned, held in (("A", "B"), ("B", "A")):
        combo = best(tuned, list(SETS))
        print(row(f"the {tuned} halves of both (held out: {held}): " + show(combo), combo))
    chosen = best("F", list(SETS))
    print(row("both whole sets (what to ship): " + show(chosen), chosen))
    current = tuple(shipped.values())
    if current in results:
        print(row("shipped: " + show(current), current))
    ranked = sorted(results, key=lambda c: (-smoothed(c, "F", list(SETS)), c))
    print(f"\nRunners-up on both whole sets (of {len(results)}):")
    for combo in ranked[1 : args.show]:
        print(row(show(combo), combo))
    return 0


if __name__ == "__main__":
    sys.exit(main())
