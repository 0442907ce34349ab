"""Story clustering on made-up reports: same-kind events apart, one event together, incremental."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from storyline.model import StoryFeatures
from storyline.stories import cluster
from storyline.stories.cluster import (
    TopicClusterer,
    background_weight,
    event_span,
    gap_matrix,
    local_similarity,
    place_articles,
    story_id_maker,
    topic_vector,
)
from storyline.stories.features import story_features

from .corpus import FINAL, OTHER_NEWS, PORT_STRIKE, QUAKE_A, QUAKE_B
from .test_features import times_of


def feats(prefix: str, reports: list[tuple[str, str]], dated: bool = True) -> list[StoryFeatures]:
    out = []
    for i, (title, text) in enumerate(reports):
        aid = f"{prefix}{i}"
        out.append(story_features(aid, title, text, None, times_of(aid, text) if dated else None))
    return out


def cluster_all(features: list[StoryFeatures], linked: set[frozenset[str]] | None = None) -> dict[str, str]:
    """Stories, then topics, as the corpus stage does on a first run."""
    topics = TopicClusterer([], new_id=lambda aid: "t-" + aid)
    _, story_of = place_articles(topics, {}, {}, features, linked or set(), lambda ids: "s-" + min(ids))
    return story_of


def test_rare_words_weigh_more_than_common_ones() -> None:
    assert background_weight("juchitan") > background_weight("earthquake") > background_weight("the")


def test_two_earthquakes_are_two_stories() -> None:
    a, b, final = feats("a", QUAKE_A), feats("b", QUAKE_B), feats("f", FINAL)
    topics = TopicClusterer([], new_id=lambda aid: "t-" + aid)
    topic, story = place_articles(topics, {}, {}, a + b + final, set(), story_id_maker(set()))
    assert topic["a0"] == topic["a1"] == topic["a2"] != topic["f0"] == topic["f1"]
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
    # Lead days one day apart overlap as report spans; 263 days apart leave the floor.
    assert np.isclose(dated[0, 1], undated[0, 1])
    assert undated[0, 2] > 0.3
    assert np.isclose(dated[0, 2], undated[0, 2] * cluster.DATE_FLOOR, atol=1e-3)


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

    topics = TopicClusterer([], new_id=lambda aid: "t-" + aid)
    for fs in existing.values():
        topics.add_group([f.article_id for f in fs], topic_vector(fs[0]))
    topic_of_story = {"s-quake-a": "t-a0", "s-quake-b": "t-b0"}
    before = {sid: [f.article_id for f in fs] for sid, fs in existing.items()}
    topic, out = place_articles(topics, existing, topic_of_story, [a[2], b[2]], set(), new_id)
    assert out == {"a2": "s-quake-a", "b2": "s-quake-b"}
    assert topic == {"a2": "t-a0", "b2": "t-b0"}
    assert made == []
    # What was passed in is read, never changed.
    assert {sid: [f.article_id for f in fs] for sid, fs in existing.items()} == before


def test_a_small_group_compares_on_english_term_weights() -> None:
    final = feats("f", FINAL)
    assert local_similarity(final, set())[0, 1] > cluster.STORY_THRESHOLD
    quakes = [feats("a", QUAKE_A, dated=False)[0], feats("b", QUAKE_B, dated=False)[0]]
    assert local_similarity(quakes, set())[0, 1] < cluster.STORY_THRESHOLD


def test_a_new_event_opens_a_new_story() -> None:
    a, b = feats("a", QUAKE_A), feats("b", QUAKE_B)
    topics = TopicClusterer([], new_id=lambda aid: "t-" + aid)
    topics.add_group([f.article_id for f in a], topic_vector(a[0]))
    _, out = place_articles(
        topics, {"s-quake-a": a}, {"s-quake-a": "t-a0"}, b, set(), lambda ids: "s-new-" + min(ids)
    )
    assert set(out.values()) == {"s-new-b0"}


def test_large_topics_are_processed_in_bounded_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster, "MAX_LOCAL", 4)
    a, b = feats("a", QUAKE_A), feats("b", QUAKE_B)
    interleaved = [f for pair in itertools.zip_longest(a, b) for f in pair if f]
    topics = TopicClusterer([], new_id=lambda aid: "t-" + aid)
    _, out = place_articles(topics, {}, {}, interleaved, set(), lambda ids: "s-" + min(ids))
    assert len({out[f.article_id] for f in a}) == 1
    assert len({out[f.article_id] for f in b}) == 1
    assert out["a0"] != out["b0"]


def dated(
    aid: str,
    published: str | None,
    event: str | None = None,
    window: tuple[str | None, str | None] | None = None,
) -> StoryFeatures:
    return StoryFeatures(article_id=aid, published=published, event_date=event, window=window)


@pytest.mark.parametrize(
    ("a", "b", "days"),
    [
        # Published a day apart, nothing else known: the later one may report the day before.
        (dated("a", "2021-03-02"), dated("b", "2021-03-03"), 0),
        (dated("a", "2021-03-02"), dated("b", "2021-03-05"), 2),
        # The lead's day counts when it is shortly before publication.
        (dated("a", "2021-03-02"), dated("b", "2021-03-06", "2021-03-02"), 0),
        # A lead day long before publication is background: the publication day stands.
        (dated("a", "2021-03-02"), dated("b", "2021-06-06", "2021-03-02"), 95),
        (dated("a", "2021-03-02"), dated("b", None, "2021-11-20"), 263),
        # A page known only to be from June 2021 (or after June 5) overlaps any June day.
        (dated("a", "2021-06-20"), dated("b", None, window=("2021-06-01", "2021-06-30")), 0),
        (dated("a", "2021-08-20"), dated("b", None, window=("2021-06-01", "2021-06-30")), 50),
        (dated("a", "2021-08-20"), dated("b", None, window=("2021-06-05", None)), 0),
        # Without a year, the fewest days that can lie between the two days of the year.
        (dated("a", None, "XXXX-04-11"), dated("b", None, "XXXX-06-05"), 55),
        (dated("a", None, "XXXX-12-30"), dated("b", None, "XXXX-01-02"), 3),
        (dated("a", None, "XXXX-04-11"), dated("b", "2022-06-05"), 55),
        # No time signal at all: nothing is known, nothing is held against them.
        (dated("a", None), dated("b", "2022-06-05"), 0),
    ],
)
def test_days_between_reported_events(a: StoryFeatures, b: StoryFeatures, days: int) -> None:
    gaps = gap_matrix([a, b])
    assert (0 if gaps is None else gaps[0, 1]) == days


def test_an_undated_page_without_window_has_no_span() -> None:
    assert event_span(dated("a", None)) is None
    assert event_span(dated("a", "2021-03-02")) is not None


def test_two_events_of_one_subject_days_apart_are_two_stories_each_outlet_joins_its_event() -> None:
    fs = [
        story_features(f"p{i}", title, text, day)
        for i, (day, title, text) in enumerate(PORT_STRIKE + OTHER_NEWS)
    ]
    topics = TopicClusterer([], new_id=lambda aid: "t-" + aid)
    topic, story = place_articles(topics, {}, {}, fs, set(), story_id_maker(set()))
    # The walkout, reported the next day by another outlet with another slant, is one story.
    assert story["p0"] == story["p1"]
    # The deal four days later, reported on two days, is another.
    assert story["p2"] == story["p3"] != story["p0"]
    # Both are one subject; the weather, the chess and the rates are not part of it.
    assert topic["p0"] == topic["p2"]
    assert len({story[f"p{i}"] for i in range(4, 7)} | {story["p0"], story["p2"]}) == 5


def test_the_same_subject_fed_day_by_day_gives_the_same_stories() -> None:
    fs = [
        story_features(f"p{i}", title, text, day)
        for i, (day, title, text) in enumerate(PORT_STRIKE + OTHER_NEWS)
    ]
    topics = TopicClusterer([], new_id=lambda aid: "t-" + aid)
    existing: dict[str, list[StoryFeatures]] = {}
    topic_of_story: dict[str, str] = {}
    story: dict[str, str] = {}
    new_id = story_id_maker(set())
    for day in sorted({f.published for f in fs if f.published}):
        batch = [f for f in fs if f.published == day]
        topic, placed = place_articles(topics, existing, topic_of_story, batch, set(), new_id)
        for f in batch:
            existing.setdefault(placed[f.article_id], []).append(f)
            topic_of_story[placed[f.article_id]] = topic[f.article_id]
        story.update(placed)
    assert story["p0"] == story["p1"]
    assert story["p2"] == story["p3"] != story["p0"]
