"""Calendar dates: full and partial dates, months, weekdays, years, decades, quarters, seasons."""

from __future__ import annotations

import re
from datetime import date, timedelta

from storyline.temporal.base import Candidate, Context, Rule, rule
from storyline.temporal.normalise import (
    day_value,
    month_value,
    resolve_month,
    resolve_month_day,
    resolve_quarter,
    resolve_season,
    resolve_weekday,
    week_value,
)
from storyline.temporal.patterns import (
    DAY,
    LONE_YEAR,
    MONTH,
    MONTH_FULL,
    MONTHS,
    ORDINALS,
    PARTS_OF_DAY,
    QUANTITY_NOUNS,
    SEASONS,
    WEEKDAY,
    WEEKDAY_NAME,
    WEEKDAYS,
    YEAR,
    month_number,
)

_PAST_MODS = frozenset({"last", "past", "this past"})
_FUTURE_MODS = frozenset({"next", "coming", "this coming"})
MODIFIER = r"(?:(?P<mod>last|next|this\s+coming|this\s+past|this|coming|past)\s+)?"
# "May" is a modal verb far more often than a month: take it alone only after these.
_MAY_BEFORE = re.compile(
    r"\b(?:in|of|since|until|till|by|from|to|through|during|before|after|between|and|early|late|mid|last|next|this|since|the)[\s-]*$",
    re.IGNORECASE,
)


_NAMED_DAY = re.compile(r"\b(?-i:Black|Cyber|Super|Good|Easter|Ash|Holy|Bloody|Blue|Manic|Maundy|Shrove)\s+$")
# Index and product names that end in a four-digit number ("Russell 2000", "Windows 2000").
_NOT_YEAR_BEFORE = re.compile(
    r"(?:\$|US\$|€|£|No\.|number|model|flight|route|Windows|Office|Russell|Russel|FTSE|Stoxx|Nikkei|Topix|DAX|CAC|S&P"
    # ... and numbered things: "Room 2010", "page 1984", "Gate 2004".
    r"|(?i:room|rooms|page|pages|chapter|section|article|gate|platform|suite|apartment|unit|bus|highway|route|exit"
    r"|code|item|lot|box|seat|row|track|tel\.?|phone))\s*$"
)


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _modifier_direction(mod: str | None) -> str | None:
    if mod is None:
        return None
    mod = " ".join(mod.lower().split())
    return "past" if mod in _PAST_MODS else "future" if mod in _FUTURE_MODS else None


@rule("month-day-year", rf"\b{MONTH}\s+{DAY}(?:\s*,\s*|\s+){YEAR}")
def month_day_year(m: re.Match[str], ctx: Context) -> Candidate | None:
    d = _date_or_none(int(m["year"]), month_number(m["month"]), int(m["day"]))
    return Candidate(start=m.start(), end=m.end(), type="DATE", value=day_value(d)) if d else None


@rule("day-month-year", rf"\b{DAY}\s+(?:of\s+)?{MONTH}(?:\s*,?\s*{YEAR})?")
def day_month_year(m: re.Match[str], ctx: Context) -> Candidate | None:
    if m["year"] is not None:
        d = _date_or_none(int(m["year"]), month_number(m["month"]), int(m["day"]))
        return Candidate(start=m.start(), end=m.end(), type="DATE", value=day_value(d)) if d else None
    return _partial(m, ctx, month_number(m["month"]), int(m["day"]))


@rule("iso-date", r"\b(?P<year>1[6-9]\d\d|20\d\d)-(?P<mon>0[1-9]|1[0-2])-(?P<day>[0-3]\d)\b")
def iso_date(m: re.Match[str], ctx: Context) -> Candidate | None:
    d = _date_or_none(int(m["year"]), int(m["mon"]), int(m["day"]))
    return Candidate(start=m.start(), end=m.end(), type="DATE", value=day_value(d)) if d else None


@rule("numeric-date", r"(?<![\d/.])\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})\b(?![/\d])")
def numeric_date(m: re.Match[str], ctx: Context) -> Candidate | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if len(m["y"]) == 2:
        y += 2000 if y < 50 else 1900
    # US order (M/D/Y) unless the first number cannot be a month.
    month, day = (b, a) if a > 12 else (a, b)
    d = _date_or_none(y, month, day)
    return Candidate(start=m.start(), end=m.end(), type="DATE", value=day_value(d)) if d else None


