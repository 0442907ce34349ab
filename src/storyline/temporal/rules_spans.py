"""Durations ("two years", "the past five days", "12-year") and sets ("every year", "weekly")."""

from __future__ import annotations

import re

from storyline.temporal.base import Candidate, Context, Rule, rule
from storyline.temporal.normalise import duration_value
from storyline.temporal.patterns import APPROX, NUMBER, UNIT, UNIT_QUALIFIER, WEEKDAY, WEEKDAYS, number_value

# A lone "a year" is a duration only after one of these ("for a year", "over a year").
_A_UNIT_BEFORE = re.compile(
    r"\b(?:for|over|in|within|after|than|about|around|nearly|almost|past|last|next|first|once|least|under|lasting|spent|took|takes"
    # verbs that take a stretch of time as their object: "lasted a month", "will take a decade"
    r"|lasted|lasts|take|taking|spend|spends|spending|waited|wait|waits|waiting|needed|needs|remained|stayed|been)\s+$",
    re.IGNORECASE,
)
# ... and a rate ("$5 billion a year", "twice a week") after one of these.
_RATE_BEFORE = re.compile(
    r"(?:\d|illion|percent|%|times|once|twice|cents?|dollars?|euros?|pounds?|yen|hours|days)\s*$",
    re.IGNORECASE,
)


def _unit(word: str) -> str:
    unit = word.lower()
    unit = {"secs": "sec", "mins": "min", "hrs": "hr", "yrs": "yr", "centuries": "century"}.get(unit, unit)
    return unit[:-1] if unit.endswith("s") and unit not in ("hrs",) else unit


@rule(
    "duration",
    r"\b(?:(?P<the>the\s+(?:past|last|next|first|previous|coming|following|final|remaining|preceding)\s+)"
    rf"|(?P<another>another|an\s+additional|a\s+further|a\s+full)\s+|{APPROX})?"
    rf"{NUMBER}(?P<sep>\s+|-){UNIT_QUALIFIER}{UNIT}(?!-old|\s+old\b|-long\b|\w)",
)
def duration(m: re.Match[str], ctx: Context) -> Candidate | None:
    number = " ".join(m["number"].lower().split())
    unit = _unit(m["unit"])
    plural = m["unit"].lower().endswith("s") and m["unit"].lower() not in ("hrs",)
    start = m.start("another") if m["another"] else m.start()
    if m["another"]:
        start = m.start("number")  # "another two years": the extent is the amount
    if number in ("a", "an"):
        if plural:
            return None
        if m["the"] is None and m["approx"] is None:
            before = ctx.before(m.start(), 30)
            if _RATE_BEFORE.search(before):
                return Candidate(start=m.start(), end=m.end(), type="SET", value=duration_value(1, unit))
            if not _A_UNIT_BEFORE.search(before):
                return None
    if unit == "second" and not m["number"][0].isdigit():
        return None  # "a second consecutive day", "two second-quarter ..."
    if (
        unit == "quarter"
        and number in ("a", "an", "one", "three")
        and re.match(r"[\s,]+of\b", ctx.after(m.end(), 6))
    ):
        return None  # "about a quarter of its dealers"
    if number == "some" and not plural:
        return None  # "some day" is not a duration
    if m["sep"] == "-" and plural:
        return None
    amount = number_value(number)
    if amount is not None and amount == 0:
        return None
    return Candidate(start=start, end=m.end(), type="DURATION", value=duration_value(amount, unit))


@rule(
    "vague-duration",
    r"\b(?:(?P<pre>over\s+the|for|in|within|for\s+the\s+past)\s+(?:(?:just|only|mere)\s+)?)?(?P<recent>recent\s+)?"
    r"(?P<unit>years|months|weeks|days|decades|hours|minutes)\b(?![-‑])",
)
def vague_duration(m: re.Match[str], ctx: Context) -> Candidate | None:
    if m["pre"] is None and m["recent"] is None:
        return None
    pre = " ".join((m["pre"] or "").lower().split())
    # "over the years" keeps its words (TimeML extent); "for years" does not keep "for".
    start = m.start() if pre == "over the" else m.start("recent") if m["recent"] else m.start("unit")
    return Candidate(start=start, end=m.end(), type="DURATION", value=duration_value(None, _unit(m["unit"])))


