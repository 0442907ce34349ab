"""Calendar arithmetic behind partial and relative dates."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.temporal.normalise import (
    duration_value,
    parse_anchor,
    period_value,
    resolve_month,
    resolve_month_day,
    resolve_quarter,
    resolve_season,
    resolve_weekday,
    shifted,
    week_value,
)

ANCHOR = date(2022, 6, 20)  # Monday


@pytest.mark.parametrize(
    ("month", "direction", "year"),
    [
        (3, "past", 2022),
        (9, "past", 2021),
        (9, None, 2021),
        (3, "future", 2023),
        (9, "future", 2022),
        (6, "future", 2022),
    ],
)
def test_resolve_month(month: int, direction: str | None, year: int) -> None:
    assert resolve_month(ANCHOR, month, direction) == year


@pytest.mark.parametrize(
    ("month", "day", "direction", "expected"),
    [
        (6, 5, "past", date(2022, 6, 5)),
        (6, 25, "past", date(2021, 6, 25)),
        (6, 25, "future", date(2022, 6, 25)),
        (6, 5, "future", date(2023, 6, 5)),
        (6, 25, None, date(2022, 6, 25)),  # nearest
        (12, 28, None, date(2021, 12, 28)),
        (2, 29, "past", date(2020, 2, 29)),
    ],
)
def test_resolve_month_day(month: int, day: int, direction: str | None, expected: date) -> None:
    assert resolve_month_day(ANCHOR, month, day, direction) == expected


@pytest.mark.parametrize(
    ("weekday", "direction", "strict", "expected"),
    [
        (3, "past", False, date(2022, 6, 16)),
        (0, "past", False, date(2022, 6, 20)),
        (0, "past", True, date(2022, 6, 13)),
        (3, "future", False, date(2022, 6, 23)),
        (0, "future", True, date(2022, 6, 27)),
        (4, None, False, date(2022, 6, 17)),
    ],
)
def test_resolve_weekday(weekday: int, direction: str | None, strict: bool, expected: date) -> None:
    assert resolve_weekday(ANCHOR, weekday, direction, strict) == expected


def test_quarter_and_season() -> None:
    assert resolve_quarter(date(2006, 8, 19), 4, None) == 2006  # the coming Q4 is nearer
    assert resolve_quarter(date(2007, 1, 15), 4, None) == 2006
    assert resolve_quarter(ANCHOR, 4, "past") == 2021
    assert resolve_quarter(ANCHOR, 1, "future") == 2023
    assert resolve_season(ANCHOR, "SP", "past") == 2022
    assert resolve_season(date(2022, 2, 1), "WI", "past") == 2021


@pytest.mark.parametrize(
    ("amount", "unit", "value"),
    [(2, "year", "P2Y"), (24, "hour", "PT24H"), (None, "month", "PXM"), (2.5, "year", "P2.5Y"),
     (1, "decade", "P10Y"), (None, "decade", "PXDE"), (30, "minute", "PT30M"), (2, "quarter", "P2Q")],
)  # fmt: skip
def test_duration_value(amount: float | None, unit: str, value: str) -> None:
    assert duration_value(amount, unit) == value


def test_periods_and_shifts() -> None:
    assert week_value(ANCHOR) == "2022-W25"
    assert period_value(ANCHOR, "week", -1) == "2022-W24"
    assert period_value(ANCHOR, "month", 1) == "2022-07"
    assert period_value(date(2022, 1, 10), "month", -1) == "2021-12"
    assert period_value(ANCHOR, "quarter", -1) == "2022-Q1"
    assert period_value(ANCHOR, "weekend", 0) == "2022-W25-WE"
    assert period_value(ANCHOR, "decade", 0) == "202"
    assert shifted(ANCHOR, "year", -2) == "2020"
    assert shifted(ANCHOR, "week", -1) == "2022-06-13"
    assert shifted(ANCHOR, "hour", -1) is None


def test_parse_anchor() -> None:
    assert parse_anchor(None) is None
    assert parse_anchor("2022-06-20") == ANCHOR
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_anchor("June 20")
