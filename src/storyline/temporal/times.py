"""Find time expressions in an article and normalise them TimeML-style (TIMEX3).

Regex rules propose candidates (``rules_dates``, ``rules_relative``,
``rules_spans``); overlaps are settled longest-first; a DATE is then widened
over a leading "the end of" / "early" / "mid-" (TimeML keeps those words in the
extent, and the value stays the date's). Relative values are resolved against
``anchor`` (the publication date), with past or future chosen from the parse
when one is given (never parsed here) or from cue words otherwise.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date, timedelta

from spacy.tokens import Doc

from storyline.model import TimeExpr
from storyline.stages import stage
from storyline.temporal import rules_dates, rules_relative, rules_spans
from storyline.temporal.base import Candidate, Context, Rule
from storyline.temporal.normalise import day_value, parse_anchor

RULES: list[Rule] = [*rules_dates.RULES, *rules_relative.RULES, *rules_spans.RULES]
RULE_ORDER = {r.name: i for i, r in enumerate(RULES)}

_PREFIX = re.compile(
    r"(?:\b(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|close|turn|first\s+half|second\s+half)\s+of\s+"
    r"|\b(?:early|late|mid|earlier|later)[\s-]|\bmid-)$",
    re.IGNORECASE,
)
# Values a leading "early"/"the end of" may widen: years, months, seasons, quarters, days.
_WIDENABLE = re.compile(r"^(?:\d{4}(?:-\d\d)?(?:-\d\d)?|\d{4}-(?:Q\d|SP|SU|FA|WI|H\d)|XXXX-\d\d|FY\d{4})$")


def _candidates(ctx: Context) -> list[tuple[Candidate, int]]:
    found: list[tuple[Candidate, int]] = []
    for order, r in enumerate(RULES):
        for m in r.pattern.finditer(ctx.text):
            cand = r.handler(m, ctx)
            if cand is not None and cand.end > cand.start and cand.value:
                found.append((cand, order))
    return found


def _settle(found: list[tuple[Candidate, int]]) -> list[Candidate]:
    """Keep the longest candidates that do not overlap; ties go to the earlier rule."""
    found.sort(key=lambda pair: (-(pair[0].end - pair[0].start), pair[1], pair[0].start))
    starts: list[int] = []
    kept: list[Candidate] = []  # kept sorted by start, parallel to ``starts``
    for cand, _ in found:
        i = bisect_left(starts, cand.start)
        if i > 0 and kept[i - 1].end > cand.start:
            continue
        if i < len(kept) and kept[i].start < cand.end:
            continue
        starts.insert(i, cand.start)
        kept.insert(i, cand)
    return kept


def _widen(text: str, cands: list[Candidate]) -> None:
    previous_end = 0
    for cand in cands:
        if cand.type == "DATE" and _WIDENABLE.match(cand.value):
            window_start = max(previous_end, cand.start - 40)
            m = _PREFIX.search(text, window_start, cand.start)
            if m is not None and m.end() == cand.start:
                cand.start = m.start()
        previous_end = cand.end


_DAY_VALUE = re.compile(r"^\d{4}-\d\d-\d\d$")
# Periods "the same period last year" may take back a year, by the unit it names ("period" takes any).
_PERIOD_VALUE = {
    "month": re.compile(r"^\d{4}-\d\d$"),
    "quarter": re.compile(r"^\d{4}-Q\d$"),
    "week": re.compile(r"^\d{4}-W\d\d$"),
    "day": re.compile(r"^\d{4}-\d\d-\d\d$"),
    "season": re.compile(r"^\d{4}-(?:SP|SU|FA|WI)$"),
}
_ANY_PERIOD = re.compile(r"^(?:FY)?\d{4}-(?:\d\d|Q\d|H\d|W\d\d|SP|SU|FA|WI)$|^FY\d{4}$")
_LEADING_YEAR = re.compile(r"^(FY)?(\d{4})")
_SENTENCE_BREAK = re.compile(r"[.!?]\s|\n")


def _refer(text: str, cands: list[Candidate]) -> None:
    """Give "the same day" the last day mentioned before it, and a bare clock time its sentence's day."""
    days = [c for c in cands if c.type == "DATE" and c.refers is None and _DAY_VALUE.match(c.value)]
    years = [c for c in cands if c.type == "DATE" and re.match(r"^\d{4}$", c.value)]
    for cand in cands:
        if cand.refers == "previous-year":
            before = [y for y in years if y.end <= cand.start]
            if before:
                cand.value = f"{int(before[-1].value) - 1:04d}"
        elif cand.refers is not None and cand.refers.startswith("year-back:"):
            shape = _PERIOD_VALUE.get(cand.refers.partition(":")[2], _ANY_PERIOD)
            named = [c for c in cands if c.end <= cand.start and c.type == "DATE" and shape.match(c.value)]
            # Within a couple of sentences only: further back, the period named is another story's.
            if named and len(_SENTENCE_BREAK.findall(text, named[-1].end, cand.start)) <= 2:
                cand.value = _LEADING_YEAR.sub(lambda y: f"{y[1] or ''}{int(y[2]) - 1:04d}", named[-1].value)
        elif cand.refers is not None and cand.refers.startswith("sentence-period:"):
            shape = _PERIOD_VALUE.get(cand.refers.partition(":")[2], _ANY_PERIOD)
            named = [c for c in cands if c.end <= cand.start and c.type == "DATE" and shape.match(c.value)]
            if named and not _SENTENCE_BREAK.search(text, named[-1].end, cand.start):
                cand.value = named[-1].value
        elif cand.refers is not None and cand.refers.startswith("last-day"):
            before = [d for d in days if d.end <= cand.start]
            if before:
                shift = int(cand.refers[len("last-day") :] or 0)
                cand.value = day_value(date.fromisoformat(before[-1].value) + timedelta(days=shift))
        elif cand.refers == "sentence-day":
            same = [
                d
                for d in days
                if not _SENTENCE_BREAK.search(text, min(d.end, cand.end), max(d.start, cand.start))
            ]
            if same:
                nearest = min(same, key=lambda d: abs(d.start - cand.start))
                cand.value = nearest.value + cand.value[cand.value.index("T") :]


@stage("times", requires=["article", "doc"], assigns=["times"])
def find_times(
    text: str,
    *,
    anchor: str | None,
    article_id: str = "",
    doc: Doc | None = None,
    anchored: str = "published",
) -> list[TimeExpr]:
    """Time expressions in ``text``, in order, with exact offsets and TIMEX3 values.

    ``anchor`` is the publication date (YYYY-MM-DD) or None; ``anchored`` says
    where it came from ("published" or "window") and is recorded on every
    expression whose value was computed from it. ``doc``, the spaCy parse of
    ``text``, sharpens past/future decisions; it is never computed here.
    """
    if doc is not None and doc.text != text:
        raise ValueError("doc must be the parse of text (doc.text != text)")
    ctx = Context(text=text, anchor=parse_anchor(anchor), doc=doc)
    kept = _settle(_candidates(ctx))
    _widen(text, kept)
    _refer(text, kept)
    return time_records(article_id, text, kept, anchored)


def time_records(article_id: str, text: str, kept: list[Candidate], anchored: str) -> list[TimeExpr]:
    """The settled candidates as records; ``anchored`` only on values computed from the anchor."""
    return [
        TimeExpr(
            article_id=article_id,
            start=c.start,
            end=c.end,
            text=text[c.start : c.end],
            type=c.type,
            value=c.value,
            anchored=anchored if c.relative else "none",
        )
        for c in kept
    ]