@rule("month-day", rf"\b(?:{WEEKDAY_NAME},?\s+)?{MONTH}\s+{DAY}(?!\s*[:.]\d)")
def month_day(m: re.Match[str], ctx: Context) -> Candidate | None:
    return _partial(m, ctx, month_number(m["month"]), int(m["day"]))


def _partial(m: re.Match[str], ctx: Context, month: int, day: int) -> Candidate | None:
    if _date_or_none(2000, month, day) is None:  # 2000 is a leap year: only impossible days fail
        return None
    if ctx.anchor is None:
        return Candidate(start=m.start(), end=m.end(), type="DATE", value=f"XXXX-{month:02d}-{day:02d}")
    d = resolve_month_day(ctx.anchor, month, day, ctx.direction(m.start(), m.end()))
    if d is None:
        return None
    return Candidate(start=m.start(), end=m.end(), type="DATE", value=day_value(d), relative=True)


@rule("month-year", rf"\b{MONTH}\s*,?\s+(?:of\s+)?{YEAR}")
def month_year(m: re.Match[str], ctx: Context) -> Candidate | None:
    month = month_number(m["month"])
    return Candidate(start=m.start(), end=m.end(), type="DATE", value=month_value(int(m["year"]), month))


@rule(
    "week-of-month",
    rf"\b(?:the\s+)?(?P<ord>first|second|third|fourth|last|final)\s+week\s+of\s+{MONTH_FULL}(?:\s*,?\s*{YEAR})?",
)
def week_of_month(m: re.Match[str], ctx: Context) -> Candidate | None:
    month = month_number(m["month"])
    if m["year"] is not None:
        year = int(m["year"])
    elif ctx.anchor is not None:
        year = resolve_month(ctx.anchor, month, ctx.direction(m.start(), m.end()))
    else:
        return None
    ordinal = m["ord"].lower()
    first = date(year, month, 1)
    if ordinal in ("last", "final"):
        nxt = date(year + month // 12, month % 12 + 1, 1)
        # The last week that lies mostly inside the month: its Thursday is in the month.
        day = nxt - timedelta(days=1)
        day -= timedelta(days=(day.weekday() - 3) % 7)
    else:
        day = first + timedelta(days=(3 - first.weekday()) % 7 + 7 * (ORDINALS[ordinal] - 1))
    return Candidate(
        start=m.start(), end=m.end(), type="DATE", value=week_value(day), relative=m["year"] is None
    )


@rule("month", rf"\b{MODIFIER}{MONTH_FULL}(?!\s*\d)")
def month_alone(m: re.Match[str], ctx: Context) -> Candidate | None:
    month = month_number(m["month"])
    mod = m["mod"]
    if month == 5 and mod is None and not _MAY_BEFORE.search(ctx.before(m.start(), 20)):
        return None
    if ctx.anchor is None:
        value = f"XXXX-{month:02d}"
        return Candidate(start=m.start(), end=m.end(), type="DATE", value=value)
    how = _modifier_direction(mod)
    if how is None and mod is None:
        # "the January unrest": a month used as a modifier names a past one.
        before, after = ctx.before(m.start(), 5).lower(), ctx.after(m.end(), 20)
        if before.endswith("the ") and re.match(r"\s+[a-z]", after):
            how = "past"
        else:
            how = ctx.direction(m.start("month"), m.end())
    year = resolve_month(ctx.anchor, month, how)
    # "October of next year": two expressions (as MEANTIME marks them), the year fixing the month's.
    of_year = re.match(r"\s+of\s+(this|last|next)\s+year\b", ctx.after(m.end(), 20), re.IGNORECASE)
    if of_year:
        year = ctx.anchor.year + {"last": -1, "next": 1}.get(of_year.group(1).lower(), 0)
    elif mod is not None and year == ctx.anchor.year and month == ctx.anchor.month and how is not None:
        year += -1 if how == "past" else 1  # "last June" in June is a year back
    return Candidate(start=m.start(), end=m.end(), type="DATE", value=month_value(year, month), relative=True)


@rule("weekday", rf"\b{MODIFIER}{WEEKDAY}(?:\s+(?P<part>morning|afternoon|evening|night))?")
def weekday(m: re.Match[str], ctx: Context) -> Candidate | None:
    if m["mod"] is None and _NAMED_DAY.search(ctx.before(m.start(), 8)):
        return None  # "Black Monday", "Super Tuesday": named days, not this week's
    wd = WEEKDAYS[m["weekday"].lower()]
    part = PARTS_OF_DAY[m["part"].lower()] if m["part"] else None
    type_ = "TIME" if part else "DATE"
    suffix = f"T{part}" if part else ""
    if ctx.anchor is None:
        return Candidate(start=m.start(), end=m.end(), type=type_, value=f"XXXX-WXX-{wd + 1}{suffix}")
    mod = m["mod"].lower() if m["mod"] else None
    if mod == "this":
        d = ctx.anchor.fromordinal(ctx.anchor.toordinal() - ctx.anchor.weekday() + wd)
    else:
        how = _modifier_direction(mod) or ctx.direction(m.start("weekday"), m.end("weekday"))
        d = resolve_weekday(ctx.anchor, wd, how, strict=mod is not None)
    return Candidate(start=m.start(), end=m.end(), type=type_, value=day_value(d) + suffix, relative=True)


@rule(
    "year",
    # "mid-2011" is a year; "2-2011", "X-2011" are not.
    rf"(?:(?<![\w$€£#.,/'’-])|(?<=\bmid-)){LONE_YEAR}(?![\w%]|[.,:]\d|[-–/]\d)",
)
def lone_year(m: re.Match[str], ctx: Context) -> Candidate | None:
    following = re.match(r"\s+([A-Za-z]+)", ctx.after(m.end(), 20))
    if following and following.group(1).lower() in QUANTITY_NOUNS:
        return None
    if _NOT_YEAR_BEFORE.search(ctx.before(m.start(), 12)):
        return None
    if following and _counts_things(m, ctx):
        return None
    return Candidate(start=m.start(), end=m.end(), type="DATE", value=m["year"])


# Words before a number that make it an amount: "about 2000 drivers", "employs 2000 drivers".
_AMOUNT_BEFORE = re.compile(
    r"\b(?:about|around|nearly|almost|roughly|some|over|than|least|only|just|up\s+to|another|all|with)\s+$",
    re.IGNORECASE,
)


def _counts_things(m: re.Match[str], ctx: Context) -> bool:
    """Is the number the count of a plural noun after it, taken by a verb ("employs 2000 drivers")?
    "the 2009 sales" and "in 2009 prices rose" stay years."""
    if ctx.doc is None:
        return False
    span = ctx.doc.char_span(m.start(), m.end())
    if span is None or len(span) != 1:
        return False
    token = span[0]
    if token.dep_ != "nummod" or token.head.tag_ != "NNS" or token.head.i != token.i + 1:
        return False
    if token.i == 0:
        return False
    before = ctx.doc[token.i - 1]
    return before.pos_ in ("VERB", "AUX") or bool(_AMOUNT_BEFORE.search(ctx.before(token.idx, 20)))


@rule("short-year", r"(?<![\w'’])['’](?P<yy>\d\d)\b(?![%'’\w])")
def short_year(m: re.Match[str], ctx: Context) -> Candidate | None:
    word_before = re.search(r"(\S+)\s*$", ctx.before(m.start(), 30))
    if word_before and not (
        word_before.group(1).islower() or word_before.group(1).lower().rstrip(".") in MONTHS
    ):
        return None  # "iLife '11" is a version; "in '82", "summer '69" are years
    yy = int(m["yy"])
    return Candidate(
        start=m.start(), end=m.end(), type="DATE", value=str(1900 + yy if yy >= 30 else 2000 + yy)
    )


@rule("decade", r"(?<![\w$])(?:['’]?(?P<full>1[6-9]\d|20\d)0s|['’]?(?P<short>\d)0s)\b")
def decade(m: re.Match[str], ctx: Context) -> Candidate | None:
    if m["full"]:
        value = m["full"]
    else:
        digit = int(m["short"])
        value = f"{20 if digit <= 2 else 19}{digit}"
    return Candidate(start=m.start(), end=m.end(), type="DATE", value=value)


@rule(
    "quarter",
    r"\b(?:the\s+)?(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)(?:\s+|-)"
    r"(?:fiscal\s+|financial\s+|calendar\s+)?quarter\b"
    rf"(?:\s+(?:of\s+)?(?:(?:fiscal\s+)?{YEAR}|(?P<rel>this|last|next|the\s+previous|the\s+current|the\s+last)\s+(?:fiscal\s+)?year))?",
)
def quarter(m: re.Match[str], ctx: Context) -> Candidate | None:
    ordinal = m["ord"].lower()
    if ordinal == "last" and m["year"] is None and m["rel"] is None:
        return None  # "the last quarter" is relative: the period rule has it
    q = 4 if ordinal in ("final", "last") else ORDINALS[ordinal]
    if m["year"] is not None:
        return Candidate(start=m.start(), end=m.end(), type="DATE", value=f"{m['year']}-Q{q}")
    if ctx.anchor is None:
        return Candidate(start=m.start(), end=m.end(), type="DATE", value=f"XXXX-Q{q}")
    if m["rel"] is not None:
        rel = " ".join(m["rel"].lower().split())
        offset = -1 if rel in ("last", "the previous", "the last") else 1 if rel == "next" else 0
        year = ctx.anchor.year + offset
    else:
        year = resolve_quarter(ctx.anchor, q, ctx.direction(m.start(), m.end()))
    return Candidate(start=m.start(), end=m.end(), type="DATE", value=f"{year}-Q{q}", relative=True)


@rule(
    "q-year",
    rf"\b(?-i:Q(?P<q>[1-4]))(?:\s+|-|/)?(?:['’](?P<yy>\d\d)\b|{YEAR})|\b(?P<year2>1[6-9]\d\d|20\d\d)\s*(?-i:Q(?P<q2>[1-4]))\b",
)
def q_year(m: re.Match[str], ctx: Context) -> Candidate | None:
    q = m["q"] or m["q2"]
    year = m["year"] or m["year2"] or (f"20{m['yy']}" if m["yy"] else None)
    return Candidate(start=m.start(), end=m.end(), type="DATE", value=f"{year}-Q{q}") if year else None


@rule(
    "half",
    r"\b(?:the\s+)?(?P<ord>first|second|1st|2nd)\s+half\s+of\s+"
    rf"(?:(?:fiscal\s+)?{YEAR}|(?P<rel>this|last|next|the)\s+year)",
)
def half(m: re.Match[str], ctx: Context) -> Candidate | None:
    h = 1 if m["ord"].lower() in ("first", "1st") else 2
    if m["year"] is not None:
        return Candidate(start=m.start(), end=m.end(), type="DATE", value=f"{m['year']}-H{h}")
    if ctx.anchor is None:
        return Candidate(start=m.start(), end=m.end(), type="DATE", value=f"XXXX-H{h}")
    rel = m["rel"].lower()
    year = ctx.anchor.year + (-1 if rel == "last" else 1 if rel == "next" else 0)
    return Candidate(start=m.start(), end=m.end(), type="DATE", value=f"{year}-H{h}", relative=True)


@rule(
    "season",
    r"\b(?:(?P<mod>last|next|this\s+past|this\s+coming|this|past|coming|early|late|the|in|of)\s+)?"
    rf"(?P<season>spring|summer|autumn|fall|winter)\b(?:\s+(?:of\s+)?{YEAR})?",
)
def season(m: re.Match[str], ctx: Context) -> Candidate | None:
    code = SEASONS[m["season"].lower()]
    mod = " ".join(m["mod"].lower().split()) if m["mod"] else None
    if (
        m["season"].lower() == "fall"
        and m["year"] is None
        and mod not in ("last", "next", "this", "this past", "this coming", "past", "coming", "the", "in")
    ):
        return None  # "fall" is a verb unless a determiner or a year says otherwise
    if (
        m["year"] is None
        and mod == "the"
        and re.match(r"\s+of\s+(?!\d|this\b|last\b|next\b)", ctx.after(m.end(), 12))
    ):
        return None  # "the fall of the Berlin Wall", "the spring of a watch"
    if m["year"] is None and mod is None:
        if re.search(r"\b(?:an?|one|every|each)\s+(?:[a-z]+\s+)?$", ctx.before(m.start(), 20), re.IGNORECASE):
            return None  # "a spring in the mattress", "a hot spring": a thing, not a season
        if m["season"][0].isupper() and re.search(r"\b[A-Z][\w'’]*\s+$", ctx.before(m.start(), 20)):
            return None  # "Arab Spring", "Prague Spring": names
    if (
        m["year"] is None
        and m["season"][0].isupper()
        and re.match(r"\s+(?-i:[A-Z])[a-z]", ctx.after(m.end(), 4))
    ):
        return None  # "the Spring Festival", "Winter Olympics": names
    # "the"/"in"/"of" are only signals: the extent starts at the season word.
    start = m.start("season") if mod in ("the", "in", "of", None) else m.start()
    if m["year"] is not None:
        return Candidate(start=start, end=m.end(), type="DATE", value=f"{m['year']}-{code}")
    if ctx.anchor is None:
        return Candidate(start=start, end=m.end(), type="DATE", value=f"XXXX-{code}")
    how = _modifier_direction(mod) or ctx.direction(start, m.end())
    year = resolve_season(ctx.anchor, code, how, strict=mod in _PAST_MODS | _FUTURE_MODS)
    if mod == "this":
        year = ctx.anchor.year
    return Candidate(start=start, end=m.end(), type="DATE", value=f"{year}-{code}", relative=True)


# A fiscal year across two calendar years, "2009-10", is named by its first (TimeML has no split value).
_SPLIT_YEAR = r"(?:[-–/](?:\d\d|(?:19|20)\d\d)\b)?"
_FISCAL_OFFSETS = {
    "this": 0, "the current": 0, "current": 0, "the": 0, "its": 0, "their": 0, "last": -1, "the last": -1,
    "the previous": -1, "previous": -1, "the past": -1, "next": 1, "the next": 1, "the coming": 1,
}  # fmt: skip


@rule(
    "fiscal-year",
    r"\b(?:(?P<rel>this|last|next|current|previous|the\s+(?:current|last|previous|past|next|coming)|the|its|their)\s+)?"
    rf"(?:fiscal|financial)(?P<word>\s+year)?(?:\s+{YEAR}{_SPLIT_YEAR}|\s+['’](?P<yy>\d\d)\b)?"
    r"|\b(?-i:FY)\s?(?:(?P<fy>(?:19|20)\d\d)|['’]?(?P<fyy>\d\d))\b"
    rf"|\b(?P<pre>(?:19|20)\d\d){_SPLIT_YEAR}\s+(?:fiscal|financial)\s+year\b",
)
def fiscal_year(m: re.Match[str], ctx: Context) -> Candidate | None:
    """TimeML writes a fiscal year FY plus its year: "fiscal 2009" -> FY2009, "this fiscal year" -> FY2008."""
    digits = m["year"] or m["fy"] or m["pre"]
    short = m["yy"] or m["fyy"]
    if short is not None:
        digits = f"20{short}" if int(short) < 50 else f"19{short}"
    if digits is not None:
        rel = (m["rel"] or "").lower()
        # The year names it: "the fiscal 2009 results", "its fiscal year 2010" keep the name alone.
        start = m.start() if m["rel"] is None else _skip_space(ctx.text, m.end("rel"))
        return Candidate(start=start, end=m.end(), type="DATE", value=f"FY{digits}")
    if m["word"] is None:
        return None  # "fiscal policy", "financial crisis"
    rel = " ".join((m["rel"] or "").lower().split())
    if rel not in _FISCAL_OFFSETS:
        return None  # "a fiscal year", "each financial year": no particular year
    start = _skip_space(ctx.text, m.end("rel")) if rel in ("its", "their") else m.start()
    if ctx.anchor is None:
        return Candidate(start=start, end=m.end(), type="DATE", value="FYXXXX")
    year = ctx.anchor.year + _FISCAL_OFFSETS[rel]
    return Candidate(start=start, end=m.end(), type="DATE", value=f"FY{year:04d}", relative=True)


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


RULES: list[Rule] = [
    month_day_year,
    day_month_year,
    iso_date,
    numeric_date,
    month_day,
    month_year,
    week_of_month,
    month_alone,
    weekday,
    lone_year,
    short_year,
    decade,
    quarter,
    q_year,
    half,
    season,
    fiscal_year,
]
