"""Each outlet's source type: state media, a government's own statement, a wire, an independent outlet.

The type comes from, in this order of trust:

1. the outlets table (a user's outlets file over the bundled list) by outlet name or url domain;
2. a government's own statement, even when a wire or press-release distributor carries it: a
   byline or heading naming an embassy, ministry or spokesperson, a "Press Statement" or
   "Readout" heading, "The following is a statement by ...", or a body that speaks as a state
   ("The United States reiterates ..." with "we"/"our" outside quotation marks);
3. a government url domain (.gov, .gov.xx, .gouv.fr, .gob.xx, .go.jp, .mil, mfa.*);
4. an agency dateline ("LONDON (Reuters) -", "BEIJING, June 5 (Xinhua) --"), typed from the table;
5. otherwise ``unknown``: no guess.

A listed outlet of any type other than ``wire`` is final: state media relaying a ministry stays ``state``.

The outlets file (TOML; names match case-insensitively, domains also match their subdomains):

```toml
[outlets."Kazinform"]
type = "state"                 # state | government | wire | independent | unknown
domains = ["inform.kz"]        # optional
aliases = ["Казинформ"]        # optional: other names the outlet goes by

[outlets."EIN Presswire"]
type = "wire"                  # news wires and press-release distributors are both "wire"
```
A user's entry overrides only the keys it sets in the bundled entry of the same name
(``outlets_default.toml``, next to this module, which doubles as a longer example).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from storyline.clean.outlet import agency_name, parse_dateline
from storyline.errors import BadUserFile

SOURCE_TYPES = ("state", "government", "wire", "independent", "unknown")
_KEYS = ("type", "domains", "aliases")
_DEFAULTS = "outlets_default.toml"
_TOML_LINE = re.compile(r"at line (\d+)")
_DOMAIN = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+")


class BadOutletsFile(BadUserFile):
    """The outlets file cannot be used; the message names the file, the line when known, and the fix."""


@dataclass(slots=True, kw_only=True)
class SourceType:
    """An article's source type and why; offsets index into the article text."""

    type: str  # one of SOURCE_TYPES
    how: str
    evidence: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(slots=True, kw_only=True)
class OutletEntry:
    """One outlet of the table, with where its type was set (``bundled`` or ``user``)."""

    name: str
    type: str
    domains: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    origin: str = "bundled"


@dataclass(slots=True, kw_only=True)
class OutletHit:
    """How ``OutletTable.match`` found an entry: by a name or by a domain (then ``domain`` is set)."""

    entry: OutletEntry
    domain: str | None = None


def _name_key(name: str) -> str:
    # "The Associated Press" == "associated press"; "Agence France-Presse" == "agence france presse"
    key = " ".join(re.sub(r"[\W_]+", " ", name.casefold()).split())
    return key.removeprefix("the ") if key != "the" else key


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    return re.sub(r"^www\d*\.", "", host.lower().rstrip(".")) if host else None


class OutletTable:
    """Outlet name (case-insensitive, also matching url domains) -> type, from the bundled defaults plus a user's file."""

    def __init__(self, entries: list[OutletEntry]) -> None:
        self.entries = entries
        self._by_name: dict[str, OutletEntry] = {}
        self._by_domain: dict[str, OutletEntry] = {}
        # Later entries win, so user entries (appended after the bundled ones) take every clash.
        for entry in entries:
            for name in (entry.name, *entry.aliases):
                self._by_name[_name_key(name)] = entry
            for domain in entry.domains:
                self._by_domain[domain] = entry

    @classmethod
    def load(cls, path: str | Path | None = None) -> OutletTable:
        """The bundled list, with the user's file at ``path`` (if any) merged over it."""
        bundled = resources.files("storyline.framing").joinpath(_DEFAULTS).read_text(encoding="utf-8")
        entries = {_name_key(e.name): e for e in _parse(bundled, _DEFAULTS, "bundled")}
        if path is not None:
            for user in _parse(_read(path), str(path), "user"):
                base = entries.get(_name_key(user.name))
                if base is not None:
                    # Keys the user left out (or left empty) keep their bundled values.
                    user.domains = user.domains or base.domains
                    user.aliases = user.aliases or base.aliases
                    del entries[_name_key(user.name)]
                entries[_name_key(user.name)] = user
        return cls(list(entries.values()))

    def match(self, outlet: str | None, url: str | None) -> OutletHit | None:
        """The entry for an outlet name, an outlet that is a host name, or the url's host."""
        if outlet and outlet.strip():
            entry = self._by_name.get(_name_key(outlet))
            if entry is not None:
                return OutletHit(entry=entry)
        # The cleaner names an outlet by its host when nothing better is known ("inform.kz").
        hosts = [outlet.strip().lower()] if outlet and _DOMAIN.fullmatch(outlet.strip().lower()) else []
        hosts += [h for h in [_host(url)] if h]
        for host in hosts:
            labels = host.split(".")
            for i in range(len(labels) - 1):
                entry = self._by_domain.get(".".join(labels[i:]))
                if entry is not None:
                    return OutletHit(entry=entry, domain=host)
        return None

    def canonical(self, outlet: str | None, url: str | None, seen: dict[str, str]) -> str | None:
        """One name per outlet: the table's name for a listed one (by name, alias or domain),
        else the first spelling in ``seen`` (name key -> name, extended here) that differs
        only in case, spacing or punctuation ("FOX" and "fox")."""
        if not outlet or not outlet.strip():
            return outlet
        hit = self.match(outlet, url)
        if hit is not None:
            return hit.entry.name
        return seen.setdefault(_name_key(outlet), outlet.strip())

    def lookup(self, outlet: str | None, url: str | None) -> str | None:
        """The outlet's type, or None when the table does not list it."""
        hit = self.match(outlet, url)
        return hit.entry.type if hit else None


