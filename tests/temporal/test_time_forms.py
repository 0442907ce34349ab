"""The time forms of issue 17 (durations, bare years, seasons, parts of the day, fiscal years),
each beside near-misses that must not be tagged. Every sentence is made up."""

from __future__ import annotations

import pytest
from spacy.language import Language

from storyline.temporal.times import find_times

A = "2031-04-16"  # a Wednesday, in spring

Expected = list[tuple[str, str, str]]

CASES: list[tuple[str, Expected]] = [
    # durations
    ("The ferry captain served eight years on the lake.", [("eight years", "DURATION", "P8Y")]),
    ("The orchard rested for a month.", [("a month", "DURATION", "P1M")]),
    ("Tolls will stay flat over the next few months.", [("the next few months", "DURATION", "PXM")]),
    ("Repairs will continue in the coming weeks.", [("the coming weeks", "DURATION", "PXW")]),
    ("Rents climbed over the past few years.", [("the past few years", "DURATION", "PXY")]),
    ("The choir shrank over the last couple of years.", [("the last couple of years", "DURATION", "P2Y")]),
    ("The glacier moved in just minutes.", [("minutes", "DURATION", "PTXM")]),
    ("The governor began a four-year term.", [("four-year", "DURATION", "P4Y")]),
    ("The dock strike lasted a month.", [("a month", "DURATION", "P1M")]),
    ("The rebuild will take a decade.", [("a decade", "DURATION", "P10Y")]),
    ("A week-long festival ended.", [("week-long", "DURATION", "P1W")]),
    ("The ferry costs $40 a month.", [("a month", "SET", "P1M")]),
    # ... and what is not one
    ("The governor began a second term.", []),
    ("The rule was signed in the final days of the old cabinet.", []),
    ("The runner came second in the relay.", []),
    ("The pianist paused for a second.", []),
    ("A month of rain followed.", []),
    ("The town kept about a quarter, of its buses.", []),
    # bare years
    ("The lighthouse was rebuilt in 2009.", [("2009", "DATE", "2009")]),
    ("Trams have run here since 1998.", [("1998", "DATE", "1998")]),
    ("Output stalled by mid-2027.", [("mid-2027", "DATE", "2027")]),
    # ... and numbers that are not years
    ("The depot employs 2000 drivers and owns 1500 buses.", []),
    ("The clinic is in Room 2010 beside Gate 1990.", []),
    ("The index closed at 2015.5 points.", []),
    # seasons, against the anchor's year
    ("The canal froze last winter.", [("last winter", "DATE", "2030-WI")]),
    ("The mill closed last summer.", [("last summer", "DATE", "2030-SU")]),
    ("The dam was finished last spring.", [("last spring", "DATE", "2030-SP")]),
    ("The bridge will open next spring.", [("next spring", "DATE", "2032-SP")]),
    ("Farmers expect rain this autumn.", [("this autumn", "DATE", "2031-FA")]),
    ("The fair moved to the summer of 2029.", [("summer of 2029", "DATE", "2029-SU")]),
    ("The pool reopened this past winter.", [("this past winter", "DATE", "2030-WI")]),
    # ... and the words as things or names
    ("There is a broken spring in the mattress.", []),
    ("The hikers drank from a hot spring.", []),
    ("The clockmaker oiled the spring of the old watch.", []),
    ("Prices may fall if demand slows.", []),
    ("The Prague Spring is a music festival.", []),
    ("Crowds filled the square for the Spring Festival.", []),
    # parts of the day, on the article's day unless the sentence names another
    ("The council met this morning.", [("this morning", "TIME", "2031-04-16TMO")]),
    ("The ferry sank Tuesday night.", [("Tuesday night", "TIME", "2031-04-15TNI")]),
    ("The mayor will speak in the afternoon.", [("the afternoon", "TIME", "2031-04-16TAF")]),
    (
        "Shares of the brewer fell in morning trading on Monday.",
        [("morning", "TIME", "2031-04-14TMO"), ("Monday", "DATE", "2031-04-14")],
    ),
    ("The groom wore morning dress.", []),
    ("The ruins glowed in the afternoon sun.", []),
    (
        "The mayor spoke at noon on Monday.",
        [("noon", "TIME", "2031-04-14T12:00"), ("Monday", "DATE", "2031-04-14")],
    ),
    (
        "The ferry sank on Monday and was raised the next day.",
        [("Monday", "DATE", "2031-04-14"), ("the next day", "DATE", "2031-04-15")],
    ),
    ("The deal was signed the previous day.", [("the previous day", "DATE", "2031-04-15")]),
    ("He quit the day after the festival.", []),
    ("The paper printed an evening edition.", []),
    # this year, fiscal years
    ("Ticket sales rose this year.", [("this year", "DATE", "2031")]),
    ("The utility expects a loss this fiscal year.", [("this fiscal year", "DATE", "FY2031")]),
    ("The utility lost money last fiscal year.", [("last fiscal year", "DATE", "FY2030")]),
    ("Revenue in fiscal 2029 fell by a tenth.", [("fiscal 2029", "DATE", "FY2029")]),
    ("The cooperative closed its FY2030 books.", [("FY2030", "DATE", "FY2030")]),
    (
        "The council approved the 2029-30 financial year accounts.",
        [("2029-30 financial year", "DATE", "FY2029")],
    ),
    (
        "Spending rose at the start of the financial year.",
        [("the start of the financial year", "DATE", "FY2031")],
    ),
    ("The senate debated fiscal policy and a financial crisis.", []),
    # a record against the past names the current period
    ("The bourse had its worst week since 2019.", [("week", "DATE", "2031-W16"), ("2019", "DATE", "2019")]),
    ("It was the best day of the festival.", []),
    ("It was the best week we have had.", []),
    (
        "Crossings rose in March, the busiest month in 21 years.",
        [("March", "DATE", "2031-03"), ("month", "DATE", "2031-03"), ("21 years", "DURATION", "P21Y")],
    ),
    ("April is the busiest month for tulip growers.", [("April", "DATE", "2031-04")]),
    # a present verb of intent looks ahead
    ("The bakery wants to open a second shop by early September.", [("early September", "DATE", "2031-09")]),
    ("The ferry line plans a new route in March.", [("March", "DATE", "2032-03")]),
    ("The ferry line opened a new route in March.", [("March", "DATE", "2031-03")]),
    # a period named, then the same period a year back
    (
        "Bus fares rose 4% in March from the same month last year.",
        [("March", "DATE", "2031-03"), ("the same month last year", "DATE", "2030-03")],
    ),
    (
        "Freight fell in the third quarter from the same period a year earlier.",
        [("the third quarter", "DATE", "2030-Q3"), ("the same period a year earlier", "DATE", "2029-Q3")],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_time_form(nlp: Language, sentence: str, expected: Expected) -> None:
    found = find_times(sentence, anchor=A, doc=nlp(sentence))
    assert [(t.text, t.type, t.value) for t in found] == expected
    for t in found:
        assert sentence[t.start : t.end] == t.text  # offsets into the clean text


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The utility expects a loss this fiscal year.", ("this fiscal year", "DATE", "FYXXXX")),
        ("The dam was finished last spring.", ("last spring", "DATE", "XXXX-SP")),
        ("The mayor will speak in the afternoon.", ("the afternoon", "TIME", "XXXX-XX-XXTAF")),
    ],
)
def test_without_anchor(sentence: str, expected: tuple[str, str, str]) -> None:
    found = find_times(sentence, anchor=None)
    assert [(t.text, t.type, t.value) for t in found] == [expected]
