"""find_times: sentence + anchor -> (text, type, value), for every rule."""

from __future__ import annotations

import itertools

import pytest
from spacy.language import Language

from storyline.temporal.times import find_times

A = "2022-06-20"  # a Monday, ISO week 25

CASES: list[tuple[str, str | None, tuple[str, str, str]]] = [
    # absolute dates
    ("The treaty was signed on June 5, 2022 in Astana.", A, ("June 5, 2022", "DATE", "2022-06-05")),
    ("The treaty was signed on 5 June 2022 in Astana.", A, ("5 June 2022", "DATE", "2022-06-05")),
    ("Filed 2022-06-05 by the clerk.", A, ("2022-06-05", "DATE", "2022-06-05")),
    ("The memo is dated 7/8/07.", A, ("7/8/07", "DATE", "2007-07-08")),
    ("Prices rose in June 2021.", A, ("June 2021", "DATE", "2021-06")),
    ("The law was passed in 2019.", A, ("2019", "DATE", "2019")),
    ("Inflation was low in the 1990s.", A, ("1990s", "DATE", "199")),
    ("It peaked in the '80s.", A, ("'80s", "DATE", "198")),
    ("Sales fell in Q1 2022.", A, ("Q1 2022", "DATE", "2022-Q1")),
    ("Sales fell in the first quarter of 2022.", A, ("the first quarter of 2022", "DATE", "2022-Q1")),
    ("Growth slowed in the first half of 2021.", A, ("the first half of 2021", "DATE", "2021-H1")),
    ("The plant opened in spring 2021.", A, ("spring 2021", "DATE", "2021-SP")),
    ("Work slowed at the end of 2021.", A, ("the end of 2021", "DATE", "2021")),
    ("The merger closed in early 2020.", A, ("early 2020", "DATE", "2020")),
    # partial dates resolved with tense
    ("June 5, a referendum was held on the constitution.", A, ("June 5", "DATE", "2022-06-05")),
    ("The vote will be held in March.", "2023-01-10", ("March", "DATE", "2023-03")),
    ("The vote was held in March.", "2023-01-10", ("March", "DATE", "2022-03")),
    ("A hearing is set for June 25.", A, ("June 25", "DATE", "2022-06-25")),
    ("Protesters gathered on Thursday.", A, ("Thursday", "DATE", "2022-06-16")),
    ("The minister will visit on Thursday.", A, ("Thursday", "DATE", "2022-06-23")),
    ("He resigned last Monday.", A, ("last Monday", "DATE", "2022-06-13")),
    ("The January unrest left many dead.", A, ("January", "DATE", "2022-01")),
    ("He left last September.", A, ("last September", "DATE", "2021-09")),
    ("Dealers will be told after October of next year.", A, ("October", "DATE", "2023-10")),
    ("Output rose in the fourth quarter.", "2023-01-15", ("the fourth quarter", "DATE", "2022-Q4")),
    ("Sales rose in the last week of March.", "2009-04-01", ("the last week of March", "DATE", "2009-W13")),
    # relative dates
    ("Talks resume today.", A, ("today", "DATE", "2022-06-20")),
    ("Talks ended yesterday.", A, ("yesterday", "DATE", "2022-06-19")),
    ("Talks resume tomorrow.", A, ("tomorrow", "DATE", "2022-06-21")),
    ("Shares fell earlier today.", A, ("earlier today", "DATE", "2022-06-20")),
    ("Protests erupted last week.", A, ("last week", "DATE", "2022-W24")),
    ("Talks continue this week.", A, ("this week", "DATE", "2022-W25")),
    ("Rates rise next month.", A, ("next month", "DATE", "2022-07")),
    ("Growth was weak last year.", A, ("last year", "DATE", "2021")),
    ("Growth is weak this year.", A, ("this year", "DATE", "2022")),
    ("He was appointed earlier this year.", A, ("earlier this year", "DATE", "2022")),
    ("They meet this weekend.", A, ("this weekend", "DATE", "2022-W25-WE")),
    ("Elections are due by the end of the year.", A, ("the end of the year", "DATE", "2022")),
    ("The plan was drafted two years ago.", A, ("two years ago", "DATE", "2020")),
    ("The plan was drafted three months ago.", A, ("three months ago", "DATE", "2022-03")),
    ("It collapsed a week ago.", A, ("a week ago", "DATE", "2022-06-13")),
    ("They voted in the upcoming parliamentary elections in 2023.", A, ("2023", "DATE", "2023")),
    ("Profit was $5 billion; the year before it had lost money.", A, ("the year before", "DATE", "2021")),
    # reference values
    ("The party now holds a majority.", A, ("now", "DATE", "PRESENT_REF")),
    ("He currently lives abroad.", A, ("currently", "DATE", "PRESENT_REF")),
    ("She recently returned.", A, ("recently", "DATE", "PAST_REF")),
    ("Reforms are planned for the future.", A, ("the future", "DATE", "FUTURE_REF")),
    ("A decision is expected very soon.", A, ("very soon", "DATE", "FUTURE_REF")),
    # times
    ("The quake struck at 13:56.", A, ("13:56", "TIME", "2022-06-20T13:56")),
    ("The quake struck at 11:03 PM.", A, ("11:03 PM", "TIME", "2022-06-20T23:03")),
    ("Trading halted at 14:48 UTC.", A, ("14:48 UTC", "TIME", "2022-06-20T14:48Z")),
    ("The flight left Tuesday at 18:00 UTC.", A, ("18:00 UTC", "TIME", "2022-06-14T18:00Z")),
    ("The minister spoke this morning.", A, ("this morning", "TIME", "2022-06-20TMO")),
    ("The minister speaks tonight.", A, ("tonight", "TIME", "2022-06-20TNI")),
    ("Shots were heard last night.", A, ("last night", "TIME", "2022-06-19TNI")),
    ("He spoke on Friday morning.", A, ("Friday morning", "TIME", "2022-06-17TMO")),
    # durations
    ("The war lasted two years.", A, ("two years", "DURATION", "P2Y")),
    ("The strike lasted 24 hours.", A, ("24 hours", "DURATION", "PT24H")),
    ("He has ruled for over 30 years.", A, ("over 30 years", "DURATION", "P30Y")),
    ("Talks took several months.", A, ("several months", "DURATION", "PXM")),
    ("He lived there for about two years.", A, ("about two years", "DURATION", "P2Y")),
    (
        "The delay lasted almost two and a half years.",
        A,
        ("almost two and a half years", "DURATION", "P2.5Y"),
    ),
    ("Shares fell over the past five trading days.", A, ("the past five trading days", "DURATION", "P5D")),
    ("Prices doubled over the past year.", A, ("the past year", "DURATION", "P1Y")),
    ("He signed a 12-year contract.", A, ("12-year", "DURATION", "P12Y")),
    ("The worst fall in over a decade.", A, ("over a decade", "DURATION", "P10Y")),
    ("Prices have risen for years.", A, ("years", "DURATION", "PXY")),
    ("The record fell in thirty minutes.", A, ("thirty minutes", "DURATION", "PT30M")),
    # sets
    ("Elections are held every year.", A, ("every year", "SET", "P1Y")),
    ("The report is published annually.", A, ("annually", "SET", "P1Y")),
    ("The paper appears weekly.", A, ("weekly", "SET", "P1W")),
    ("Rents are reviewed each month.", A, ("each month", "SET", "P1M")),
    ("The fund reports quarterly.", A, ("quarterly", "SET", "P1Q")),
    ("The plant makes $2 million a year.", A, ("a year", "SET", "P1Y")),
    # no anchor: relative values stay unresolved
    ("June 5, a referendum was held.", None, ("June 5", "DATE", "XXXX-06-05")),
    ("Protests erupted last week.", None, ("last week", "DATE", "PAST_REF")),
    ("Talks resume tomorrow.", None, ("tomorrow", "DATE", "FUTURE_REF")),
    ("They met on Monday.", None, ("Monday", "DATE", "XXXX-WXX-1")),
    ("The law was passed in 2019.", None, ("2019", "DATE", "2019")),
]