_BUNDLED: OutletTable | None = None


def outlet_key(name: str) -> str:
    """What two spellings of one outlet name share ("FOX" / "fox", "The Hill" / "the hill")."""
    return _name_key(name)


def outlet_table() -> OutletTable:
    """The bundled outlets table (loaded once)."""
    return _bundled()


def _bundled() -> OutletTable:
    global _BUNDLED
    if _BUNDLED is None:
        _BUNDLED = OutletTable.load()
    return _BUNDLED


# -- the outlets file -----------------------------------------------------------


def _read(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise BadOutletsFile(
            str(path), f"cannot read the outlets file ({exc.strerror or exc}); check the path"
        ) from exc
    except UnicodeDecodeError as exc:
        raise BadOutletsFile(str(path), "the outlets file is not UTF-8 text; save it as UTF-8") from exc


def _parse(text: str, where: str, origin: str) -> list[OutletEntry]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        # tomllib says "at end of document" rather than a line for unclosed brackets and strings
        at = int(found.group(1)) if found else max(1, len(text.splitlines()))
        raise BadOutletsFile(where, f"not valid TOML: {exc}; fix the syntax on that line", at) from exc
    example = 'write each outlet as [outlets."Name"] with type = "..."'
    unknown = sorted(set(data) - {"outlets"})
    if unknown:
        line = _line_of(text, rf"\[*\s*{re.escape(unknown[0])}\b|{re.escape(unknown[0])}\s*=")
        raise BadOutletsFile(
            where, f"unknown table {unknown[0]!r}; the only table is 'outlets': {example}", line
        )
    outlets = data.get("outlets", {})
    if not isinstance(outlets, dict):
        raise BadOutletsFile(
            where, f"'outlets' must be a table of outlets: {example}", _line_of(text, r"\[*\s*outlets\b")
        )
    return [_entry(name, raw, text, where, origin) for name, raw in outlets.items()]


def _entry(name: str, raw: Any, text: str, where: str, origin: str) -> OutletEntry:
    line = _line_of(
        text, rf"\[\s*outlets\s*\.\s*(?:\"{re.escape(name)}\"|'{re.escape(name)}'|{re.escape(name)})\s*\]"
    )
    if line is None:
        line = _line_of(
            text,
            rf"(?:outlets\s*\.\s*)?(?:\"{re.escape(name)}\"|'{re.escape(name)}'|{re.escape(name)})\s*[.=]",
        )
    what = f"outlet {name!r}"
    if not name.strip():
        raise BadOutletsFile(where, 'an outlet has an empty name; write [outlets."Name"]', line)
    if not isinstance(raw, dict):
        raise BadOutletsFile(where, f'{what} must be a table: [outlets."{name}"] then type = "..."', line)
    unknown = sorted(set(raw) - set(_KEYS))
    if unknown:
        raise BadOutletsFile(
            where, f"{what}: unknown key {unknown[0]!r}; valid keys: {', '.join(_KEYS)}", line
        )
    kind = raw.get("type")
    if kind is None:
        raise BadOutletsFile(
            where, f'{what} has no type; add type = "..." (one of: {", ".join(SOURCE_TYPES)})', line
        )
    if not isinstance(kind, str) or kind.strip().lower() not in SOURCE_TYPES:
        raise BadOutletsFile(
            where, f"{what}: type {kind!r} is not a source type; use one of: {', '.join(SOURCE_TYPES)}", line
        )
    domains = []
    for value in _strings(raw, "domains", what, where, line):
        domain = _host(value.strip())
        if domain is None or not _DOMAIN.fullmatch(domain):
            raise BadOutletsFile(where, f'{what}: {value!r} is not a domain; write it like "inform.kz"', line)
        domains.append(domain)
    return OutletEntry(
        name=name.strip(),
        type=kind.strip().lower(),
        domains=domains,
        aliases=_strings(raw, "aliases", what, where, line),
        origin=origin,
    )


def _strings(raw: dict[str, Any], key: str, what: str, where: str, line: int | None) -> list[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise BadOutletsFile(where, f'{what}: {key} must be a list of non-empty strings, like ["..."]', line)
    return [v.strip() for v in value]


def _line_of(text: str, pattern: str) -> int | None:
    """1-based number of the first line starting with ``pattern``; None when none does."""
    for number, raw in enumerate(text.splitlines(), start=1):
        if re.match(pattern, raw.strip()):
            return number
    return None


# -- a government's own statement ------------------------------------------------

_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:of\s+|and\s+|the\s+)*[A-Z][\w.'’-]*){0,5}"
# Offices that only a government has. Matched only where a byline or heading stands, never in prose.
_BODY = (
    rf"(?:(?:the\s+)?(?:{_NAME}\s+)?(?:Embassy|Consulate(?:\s+General)?|Permanent\s+Mission|High\s+Commission)"
    rf"(?:\s+of\s+(?:the\s+)?{_NAME})?(?:\s+(?:in|to)\s+(?:the\s+)?{_NAME})?"
    rf"|(?:the\s+)?(?:(?:U\.S\.|[A-Z][a-z]+)\s+)?(?:Ministry|Department|Office|Press\s+Service|Secretariat|Government|Cabinet)\s+(?:of|for)\s+(?:the\s+)?{_NAME}"
    rf"|(?:the\s+)?(?:{_NAME}\s+)?(?:Foreign|Defen[cs]e|Interior|Finance|Justice)\s+(?:Ministry|Office)"
    r"|(?:the\s+)?(?:U\.?S\.?\s+)?State\s+Department|(?:the\s+)?White\s+House|(?:the\s+)?Kremlin"
    r"|(?:the\s+)?Presidential\s+(?:Press\s+)?(?:Office|Administration|Press\s+Service))"
)
# Officials whose statements are their government's; "President" alone is too often a company's.
_OFFICIAL = (
    r"(?:(?:the\s+)?(?:U\.S\.|US|UK|[A-Z][a-z]+(?:an|ese|ish|ch|i))\s+)?"
    r"(?:Prime\s+Minister|(?:Deputy\s+|Foreign\s+|Defen[cs]e\s+)?Minister|Secretary\s+of\s+State|Secretary"
    r"|Ambassador|Press\s+Secretary|Spokes(?:person|man|woman)|Chancellor|Charg[ée]\s+d['’]Affaires"
    r"|President\s+of\s+the\s+(?:United\s+States|Republic(?:\s+of\s+[A-Z]\w+)?)"
    r"|President(?=\s+[A-Z][a-z]+['’]?s?\b(?!\s+(?:and|&)\s+CEO)))"
)
# A heading that is a statement kind naming its author: "Statement by the Foreign Minister on ...".
_HEADING = re.compile(
    rf"^(?:(?:Joint\s+|Press\s+)?Statement|Readout|Remarks|Communiqu[ée])\s+(?:by|from|of|on\s+behalf\s+of)\s+(?:the\s+)?(?:{_OFFICIAL}|{_BODY})"
)
# Headings a government page carries alone (the State Department's "Press Statement", "Media Note").
_BARE_HEADING = re.compile(
    r"^(?:Press\s+Statement|Media\s+Note|Office\s+of\s+the\s+Spokes(?:person|man|woman))$", re.I
)
_BODY_LINE = re.compile(rf"^{_BODY}$")
_LEAD = re.compile(
    # Case-sensitive on purpose: under re.I the capitalised-name parts would match any words.
    rf"\b(?:[Tt]he\s+following\s+(?:is\s+(?:a|the)\s+(?:text\s+of\s+(?:a|the)\s+)?)?(?:joint\s+)?(?:statement|readout|press\s+statement|remarks)"
    rf"\s+(?:was\s+)?(?:issued\s+|released\s+|made\s+)?(?:by|from)\s+(?:the\s+)?(?:{_OFFICIAL}|{_BODY})"
    rf"|(?:{_BODY})\s+(?:has\s+)?(?:issued|released)\s+the\s+following\s+(?:joint\s+)?statement)"
)
# A body that speaks as a state: "The United States also reiterates ...", "The Government of Canada
# condemns ...". A bare one-word subject ("Canada condemns") is left out: "Acme welcomes ... We are
# delighted" is how company releases on the same wires read.
_STATE = (
    r"(?:The\s+(?:United\s+States|U\.S\.|United\s+Kingdom|UK|European\s+Union|EU)"
    rf"|The\s+(?:Government|Kingdom|Republic|Embassy|Ministry|Foreign\s+Ministry)\s+of\s+(?:the\s+)?{_NAME}"
    r"|The\s+[A-Z][a-z]+\s+(?:Government|Embassy|Foreign\s+Ministry|Ministry\s+of\s+Foreign\s+Affairs))"
)
_STATE_VERB = re.compile(
    rf"{_STATE}\s+(?:(?:also|strongly|firmly|once\s+again|again|further|fully|warmly|deeply|continues\s+to)\s+)*"
    r"(?:reiterates|reaffirms|welcomes|condemns|calls\s+(?:on|upon)|urges|congratulates|concurs|commends|applauds"
    r"|deplores|regrets|supports|stands\s+(?:ready|with)|remains\s+committed|expresses|takes\s+note|rejects"
    r"|denounces|looks\s+forward)\b"
)
_REPORTING = re.compile(r"\b(?:said|says|told|according\s+to|stated|quoted|quotes|reported|reports)\b")
_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]ur|[Oo]urs|us)\b")
# Quoted words and dash-introduced speech are someone else's voice, not the page's.
_QUOTED = re.compile(r"“[^”\n]*”|«[^»\n]*»|„[^“”\n]*[“”]|\"[^\"\n]*\"|(?m:^[ \t]*[-–—][ \t].*$)")
# A sentence ends at . ! ? (not the dot of an initial such as "U.S.") or at a line break.
_BOUNDARY = re.compile(r"(?<!\b[A-Z])[.!?]+[\"”»’]?(?=\s)|\n")
_TOP_CHARS = 1500  # "near the top": a statement's voice and headings show in its first paragraphs


