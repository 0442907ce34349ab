"""Scaling of story clustering: time and memory at 1k, 10k and 100k articles.

What it measures, for each corpus size N, in one process (sizes in increasing
order, so the process max RSS printed at a size is the largest so far):

* features: ``story_features`` of every article (term bags and MinHash; per
  article work, shown apart because it is done once per article when it arrives);
* clustering: what ``build_stories`` does between features and story texts,
  without a store: near-duplicates (``find_duplicates``, MinHash LSH), topics
  (``TopicClusterer.add`` of each ``topic_vector``, oldest/smallest id first),
  then the new articles of each topic grouped into stories (``assign_in_topic``
  with no existing stories and no quote links). Its time, its time per 1k
  articles and the ratio of its per-article time to that of the smallest size
  measured in the same run (near-linear growth keeps the ratio close to 1);
* memory: how far the clustering step pushed the process RSS above what it
  held when the step began (the kernel's high-water mark, reset through
  ``/proc/self/clear_refs``), its tracemalloc peak (memory the step itself
  allocated; tracemalloc slows this allocation-heavy code about 5x, so it is a
  second, untimed pass, only for sizes up to ``--trace-max``) and the process
  max RSS (``resource.getrusage``; the process holds that size's features too).

How the corpora are synthesised, by recombining the 496 real ECB+ articles
(``stories-ecbplus/ecbplus-odd-topics.jsonl``, 21 topics of 2 gold stories):
N articles are K = ceil(N / 496) "universes", the first N in universe order.
Universe k is a copy of the real articles in which every term is tagged with k,
so universes share no vocabulary (no names, words, numbers or shingles): topics
keep their ECB+ sizes and the number of topics grows with N, as in a real
growing corpus. The tag goes inside the word (``election`` -> ``e_7_lection``,
``Tara`` -> ``T_7_ara``, ``2013`` -> ``2013.00007``) rather than after it, so
capitalisation (names), suffix stemming and stop words (left untagged: they are
dropped anyway) work as on the real text; numbers get a fixed-width decimal tag
so they stay one number token. To recombine, each synthetic article is its own
paragraphs plus one paragraph (chosen by a seeded RNG) of another article of
the same gold story, so no article is an exact copy of another. Ids are
16-hex hashes, like the store's. Texts are untitled and undated
(``story_features(id, None, text, None, None)``), so the date terms of the local
similarity are not exercised.

One side effect of tagging: no tagged term is in wordfreq's lists, so every
term gets the maximum background weight (8) and ``background_weight``'s LRU
cache (200k terms) sees a vocabulary growing linearly with N; its hit rate is
printed. The cache is cleared before each clustering step, and a small warm-up
run loads wordfreq, datasketch and scipy before anything is timed.

    python bench/story_scaling.py [--data FILE] [--sizes 1000,10000,100000] [--seed 0] [--trace-max 10000]

``--sizes 1000,10000`` is a quick run (about 3 minutes, most of it the traced
pass); the default takes about 15 minutes on two cores.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import math
import random
import re
import resource
import sys
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.model import StoryFeatures
from storyline.stories import cluster
from storyline.stories.cluster import TopicClusterer, place_articles, story_id_maker
from storyline.stories.dedup import find_duplicates
from storyline.stories.features import story_features

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "bench-data" / "stories-ecbplus" / "ecbplus-odd-topics.jsonl"
DEFAULT_SIZES = (1000, 10_000, 100_000)
PROGRESS_EVERY = 10_000
WARMUP_SIZE = 200
DEFAULT_TRACE_MAX = 10_000

_WORD = re.compile(r"\b(\w+)\b")
_DIGITS = re.compile(r"\d+")


@dataclass(slots=True)
class Row:
    """One corpus size's measurements."""

    n: int
    universes: int
    features_s: float
    cluster_s: float
    duplicates: int
    topics: int
    stories: int
    largest_topic: int
    step_rss_mb: float | None  # RSS high-water mark of the clustering step above the RSS it started at
    traced_peak_mb: float | None  # tracemalloc peak of the clustering step
    rss_mb: float
    cache_hit: float