def _triples(sentence: str, anchor: str | None, nlp: Language | None) -> list[tuple[str, str, str]]:
    doc = nlp(sentence) if nlp is not None else None
    return [(t.text, t.type, t.value) for t in find_times(sentence, anchor=anchor, doc=doc)]


@pytest.mark.parametrize(("sentence", "anchor", "expected"), CASES)
def test_with_parse(sentence: str, anchor: str | None, expected: tuple[str, str, str], nlp: Language) -> None:
    assert expected in _triples(sentence, anchor, nlp)


@pytest.mark.parametrize(("sentence", "anchor", "expected"), CASES)
def test_without_parse(sentence: str, anchor: str | None, expected: tuple[str, str, str]) -> None:
    assert expected in _triples(sentence, anchor, None)


@pytest.mark.parametrize(
    "sentence",
    [
        "The Russell 2000 index fell.",
        "He may resign.",
        "Prices fall when demand drops.",
        "He bought 2000 shares.",
        "Apple released iLife '11 on Wednesday.",
        "Markets fell on Black Monday.",
        "A second look at the data.",
        "About a quarter of the dealers closed.",
    ],
)
def test_not_times(sentence: str) -> None:
    found = {t.text.lower() for t in find_times(sentence, anchor=A)}
    assert not found & {"2000", "may", "fall", "'11", "monday", "a second", "about a quarter"}


def test_offsets_exact_and_anchored(nlp: Language) -> None:
    text = "On June 5, 2022 the vote was held.\nProtests erupted last week, and for about two years before."
    found = find_times(text, anchor=A, article_id="a1", doc=nlp(text))
    assert found
    for t in found:
        assert text[t.start : t.end] == t.text
        assert t.article_id == "a1"
    anchored = {t.text: t.anchored for t in found}
    assert anchored["June 5, 2022"] == "none"  # absolute: nothing was resolved
    assert anchored["last week"] == "published"


def test_window_anchor_recorded() -> None:
    (t,) = find_times("They met last week.", anchor=A, anchored="window")
    assert t.anchored == "window"


def test_no_anchor_marks_none() -> None:
    assert all(t.anchored == "none" for t in find_times("They met last week and on June 5.", anchor=None))


def test_bad_anchor_says_what_is_expected() -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        find_times("today", anchor="20 June 2022")


def test_doc_must_match_text(nlp: Language) -> None:
    with pytest.raises(ValueError, match=r"doc\.text"):
        find_times("today", anchor=A, doc=nlp("yesterday"))


def test_no_overlaps() -> None:
    text = "On Monday, June 5, 2022 at 14:48 UTC, the first quarter of 2022 ended two years ago last week."
    found = find_times(text, anchor=A)
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
