"""Page metadata: title, outlet, author, dateline, language, publication date.

Each field follows one precedence: what the container states (``doc.hints``),
then markup metadata (``extraction.meta``), then evidence on the page itself
(header lines, dateline, chrome), then the URL. A field without evidence stays
None; a publication date in particular is never guessed, only bounded by a window.
"""

from __future__ import annotations

import re
from datetime import date

from storyline.clean.byline import find_author
from storyline.clean.dates import (
    Published,
    find_dates,
    page_date,
    parse_date_value,
    plausible,
    publication_window,
    reference_date,
    tenure_window,
    url_date,
)
from storyline.clean.language import detect_language, normalise_language
from storyline.clean.outlet import (
    Dateline,
    agency_name,
    parse_dateline,
    strip_site_name,
    url_outlet,
    wire_outlet,
)
from storyline.model import Extraction, PageMeta, RawDocument, Window


def infer_metadata(doc: RawDocument, extraction: Extraction) -> PageMeta:
    """Everything the page says about itself; a date is never guessed."""
    hints = {key: value.strip() for key, value in doc.hints.items() if value and value.strip()}
    meta = {key: value.strip() for key, value in extraction.meta.items() if value and value.strip()}
    header = [line.strip() for line in extraction.header if line.strip()]
    removed = [line.text.strip() for line in extraction.removed if line.text.strip()]
    url = doc.url or meta.get("url")
    host = url_outlet(url) or meta.get("hostname")
    dateline = parse_dateline(extraction.text)
    reference = reference_date(hints.get("crawled"))

    outlet, outlet_how = infer_outlet(hints, meta, dateline, removed, host)
    title = hints.get("title") or meta.get("title") or headline(header) or first_line(doc)
    language = normalise_language(hints["language"]) if "language" in hints else None
    result = PageMeta(
        title=strip_site_name(title, outlet, host) if title else None,
        outlet=outlet,
        outlet_how=outlet_how,
        author=hints.get("author") or meta.get("author") or find_author(header, removed, extraction.text),
        dateline=dateline.place if dateline else None,
        language=language or detect_language(extraction.text),
    )
    published = infer_published(hints, meta, header, removed, dateline, extraction.text, url, reference)
    if published is not None:
        result.published = published.value
        result.published_precision = published.precision
        result.published_how = published.how
    else:
        # Only a window here, and published_how stays "none": "inferred" is reserved
        # for a later corpus stage that may settle on a point date from evidence
        # across articles, which one page alone never justifies.
        body = f"{result.title}\n\n{extraction.text}" if result.title else extraction.text
        result.published_window = publication_window(body, hints.get("crawled"), reference)
        result.window_how = "text" if result.published_window else None
        tenure = tenure_window(body, reference)
        narrowed = _intersect(tenure, result.published_window) if tenure else None
        if narrowed is not None:
            result.published_window, result.window_how = narrowed, "tenure"
    return result


def _intersect(inner: Window, outer: Window | None) -> Window | None:
    """Both windows at once (ISO dates compare as strings); None if they contradict."""
    lows = [d for d in (inner[0], outer[0] if outer else None) if d]
    highs = [d for d in (inner[1], outer[1] if outer else None) if d]
    lo, hi = (max(lows) if lows else None), (min(highs) if highs else None)
    return None if lo and hi and lo > hi else (lo, hi)


def infer_outlet(
    hints: dict[str, str],
    meta: dict[str, str],
    dateline: Dateline | None,
    removed: list[str],
    host: str | None,
) -> tuple[str | None, str | None]:
    """Outlet and how it was found: hint > site name > agency dateline > wire chrome > URL host."""
    if "outlet" in hints:
        return hints["outlet"], "hint"
    if "sitename" in meta:
        return meta["sitename"], "site"
    if dateline is not None and dateline.agency:
        return agency_name(dateline.agency), "agency"
    wire = wire_outlet(removed)
    if wire:
        return wire, "wire"
    if host:
        return host, "url"
    return None, None


