"""Publication date of a page (page chrome, byline, URL) and, failing that, a window.

Regexes do the work; ``dateparser`` is only asked about short fragments that
look like a date in a language the regexes do not know (it is slow to call on
whole lines and has to guess the language).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from storyline.model import Precision, PublishedHow, Window
from storyline.temporal.patterns import MONTHS

# Pages are not older than the web news they are scraped from.
EARLIEST = date(1990, 1, 1)

_MONTHS = MONTHS
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"

# Order matters: the more specific forms first, and a span taken by one is not reused.
_PATTERNS: list[tuple[re.Pattern[str], Precision]] = [
    (re.compile(rf"(?<![\d.]){_YEAR}[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)(?![\d])"), "day"),
    (re.compile(rf"(?<![\d])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.{_YEAR}(?!\d)"), "day"),
    (re.compile(rf"(?<![\d/])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/{_YEAR}(?!\d)"), "day"),
    (re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I), "day"),
    (re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I), "day"),
    (re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.I), "month"),
]
# "20 июня 2022", "20. Juni 2022", "15 de marzo de 2020", "März 2021": handed to dateparser.
_FOREIGN = re.compile(
    r"(?<!\w)(?:[0-3]?\d\.?\s+(?:de\s+)?)?[^\W\d_]{3,12}\.?,?\s+(?:de\s+)?(?:19|20)\d\d(?!\d)"
)
_DATEPARSER_LANGUAGES = ["en", "ru", "kk", "uk", "de", "fr", "es", "it", "pt", "nl", "pl", "tr"]

# Context words telling an update stamp from a publication stamp.
_UPDATED = re.compile(r"updat|modif|edited|revised|изменен|обновл|aktualisiert|mis à jour|actualiz", re.I)
_PUBLISHED = re.compile(
    r"publi|posted|date|released|опубликован|veröffentlicht|publié|publicado|pubblicato", re.I
)
# Labels and clock times that may sit on a date line without making it prose.
_LINE_NOISE = re.compile(
    r"\b(?:\d{1,2}:\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?|[ap]\.?m\.?|utc|gmt|[A-Z]{2,4}T|at|on)\b"
    r"|published|posted|updated|last|date|time|[|,:•·/()\-–—]",
    re.I,
)


@dataclass(slots=True, kw_only=True)
class FoundDate:
    """One explicit date in a string: ISO value, precision and where it stood."""

    value: str
    precision: Precision
    start: int
    end: int


@dataclass(slots=True, kw_only=True)
class Published:
    """A publication date and the evidence it came from."""

    value: str
    precision: Precision
    how: PublishedHow  # page | byline | url


def _make(y: int, m: int, d: int | None) -> str | None:
    try:
        return date(y, m, d or 1).isoformat()
    except ValueError:
        return None


def _from_match(match: re.Match[str], precision: Precision) -> str | None:
    groups = match.groupdict()
    y = int(groups["y"])
    if groups.get("mon"):
        m = _MONTHS[groups["mon"].lower()]
    elif groups.get("a"):
        a, b = int(groups["a"]), int(groups["b"])
        # Slashed dates are D/M in most of the world and M/D in the US: refuse to guess
        # unless one side can only be a day.
        if a > 12 >= b:
            return _make(y, b, a)
        if b > 12 >= a or a == b:
            return _make(y, a, b)
        return None
    else:
        m = int(groups["m"])
    return _make(y, m, int(groups["d"]) if precision == "day" else None)


@lru_cache(maxsize=1)
def _dateparser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=_DATEPARSER_LANGUAGES,
        settings={"REQUIRE_PARTS": ["year", "month"], "PREFER_DAY_OF_MONTH": "first"},
    )


def _foreign_dates(text: str, taken: list[tuple[int, int]]) -> list[FoundDate]:
    found: list[FoundDate] = []
    for match in _FOREIGN.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        parsed = _parse_fragment(match.group())
        if parsed is not None:
            found.append(
                FoundDate(value=parsed[0], precision=parsed[1], start=match.start(), end=match.end())
            )
    return found


@lru_cache(maxsize=4096)
def _parse_fragment(fragment: str) -> tuple[str, Precision] | None:
    # Cached: chrome repeats the same fragments ("Election 2024") across pages.
    data = _dateparser().get_date_data(fragment)
    if data.date_obj is None or data.period not in ("day", "month"):
        return None
    if data.period == "day":
        return data.date_obj.date().isoformat(), "day"
    return data.date_obj.date().replace(day=1).isoformat(), "month"


def find_dates(text: str, *, foreign: bool = False) -> list[FoundDate]:
    """Explicit dates with a year (day or month precision) in ``text``, in order.

    ``foreign=True`` also asks dateparser about non-English month names; keep it
    for short lines, it costs a few milliseconds per fragment.
    """
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern, precision in _PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append(match.span())
            value = _from_match(match, precision)
            if value is not None:
                found.append(
                    FoundDate(value=value, precision=precision, start=match.start(), end=match.end())
                )
    if foreign:
        found.extend(_foreign_dates(text, taken))
    found.sort(key=lambda f: f.start)
    return found


def reference_date(crawled: str | None, today: date | None = None) -> date:
    """The latest date a page can carry: its crawl date if known, else today."""
    if crawled:
        try:
            return date.fromisoformat(crawled.strip()[:10])
        except ValueError:
            pass
    return today or date.today()


def plausible(value: str, reference: date) -> bool:
    """A page date must lie between ``EARLIEST`` and the reference (crawl) date."""
    return EARLIEST <= date.fromisoformat(value) <= reference


def parse_date_value(text: str, reference: date) -> tuple[str, Precision] | None:
    """A date stated as a metadata value ("2022-06-20T10:00:00Z", "June 2022", "2019")."""
    text = text.strip()
    dates = [d for d in find_dates(text, foreign=True) if plausible(d.value, reference)]
    if dates:
        return dates[0].value, dates[0].precision
    bare = re.fullmatch(r"(?:19|20)\d\d", text)
    if bare and plausible(f"{text}-01-01", reference):
        return f"{text}-01-01", "year"
    return None


def date_from_line(
    line: str, reference: date, *, labelled_only: bool = False
) -> tuple[FoundDate, bool] | None:
    """The publication stamp on a chrome line, and whether it is an update stamp.

    A line counts when the date is labelled ("Published:", "date") or the line is
    little more than a date and a time; with ``labelled_only`` only the former.
    Prose that merely mentions a date ("elections on March 5, 2023") does not count.
    """
    if len(line) > 160 or not re.search(r"(?:19|20)\d\d", line):
        return None
    if labelled_only and not (_PUBLISHED.search(line) or _UPDATED.search(line)):
        return None
    dates = [d for d in find_dates(line, foreign=True) if plausible(d.value, reference)]
    if not dates:
        return None
    best: tuple[FoundDate, bool] | None = None
    prev_end = 0
    for found in dates:
        before = line[prev_end : found.start]
        prev_end = found.end
        updated = bool(_UPDATED.search(before))
        labelled = updated or bool(_PUBLISHED.search(before))
        if not labelled:
            if labelled_only:
                continue
            rest = _LINE_NOISE.sub(" ", line[: found.start] + " " + line[found.end :])
            # A bare stamp, or a stamp opening a short menu-like line.
            if len(rest.split()) > 3 and not (found.start <= 2 and len(rest.split()) <= 8):
                continue
        if best is None or (best[1] and not updated):
            best = (found, updated)
    return best


def page_date(lines: list[str], reference: date, *, labelled_only: bool = False) -> FoundDate | None:
    """First publication stamp among chrome lines, preferring published over updated."""
    fallback: FoundDate | None = None
    for line in lines:
        hit = date_from_line(line, reference, labelled_only=labelled_only)
        if hit is None:
            continue
        found, updated = hit
        if not updated:
            return found
        fallback = fallback or found
    return fallback


_URL_DATES: list[tuple[re.Pattern[str], Precision]] = [
    (re.compile(r"/((?:19|20)\d\d)/([01]?\d)/([0-3]?\d)(?=/|$|[-_.])"), "day"),
    (re.compile(r"[/_-]((?:19|20)\d\d)-([01]\d)-([0-3]\d)(?=/|$|[-_.])"), "day"),
    (re.compile(r"[/_-]((?:19|20)\d\d)([01]\d)([0-3]\d)(?=/|$|[-_.])"), "day"),
    (re.compile(r"/((?:19|20)\d\d)/([01]?\d)(?=/)"), "month"),
]


def url_date(url: str | None, reference: date) -> tuple[str, Precision] | None:
    """A date spelled in the URL path: /2019/11/18/, /2019-11-18-, /20191118/, /2019/11/."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url.split("?")[0].split("#")[0])
    for pattern, precision in _URL_DATES:
        match = pattern.search(path)
        if not match:
            continue
        day = int(match.group(3)) if precision == "day" else None
        value = _make(int(match.group(1)), int(match.group(2)), day)
        if value is not None and plausible(value, reference):
            return value, precision
    return None