def _find(text: str, needle: str) -> tuple[int, int] | None:
    match = re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", text)
    return (match.start(), match.end()) if match else None


def _at(text: str, start: int, end: int, how: str) -> SourceType:
    return SourceType(type="government", how=how, evidence=text[start:end], start=start, end=end)


def _government_statement(text: str, title: str | None, author: str | None, how: str) -> SourceType | None:
    """Evidence that the page is a government's own statement, or None."""
    if author and (_BODY_LINE.match(author.strip()) or re.fullmatch(_OFFICIAL + r".*", author.strip())):
        span = _find(text, author.strip())
        if span:
            return _at(text, *span, how)
        return SourceType(type="government", how=how, evidence=author.strip())
    if title and _HEADING.match(title.strip()):
        span = _find(text, title.strip())
        if span:
            return _at(text, *span, how)
        return SourceType(type="government", how=how, evidence=title.strip())
    # Headings and bylines: the first few short lines.
    lines = [m for m in re.finditer(r"[^\n]+", text[:_TOP_CHARS]) if m.group().strip()][:4]
    for line in lines:
        stripped = line.group().strip()
        if len(stripped) > 120:
            continue
        start = line.start() + line.group().index(stripped)
        heading = _HEADING.match(stripped)
        if heading:
            return _at(text, start, start + heading.end(), how)
        if _BARE_HEADING.match(stripped) or _BODY_LINE.match(stripped):
            return _at(text, start, start + len(stripped), how)
    lead = _LEAD.search(text[:600])
    if lead:
        return _at(text, lead.start(), lead.end(), how)
    return _state_voice(text, how)


