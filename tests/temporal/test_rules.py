"""Each rule module on its own: what a rule proposes before overlaps are settled."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.temporal import rules_dates, rules_relative, rules_spans
from storyline.temporal.base import Context, Rule


def _propose(rules: list[Rule], text: str, anchor: date | None = date(2022, 6, 20)) -> set[tuple[str, str]]:
    ctx = Context(text=text, anchor=anchor)
    out: set[tuple[str, str]] = set()
    for r in rules:
        for m in r.pattern.finditer(text):
            cand = r.handler(m, ctx)
            if cand is not None:
                out.add((text[cand.start : cand.end], cand.value))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in May 2020", ("May 2020", "2020-05")),
        ("Monday, June 6", ("Monday, June 6", "2022-06-06")),
        ("2009 Q3 results", ("2009 Q3", "2009-Q3")),
        ("third-quarter profit", ("third-quarter", "2022-Q3")),  # no tense: the nearer Q3
        ("the fall of 2008", ("fall of 2008", "2008-FA")),
    ],
)
def test_date_rules(text: str, expected: tuple[str, str]) -> None:
    assert expected in _propose(rules_dates.RULES, text)


def test_may_needs_context() -> None:
    assert not _propose(rules_dates.RULES, "He May resign.")
    assert ("May", "2022-05") in _propose(rules_dates.RULES, "It opened in May.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the previous year", ("the previous year", "2021")),
        ("the same day", ("the same day", "2022-06-20")),
        ("at noon", ("noon", "2022-06-20T12:00")),
        ("at 6:40 p.m. (GMT +8)", ("6:40 p.m. (GMT +8)", "2022-06-20T18:40+08:00")),
    ],
)
def test_relative_rules(text: str, expected: tuple[str, str]) -> None:
    assert expected in _propose(rules_relative.RULES, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a decades-long dispute", ("decades-long", "PXDE")),
        ("twice a week", ("twice a week", "P1W")),
        ("every other year", ("every other year", "P2Y")),
        ("every Monday", ("every Monday", "XXXX-WXX-1")),
        ("for a year", ("a year", "P1Y")),
    ],
)
def test_span_rules(text: str, expected: tuple[str, str]) -> None:
    assert expected in _propose(rules_spans.RULES, text)


def test_lone_a_year_is_not_a_duration() -> None:
    assert not _propose(rules_spans.RULES, "It was a year of change.")
