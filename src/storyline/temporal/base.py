"""What every time-expression rule shares: the context it reads and the candidate it returns."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc

from storyline.temporal.tense import direction


@dataclass(slots=True, kw_only=True)
class Context:
    """One text being searched, its anchor date and (optionally) its parse."""

    text: str
    anchor: date | None
    doc: Doc | None = None
    _directions: dict[tuple[int, int], str | None] = field(default_factory=dict)

    def direction(self, start: int, end: int) -> str | None:
        """Past, future or None for the expression at text[start:end] (cached)."""
        key = (start, end)
        if key not in self._directions:
            self._directions[key] = direction(self.text, start, end, self.doc)
        return self._directions[key]

    def before(self, start: int, chars: int = 40) -> str:
        return self.text[max(0, start - chars) : start]

    def after(self, end: int, chars: int = 40) -> str:
        return self.text[end : end + chars]


@dataclass(slots=True, kw_only=True)
class Candidate:
    """A proposed expression; overlaps are settled later (longest wins)."""

    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    value: str
    relative: bool = False  # the value was computed from the anchor
    # Resolved once overlaps are settled, from the dates around it:
    # "sentence-day" (a clock time takes a day named in its sentence),
    # "last-day" ("the same day" is the last day mentioned before it).
    refers: str | None = None


Handler = Callable[[re.Match[str], Context], Candidate | None]


@dataclass(slots=True, kw_only=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Handler


def rule(name: str, pattern: str, flags: int = re.IGNORECASE) -> Callable[[Handler], Rule]:
    """Decorator: compile ``pattern`` once and pair it with its handler."""

    def wrap(handler: Handler) -> Rule:
        return Rule(name=name, pattern=re.compile(pattern, flags), handler=handler)

    return wrap


def group_start(m: re.Match[str], name: str) -> int:
    """Where a named group starts, or the whole match's start when it did not take part."""
    return m.start(name) if m.group(name) is not None else m.start()
