"""Deictic expressions: today, last week, two years ago, now/recently, clock times."""

from __future__ import annotations

import re
from datetime import date, timedelta

from storyline.temporal.base import Candidate, Context, Rule, rule
from storyline.temporal.normalise import (
    day_value,
    duration_value,
    period_value,
    resolve_weekday,
    shifted,
)
from storyline.temporal.patterns import (
    APPROX,
    NUMBER,
    PARTS_OF_DAY,
    REFERENCES,
    UNIT,
    UNIT_QUALIFIER,
    WEEKDAY,
    WEEKDAYS,
    ZONES,
    number_value,
)

_DAY_OFFSETS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "this": 0, "last": -1}
_NO_ANCHOR_REF = {-1: "PAST_REF", 0: "PRESENT_REF", 1: "FUTURE_REF"}


def _ref(offset: int) -> str:
    return _NO_ANCHOR_REF[max(-1, min(1, offset))]


@rule(
    "day-word",
    r"\b(?:(?P<mod>earlier|later|early|late)\s+)?"
    r"(?:(?P<word>today|tonight|yesterday|tomorrow)(?:\s+(?P<part>morning|afternoon|evening|night))?"
    r"|(?P<this>this|last)\s+(?P<part2>morning|afternoon|evening|night))\b(?!-)",
)
def day_word(m: re.Match[str], ctx: Context) -> Candidate | None:
    word = (m["word"] or m["this"]).lower()
    part_word = m["part"] or m["part2"] or ("night" if word == "tonight" else None)
    if word == "last" and part_word and part_word.lower() != "night":
        return None  # "last morning" is not idiomatic; "last evening" rarely dated
    offset = _DAY_OFFSETS[word]
    if word == "last":
        offset = -1
    part = PARTS_OF_DAY[part_word.lower()] if part_word else None
    type_ = "TIME" if part else "DATE"
    if ctx.anchor is None:
        value = (f"XXXX-XX-XXT{part}" if offset == 0 else _ref(offset)) if part else _ref(offset)
        return Candidate(start=m.start(), end=m.end(), type=type_, value=value)
    value = day_value(ctx.anchor + timedelta(days=offset)) + (f"T{part}" if part else "")
    return Candidate(start=m.start(), end=m.end(), type=type_, value=value, relative=True)


_PERIOD_OFFSETS = {
    "this": 0, "the current": 0, "current": 0, "last": -1, "past": -1, "the last": -1, "the previous": -1,
    "previous": -1, "next": 1, "coming": 1, "the coming": 1, "the next": 1, "the following": 1,
    "this coming": 1, "this past": -1, "the past": -1,
}  # fmt: skip


@rule(
    "period",
    r"\b(?:(?P<mod>earlier|later|early|late|so\s+far|mid)[\s-]+)?"
    r"(?P<rel>this\s+coming|this\s+past|this|last|next|past|coming|the\s+past|the\s+last|the\s+previous"
    r"|the\s+coming|the\s+following|the\s+current|the\s+next)\s+"
    r"(?P<unit>week|weekend|month|year|quarter|decade|century)\b(?![-‑]|\s+old\b)",
)
def period(m: re.Match[str], ctx: Context) -> Candidate | None:
    rel = " ".join(m["rel"].lower().split())
    unit = m["unit"].lower()
    offset = _PERIOD_OFFSETS[rel]
    if rel == "the past" or (rel == "the next" and unit != "weekend"):
        # "the past year" is the twelve months up to now: a duration.
        if unit == "weekend" or m["mod"]:
            return None
        return Candidate(start=m.start(), end=m.end(), type="DURATION", value=duration_value(1, unit))
    if ctx.anchor is None:
        return Candidate(start=m.start(), end=m.end(), type="DATE", value=_ref(offset))
    value = period_value(ctx.anchor, unit, offset)
    if value is None:
        return None
    return Candidate(start=m.start(), end=m.end(), type="DATE", value=value, relative=True)


@rule("the-weekend", r"\b(?:the|this)\s+weekend\b")
def the_weekend(m: re.Match[str], ctx: Context) -> Candidate | None:
    if ctx.anchor is None:
        return None
    how = ctx.direction(m.start(), m.end())
    weekend = (
        resolve_weekday(ctx.anchor, 5, how) if how == "future" else resolve_weekday(ctx.anchor, 6, "past")
    )
    return Candidate(
        start=m.start(),
        end=m.end(),
        type="DATE",
        value=period_value(weekend, "weekend", 0) or "",
        relative=True,
    )


