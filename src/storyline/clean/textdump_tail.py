"""The tail of a story: "About the company" boilerplate and the writer's bio after it.

Wire releases end with one to three paragraphs that describe the issuer ("Acme is a
leading provider of ...", "headquartered in ...", "employs around 1,300 people");
news sites end with a line on the writer ("Jane Roe is a reporter for ...").
They read as prose, so the body run swallows them; they are trimmed from the end of
the body only, where they stand, never from its middle (where "X is a reporter" is news).
"""

from __future__ import annotations

import re

# Phrases of company self-description. Matched on the lowercased paragraph.
COMPANY_RE = re.compile(
    r"^[^.]{1,80}? (?:is|are) (?:a|an|the) (?:[\w-]+ ){0,3}?"
    r"(?:leading|global|world'?s|worldwide|premier|pioneer|international|fast[- ]growing|privately[- ]held"
    r"|publicly[- ]traded|independent|innovative)\b"
    r"|\bheadquartered in\b|\bheadquarters (?:is|are) in\b"
    r"|\bemploys? (?:around|about|approximately|over|more than|some|nearly)? ?[\d,.]+ (?:people|employees|staff)\b"
    r"|\b(?:registered )?shares (?:are|is) (?:listed|traded) on\b|\bis listed on the\b"
    r"|\b(?:founded|established) in \d{4}\b.*\b(?:company|firm|provider|group)\b"
)
# "Jane Roe is a reporter for ...", "Jane Roe (@jroe) is an Ideas contributor at ...": a name (capitalised
# words) opens it, so "The driver is a former reporter" stays. Matched on the paragraph as written.
BIO_RE = re.compile(
    r"^(?:[A-Z][\w'’.-]*\s){1,3}(?:\(@\w+\)\s)?(?:is|was) (?:a|an|the) (?i:(?:[\w'-]+ ){0,4}?"
    r"(?:reporter|writer|editor|correspondent|contributor|columnist|journalist|producer|freelancer))\b"
)
# Never trim more than this many paragraphs, nor so much that little of the story is left.
MAX_TAIL = 3


def tail_reason(paragraph: str) -> str | None:
    """Why a paragraph at the body's end is not story: issuer boilerplate or the writer's bio."""
    low = paragraph.lower()
    if COMPANY_RE.search(low):
        return "about-company"
    if BIO_RE.search(paragraph):
        return "author-bio"
    return None


def closing_tail(paragraphs: list[str]) -> list[str]:
    """The reasons of the trailing paragraphs that are not story, last first (empty if none)."""
    reasons: list[str] = []
    while len(reasons) < MAX_TAIL and (len(reasons) + 1) * 2 <= len(paragraphs) - 1:
        reason = tail_reason(paragraphs[-1 - len(reasons)])
        if reason is None:
            break
        reasons.append(reason)
    return reasons