def load(path: Path) -> list[dict[str, str]]:
    """The real articles: id, gold story and text."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _tag_word(word: str, k: int) -> str:
    if word[0].isdigit():
        digits = _DIGITS.match(word)
        assert digits is not None
        rest = word[digits.end() :]
        return f"{digits.group()}.{k:05d}" + (_tag_word(rest, k) if rest else "")
    if word.lower() in STOP_WORDS or (len(word) < 3 and word[0].islower()):
        return word  # dropped by story_features anyway; their shingles still differ through their neighbours
    return f"{word[0]}_{k}_{word[1:]}"


def tag(text: str, k: int) -> str:
    """``text`` with every term tagged with universe ``k`` (see the module docstring)."""
    return _WORD.sub(lambda m: _tag_word(m.group(1), k), text)


def synthesise(rows: list[dict[str, str]], n: int, seed: int) -> Iterator[tuple[str, str]]:
    """The first ``n`` synthetic articles (id, text); the same seed gives nested corpora."""
    paragraphs = [[p for p in r["text"].split("\n\n") if p.strip()] for r in rows]
    by_story: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_story[r["story"]].append(i)
    made = 0
    for k in range(math.ceil(n / len(rows))):
        for i, r in enumerate(rows):
            if made == n:
                return
            rng = random.Random(f"{seed}-{k}-{r['id']}")
            others = [j for j in by_story[r["story"]] if j != i and paragraphs[j]]
            extra = [rng.choice(paragraphs[rng.choice(others)])] if others else []
            text = tag("\n\n".join(paragraphs[i] + extra), k)
            aid = hashlib.sha1(f"{seed}-{k}-{r['id']}".encode()).hexdigest()[:16]
            made += 1
            yield aid, text


def compute_features(rows: list[dict[str, str]], n: int, seed: int, quiet: bool) -> list[StoryFeatures]:
    out = []
    start = time.perf_counter()
    for aid, text in synthesise(rows, n, seed):
        out.append(story_features(aid, None, text, None, None))
        if not quiet and len(out) % PROGRESS_EVERY == 0:
            rate = len(out) / (time.perf_counter() - start)
            print(f"  features {len(out):>7}/{n}  ({rate:.0f}/s)", file=sys.stderr, flush=True)
    return out


def cluster_stories(features: list[StoryFeatures], quiet: bool) -> tuple[int, int, int, int]:
    """``build_stories``'s clustering on an empty store: duplicates, topics, stories, largest topic."""
    copies = find_duplicates([], features)
    copied = {d.article_id for d in copies}
    fresh_new = sorted(
        (f for f in features if f.article_id not in copied), key=lambda f: (f.date or "9999", f.article_id)
    )
    if not quiet:
        print(f"  duplicates done ({len(copies)} copies)", file=sys.stderr, flush=True)

    topics = TopicClusterer([], new_id=lambda aid: "t-" + aid[:12])
    new_story_id = story_id_maker(set())

    # The library's own placement step, exactly as build_stories calls it.
    _, assigned = place_articles(topics, {}, fresh_new, set(), new_story_id)
    for d in copies:
        assigned[d.article_id] = assigned[d.of]
    if len(assigned) != len(features):
        raise AssertionError(f"{len(assigned)} of {len(features)} articles assigned")
    largest = max((len(topics.topic(t).members) for t in topics.touched), default=0)
    return len(copies), len(topics), len(set(assigned.values())), largest


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _status_mb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise KeyError(field)