@rule(
    "boundary",
    r"\b(?:the\s+)?(?:very\s+)?(?P<edge>end|beginning|start|middle|close|turn)\s+of\s+"
    r"(?:the\s+)?(?P<rel>this|last|next|current|previous)?\s*(?P<unit>year|month|week|decade|century|day)\b",
)
def boundary(m: re.Match[str], ctx: Context) -> Candidate | None:
    rel = (m["rel"] or "this").lower()
    offset = {"last": -1, "previous": -1, "next": 1}.get(rel, 0)
    if m["rel"] is None and m["unit"].lower() != "day" and not m.group(0).lower().startswith("the"):
        return None
    if ctx.anchor is None:
        return Candidate(start=m.start(), end=m.end(), type="DATE", value=_ref(offset))
    value = period_value(ctx.anchor, m["unit"].lower(), offset)
    if value is None:
        return None
    return Candidate(start=m.start(), end=m.end(), type="DATE", value=value, relative=True)


@rule("ago", rf"\b{APPROX}{NUMBER}\s+{UNIT_QUALIFIER}{UNIT}\s+(?P<ago>ago|from\s+now|hence)\b")
def ago(m: re.Match[str], ctx: Context) -> Candidate | None:
    amount = number_value(m["number"])
    sign = -1 if m["ago"].lower() == "ago" else 1
    unit = m["unit"].lower().rstrip("s")
    unit = "century" if unit == "centurie" else unit
    if ctx.anchor is None or amount is None or amount != int(amount):
        return Candidate(start=m.start(), end=m.end(), type="DATE", value=_ref(sign), relative=False)
    value = shifted(ctx.anchor, unit, sign * int(amount))
    if value is None:
        return Candidate(start=m.start(), end=m.end(), type="DATE", value=_ref(sign))
    return Candidate(start=m.start(), end=m.end(), type="DATE", value=value, relative=True)


_REFERENCE_WORDS = "|".join(
    sorted((re.escape(k).replace(r"\ ", r"\s+") for k in REFERENCES), key=len, reverse=True)
)


@rule("reference", rf"(?<![\w-])(?:{_REFERENCE_WORDS})(?![\w-])")
def reference(m: re.Match[str], ctx: Context) -> Candidate | None:
    key = " ".join(m.group(0).lower().split())
    after = ctx.after(m.end(), 12).lower()
    if key == "now" and re.match(r"\s*(?:that|,?\s*then)\b", after):
        return None  # "now that ..." is a conjunction
    if key in ("recent", "current", "future") and re.match(
        r"\s+(?:years|months|weeks|days|decades)\b", after
    ):
        return None  # "recent years" is the duration rule's
    return Candidate(start=m.start(), end=m.end(), type="DATE", value=REFERENCES[key])


_ZONE = (
    r"(?:\s*(?P<zone>UTC|GMT|EST|EDT|CST|CDT|PST|PDT|CET|CEST|BST)(?:\s*(?P<offset>[+-]\s*\d{1,2}))?"
    r"|\s*\((?P<pzone>UTC|GMT|EST|EDT|CST|CDT|PST|PDT|CET|CEST|BST)(?:\s*(?P<poffset>[+-]\s*\d{1,2}))?\))?"
)
_AMPM = r"(?:\s*(?P<ampm>[ap]\.m\.|[ap]m\b|[AP]M\b))"
_DAY_AFTER = rf"(?:\s+(?:(?P<dword>today|tonight|yesterday|tomorrow)|(?:on\s+)?{WEEKDAY}))?"