# Words that put a mentioned date in the future of the text ("upcoming elections in
# 2023", "by 2030"): such a date is no lower bound for the page.
_FUTURE = re.compile(
    r"\b(?:upcoming|next|until|till|by|will|would|plans?|planned|scheduled|expected|due|"
    r"forecast|target|targets|ahead)\W+(?:\w+\W+){0,3}$",
    re.I,
)
# A bare year counts as an event date only after a preposition ("in 2019", "since 2019").
_BARE_YEAR = re.compile(
    r"\b(?:in|since|during|of|after|from|early|late|mid-?)\s+(?:19|20)\d\d(?![\d,.]\d)", re.I
)


def event_dates(text: str, reference: date) -> list[str]:
    """ISO lower bounds of the past events a text reports (full dates, month-years, years)."""
    values: list[str] = []
    taken: list[tuple[int, int]] = []
    for found in find_dates(text):
        taken.append((found.start, found.end))
        if _FUTURE.search(text[max(0, found.start - 40) : found.start]):
            continue
        if plausible(found.value, reference):
            values.append(found.value)
    for match in _BARE_YEAR.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        if _FUTURE.search(text[max(0, match.start() - 40) : match.start()]):
            continue
        value = f"{match.group()[-4:]}-01-01"
        if plausible(value, reference):
            values.append(value)
    return values