def _state_voice(text: str, how: str) -> SourceType | None:
    """A body in a state's own voice: a state as subject of a diplomatic verb, and "we" unquoted."""
    top = text[:_TOP_CHARS]
    masked = _QUOTED.sub(lambda m: " " * len(m.group()), top)
    if not _FIRST_PERSON.search(masked):
        return None
    starts = [0, *(m.end() for m in _BOUNDARY.finditer(masked))]
    for start in starts:
        start += len(masked[start:]) - len(masked[start:].lstrip())
        match = _STATE_VERB.match(masked, start)
        if not match:
            continue
        stop = _BOUNDARY.search(masked, match.end())
        # "..., said the ambassador" makes it reported speech, not the page's own voice.
        if not _REPORTING.search(masked, start, stop.start() if stop else len(masked)):
            return _at(text, start, match.end(), how)
    return None


# -- url domains and datelines ----------------------------------------------------------

_GOV_LABELS = {"gov", "gouv", "gob", "govt", "gub", "mil", "gc", "gv"}


def _government_domain(host: str) -> bool:
    labels = host.split(".")
    if labels[-1] in {"gov", "mil"} or labels[0] in {"mfa", "mofa"}:
        return True
    # gov.uk, mfa.gov.kz, gouv.fr, gob.mx, gc.ca, gv.at; "go" only as a second level (go.jp, go.kr)
    if any(label in _GOV_LABELS for label in labels[:-1]):
        return True
    return len(labels) >= 2 and labels[-2] == "go" and len(labels[-1]) == 2


