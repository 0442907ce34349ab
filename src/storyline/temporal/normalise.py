"""Calendar arithmetic for TIMEX3 values: partial and relative dates against an anchor.

``direction`` is "past" (the most recent such date on or before the anchor),
"future" (the next one on or after it) or None (no cue: each function says what
it falls back to).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from storyline.temporal.patterns import SEASON_START, UNITS


def parse_anchor(anchor: str | None) -> date | None:
    """The anchor date, or None; a malformed anchor raises ValueError saying what is expected."""
    if anchor is None or anchor == "":
        return None
    try:
        return date.fromisoformat(anchor[:10])
    except ValueError as exc:
        raise ValueError(f"anchor must be a YYYY-MM-DD date or None, got {anchor!r}") from exc


def day_value(d: date) -> str:
    return d.isoformat()


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def week_value(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def add_months(d: date, months: int) -> date:
    total = d.year * 12 + d.month - 1 + months
    year, month = divmod(total, 12)
    day = min(d.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def resolve_month(anchor: date, month: int, direction: str | None) -> int:
    """The year of a bare month name; without a cue, the most recent one (news reports the past)."""
    if direction == "future":
        return anchor.year if month >= anchor.month else anchor.year + 1
    return anchor.year if month <= anchor.month else anchor.year - 1


def resolve_month_day(anchor: date, month: int, day: int, direction: str | None) -> date | None:
    """The full date of "June 5"; without a cue, the candidate nearest the anchor."""
    candidates: list[date] = []
    # Four years each way, so that February 29 finds its leap year.
    for year in range(anchor.year - 4, anchor.year + 5):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # February 29 outside a leap year
            continue
    if direction == "past":
        before = [c for c in candidates if c <= anchor]
        return max(before) if before else None
    if direction == "future":
        after = [c for c in candidates if c >= anchor]
        return min(after) if after else None
    # A tie goes to the past: news mostly reports what happened.
    return min(candidates, key=lambda c: (abs((c - anchor).days), c > anchor), default=None)


def resolve_weekday(anchor: date, weekday: int, direction: str | None, strict: bool = False) -> date:
    """The date of "Monday": the last one on or before the anchor unless the cue says future.

    ``strict`` ("last Monday", "next Monday") excludes the anchor's own day.
    """
    if direction == "future":
        ahead = (weekday - anchor.weekday()) % 7
        if strict and ahead == 0:
            ahead = 7
        return anchor + timedelta(days=ahead)
    back = (anchor.weekday() - weekday) % 7
    if strict and back == 0:
        back = 7
    return anchor - timedelta(days=back)


def resolve_quarter(anchor: date, quarter: int, direction: str | None) -> int:
    """The year of "the fourth quarter": the latest one already begun, the next one to end,
    or without a cue the nearer of the two ("the fourth quarter" in August is this year's)."""
    start_month = 3 * (quarter - 1) + 1
    end_month = start_month + 2
    begun = anchor.year if start_month <= anchor.month else anchor.year - 1
    ending = anchor.year if end_month >= anchor.month else anchor.year + 1
    if direction == "future":
        return ending
    if direction == "past" or begun == ending:
        return begun
    months_since_end = (anchor.year - begun) * 12 + anchor.month - end_month
    months_until_start = (ending - anchor.year) * 12 + start_month - anchor.month
    return ending if months_until_start < months_since_end else begun


def resolve_season(anchor: date, season: str, direction: str | None, strict: bool = False) -> int:
    """The year of a season named without one; ``strict`` ("last spring", "next summer")
    skips the season the anchor falls in."""
    start = SEASON_START[season]
    if strict and season != "WI":
        if direction == "future":
            return anchor.year if start > anchor.month else anchor.year + 1
        return anchor.year if start + 2 < anchor.month else anchor.year - 1
    if direction == "future":
        return anchor.year if start + 2 >= anchor.month else anchor.year + 1
    # Winter straddles the new year: in February, "winter" began last December.
    return anchor.year if start <= anchor.month else anchor.year - 1


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def duration_value(amount: float | None, unit: str) -> str:
    """TIMEX3 duration: (2, "year") -> P2Y, (24, "hour") -> PT24H, (None, "month") -> PXM."""
    letter, factor, clock = UNITS[unit]
    if amount is None:
        number = "X"
        if factor == 10:
            letter = "DE"
        elif factor == 100:
            letter = "CE"
    else:
        scaled = amount * factor
        number = str(int(scaled)) if scaled == int(scaled) else f"{scaled:g}"
    return f"P{'T' if clock else ''}{number}{letter}"


def shifted(anchor: date, unit: str, amount: int) -> str | None:
    """The value of a point ``amount`` units from the anchor, at the unit's precision."""
    letter, factor, clock = UNITS[unit]
    if clock:
        return None
    if letter == "D":
        return day_value(anchor + timedelta(days=amount))
    if letter == "W":
        # Per the MEANTIME gold, "a week ago" is the day a week before, not the ISO week.
        return day_value(anchor + timedelta(days=7 * amount * factor))
    if letter == "M":
        m = add_months(anchor, amount)
        return month_value(m.year, m.month)
    if letter == "Q":
        m = add_months(anchor, 3 * amount)
        return f"{m.year:04d}-Q{quarter_of(m)}"
    return f"{anchor.year + amount * factor:04d}"


def period_value(anchor: date, unit: str, offset: int) -> str | None:
    """The calendar period ``offset`` periods from the anchor's: ("week", -1) -> last week's ISO week."""
    if unit == "day":
        return day_value(anchor + timedelta(days=offset))
    if unit == "week":
        return week_value(anchor + timedelta(days=7 * offset))
    if unit == "weekend":
        return week_value(anchor + timedelta(days=7 * offset)) + "-WE"
    if unit == "month":
        m = add_months(anchor, offset)
        return month_value(m.year, m.month)
    if unit == "quarter":
        m = add_months(anchor, 3 * offset)
        return f"{m.year:04d}-Q{quarter_of(m)}"
    if unit == "year":
        return f"{anchor.year + offset:04d}"
    if unit == "decade":
        return f"{anchor.year // 10 + offset:03d}"
    if unit == "century":
        return f"{anchor.year // 100 + offset:02d}"
    return None