@rule(
    "the-next-months",
    r"\bthe\s+(?:next|past|last|coming|following|previous|first|final|remaining)\s+"
    r"(?:(?P<few>few|several|many)\s+|(?P<couple>couple\s+(?:of\s+)?))?"
    # "the final days of the administration" is a part of something else, not a stretch of time.
    r"(?P<unit>years|months|weeks|days|decades|hours|minutes)\b(?![-‑]|\s+of\b)",
)
def the_next_months(m: re.Match[str], ctx: Context) -> Candidate | None:
    """ "The next few months", "the coming weeks": a stretch of unstated length (PXM), TimeML's DURATION."""
    amount = 2 if m["couple"] else None
    return Candidate(
        start=m.start(), end=m.end(), type="DURATION", value=duration_value(amount, _unit(m["unit"]))
    )


@rule(
    "adjective-duration",
    r"\b(?P<unit>decades|years|months|weeks|days|hours)-long\b"
    r"|\ban?\s+(?P<one>decade|year|month|week|day|hour)-long\b",
)
def adjective_duration(m: re.Match[str], ctx: Context) -> Candidate | None:
    if m["one"]:  # "a month-long strike": one month
        return Candidate(
            start=m.start("one"), end=m.end(), type="DURATION", value=duration_value(1, m["one"].lower())
        )
    return Candidate(
        start=m.start(), end=m.end(), type="DURATION", value=duration_value(None, _unit(m["unit"]))
    )


_SET_ADVERBS = {
    "annually": ("SET", "P1Y"), "yearly": ("SET", "P1Y"), "annual": ("DURATION", "P1Y"),
    "monthly": ("SET", "P1M"), "weekly": ("SET", "P1W"), "daily": ("SET", "P1D"),
    "nightly": ("SET", "P1D"), "hourly": ("SET", "PT1H"), "quarterly": ("SET", "P1Q"),
    "biannually": ("SET", "P6M"), "semiannually": ("SET", "P6M"), "biennially": ("SET", "P2Y"),
}  # fmt: skip


@rule(
    "set-adverb",
    r"(?<![\w-])(?P<word>annually|yearly|annual|monthly|weekly|daily|nightly|hourly|quarterly|biannually|semiannually|biennially)\b(?!-)",
)
def set_adverb(m: re.Match[str], ctx: Context) -> Candidate | None:
    type_, value = _SET_ADVERBS[m["word"].lower()]
    return Candidate(start=m.start(), end=m.end(), type=type_, value=value)


@rule(
    "set-every",
    r"\b(?:(?P<freq>once|twice|\w+\s+times)\s+)?(?:every|each|per|a)\s+(?:(?P<n>other|\d+|two|three|four|five|six|ten)\s+)?"
    r"(?P<unit>day|night|week|month|quarter|year|hour|minute|decade)s?\b",
)
def set_every(m: re.Match[str], ctx: Context) -> Candidate | None:
    word = m.group(0).lower()
    if m["freq"] is None and re.match(r"a\s", word):
        return None  # "a year" alone is the duration rule's (it knows rates)
    n = m["n"]
    amount = 2 if n and n.lower() == "other" else number_value(n) if n else 1
    return Candidate(start=m.start(), end=m.end(), type="SET", value=duration_value(amount, _unit(m["unit"])))


@rule(
    "set-weekday",
    rf"\b(?:every|each)\s+{WEEKDAY}|\b(?-i:(?P<plural>Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|Saturdays|Sundays))\b",
)
def set_weekday(m: re.Match[str], ctx: Context) -> Candidate | None:
    name = (m["weekday"] or m["plural"]).lower().rstrip("s")
    return Candidate(start=m.start(), end=m.end(), type="SET", value=f"XXXX-WXX-{WEEKDAYS[name] + 1}")


RULES: list[Rule] = [
    duration,
    vague_duration,
    the_next_months,
    adjective_duration,
    set_adverb,
    set_every,
    set_weekday,
]