def publication_window(body: str, crawled: str | None, reference: date) -> Window | None:
    """[latest dated event reported, crawl date]; None when neither bound is known."""
    events = event_dates(body, reference)
    start = max(events) if events else None
    end: str | None = None
    if crawled:
        try:
            end = date.fromisoformat(crawled.strip()[:10]).isoformat()
        except ValueError:
            end = None
    if start is None and end is None:
        return None
    return (start, end)


_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "a": 1,
}  # fmt: skip
# "X has been president for about two years": the page's present is the start of
# the tenure plus the duration.
_TENURE = re.compile(
    r"\bha(?:s|ve) (?:now )?been (?:the |an? )?(?:[\w'’-]+ ){0,2}?(?P<role>[a-z]+) for "
    r"(?:about |almost |nearly |over |more than |some |roughly |around |just )?"
    r"(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a) years?\b",
    re.I,
)
# Offices whose start the same page may date through their election.
_ELECTION_OF = {
    "president": "presidential",
    "mayor": "mayoral",
    "governor": "gubernatorial",
    "senator": "senate",
}


def _tenure_starts(text: str, role: str) -> list[int]:
    """Years the page says the ``role`` began: "elected president in 2019", "the
    presidential elections in 2019", "became president in 2019", "president since 2019"."""
    role_re = re.escape(role)
    adjective = _ELECTION_OF.get(role.lower())
    patterns = [
        rf"\b(?:elected|became|appointed|named|sworn in as)\s+(?:\w+\s+){{0,3}}?{role_re}\w*\s+(?:\w+\s+){{0,3}}?in\s+((?:19|20)\d\d)\b",
        rf"\b{role_re}\w*\s+since\s+((?:19|20)\d\d)\b",
        r"\btook office\s+(?:\w+\s+){0,2}?in\s+((?:19|20)\d\d)\b",
    ]
    if adjective:
        patterns.append(rf"\b{adjective}\s+elections?\s+(?:\w+\s+){{0,3}}?in\s+((?:19|20)\d\d)\b")
    years = {int(m.group(1)) for p in patterns for m in re.finditer(p, text, re.I)}
    return sorted(years)


def tenure_window(text: str, reference: date) -> Window | None:
    """The year a page was written in, from a tenure it states and the start it dates.

    "Ruiz has been mayor for about three years" plus "the mayoral election in 2015"
    in the same page place the page in 2018. None unless the page dates
    exactly one start for that office (two would make the sum ambiguous).
    """
    for match in _TENURE.finditer(text):
        role = match.group("role").lower()
        starts = _tenure_starts(text, role)
        if len(starts) != 1:
            continue
        n = match.group("n").lower()
        year = starts[0] + (int(n) if n.isdigit() else _NUMBERS[n])
        if year > reference.year:
            continue
        return (f"{year}-01-01", f"{year}-12-31")
    return None