@rule(
    "clock",
    rf"(?<![\d:.])\b(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?(?![\d:]){_AMPM}?{_ZONE}{_DAY_AFTER}"
    rf"|(?<![\d:.])\b(?P<h2>1[0-2]|0?[1-9])(?:\.(?P<m2>[0-5]\d))?{_AMPM.replace('ampm', 'ampm2')}{_ZONE.replace('zone', 'zone2').replace('offset', 'offset2')}"
    r"|(?<![\d:.])\b(?P<h3>[01]\d|2[0-3])(?P<m3>[0-5]\d)\s*(?P<zone3>UTC|GMT|Z)\b",
)
def clock(m: re.Match[str], ctx: Context) -> Candidate | None:
    offset: str | None = None
    if m["h"] is not None:
        hour, minute, ampm = int(m["h"]), int(m["m"]), m["ampm"]
        zone, offset = m["zone"] or m["pzone"], m["offset"] or m["poffset"]
    elif m["h2"] is not None:
        hour, minute, ampm = int(m["h2"]), int(m["m2"] or 0), m["ampm2"]
        zone, offset = m["zone2"] or m["pzone2"], m["offset2"] or m["poffset2"]
    else:
        hour, minute, ampm, zone = int(m["h3"]), int(m["m3"]), None, m["zone3"]
    if ampm:
        pm = ampm.lower().startswith("p")
        if hour > 12:
            return None
        hour = hour % 12 + (12 if pm else 0)
    clock_value = f"T{hour:02d}:{minute:02d}" + _zone_value(zone, offset)
    day = _clock_day(m, ctx)
    explicit = m["dword"] is not None or m["weekday"] is not None
    return Candidate(
        start=m.start(),
        end=m.end(),
        type="TIME",
        value=(day or "XXXX-XX-XX") + clock_value,
        relative=day is not None,
        refers=None if explicit else "sentence-day",
    )


def _zone_value(zone: str | None, offset: str | None) -> str:
    if zone is None:
        return ""
    if offset:
        hours = int(offset.replace(" ", ""))
        return "Z" if hours == 0 else f"{'+' if hours > 0 else '-'}{abs(hours):02d}:00"
    return ZONES[zone.lower()]


def _clock_day(m: re.Match[str], ctx: Context) -> str | None:
    if ctx.anchor is None:
        return None
    d: date = ctx.anchor
    if m["dword"] is not None:
        d = ctx.anchor + timedelta(days=_DAY_OFFSETS[m["dword"].lower()])
    elif m["weekday"] is not None:
        how = ctx.direction(m.start("weekday"), m.end("weekday"))
        d = resolve_weekday(ctx.anchor, WEEKDAYS[m["weekday"].lower()], how)
    return day_value(d)


@rule(
    "the-day",
    r"\b(?:(?P<edge>late|early)\s+in\s+)?(?:the\s+same|that\s+same|the|that"
    r"|an?\s+(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+(?:consecutive|straight|successive))\s+day\b"
    # "the day after the vote" is another day; "the day after falling 250 points" is not.
    r"(?!\s+(?:before|after(?!\s+\w+ing\b)|of|when|that|in\s+which|on\s+which)\b|['’]s|-)",
)
def the_day(m: re.Match[str], ctx: Context) -> Candidate | None:
    if ctx.anchor is None:
        return None
    return Candidate(
        start=m.start(),
        end=m.end(),
        type="DATE",
        value=day_value(ctx.anchor),
        relative=True,
        refers="last-day",
    )


@rule(
    "year-before",
    r"\b(?:the\s+(?:year|month|week)\s+(?P<rel>previous|before|prior|earlier|after|following)"
    r"|the\s+(?P<rel2>previous|prior|preceding|following)\s+(?:year|month|week))\b",
)
def year_before(m: re.Match[str], ctx: Context) -> Candidate | None:
    unit = re.search(r"year|month|week", m.group(0).lower())
    if ctx.anchor is None or unit is None:
        return None
    rel = (m["rel"] or m["rel2"]).lower()
    offset = 1 if rel in ("after", "following") else -1
    value = period_value(ctx.anchor, unit.group(0), offset)
    # "the year before" counts from the last year mentioned, when there is one.
    refers = "previous-year" if unit.group(0) == "year" and offset == -1 else None
    return Candidate(
        start=m.start(), end=m.end(), type="DATE", value=value or "", relative=True, refers=refers
    )


@rule("noon", r"\b(?P<word>noon|midday|midnight)\b")
def noon(m: re.Match[str], ctx: Context) -> Candidate | None:
    clock_value = "T12:00" if m["word"].lower() in ("noon", "midday") else "T24:00"
    day = day_value(ctx.anchor) if ctx.anchor else "XXXX-XX-XX"
    # "at noon on Friday": the sentence's day, when it names one (see times._refer).
    return Candidate(
        start=m.start(),
        end=m.end(),
        type="TIME",
        value=day + clock_value,
        relative=ctx.anchor is not None,
        refers="sentence-day",
    )


