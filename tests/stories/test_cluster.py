"""Story clustering on made-up reports: same-kind events apart, one event together, incremental."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from storyline.model import StoryFeatures
from storyline.stories import cluster
from storyline.stories.cluster import (
    TopicClusterer,
    assign_in_topic,
    background_weight,
    local_similarity,
    topic_vector,
)
from storyline.stories.features import story_features

from .corpus import FINAL, QUAKE_A, QUAKE_B
from .test_features import times_of


def feats(prefix: str, reports: list[tuple[str, str]], dated: bool = True) -> list[StoryFeatures]:
    out = []
    for i, (title, text) in enumerate(reports):
        aid = f"{prefix}{i}"
        out.append(story_features(aid, title, text, None, times_of(aid, text) if dated else None))
    return out


def cluster_all(features: list[StoryFeatures], linked: set[frozenset[str]] | None = None) -> dict[str, str]:
    """Topics, then stories inside each topic, as the corpus stage does on a first run."""
    topics = TopicClusterer([], new_id=lambda aid: "t-" + aid)
    by_topic: dict[str, list[StoryFeatures]] = {}
    for f in features:
        by_topic.setdefault(topics.add(f.article_id, topic_vector(f)), []).append(f)
    story_of: dict[str, str] = {}
    for members in by_topic.values():
        story_of.update(assign_in_topic({}, members, linked or set(), lambda ids: "s-" + min(ids)))
    return story_of


def test_rare_words_weigh_more_than_common_ones() -> None:
    assert background_weight("juchitan") > background_weight("earthquake") > background_weight("the")


def test_two_earthquakes_are_two_stories() -> None:
    a, b, final = feats("a", QUAKE_A), feats("b", QUAKE_B), feats("f", FINAL)
    topics = TopicClusterer([], new_id=lambda aid: "t-" + aid)
    topic = {f.article_id: topics.add(f.article_id, topic_vector(f)) for f in a + b + final}
    assert topic["a0"] == topic["a1"] == topic["a2"] != topic["f0"] == topic["f1"]
    story = cluster_all(a + b + final)
    assert len({story[f.article_id] for f in a}) == 1
    assert len({story[f.article_id] for f in b}) == 1
    assert story["a0"] != story["b0"]
    assert story["f0"] == story["f1"] != story["a0"]


def test_without_dates_the_names_still_split_the_events() -> None:
    story = cluster_all(feats("a", QUAKE_A, dated=False) + feats("b", QUAKE_B, dated=False))
    assert story["a0"] == story["a1"] == story["a2"] != story["b0"] == story["b1"] == story["b2"]


def test_far_apart_lead_dates_pull_articles_apart() -> None:
    text = "Flooding closed the ring road in {city} on {day}, the mayor said, and schools shut for the week."
    reports = [
        ("Floods in Leeds", text.format(city="Leeds", day="March 2, 2021")),
        ("Floods in Leeds", text.format(city="Leeds", day="March 3, 2021")),
        ("Floods in Leeds", text.format(city="Leeds", day="November 20, 2021")),
        ("Floods in Porto", text.format(city="Porto", day="January 9, 2022")),
    ]
    dated = local_similarity(feats("x", reports), set())
    undated = local_similarity(feats("x", reports, dated=False), set())
    # One day apart costs little; 263 days apart leaves almost nothing.
    assert np.isclose(dated[0, 1], undated[0, 1] * np.exp(-1 / cluster.DATE_TAU_DAYS))
    assert undated[0, 2] > 0.3 and dated[0, 2] < 0.001


def test_a_shared_statement_draws_two_articles_together() -> None:
    fs = feats("a", QUAKE_A, dated=False) + feats("b", QUAKE_B, dated=False)
    plain = local_similarity(fs, set())
    linked = local_similarity(fs, {frozenset(("a0", "b0"))})
    assert np.isclose(linked[0, 3], min(1.0, plain[0, 3] + cluster.QUOTE_BONUS))
    assert np.isclose(linked[1, 4], plain[1, 4])


def test_new_articles_attach_to_existing_stories_without_moving_old_ones() -> None:
    a, b = feats("a", QUAKE_A), feats("b", QUAKE_B)
    existing = {"s-quake-a": a[:2], "s-quake-b": b[:2]}
    made: list[list[str]] = []

    def new_id(ids: list[str]) -> str:
        made.append(ids)
        return "s-new-" + min(ids)

    out = assign_in_topic(existing, [a[2], b[2]], set(), new_id)
    assert out == {"a2": "s-quake-a", "b2": "s-quake-b"}
    assert made == []
    # The old members are where they were: the stories given are read, never changed.
    assert [f.article_id for f in existing["s-quake-a"]] == ["a0", "a1"]


def test_two_articles_of_one_topic_are_one_story_unless_dated_apart() -> None:
    final = feats("f", FINAL)
    assert local_similarity(final, set())[0, 1] == 1.0
    quakes = [feats("a", QUAKE_A)[0], feats("b", QUAKE_B)[0]]
    assert local_similarity(quakes, set())[0, 1] < 0.001


def test_a_new_event_opens_a_new_story() -> None:
    a, b = feats("a", QUAKE_A), feats("b", QUAKE_B)
    out = assign_in_topic({"s-quake-a": a}, b, set(), lambda ids: "s-new-" + min(ids))
    assert set(out.values()) == {"s-new-b0"}


def test_large_topics_are_processed_in_bounded_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster, "MAX_LOCAL", 4)
    a, b = feats("a", QUAKE_A), feats("b", QUAKE_B)
    interleaved = [f for pair in itertools.zip_longest(a, b) for f in pair if f]
    out = assign_in_topic({}, interleaved, set(), lambda ids: "s-" + min(ids))
    assert len({out[f.article_id] for f in a}) == 1
    assert len({out[f.article_id] for f in b}) == 1
    assert out["a0"] != out["b0"]


@pytest.mark.parametrize(
    ("a", "b", "days"),
    [
        ("2021-03-02", "2021-11-20", 263),
        ("XXXX-04-11", "XXXX-06-05", 55),
        # Without a year, the fewest days that can lie between them (across New Year).
        ("XXXX-12-30", "XXXX-01-02", 3),
        ("XXXX-04-11", "2022-06-05", 55),
    ],
)
def test_days_between_lead_days(a: str, b: str, days: int) -> None:
    assert cluster._days(a, b) == days


def _random_vectors(seed: int, n: int) -> list[tuple[str, dict[str, float]]]:
    """Article vectors over a small vocabulary, so topics share terms and compete."""
    import random

    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(40)] + [f"n:p{i}" for i in range(15)]
    out = []
    for i in range(n):
        terms = rng.sample(vocab, rng.randint(2, 9))
        out.append((f"a{i:03d}", {t: rng.uniform(0.1, 1.0) for t in terms}))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_topics_spilled_to_disk_are_the_topics_held_in_memory(seed: int) -> None:
    vectors = _random_vectors(seed, 120)
    held = TopicClusterer([], new_id=lambda aid: "t-" + aid)
    first = [held.add(aid, v) for aid, v in vectors[:80]]
    before = [held.topic(t) for t in sorted(held.touched)]
    # A second run starts from the stored topics; the spilled one holds three centroids.
    again = TopicClusterer(
        [cluster.Topic(id=t.id, centroid=dict(t.centroid), members=list(t.members)) for t in before],
        new_id=lambda aid: "t-" + aid,
    )
    with TopicClusterer(
        [cluster.Topic(id=t.id, centroid=dict(t.centroid), members=list(t.members)) for t in before],
        new_id=lambda aid: "t-" + aid,
        spill=True,
        cache=3,
    ) as spilled:
        gone = "t-" + vectors[0][0]  # a fallback naming a topic must find it on disk too
        late = [
            (again.add(aid, v, lambda: gone), spilled.add(aid, v, lambda: gone)) for aid, v in vectors[80:]
        ]
        assert [a for a, _ in late] == [b for _, b in late]
        assert len(spilled) == len(again) and spilled.touched == again.touched
        for t in sorted(again.touched):
            mine, theirs = spilled.topic(t), again.topic(t)
            assert (mine.members, mine.centroid) == (theirs.members, theirs.centroid)
        with pytest.raises(KeyError):
            spilled.topic("t-none")
    assert len(set(first)) >= 3  # the vectors do open several topics