def infer_published(
    hints: dict[str, str],
    meta: dict[str, str],
    header: list[str],
    removed: list[str],
    dateline: Dateline | None,
    body: str,
    url: str | None,
    reference: date,
) -> Published | None:
    """Publication date: stated > header stamp > labelled chrome stamp > dateline > URL."""
    for stated in (hints.get("date"), meta.get("date")):
        if stated:
            parsed = parse_date_value(stated, reference)
            if parsed:
                return Published(value=parsed[0], precision=parsed[1], how="page")
    # Header lines may be bare stamps; the rest of the chrome (footers, related-news
    # lists) must label its date, or any listed headline's date would pass for ours.
    found = page_date(header, reference) or page_date(removed, reference, labelled_only=True)
    if found is not None:
        return Published(value=found.value, precision=found.precision, how="page")
    # "LONDON, June 5 (AP)" has no year: no date rather than a guessed one.
    stated = dateline.date_text if dateline is not None and dateline.date_text else None
    opening = _DATE_OPENING.match(body)
    for candidate, whole in ((stated, False), (opening.group(1) if opening else None, True)):
        for stated_date in find_dates(candidate or "", foreign=True):
            # An opening fragment must be the stamp itself, not a sentence quoting a date.
            if whole and (stated_date.start > 0 or len(candidate or "") - stated_date.end > 12):
                continue
            if plausible(stated_date.value, reference):
                return Published(value=stated_date.value, precision=stated_date.precision, how="byline")
    from_url = url_date(url, reference)
    if from_url:
        return Published(value=from_url[0], precision=from_url[1], how="url")
    return None


# A body opening with a bare date stamp: "November 18, 2019 — The ministry ...".
_DATE_OPENING = re.compile(r"^\s*([^\n]{6,40}?)\s*(?:[-–—:|]|\(\w)")

# Lines in a header that are never the headline.
_BREADCRUMB = re.compile(r"[>»›]\s*\S+.*[>»›]|^\S.{0,30}\s[>»›]\s*$|^\s*[>»›]")
# A line made only of navigation words is a menu, whatever its length.
_MENU_WORDS = {
    "home", "menu", "search", "login", "log", "sign", "in", "up", "subscribe", "share", "print",
    "skip", "to", "content", "back", "top", "more", "about", "contact", "us", "news", "latest",
}  # fmt: skip


def _headline_like(line: str) -> bool:
    words = line.split()
    if not 3 <= len(words) <= 40 or len(line) < 15 or len(line) > 300:
        return False
    letters = sum(c.isalpha() for c in line)
    if letters < 0.6 * len(line.replace(" ", "")):
        return False
    # Short-token lines are language switchers and menus ("EN RU KZ ...").
    if sum(len(w) for w in words) / len(words) < 3:
        return False
    if line.rstrip().endswith((":", ".", ";", ",")) and not re.search(r"\b(?:[A-Z]\.){2,}$", line):
        return False
    if _BREADCRUMB.search(line) or all(w.lower().strip(".,:|") in _MENU_WORDS for w in words):
        return False
    if find_dates(line) or re.search(r"\b\d{1,2}:\d\d\b", line):
        return False
    return not re.match(r"^\(?\s*(?:by|author|written by|photo|source)\b", line, re.I)


def headline(header: list[str]) -> str | None:
    """The headline among the lines above the body: the last headline-like line.

    A headline followed directly by a longer headline-like line is a headline
    with its standfirst: the first of the two is the title.
    """
    candidates = [i for i, line in enumerate(header) if _headline_like(line)]
    if not candidates:
        return None
    last = candidates[-1]
    if len(candidates) > 1 and candidates[-2] == last - 1:
        previous = header[last - 1]
        if len(previous.split()) < len(header[last].split()):
            return previous.strip()
    return header[last].strip()


def first_line(doc: RawDocument) -> str | None:
    """First line of a text page, when nothing above the body looked like a headline."""
    if doc.kind != "text":
        return None
    for line in doc.content.splitlines():
        line = line.strip()
        if line:
            return line if _headline_like(line) else None
    return None
