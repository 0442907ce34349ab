"""Dated events: clause boundaries, tense, participants, and what is not an event."""

from __future__ import annotations

import pytest
from spacy.language import Language

from storyline.model import Event, Mention
from storyline.stages import STAGES
from storyline.temporal.events import extract_events
from storyline.temporal.times import find_times

ANCHOR = "2022-06-20"


def events_of(nlp: Language, text: str, mentions: list[Mention] | None = None) -> list[Event]:
    doc = nlp(text)
    times = find_times(text, anchor=ANCHOR, article_id="a", doc=doc)
    found = extract_events("a", text, doc, times, mentions or [])
    for e in found:
        assert text[e.start : e.end] == e.text
        assert e.start <= e.time_start < e.time_end <= e.end
    return found


def mention(text: str, name: str, chain: int, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Mention(article_id="a", start=start, end=start + len(name), text=name, label="PERSON", chain=chain)


@pytest.mark.parametrize(
    ("text", "value", "clause"),
    [
        # A coordinated clause after the date is cut off.
        (
            "The new bridge over the river was opened on May 3, and the mayor praised its builders.",
            "2022-05-03",
            "The new bridge over the river was opened on May 3",
        ),
        # A participle under a noun: the noun phrase is the event, not the main clause.
        (
            "The treaty signed on March 8 ended the long dispute.",
            "2022-03-08",
            "The treaty signed on March 8",
        ),
        # A fronted date belongs to the main verb; the final full stop is trimmed.
        (
            "On July 14, firefighters contained the blaze near the village.",
            "2021-07-14",
            "On July 14, firefighters contained the blaze near the village",
        ),
        # Under a speech verb the reported clause is the event.
        (
            "Officials said the summit would take place in October.",
            "2022-10",
            "the summit would take place in October",
        ),
        # An infinitive takes its governing verb along ("plans to", "is due to").
        (
            "The minister plans to visit Tokyo on September 2.",
            "2022-09-02",
            "The minister plans to visit Tokyo on September 2",
        ),
        ("The port is due to reopen on August 1.", "2022-08-01", "The port is due to reopen on August 1"),
        # A dateline dates the page; the event is the one dated inside the story.
        (
            "BERLIN, June 20 (Reuters) - The parliament approved the budget on Friday.",
            "2022-06-17",
            "The parliament approved the budget on Friday",
        ),
        ("Prices rose sharply last week.", "2022-W24", "Prices rose sharply last week"),
        (
            "Exports grew in the third quarter of 2021.",
            "2021-Q3",
            "Exports grew in the third quarter of 2021",
        ),
    ],
)
def test_clause(nlp: Language, text: str, value: str, clause: str) -> None:
    found = events_of(nlp, text)
    assert [(e.value, e.text) for e in found] == [(value, clause)]


def test_clause_stays_on_its_line(nlp: Language) -> None:
    text = "Results\nThe commission counted the ballots on May 9\nTurnout was high."
    (event,) = events_of(nlp, text)
    assert event.text == "The commission counted the ballots on May 9"


def test_year_unknown_value_is_kept(nlp: Language) -> None:
    text = "The council met on February 25 to discuss the budget."
    doc = nlp(text)
    found = extract_events("a", text, doc, find_times(text, anchor=None, doc=doc), [])
    assert [e.value for e in found] == ["XXXX-02-25"]


@pytest.mark.parametrize(
    ("text", "tense"),
    [
        ("The referendum was held on June 5.", "past"),
        ("The commission will announce the results on July 1.", "future"),
        ("Voters will go to the polls on July 10.", "future"),
        ("The company plans to list its shares in September.", "future"),
        ("The port is due to reopen on August 1.", "future"),
        ("Organisers are preparing for the upcoming vote in 2024.", "future"),
        ("The company holds its meeting on April 30.", None),
        ("The treaty signed on March 8 ended the long dispute.", "past"),
    ],
)
def test_tense(nlp: Language, text: str, tense: str | None) -> None:
    (event,) = events_of(nlp, text)
    assert event.tense == tense


def test_participants_are_chains_inside_the_clause_in_order(nlp: Language) -> None:
    text = "Ivanova met Okafor in Lagos on May 12, and Ivanova later flew home."
    mentions = [
        mention(text, "Ivanova", 4),
        mention(text, "Okafor", 2),
        mention(text, "Lagos", 7),
        mention(text, "Ivanova", 4, nth=1),  # in the cut-off conjunct: outside the event
    ]
    (event,) = events_of(nlp, text, mentions)
    assert event.text == "Ivanova met Okafor in Lagos on May 12"
    assert event.participants == [4, 2, 7]


def test_participants_deduplicated(nlp: Language) -> None:
    text = "Ivanova said on May 12 that Ivanova would stay."
    mentions = [mention(text, "Ivanova", 1), mention(text, "Ivanova", 1, nth=1)]
    (event,) = events_of(nlp, text, mentions)
    assert event.participants == [1]


@pytest.mark.parametrize(
    "text",
    [
        "Prices have risen recently.",  # PAST_REF
        "The strike lasted for two years.",  # DURATION
        "The market opens every Monday.",  # SET
        "Protesters gathered in the square in the spring.",  # a season is no calendar date here
        "Critics say the economy will improve in the future.",  # FUTURE_REF
        "20 June 2022, 13:56\nThe parliament approved the budget.",  # a timestamp line
        "MOSCOW, June 20 (AP) — Officials were cautious.",  # a dateline
        "LIMA, June 20. Officials were cautious about the harvest.",  # a dateline ending in a full stop
        "Key dates: March 1, April 5.",  # no verb, no participant
    ],
)
def test_not_events(nlp: Language, text: str) -> None:
    assert events_of(nlp, text) == []


def test_one_event_per_time_expression(nlp: Language) -> None:
    text = "The vote was held on June 5. The count ended on June 7, and observers left on June 9."
    found = events_of(nlp, text)
    assert [e.value for e in found] == ["2022-06-05", "2022-06-07", "2022-06-09"]
    assert found[0].text == "The vote was held on June 5"
    assert found[1].text == "The count ended on June 7"


def test_registered_as_a_stage() -> None:
    info = STAGES["events"]
    assert info.func is extract_events
    assert info.assigns == ["events"] and "times" in info.requires


def test_a_russian_dateline_dates_the_page_not_an_event() -> None:
    from storyline.nlp_ru import parse_ru
    from storyline.temporal.times_ru import find_times_ru

    text = "ТБИЛИСИ, 20 июня. Власти сообщили, что мост открыли 18 июня после ремонта."
    doc = parse_ru(text)
    times = find_times_ru(text, anchor=ANCHOR, article_id="a")
    found = extract_events("a", text, doc, times, [])
    assert [e.value for e in found] == ["2022-06-18"]
    assert text[found[0].start : found[0].end] == found[0].text
