"""The tail of a press release: the "About the company" boilerplate after the story.

Wire releases end with one to three paragraphs that describe the issuer ("Acme is a
leading provider of ...", "headquartered in ...", "employs around 1,300 people").
They read as prose, so the body run swallows them; they are trimmed from the end of
the body only, where they stand, never from its middle.
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
# Never trim more than this many paragraphs, nor so much that little of the story is left.
MAX_TAIL = 3


def company_tail(paragraphs: list[str]) -> int:
    """How many trailing paragraphs are issuer boilerplate (0 if none)."""
    n = 0
    while n < MAX_TAIL and (n + 1) * 2 <= len(paragraphs) - 1:
        if not COMPANY_RE.search(paragraphs[-1 - n].lower()):
            break
        n += 1
    return n