def reset_rss_peak() -> float | None:
    """Reset the kernel's RSS high-water mark (Linux clear_refs); the current RSS, or None."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return _status_mb("VmRSS")
    except (OSError, KeyError):
        return None


def measure(rows: list[dict[str, str]], n: int, seed: int, trace_max: int, quiet: bool = False) -> Row:
    if not quiet:
        print(f"N={n}: features", file=sys.stderr, flush=True)
    start = time.perf_counter()
    features = compute_features(rows, n, seed, quiet)
    features_s = time.perf_counter() - start
    if not quiet:
        print(f"N={n}: clustering", file=sys.stderr, flush=True)
    cluster.background_weight.cache_clear()
    gc.collect()
    rss_before = reset_rss_peak()
    start = time.perf_counter()
    duplicates, topics, stories, largest = cluster_stories(features, quiet)
    cluster_s = time.perf_counter() - start
    step_rss = None if rss_before is None else _status_mb("VmHWM") - rss_before
    info = cluster.background_weight.cache_info()
    peak = None
    if n <= trace_max:
        # tracemalloc slows allocation-heavy code ~5x: a second, untimed pass.
        if not quiet:
            print(f"N={n}: clustering again under tracemalloc", file=sys.stderr, flush=True)
        cluster.background_weight.cache_clear()
        gc.collect()
        tracemalloc.start()
        again = cluster_stories(features, quiet=True)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        if again != (duplicates, topics, stories, largest):
            raise AssertionError(f"clustering is not deterministic: {again}")
    row = Row(
        n=n,
        universes=math.ceil(n / len(rows)),
        features_s=features_s,
        cluster_s=cluster_s,
        duplicates=duplicates,
        topics=topics,
        stories=stories,
        largest_topic=largest,
        step_rss_mb=step_rss,
        traced_peak_mb=peak,
        rss_mb=max_rss_mb(),
        cache_hit=info.hits / max(1, info.hits + info.misses),
    )
    del features
    gc.collect()
    return row


def table(rows: list[Row]) -> str:
    base = rows[0].cluster_s / rows[0].n
    head = (
        "N",
        "univ",
        "features s",
        "cluster s",
        "cluster s/1k",
        "per-article ratio",
        "dups",
        "topics",
        "stories",
        "max topic",
        "wf cache hit",
        "step RSS +MB",
        "tracemalloc peak MB",
        "max RSS MB",
    )
    body = [
        (
            f"{r.n:,}",
            str(r.universes),
            f"{r.features_s:.1f}",
            f"{r.cluster_s:.2f}",
            f"{1000 * r.cluster_s / r.n:.3f}",
            f"{(r.cluster_s / r.n) / base:.2f}",
            str(r.duplicates),
            f"{r.topics:,}",
            f"{r.stories:,}",
            str(r.largest_topic),
            f"{100 * r.cache_hit:.0f}%",
            "-" if r.step_rss_mb is None else f"{r.step_rss_mb:.0f}",
            "-" if r.traced_peak_mb is None else f"{r.traced_peak_mb:.0f}",
            f"{r.rss_mb:.0f}",
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(head)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(head, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.rjust(w) for c, w in zip(b, widths, strict=True)) for b in body]
    return "\n".join(lines)


def _short(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="ECB+ articles (JSON lines)")
    parser.add_argument(
        "--sizes",
        default=",".join(str(n) for n in DEFAULT_SIZES),
        help="comma-separated corpus sizes, smallest first is the baseline",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--trace-max",
        type=int,
        default=DEFAULT_TRACE_MAX,
        help="largest size also run under tracemalloc (a second pass, ~5x slower; 0: none)",
    )
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"error: ECB+ data not found: {args.data} (pass --data FILE)", file=sys.stderr)
        return 2
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        print(f"error: --sizes must be comma-separated integers, not {args.sizes!r}", file=sys.stderr)
        return 2
    if not sizes or sizes[0] < 1:
        print("error: --sizes needs at least one positive size", file=sys.stderr)
        return 2
    rows = load(args.data)
    total = time.perf_counter()
    measure(rows, min(WARMUP_SIZE, sizes[0]), args.seed + 1, 0, quiet=True)  # imports, wordfreq lists
    results = [measure(rows, n, args.seed, args.trace_max) for n in sizes]
    print(f"story clustering scaling: {len(rows)} ECB+ articles recombined into {len(results)} corpora")
    print(table(results))
    first, last = results[0], results[-1]
    time_growth = last.cluster_s / first.cluster_s
    print(
        f"growth {_short(first.n)}->{_short(last.n)}: x{last.n / first.n:g} articles, "
        f"x{time_growth:.0f} clustering time (per-article ratio {time_growth * first.n / last.n:.2f})"
    )
    print(f"total run time {time.perf_counter() - total:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
