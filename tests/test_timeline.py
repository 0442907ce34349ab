"""The corpus timeline: normalised dates, merging, conflicts, year-unknown events, stability."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from storyline.model import Event, InputFailure, TimelineEntry
from storyline.timeline import Timeline, build_timeline, filter_timeline, normalise

_DATE_WORDS = re.compile(r"\b(?:on|in)\s+((?:January|February|March|April|May|June|July|August)(?:\s+\d+)?)")


def ev(
    aid: str,
    text: str,
    value: str,
    *,
    start: int = 0,
    participants: list[int] | None = None,
    tense: str | None = "past",
) -> Event:
    m = _DATE_WORDS.search(text)
    ts, te = (start + m.start(1), start + m.end(1)) if m else (start, start)
    return Event(
        article_id=aid,
        start=start,
        end=start + len(text),
        text=text,
        time_start=ts,
        time_end=te,
        value=value,
        tense=tense,
        participants=participants or [],
    )


def build(
    events: list[Event],
    entity_of: dict[tuple[str, int], str] | None = None,
    published: dict[str, str | None] | None = None,
) -> Timeline:
    aids = {e.article_id for e in events}
    dates: dict[str, str | None] = {a: (None if a.startswith("u") else "2022-07-01") for a in aids}
    return build_timeline(events, {**dates, **(published or {})}, entity_of or {})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-06-05", ("2022-06-05", "day")),
        ("2022-06-05T13:56", ("2022-06-05", "day")),
        ("2022-06", ("2022-06", "month")),
        ("2022", ("2022", "year")),
        ("2022-W24", ("2022-06-13", "week")),  # a week is written as its Monday
        ("2022-Q3", ("2022-07", "quarter")),  # a quarter as its first month
        ("2022-02-30", None),
        ("PRESENT_REF", None),
        ("P2Y", None),
        ("2022-SP", None),
        ("XXXX-06-05", None),  # held back for placement, never a date by itself
    ],
)
def test_normalise(value: str, expected: tuple[str, str] | None) -> None:
    found = normalise(value)
    assert (found[:2] if found else None) == expected


REFERENDUM_A = ev(
    "a1",
    "Voters in Kazakhstan approved sweeping constitutional amendments in a referendum on June 5",
    "2022-06-05",
    participants=[0],
)
REFERENDUM_B = ev(
    "b1",
    "The nationwide referendum held on June 5 changed dozens of articles of the basic law",
    "2022-06-05",
    start=40,
)


def test_same_event_from_two_outlets_is_one_entry() -> None:
    (entry,) = build([REFERENDUM_A, REFERENDUM_B], {("a1", 0): "E-kz"}).entries
    assert entry.date == "2022-06-05" and entry.precision == "day"
    assert entry.article_ids == ["a1", "b1"]
    assert [(v.article_id, v.start, v.end) for v in entry.evidence] == [("a1", 0, 90), ("b1", 40, 124)]
    assert entry.entity_ids == ["E-kz"]
    # The shortest clause of six words or more.
    assert entry.text == REFERENDUM_B.text


def test_shared_participant_merges_different_wording() -> None:
    a = ev("a1", "Ivanova arrived in Lagos on May 12 for two days of talks", "2022-05-12", participants=[3])
    b = ev("b1", "The Estonian envoy Ivanova landed at the airport on May 12", "2022-05-12", participants=[0])
    entity_of = {("a1", 3): "E-ivanova", ("b1", 0): "E-ivanova"}
    (entry,) = build([a, b], entity_of).entries
    assert entry.article_ids == ["a1", "b1"]


def test_different_events_on_the_same_date_stay_apart() -> None:
    quake = ev(
        "a1", "An earthquake struck the northern province on June 5, damaging old houses", "2022-06-05"
    )
    rates = ev("b1", "The central bank cut its key interest rate on June 5 by half a point", "2022-06-05")
    entries = build([quake, rates, REFERENDUM_A]).entries
    assert len(entries) == 3
    assert all(len(e.article_ids) == 1 for e in entries)


def test_month_is_refined_by_day() -> None:
    month = ev("b1", "The referendum on the constitution took place in June 2022", "2022-06")
    (entry,) = build([month, REFERENDUM_A]).entries
    assert (entry.date, entry.precision) == ("2022-06-05", "day")
    assert entry.article_ids == ["a1", "b1"]


def test_coarse_date_with_two_possible_refinements_is_not_guessed() -> None:
    first = ev("a1", "A regional referendum on local taxes was held on June 5 in the north", "2022-06-05")
    second = ev("b1", "A second referendum on water rights was held on June 20 in the south", "2022-06-20")
    month = ev("c1", "Referendum turnout in June was the lowest in a decade", "2022-06")
    entries = build([first, second, month]).entries
    assert [e.date for e in entries] == ["2022-06", "2022-06-05", "2022-06-20"]


def test_year_does_not_join_a_day_on_a_shared_name_alone() -> None:
    visit = ev("a1", "Ivanova visited the flooded districts on May 12", "2022-05-12", participants=[0])
    plans = ev("b1", "Ivanova announced a pension reform in 2022", "2022", participants=[0])
    entity_of = {("a1", 0): "E-ivanova", ("b1", 0): "E-ivanova"}
    assert [e.date for e in build([visit, plans], entity_of).entries] == ["2022", "2022-05-12"]


CONFLICT_A = ev(
    "a1",
    "President Tokayev signed the decree on early parliamentary elections on March 3",
    "2022-03-03",
    participants=[1],
)
CONFLICT_B = ev(
    "b1",
    "President Tokayev signed the decree on early parliamentary elections on March 4",
    "2022-03-04",
    participants=[0],
)
CONFLICT_ENTITIES = {("a1", 1): "E-tokayev", ("b1", 0): "E-tokayev"}


def test_conflicting_dates_are_flagged_on_both_entries() -> None:
    entries = build([CONFLICT_A, CONFLICT_B], CONFLICT_ENTITIES).entries
    assert [(e.date, e.conflicts) for e in entries] == [
        ("2022-03-03", ["2022-03-04"]),
        ("2022-03-04", ["2022-03-03"]),
    ]


def test_one_article_giving_two_dates_is_no_conflict() -> None:
    b = ev("a1", CONFLICT_B.text, "2022-03-04", start=200, participants=[1])
    entries = build([CONFLICT_A, b], {("a1", 1): "E-tokayev"}).entries
    assert [e.conflicts for e in entries] == [[], []]


def test_year_unknown_event_is_placed_by_a_dated_one() -> None:
    undated = ev(
        "u1", "On June 5, a referendum was held in Kazakhstan to amend the constitution", "XXXX-06-05"
    )
    timeline = build([REFERENDUM_A, undated])
    (entry,) = timeline.entries
    assert entry.article_ids == ["a1", "u1"]
    assert timeline.year_hints == {"u1": ["2022-06-05"]}


def test_year_unknown_month_is_placed_in_a_day_entry() -> None:
    undated = ev("u1", "The referendum held in June amended the constitution", "XXXX-06")
    timeline = build([REFERENDUM_A, undated])
    assert timeline.entries[0].article_ids == ["a1", "u1"]
    assert timeline.year_hints == {"u1": ["2022-06-05"]}


def test_ambiguous_year_unknown_event_is_dropped() -> None:
    older = ev("c1", "Voters rejected the previous constitutional referendum on June 5", "2021-06-05")
    undated = ev(
        "u1", "On June 5, a referendum was held in Kazakhstan to amend the constitution", "XXXX-06-05"
    )
    timeline = build([REFERENDUM_A, older, undated])
    assert [e.article_ids for e in timeline.entries] == [["c1"], ["a1"]]
    assert timeline.year_hints == {}


def test_unmatched_year_unknown_event_is_dropped() -> None:
    undated = ev("u1", "The council met on February 25 to discuss the budget", "XXXX-02-25")
    timeline = build([REFERENDUM_A, undated])
    assert [e.article_ids for e in timeline.entries] == [["a1"]]
    assert timeline.year_hints == {}


def test_a_planned_event_gives_no_year_hint() -> None:
    undated = ev("u1", "A referendum will be held on June 5", "XXXX-06-05", tense="future")
    timeline = build([REFERENDUM_A, undated])
    assert timeline.entries[0].article_ids == ["a1", "u1"]
    assert timeline.year_hints == {}


def test_entry_text_is_collapsed_and_trimmed_at_a_word() -> None:
    long = ev("a1", "The   referendum\n" + "and a very long clause " * 20 + "on June 5", "2022-06-05")
    (entry,) = build([long]).entries
    assert "  " not in entry.text and "\n" not in entry.text
    assert len(entry.text) <= 200
    assert long.text.replace("   ", " ").replace("\n", " ").startswith(entry.text)
    assert not entry.text.endswith(" ")


def test_short_clause_is_used_when_nothing_is_long_enough() -> None:
    a = ev("a1", "The referendum on June 5", "2022-06-05")
    (entry,) = build([a]).entries
    assert entry.text == "The referendum on June 5"


def _all_events() -> list[Event]:
    return [
        REFERENDUM_A,
        REFERENDUM_B,
        CONFLICT_A,
        CONFLICT_B,
        ev("c1", "Referendum turnout in June 2022 was reported to be high", "2022-06"),
        ev("c1", "An earthquake struck the northern province on June 5", "2022-06-05", start=90),
        ev("u1", "On June 5, a referendum was held in Kazakhstan", "XXXX-06-05"),
        ev("u1", "Exports grew in the third quarter", "2021-Q3", start=70),
    ]


def _as_rows(entries: list[TimelineEntry]) -> list[tuple[object, ...]]:
    return [(e.id, e.date, e.precision, e.text, e.article_ids, e.evidence, e.conflicts) for e in entries]


def test_order_independent() -> None:
    events = _all_events()
    reference = build(events, CONFLICT_ENTITIES)
    for seed in range(20):
        shuffled = events[:]
        random.Random(seed).shuffle(shuffled)
        again = build(shuffled, CONFLICT_ENTITIES)
        assert _as_rows(again.entries) == _as_rows(reference.entries)
        assert again.year_hints == reference.year_hints


def test_ids_stable_when_an_unrelated_article_arrives() -> None:
    before = {e.date: e.id for e in build(_all_events(), CONFLICT_ENTITIES).entries}
    unrelated = ev("0a", "A new hospital opened its doors in Almaty on May 1", "2022-05-01")
    after = {e.date: e.id for e in build([unrelated, *_all_events()], CONFLICT_ENTITIES).entries}
    assert {d: after[d] for d in before} == before
    assert all(re.fullmatch(r"t[0-9a-f]{12}", i) for i in after.values())


def test_entries_sorted_by_date_then_id() -> None:
    entries = build(_all_events(), CONFLICT_ENTITIES).entries
    assert [(e.date, e.id) for e in entries] == sorted((e.date, e.id) for e in entries)
    assert [e.date for e in entries] == ["2021-07", "2022-03-03", "2022-03-04", "2022-06-05", "2022-06-05"]


# -- the seed corpus: real pipeline pieces end to end ------------------------------------

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "kazakhstan-reforms"


@pytest.fixture(scope="module")
def seed() -> tuple[Timeline, dict[str, str]]:
    from storyline.clean import clean_document
    from storyline.entities.mentions import extract_entities
    from storyline.entities.resolve import resolve
    from storyline.ingest import read_file
    from storyline.nlp import parse
    from storyline.temporal.events import extract_events
    from storyline.temporal.times import find_times

    ids: dict[str, str] = {}  # file prefix ("000") -> article id
    published: dict[str, str | None] = {}
    per_article = []
    events: list[Event] = []
    for path in sorted(SEEDS.glob("*.txt")):
        for raw in read_file(str(path)):
            assert not isinstance(raw, InputFailure), raw
            article = clean_document(raw)
            doc = parse(article.text)
            anchor = article.published if article.published_precision == "day" else None
            times = find_times(article.text, anchor=anchor, article_id=article.id, doc=doc)
            found = extract_entities(article, doc)
            per_article.append(found)
            events += extract_events(article.id, article.text, doc, times, found.mentions)
            ids[path.name[:3]] = article.id
            published[article.id] = article.published
    entity_of = {m: e.id for e in resolve(per_article) for m in e.members}
    return build_timeline(events, published, entity_of), ids


def test_seed_referendum_is_one_entry_placing_the_undated_page(seed: tuple[Timeline, dict[str, str]]) -> None:
    timeline, ids = seed
    (entry,) = [e for e in timeline.entries if e.date == "2022-06-05"]
    # 001 (dated 2022-06-20) gives the year; 000 (undated) says "June 5" twice and joins through it.
    assert entry.article_ids == sorted([ids["000"], ids["001"]])
    assert sum(v.article_id == ids["000"] for v in entry.evidence) == 2
    assert "referendum" in entry.text
    assert timeline.year_hints[ids["000"]] == ["2022-06-05"]


def test_seed_april_visit_joins_both_reports(seed: tuple[Timeline, dict[str, str]]) -> None:
    timeline, ids = seed
    (entry,) = [e for e in timeline.entries if e.date == "2022-04-11"]
    # 001 states "April 11, 2022"; 002 (undated) says "April 11" with Zeya, a shared participant.
    assert entry.article_ids == sorted([ids["001"], ids["002"]])
    assert timeline.year_hints[ids["002"]] == ["2022-04-11"]


def test_seed_election_and_other_dated_events(seed: tuple[Timeline, dict[str, str]]) -> None:
    timeline, ids = seed
    rows = {(e.date, tuple(e.article_ids)) for e in timeline.entries}
    assert ("2022-11-20", (ids["003"],)) in rows  # "Following the November 20 presidential elections"
    assert ("2023", (ids["003"],)) in rows  # "upcoming parliamentary elections in 2023"
    assert ("2019", (ids["004"],)) in rows  # the council created after the 2019 elections
    assert all(e.conflicts == [] for e in timeline.entries)


def test_seed_year_unknown_events_without_a_dated_match_are_dropped(
    seed: tuple[Timeline, dict[str, str]],
) -> None:
    timeline, ids = seed
    dates = {e.date for e in timeline.entries}
    # 004 is undated and nothing dated happened on a February 25: its council meeting
    # cannot be placed. Likewise 002's March 16 address and its "January unrest".
    assert not any(d.endswith(("-02-25", "-03-16")) or d[5:7] == "01" for d in dates)
    assert ids["004"] not in timeline.year_hints
    assert set(timeline.year_hints) == {ids["000"], ids["002"]}


@pytest.mark.parametrize(
    ("date_from", "date_to", "entity_id", "dates"),
    [
        (None, None, None, ["2021-07", "2022-03-03", "2022-03-04", "2022-06-05", "2022-06-05"]),
        ("2022-03", "2022-03-03", None, ["2022-03-03"]),
        ("2021-09", "2022", None, ["2021-07", "2022-03-03", "2022-03-04", "2022-06-05", "2022-06-05"]),
        (None, None, "E-tokayev", ["2022-03-03", "2022-03-04"]),
    ],
)
def test_filter_timeline(
    date_from: str | None, date_to: str | None, entity_id: str | None, dates: list[str]
) -> None:
    entries = build(_all_events(), CONFLICT_ENTITIES).entries
    found = filter_timeline(entries, date_from=date_from, date_to=date_to, entity_id=entity_id)
    assert [e.date for e in found] == dates


@pytest.mark.parametrize(("date_from", "date_to"), [("June", None), (None, "2022-13"), ("2023", "2022")])
def test_filter_timeline_refuses_bad_bounds(date_from: str | None, date_to: str | None) -> None:
    with pytest.raises(ValueError, match="date"):
        filter_timeline([], date_from=date_from, date_to=date_to)


def test_the_prefix_filter_never_hides_a_mergeable_pair() -> None:
    """Within a date, events are scored only against groups sharing a prefix word: any two
    word sets with Jaccard >= MERGE_JACCARD must share one, whatever the word frequencies."""
    from collections import Counter

    from storyline.timeline import MERGE_JACCARD, _Prefixes, jaccard

    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(40)]
    sets = [frozenset(rng.sample(vocabulary, rng.randint(1, 12))) for _ in range(300)]
    groups = _Prefixes(Counter(w for s in sets for w in s))
    checked = 0
    for a in sets:
        for b in sets[:60]:
            if jaccard(a, b) >= MERGE_JACCARD:
                checked += 1
                assert set(groups._prefix(a)) & set(groups._prefix(b)), (sorted(a), sorted(b))
    assert checked > 500


_YEAR_WORDS = [
    "ferry",
    "strike",
    "harbour",
    "levy",
    "ballot",
    "quay",
    "pilots",
    "crane",
    "election",
    "visit",
    "summit",
    "vote",
]


def _random_event(rng: random.Random, aid: str, start: int) -> Event:
    year = rng.choice((2019, 2020, 2021))
    value = rng.choice(
        [
            f"{year}-{rng.randint(1, 12):02d}-{rng.choice((1, 5, 28)):02d}",
            f"{year}-12-{rng.choice((28, 30, 31))}",
            f"{year + 1}-01-0{rng.randint(1, 3)}",
            f"{year}-W{rng.choice(('01', '27', '52', '53'))}",  # 2020-W53 spans New Year
            f"{year}-{rng.randint(1, 12):02d}",
            f"{year}-Q{rng.randint(1, 4)}",
            str(year),
            f"XXXX-{rng.randint(1, 12):02d}-{rng.choice((1, 5, 28)):02d}",
            f"XXXX-{rng.randint(1, 12):02d}",
        ]
    )
    words = rng.sample(_YEAR_WORDS, rng.randint(1, 5))
    return ev(
        aid,
        "the " + " ".join(words) + " went ahead",
        value,
        start=start,
        participants=rng.sample(range(4), rng.randint(0, 2)),
        tense=rng.choice(("past", "future", None)),
    )


@pytest.mark.parametrize("seed", range(30))
def test_building_one_calendar_partition_at_a_time_changes_nothing(seed: int) -> None:
    """Years are grouped apart (a week across New Year joining two); conflicts and
    year-unknown events span them: the result equals one build over every year."""
    from storyline.timeline import _Scratch

    rng = random.Random(seed)
    aids = [f"{'u' if rng.random() < 0.3 else 'a'}{i}" for i in range(12)]
    events = [_random_event(rng, aid, 40 * n) for aid in aids for n in range(rng.randint(1, 6))]
    entity_of = {(aid, c): f"e{rng.randint(0, 5)}" for aid in aids for c in range(4)}
    published = {aid: None if aid.startswith("u") else "2022-07-01" for aid in aids}

    def built(partitioned: bool) -> tuple[list[TimelineEntry], dict[str, list[str]]]:
        with _Scratch(partitioned=partitioned) as scratch:
            scratch.add(events, entity_of)
            hints = scratch.run(lambda ids: {a: published[a] for a in ids})
            return list(scratch.entries()), hints

    parts, whole = built(True), built(False)
    assert parts == whole
    # Every event with a calendar date is on it (2021-W53 is not a week: dropped).
    placed = {(e.article_id, e.start) for entry in parts[0] for e in entry.evidence}
    assert {(e.article_id, e.start) for e in events if normalise(e.value)} <= placed


def _grouped_by_brute_force(
    events: list[Event], entity_of: dict[tuple[str, int], str]
) -> dict[frozenset, list[str]]:
    """The grouping and conflict rules applied naively (every group scanned for every
    event, every pair of events compared, all in memory): the oracle for the indexed,
    streamed build. Each group (its events) -> the dates it conflicts with."""
    from collections import Counter

    from storyline.timeline import (
        CONFLICT_JACCARD,
        PRECISIONS,
        UBIQUITY_MIN_EVENTS,
        UBIQUITY_SHARE,
        _covers,
        _item,
        _same_content,
        jaccard,
        similarity,
    )

    items = [i for e in events if (i := _item(e, entity_of)) is not None and i.first is not None]
    counts = Counter(x for i in items for x in i.entities)
    ubiquitous = frozenset(
        x for x, n in counts.items() if len(items) >= UBIQUITY_MIN_EVENTS and n > UBIQUITY_SHARE * len(items)
    )
    groups: list[list] = []
    for item in sorted(items, key=lambda i: i.order):
        same = [
            (-score, n)
            for n, g in enumerate(groups)
            if (g[0].precision, g[0].date) == (item.precision, item.date)
            and (score := max(similarity(m, item, ubiquitous) for m in g)) > 0
        ]
        if same:
            groups[min(same)[1]].append(item)
            continue
        finer = [
            g
            for g in groups
            if g[0].precision != item.precision
            and _covers(item, g[0].precision, g[0].date, g[0].first, g[0].last)
            and any(_same_content(m, item) for m in g)
        ]
        if len(finer) == 1:
            finer[0].append(item)
        else:
            groups.append([item])
    assert {i.precision for i in items} <= set(PRECISIONS)
    conflicts: list[set[str]] = [set() for _ in groups]
    for n, g in enumerate(groups):
        for h in groups:
            if g[0].precision != h[0].precision or g[0].date == h[0].date:
                continue
            if any(
                x.event.article_id != y.event.article_id
                and x.entities & y.entities
                and jaccard(frozenset(x.words), frozenset(y.words)) >= CONFLICT_JACCARD
                for x in g
                for y in h
            ):
                conflicts[n].add(h[0].date)
    return {
        frozenset((i.event.article_id, i.event.start) for i in g): sorted(c)
        for g, c in zip(groups, conflicts, strict=True)
    }


def _reported_events(seed: int) -> tuple[list[Event], dict[tuple[str, int], str]]:
    """A random year of events where later reports repeat earlier ones, at the same date,
    a coarser one, or another date of the same precision (a dispute)."""
    rng = random.Random(1000 + seed)
    year = 2020
    values = [
        *(f"{year}-{m:02d}-{d:02d}" for m in (2, 3, 6) for d in (1, 2, 28, 29)),
        f"{year}-W05",  # Jan 27 - Feb 2: across two months
        f"{year}-W09",  # Feb 24 - Mar 1
        f"{year}-W23",
        f"{year}-02",
        f"{year}-03",
        f"{year}-06",
        f"{year}-Q1",
        f"{year}-Q2",
        str(year),
    ]
    vocabulary = [
        *_YEAR_WORDS,
        *(
            f"{a}{b}"
            for a in ("kel", "dor", "vin", "sap", "mur", "tal")
            for b in ("ta", "mo", "ri", "un", "ek")
        ),
    ]
    events: list[Event] = []
    for n in range(rng.randint(40, 90)):
        if events and rng.random() < 0.5:  # another report of an earlier event, perhaps less precise
            earlier = events[rng.randrange(len(events))]
            words = earlier.text.split()[1:] + rng.sample(vocabulary, 1)
            # The same precision, another date: a dispute over when it happened.
            precision = (normalise(earlier.value) or ("", ""))[1]
            disputed = rng.choice([v for v in values if (normalise(v) or ("", ""))[1] == precision] or values)
            value = rng.choice((earlier.value, earlier.value[:7], earlier.value[:4], disputed, disputed))
            participants = earlier.participants
        else:
            words, value = rng.sample(vocabulary, rng.randint(2, 5)), rng.choice(values)
            participants = rng.sample(range(4), rng.randint(0, 2))
        events.append(
            ev(
                f"a{rng.randint(0, 15)}",
                "the " + " ".join(words),
                value,
                start=40 * n,
                participants=participants,
            )
        )
    # Most articles name the same entities by the same chains: reports share participants.
    entity_of = {
        (f"a{a}", c): f"e{c}" if a % 4 else f"e{rng.randint(0, 6)}" for a in range(16) for c in range(4)
    }
    return events, entity_of


def _streamed(events: list[Event], entity_of: dict[tuple[str, int], str]) -> dict[frozenset, list[str]]:
    from storyline.timeline import _Scratch

    with _Scratch() as scratch:
        scratch.add(events, entity_of)
        scratch.run(lambda ids: dict.fromkeys(ids, "2021-01-01"))
        return {
            frozenset((e.article_id, e.start) for e in entry.evidence): entry.conflicts
            for entry in scratch.entries()
        }


@pytest.mark.parametrize("seed", range(40))
def test_the_streamed_grouping_equals_the_rules_applied_naively(seed: int) -> None:
    """Groups are made one date at a time, coarser dates finding their finer groups
    through the scratch file, and conflicts found group by group through prefix words:
    the same groups and conflicts as scanning every group and pair."""
    events, entity_of = _reported_events(seed)
    assert _streamed(events, entity_of) == _grouped_by_brute_force(events, entity_of)


def test_the_random_years_exercise_coarse_joins_and_disputes() -> None:
    joined = disputed = 0
    for seed in range(40):
        events, entity_of = _reported_events(seed)
        built = _streamed(events, entity_of)
        value_of = {(e.article_id, e.start): e.value for e in events}
        joined += any(len({value_of[x] for x in g}) > 1 for g in built)  # a coarser date joined
        disputed += any(built.values())
    assert joined >= 30 and disputed >= 20, (joined, disputed)
