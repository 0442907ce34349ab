"""Who published a page: agency datelines, wire/press-release chrome, the URL host.

Datelines shout agency names ("XINHUA", "RIA NOVOSTI"); ``agency_name`` gives
them their usual case but leaves short all-caps words alone, since those are
acronyms ("AP", "AFP", "TASS", "RIA").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

# An ALL-CAPS place: "NUR-SULTAN", "ST. PETERSBURG", "NEW YORK", "МОСКВА".
_UPPER = r"[^\W\d_a-zß-ÿа-яё]"
_CAPS_WORD = rf"{_UPPER}(?:{_UPPER}|['’-](?={_UPPER}))*"
_PLACE = rf"(?P<place>{_CAPS_WORD}(?:\.?[ -]{_CAPS_WORD}){{0,3}})"
# "ALMATY, Kazakhstan (AP) —": an optional region after the place.
_REGION = r"(?:,\s+[A-ZА-Я][\w.]+(?:\s[A-ZА-Я][\w.]+)?)?"
_DASH = r"\s*[-–—]+\s*"
# "Nov 18, 2019", "June 5", "20 июня", "18 November 2019": parsed later by find_dates.
_DL_DATE = r"(?P<date>[\w.]+\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[\w.]+(?:\s+\d{4})?)"
_AGENCY_WORD = r"[A-ZА-Я][\w&.'’-]*"
_PAREN_AGENCY = rf"\((?P<agency>{_AGENCY_WORD}(?:\s+{_AGENCY_WORD}){{0,3}})\)"

_DATELINES: list[re.Pattern[str]] = [
    # "NUR-SULTAN. KAZINFORM - ...": place, a dot, an ALL-CAPS agency name.
    re.compile(rf"^{_PLACE}\.\s+(?P<agency>{_CAPS_WORD}(?:\s{_CAPS_WORD})?)(?=\s*[-–—«\"“]|\s+[^\W\d_])"),
    # "WASHINGTON (Reuters) -", "LONDON, June 5 (AP) —", "LONDON, Nov 18, 2019 (Reuters) -".
    re.compile(rf"^{_PLACE}{_REGION}(?:,\s*{_DL_DATE})?\s*{_PAREN_AGENCY}{_DASH}"),
    # "МОСКВА, 20 июня. /ТАСС/." and "MOSCOW, June 20 /TASS/".
    re.compile(rf"^{_PLACE}(?:,\s*{_DL_DATE}\.?)?\s*/(?P<agency>[^/\n]{{2,30}})/"),
    # "МОСКВА, 20 июн — РИА Новости.": place, date, dash, agency, full stop.
    re.compile(rf"^{_PLACE},\s*{_DL_DATE}{_DASH}(?P<agency>{_AGENCY_WORD}(?:\s+{_AGENCY_WORD}){{0,2}})\.\s"),
    # "(Reuters) - ...": agency only.
    re.compile(rf"^{_PAREN_AGENCY}{_DASH}"),
    # "KYIV — ...", "LONDON, June 5 — ...": place (and date) only.
    re.compile(rf"^{_PLACE}{_REGION}(?:,\s*{_DL_DATE})?{_DASH}"),
]


@dataclass(slots=True, kw_only=True)
class Dateline:
    """The dateline a body opens with; any part may be missing."""

    place: str | None = None
    agency: str | None = None
    date_text: str | None = None


# ALL-CAPS kickers that open a body like a dateline but name no place.
_KICKERS = {
    "BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "WATCH", "VIDEO", "PHOTOS", "LIVE", "OPINION",
    "ANALYSIS", "EDITORIAL", "COMMENT", "FACTBOX", "EXPLAINER", "URGENT", "FLASH",
}  # fmt: skip


def _is_place(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if text.split()[0].rstrip(".:") in _KICKERS:
        return False
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def agency_name(name: str) -> str:
    """ "XINHUA" -> "Xinhua", "RIA NOVOSTI" -> "RIA Novosti", "AP" and "Reuters" unchanged."""
    return " ".join(w.capitalize() if len(w) > 4 and w.isupper() else w for w in name.split())


def parse_dateline(body: str) -> Dateline | None:
    """The dateline at the start of ``body``, or None if it opens with prose."""
    head = body.lstrip()[:200]
    for pattern in _DATELINES:
        match = pattern.match(head)
        if not match:
            continue
        groups = match.groupdict()
        place = groups.get("place")
        if place is not None and not _is_place(place):
            continue
        date_text = groups.get("date")
        agency = groups.get("agency")
        return Dateline(
            place=place.strip() if place else None,
            agency=agency.strip() if agency else None,
            date_text=date_text.rstrip(". ") if date_text else None,
        )
    return None


# A distributor named in the chrome: "EIN Presswire", "PR Newswire", "Business Wire".
_WIRE = re.compile(r"((?:[A-Z][\w&.'’-]*\s+){0,3}(?:[A-Z]\w*)?(?:[Nn]ews|[Pp]ress)?[Ww]ire)\b")
_TRADEMARK = re.compile(r"((?:[A-Z][\w&.'’-]*\s+){0,3}[A-Z][\w&.'’-]*)\s*[™®]")
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s*)?,?\s*"
    r"((?:[A-Z][\w&.'’-]*)(?:\s+[A-Z][\w&.'’-]*){0,3})",
    re.I,
)
# Capitalised words that start a chrome sentence rather than a brand name.
_LEAD_WORDS = {
    "get", "the", "download", "follow", "visit", "about", "via", "by", "from", "on", "contact",
    "read", "see", "use", "join", "all", "rights", "reserved", "our", "your", "a", "an", "and",
}  # fmt: skip


def _trim_name(name: str) -> str | None:
    words = re.sub(r"['’]s$", "", name.strip(" .,;:-–—")).split()
    while words and words[0].lower() in _LEAD_WORDS:
        words.pop(0)
    while words and words[-1].lower() in _LEAD_WORDS:
        words.pop()
    cleaned = " ".join(words).strip(" .,;:-–—")
    if len(cleaned) < 2 or not any(c.isalpha() for c in cleaned):
        return None
    return cleaned


def wire_outlet(removed: list[str]) -> str | None:
    """A distributor or brand the page chrome keeps naming (wire and press-release sites).

    Candidates come from distributor names ("... Newswire"), trademarks ("NAME™")
    and copyright notices; the one named most often across the chrome wins.
    """
    chrome = "\n".join(removed)
    candidates: Counter[str] = Counter()
    for pattern, weight in ((_WIRE, 2), (_TRADEMARK, 1), (_COPYRIGHT, 1)):
        for match in pattern.finditer(chrome):
            name = _trim_name(match.group(1))
            if name and not re.fullmatch(r"(?:[Nn]ews|[Pp]ress)?[Ww]ire", name):
                candidates[name] += weight
    if not candidates:
        return None

    def score(name: str) -> tuple[int, int]:
        mentions = len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", chrome))
        return candidates[name] + mentions, -len(name)

    return max(candidates, key=score)


def url_outlet(url: str | None) -> str | None:
    """The URL host without ``www.``: the last resort for naming an outlet."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else "//" + url).hostname
    if not host:
        return None
    return re.sub(r"^www\d*\.", "", host.lower())


def _norm(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


# " | Site", " - Site", " — Site", " :: Site" at the end (or start) of a title.
_SUFFIX = re.compile(r"^(?P<main>.+?)\s+(?:\||-|–|—|::|·|»)\s+(?P<site>[^|–—:·»]{2,60})$")
_PREFIX = re.compile(r"^(?P<site>[^|–—:·»]{2,60}?)\s+(?:\||::|·|»)\s+(?P<main>.+)$")


def _names_outlet(site: str, outlet: str | None, host: str | None) -> bool:
    site_n = _norm(site)
    if not site_n:
        return False
    if outlet and (site_n == _norm(outlet) or _norm(outlet) in site_n):
        return True
    if host:
        labels = [_norm(label) for label in host.split(".") if len(label) > 2]
        return site_n == _norm(host) or any(label == site_n for label in labels)
    return False


def strip_site_name(title: str, outlet: str | None, host: str | None) -> str:
    """Drop a " | Site" suffix (or "Site | " prefix) when it names the outlet or host."""
    for pattern in (_SUFFIX, _PREFIX):
        match = pattern.match(title)
        if match and _names_outlet(match.group("site"), outlet, host):
            return match.group("main").strip()
    return title