def _dateline(text: str, dateline: str | None, table: OutletTable) -> SourceType | None:
    lead = len(text) - len(text.lstrip())
    found = parse_dateline(text)
    if found is None or found.agency is None:
        # The cleaner may have kept the dateline apart from the body.
        alone = parse_dateline(dateline) if dateline else None
        if alone is None or alone.agency is None:
            return None
        return _agency(alone.agency, dateline.strip() if dateline else None, None, None, table)
    at = text.find(found.agency, lead)
    if at < 0:
        return None
    end = at + len(found.agency)
    # Take the closing "(...)" or "/.../" and the dash after the agency, so the span is the whole dateline.
    tail = re.match(r"[)/]?\s*(?:[-–—]+|\.(?=\s))?", text[end:])
    end += len(tail.group().rstrip()) if tail else 0
    return _agency(found.agency, text[lead:end], lead, end, table)


def _agency(
    agency: str, evidence: str | None, start: int | None, end: int | None, table: OutletTable
) -> SourceType:
    kind = table.lookup(agency, None) or table.lookup(agency_name(agency), None)
    if kind is None:
        # Refuse to guess the type of an agency nobody listed; say which name to add.
        how = f"agency dateline ({agency_name(agency)} not in the outlets list)"
        return SourceType(type="unknown", how=how, evidence=evidence, start=start, end=end)
    return SourceType(type=kind, how="agency dateline", evidence=evidence, start=start, end=end)


def infer_source_type(
    *,
    outlet: str | None,
    url: str | None,
    title: str | None,
    text: str,
    dateline: str | None = None,
    author: str | None = None,
    table: OutletTable | None = None,
) -> SourceType:
    """The source type of one article, with the rule that decided and the characters that show it."""
    table = table or _bundled()
    hit = table.match(outlet, url)
    if hit is not None and hit.entry.type != "wire":
        # State media relaying a ministry stays state media: the outlet chose to carry it.
        return _listed(hit, text, outlet)
    if hit is not None:
        # A wire or distributor carrying a government's own words: the statement's voice decides.
        carried = _government_statement(
            text, title, author, f"government statement on a wire ({hit.entry.name})"
        )
        return carried or _listed(hit, text, outlet)
    statement = _government_statement(text, title, author, "government statement")
    if statement is not None:
        return statement
    host = _host(url) or (
        outlet.strip().lower() if outlet and _DOMAIN.fullmatch(outlet.strip().lower()) else None
    )
    if host and _government_domain(host):
        return SourceType(type="government", how=f"url domain {_suffix(host)}", evidence=host)
    return _dateline(text, dateline, table) or SourceType(type="unknown", how="no signal")


def _listed(hit: OutletHit, text: str, outlet: str | None) -> SourceType:
    how = "outlets file" if hit.entry.origin == "user" else "known outlet list"
    if hit.domain is not None:
        return SourceType(type=hit.entry.type, how=f"{how} (domain {hit.domain})", evidence=hit.domain)
    # Point at the outlet's name in the text (its dateline, usually) when the page prints it.
    spans = [
        s for s in (_find_ci(text, n) for n in (outlet or "", hit.entry.name, *hit.entry.aliases) if n) if s
    ]
    if spans:
        start, end = min(spans)
        return SourceType(type=hit.entry.type, how=how, evidence=text[start:end], start=start, end=end)
    return SourceType(type=hit.entry.type, how=how, evidence=outlet)


def _find_ci(text: str, needle: str) -> tuple[int, int] | None:
    match = re.search(rf"(?<!\w){re.escape(needle.strip())}(?!\w)", text, re.I)
    return (match.start(), match.end()) if match else None


def _suffix(host: str) -> str:
    labels = host.split(".")
    if labels[0] in {"mfa", "mofa"}:
        return f"{labels[0]}.*"
    for i, label in enumerate(labels):
        if label in _GOV_LABELS or (label == "go" and i == len(labels) - 2):
            return "." + ".".join(labels[i:])
    return "." + labels[-1]
