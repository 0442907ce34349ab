"""Author names from byline lines ("By NAME", "Author: NAME", "Reporting by NAME; ...")."""

from __future__ import annotations

import re

_LABELS = (
    r"by|written\s+by|author|authors|text|words|reporter|report(?:ing|ed)\s+by|story\s+by|"
    r"posted\s+by|автор|авторы|текст|von|par|por|di|door|autor|autorin|auteur"
)
# "By NAME", "Author: NAME", "Written by NAME", "(Reporting by NAME in CITY; Editing by ...)".
_BYLINE = re.compile(rf"^\(?\s*(?:{_LABELS})\s*[:\-–—]?\s+(?P<name>.+)$", re.I)
# A label on a line of its own, the name on the next line.
_LABEL_ONLY = re.compile(rf"^\s*(?:{_LABELS})\s*[:\-–—]?\s*$", re.I)
# Particles that may sit lowercase inside a name.
_PARTICLES = {
    "de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "du", "bin",
    "ibn", "al", "el", "y", "dos", "das", "ter", "zu",
}  # fmt: skip
# Capitalised words that show a "By ..." line is a sentence, not a byline.
_NOT_NAME = {
    "the", "you", "your", "our", "we", "this", "that", "using", "continuing", "clicking",
    "website", "site", "cookies", "news", "staff", "agency", "editor", "editorial", "team",
    "admin", "reuters", "press", "service", "january", "february", "march", "april", "may",
    "june", "july", "august", "september", "october", "november", "december", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "photo", "read",
    # Job titles after a name: "NAME, Senior Correspondent".
    "correspondent", "reporter", "writer", "columnist", "contributor", "journalist", "analyst",
    "senior", "chief", "bureau", "special", "political", "associate", "managing", "deputy",
}  # fmt: skip
_NAME_WORD = re.compile(r"^(?:[^\W\d_]\.)+$|^[^\W\d_][^\W\d_'’.-]*(?:['’.-][^\W\d_]+)*\.?$")
_JOINERS = re.compile(r"\s*(?:,\s*and\s+|\s+and\s+|\s*&\s*|\s+и\s+|\s+und\s+|\s+et\s+|,\s*)")


def clean_name(raw: str) -> str | None:
    """``raw`` cut at its role or place ("NAME, Staff writer", "NAME in CITY"), if a person's name."""
    name = re.split(r"\s*(?:[|(•/;]|\s[-–—]\s|\bin\s+[A-Z]|\bat\s+[A-Z]|\bfor\s+[A-Z])", raw.strip())[0]
    name = name.strip(" .,:")
    if not name or len(name) > 80:
        return None
    # "NAME and NAME", "NAME, NAME": keep the leading run of names, dropping a trailing
    # role ("NAME, Senior correspondent") but refusing a line that does not open with one.
    end = 0
    start = 0
    for joiner in [*_JOINERS.finditer(name), None]:
        part_end = joiner.start() if joiner else len(name)
        if not _is_person(name[start:part_end]):
            break
        end = part_end
        if joiner is None:
            break
        start = joiner.end()
    return name[:end] if end else None


def _is_person(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 5:
        return False
    capitalised = 0
    for word in words:
        if word.lower() in _PARTICLES:
            continue
        if not _NAME_WORD.match(word) or word.lower().strip(".") in _NOT_NAME:
            return False
        if word[0].isupper():
            capitalised += 1
        else:
            return False
    return capitalised >= 2


def find_author(header: list[str], removed: list[str], body: str) -> str | None:
    """First byline in the header, then the rest of the chrome, then the body's last paragraph."""
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    tail = paragraphs[-1:] if paragraphs else []
    for lines in (header, removed, tail):
        found = _author_in(lines)
        if found:
            return found
    return None


def _author_in(lines: list[str]) -> str | None:
    for i, line in enumerate(lines):
        line = line.strip()
        match = _BYLINE.match(line)
        if match:
            name = clean_name(match.group("name"))
            if name:
                return name
        # "Reporting by NAME; Editing by ..." closing a body paragraph.
        inline = re.search(r"\(?\bReporting\s+by\s+([^;)\n]+)", line)
        if inline:
            name = clean_name(inline.group(1))
            if name:
                return name
        if _LABEL_ONLY.match(line) and i + 1 < len(lines):
            name = clean_name(lines[i + 1])
            if name:
                return name
    return None
