"""Per-article stage: dated events, the clauses that say something happened at a stated time.

For each calendar-valued DATE/TIME expression (a day, month, year, week or
quarter, with or without a known year) the event is the clause of the verb the
expression hangs from: the nearest verb above it in the dependency parse, or,
when that verb only modifies a noun ("the referendum held on June 5"), that
noun's phrase. Coordinated clauses after the date are cut off, edges are
trimmed of punctuation and conjunctions, and the sentence is the fallback.
One pass over the expressions; the parse is never redone.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

from storyline.model import Event, Mention, TimeExpr
from storyline.stages import stage
from storyline.temporal.tense import _verb_direction

# TimeML values that name a stretch of the calendar; an optional clock time is allowed.
# PRESENT_REF/PAST_REF/FUTURE_REF, durations, sets, seasons and decades are not dates of an event.
_CALENDAR = re.compile(r"^(?:\d{4}(?:-\d\d(?:-\d\d)?|-W\d\d|-Q[1-4])?|XXXX-\d\d(?:-\d\d)?)(?:T[\d:.]+)?$")
# "WASHINGTON, June 20 (Reuters) -", "June 20 (AP) —": the date of the page, not of an event.
_AGENCY_AFTER = re.compile(
    r"^\s*(?:,\s*\d{4}\s*)?\((?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\))[A-Z][\w.&' -]{0,30}\)\s*[-–—]?"
)
# A place in capitals, Latin or Cyrillic ("MOSCOW", "ТБИЛИСИ").
_PLACE_BEFORE = re.compile(r"^[\s\W]*(?:[A-ZА-ЯЁ][A-ZА-ЯЁ.'’-]+[\s,]*){1,4}$")
# After the date: a dash, or a full stop (Russian agencies: "МОСКВА, 21 июня. ..."), maybe
# past the year ("21 июня 2022 года.").
_DASH_AFTER = re.compile(r"^\s*(?:,?\s*\d{4}\s*(?:года|г\.)?\s*)?(?:[-–—]\s|\.\s)")
# What a timestamp line ("20 June 2022, 13:56", "Published: June 20") may hold besides the date.
_STAMP_WORDS = re.compile(
    r"\b(?:published|updated|posted|last|modified|on|at|am|pm|a\.m|p\.m|gmt|utc|msk|edt|est|bst|cet"
    r"|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july"
    r"|august|september|october|november|december|mon|tue|wed|thu|fri|sat|sun|monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday)\b|[\d\W_]",
    re.IGNORECASE,
)
_VERBAL = frozenset({"VERB", "AUX"})
_CONJUNCTIONS = frozenset({"and", "or", "but", "nor", "yet", "so", "while", "whereas"})
# Words in the clause that make a present-tense verb a plan: "the upcoming elections in 2023".
_FUTURE_CUES = frozenset({"upcoming", "forthcoming", "scheduled", "planned", "due"})


@stage(
    "events",
    requires=["article", "doc", "times", "mentions"],
    assigns=["events"],
)
def extract_events(
    article_id: str, text: str, doc: Doc, times: list[TimeExpr], mentions: list[Mention]
) -> list[Event]:
    """Events of one parsed article, in text order, with exact offsets."""
    if len(doc) and doc[-1].idx + len(doc[-1].text) > len(text):
        raise ValueError(f"article {article_id}: the parse is not of this article's text")
    ordered = sorted(mentions, key=lambda m: (m.start, m.end))
    starts = [m.start for m in ordered]
    events: list[Event] = []
    for time in times:
        if time.type not in ("DATE", "TIME") or not _CALENDAR.match(time.value):
            continue
        if _dates_the_page(text, time.start, time.end):
            continue
        span = doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        found = _clause(span, *_line(text, time.start, time.end))
        if found is None:
            continue
        first, last, verb, head = found
        start = min(first.idx, time.start)
        end = max(last.idx + len(last.text), time.end)
        participants = _participants(ordered, starts, start, end)
        if verb is None and not participants:
            continue  # a bare date, a list of dates, a caption
        events.append(
            Event(
                article_id=article_id,
                start=start,
                end=end,
                text=text[start:end],
                time_start=time.start,
                time_end=time.end,
                value=time.value,
                tense=_tense(verb, head, first, last) if verb is not None else None,
                participants=participants,
            )
        )
    return events


def _line(text: str, start: int, end: int) -> tuple[int, int]:
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if line_end < 0 else line_end


def _dates_the_page(text: str, start: int, end: int) -> bool:
    """A dateline ("MOSCOW, June 20 (Reuters) -") or a timestamp line dates the page, not an event."""
    line_start, line_end = _line(text, start, end)
    before = text[line_start:start]
    after = text[end:line_end]
    if _AGENCY_AFTER.match(after) and (not before.strip() or _PLACE_BEFORE.match(before)):
        return True
    if _DASH_AFTER.match(after) and before.strip() and _PLACE_BEFORE.match(before):
        return True
    return not _STAMP_WORDS.sub("", before + after).strip()


def _clause(
    span: Span, line_start: int, line_end: int
) -> tuple[Token, Token, Token | None, Token | None] | None:
    """First and last token of the event clause, its verb (None for a verbless sentence) and head.

    The clause stays inside the expression's sentence and line: the parser
    sometimes runs a sentence across a paragraph break.
    """
    sent = span.sent
    verb = _governing_verb(span.root, sent)
    if verb is None:
        tokens = _trim([t for t in sent if line_start <= t.idx < line_end])
        if not tokens:
            return None
        return tokens[0], tokens[-1], None, None
    head = _clause_head(verb)
    left, right = head.left_edge.i, head.right_edge.i
    if head.i < verb.i and verb.dep_ == "conj":
        right = min(right, verb.right_edge.i)  # not the conjuncts after this one
    # Cut coordinated clauses after the date: "X was held on June 5, and Y said Z" keeps X.
    for owner in {head, verb}:
        for child in owner.children:
            if child.dep_ == "conj" and child.pos_ in _VERBAL and child.left_edge.i > span.end - 1:
                right = min(right, child.left_edge.i - 1)
    left, right = max(left, sent.start), min(right, sent.end - 1)
    doc = span.doc
    tokens = _trim([doc[i] for i in range(left, right + 1) if line_start <= doc[i].idx < line_end])
    if not tokens:
        return None
    return tokens[0], tokens[-1], verb, head


def _clause_head(verb: Token) -> Token:
    """The token whose subtree is the event: the verb, or what it depends on."""
    head = verb
    for _ in range(3):
        up = head.head
        if up.i == head.i:
            break
        # "the referendum held on June 5", "the council, which met on May 2": the noun is the event.
        if head.dep_ in ("acl", "relcl") and up.pos_ in ("NOUN", "PROPN"):
            return up
        # "Zeya visited Kazakhstan to launch the dialogue on April 11": the visit carries the date too.
        infinitive = head.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)
        # A conjunct with no "and"/"or" before it is a misparse ("visited X to jointly with Y launch Z"),
        # so its clause starts where the first conjunct's does.
        asyndetic = head.dep_ == "conj" and not any(
            c.dep_ == "cc" and up.i < c.i < head.i for c in up.children
        )
        if up.pos_ in _VERBAL and ((infinitive and head.dep_ in ("xcomp", "advcl")) or asyndetic):
            head = up
            continue
        # "The port is due to reopen on August 1": through the adjective to its verb.
        if infinitive and up.pos_ == "ADJ" and up.dep_ == "acomp" and up.head.pos_ in _VERBAL:
            head = up.head
            continue
        break
    return head


def _governing_verb(token: Token, sent: Span) -> Token | None:
    """The nearest verb above the expression (prep/pobj/npadvmod/nmod chains), within its sentence."""
    current = token
    for _ in range(20):  # parse trees are shallow; the bound guards against odd cycles
        if current.pos_ in _VERBAL and current.dep_ not in ("aux", "auxpass"):
            return current
        if current.head.i == current.i or not sent.start <= current.head.i < sent.end:
            return None
        current = current.head
    return None


def _trim(tokens: list[Token]) -> list[Token]:
    """Drop leading/trailing punctuation, spaces and conjunctions."""

    def loose(t: Token) -> bool:
        return t.is_punct or t.is_space or t.dep_ == "cc" or t.lower_ in _CONJUNCTIONS

    i, j = 0, len(tokens)
    while i < j and loose(tokens[i]):
        i += 1
    while j > i and loose(tokens[j - 1]):
        j -= 1
    return tokens[i:j]


def _participants(ordered: list[Mention], starts: list[int], start: int, end: int) -> list[int]:
    chains: list[int] = []
    for k in range(bisect_left(starts, start), len(ordered)):
        m = ordered[k]
        if m.start >= end:
            break
        if m.end <= end and m.chain >= 0 and m.chain not in chains:
            chains.append(m.chain)
    return chains


def _tense(verb: Token, head: Token | None, first: Token, last: Token) -> str | None:
    """Past or future from the verb (tense, will/would, "plans to"); a plan word in the clause says future."""
    found = _verb_direction(verb)
    if found is None and head is not None and head.i != verb.i and head.pos_ in _VERBAL:
        found = _verb_direction(head)  # the clause's own verb when the date hung from a conjunct
    if found is not None:
        return found
    doc = verb.doc
    if any(doc[i].lower_ in _FUTURE_CUES for i in range(first.i, last.i + 1)):
        return "future"
    return None