@rule(
    "next-day",
    r"\b(?:the\s+(?P<rel>previous|next|following|preceding|prior)\s+day"
    r"|the\s+day\s+(?P<rel2>before|after)(?!\s+(?:the|a|an|his|her|its|their|that|this|[A-Z0-9])))\b",
)
def next_day(m: re.Match[str], ctx: Context) -> Candidate | None:
    """ "The next day", "the day before": a day from the last one the text named (else the article's)."""
    if ctx.anchor is None:
        return None
    rel = (m["rel"] or m["rel2"]).lower()
    offset = 1 if rel in ("next", "following", "after") else -1
    return Candidate(
        start=m.start(),
        end=m.end(),
        type="DATE",
        value=day_value(ctx.anchor + timedelta(days=offset)),
        relative=True,
        refers=f"last-day{offset:+d}",
    )


@rule(
    "part-of-day",
    r"\b(?P<pre>in|during|by)\s+(?P<the>the\s+)?(?:(?:early|late)\s+)?(?P<part>morning|afternoon|evening)"
    r"(?:\s+(?P<trade>trading|trade|session|deals|dealings))?\b(?![-‑]|\s+of\b|['’]s)",
)
def part_of_day(m: re.Match[str], ctx: Context) -> Candidate | None:
    """ "In the morning", "in afternoon trading": that part of the day the sentence is about."""
    if m["the"] is None and m["trade"] is None:
        return None  # "in morning dress", "by evening standards"
    if m["trade"] is None and ctx.doc is not None:
        span = ctx.doc.char_span(m.start("part"), m.end("part"))
        if span is not None and len(span) == 1 and span[0].dep_ in ("compound", "amod", "nmod"):
            return None  # "in the afternoon sun": the part of the day describes a thing
    start = m.start("the") if m["the"] else m.start("pre") + len(m["pre"]) + 1
    end = m.end("part")
    part = PARTS_OF_DAY[m["part"].lower()]
    day = day_value(ctx.anchor) if ctx.anchor else "XXXX-XX-XX"
    # The sentence's own day, if it names one, replaces the article's (see times._refer).
    return Candidate(
        start=start,
        end=end,
        type="TIME",
        value=f"{day}T{part}",
        relative=ctx.anchor is not None,
        refers="sentence-day",
    )


@rule(
    "record-period",
    r"\b(?:its|their|the)\s+(?:best|worst|biggest|largest|strongest|weakest|busiest|sharpest|steepest|heaviest"
    r"|highest|lowest)\s+(?:single\s+)?(?P<unit>day|week|month|quarter)\b(?!\s+(?:of|for|to)\b)",
)
def record_period(m: re.Match[str], ctx: Context) -> Candidate | None:
    """ "Stocks had their best week since November": the current week, as a record against the past.
    The extent is the unit word alone, as MEANTIME marks it."""
    if ctx.anchor is None:
        return None
    # Only as a record against the past: "the busiest month since 2019", "... in 21 years".
    if not re.match(
        r"[^.!?\n]{0,40}?\b(?:since|in\s+(?:\w+\s+)?(?:years|decades|months))\b", ctx.after(m.end(), 60)
    ):
        return None
    unit = m["unit"].lower()
    value = period_value(ctx.anchor, unit, 0)
    if value is None:
        return None
    # A period of that unit named earlier in the sentence is the one meant ("in July, the busiest month").
    return Candidate(
        start=m.start("unit"),
        end=m.end(),
        type="DATE",
        value=value,
        relative=True,
        refers="sentence-period:" + unit,
    )


@rule(
    "same-period",
    r"\bthe\s+same\s+(?P<unit>period|month|quarter|week|day|time|season)\s+(?:(?:of|in)\s+)?"
    r"(?:last\s+year|the\s+(?:previous|prior|last|preceding)\s+year|a\s+year\s+(?:ago|earlier|before|prior))\b",
)
def same_period(m: re.Match[str], ctx: Context) -> Candidate | None:
    """ "Sales rose in May from the same month last year": the period just named, a year back."""
    if ctx.anchor is None:
        return Candidate(start=m.start(), end=m.end(), type="DATE", value="PAST_REF")
    unit = m["unit"].lower()
    if unit in ("month", "quarter", "week", "day"):
        value = period_value(date(ctx.anchor.year - 1, ctx.anchor.month, min(ctx.anchor.day, 28)), unit, 0)
    else:
        value = f"{ctx.anchor.year - 1:04d}"
    return Candidate(
        start=m.start(),
        end=m.end(),
        type="DATE",
        value=value or "",
        relative=True,
        refers="year-back:" + unit,
    )


RULES: list[Rule] = [
    day_word,
    period,
    the_weekend,
    boundary,
    ago,
    reference,
    clock,
    the_day,
    year_before,
    noon,
    next_day,
    part_of_day,
    record_period,
    same_period,
]
