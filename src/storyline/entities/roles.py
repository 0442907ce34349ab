"""Roles people hold, read from the tokens around each person mention.

Patterns (``how``):
- ``title-before``: "President X", "U.S. Secretary of State X", "human rights activist X";
- ``leader-of``: the same with a leadership head and an "of" phrase ("the leader of the group ... X");
- ``title-then-name``: "the President of Kazakhstan, X" (a determiner must open the title);
- ``dash``: "Minister of Foreign Affairs – X";
- ``apposition``: "X, the Under Secretary for A, B, and C in ..." / "X, deputy head of ...".

A title is ``modifiers* HEAD complement*`` where HEAD is an office or occupation
noun (``TITLE_HEADS``) and the complement is "of/for/on" phrases, including
"A, B, and C" lists. Leading determiners are always trimmed from the title text.
Adjacent titles before one name ("the president of the fund "X" human rights
activist Y") are separate roles. Each pass looks at a bounded window of tokens,
so the cost is linear in the number of mentions.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storyline.entities.spans import (
    DETERMINERS,
    LEADER_HEADS,
    POSSESSIVE,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    Span,
    is_cap,
    person_shaped,
    span_text,
)

WINDOW = 30  # tokens a title may span
DASHES = frozenset({"-", "–", "—"})
QUOTES = frozenset({'"', "“", "”", "«", "»", "'", "‘", "’"})
CONNECTORS = frozenset({"of", "for", "on"})
BODY_POS = frozenset({"NOUN", "PROPN", "ADJ", "NUM"})


@dataclass(slots=True, kw_only=True)
class RoleHit:
    """A role found for one span: title tokens ``[i, j)`` and the index of its head noun."""

    span: Span
    i: int
    j: int
    head: int
    how: str


def _sentence_start(doc: Doc, k: int) -> bool:
    """A sentence start the text agrees with (the parser also splits "Ar.Rukh.Khak")."""
    return doc[k].is_sent_start is True and (k == 0 or bool(doc[k - 1].whitespace_))


def _is_head(tok: Token) -> bool:
    return tok.lower_ in TITLE_HEADS and tok.pos_ in ("NOUN", "PROPN")


def _in_body(doc: Doc, k: int, stop: set[int]) -> bool:
    """May token ``k`` sit inside a title (between its head and its end)?"""
    if k in stop:
        return False
    tok = doc[k]
    low = tok.lower_
    if low in CONNECTORS or low in DETERMINERS or low in POSSESSIVE or tok.text in QUOTES or low == "&":
        return True
    if low == "and" or tok.text == ",":
        # Only inside a list of capitalised items: "for Civilian Security, Democracy, and Human Rights".
        nxt = doc[k + 1] if k + 1 < len(doc) else None
        return nxt is not None and (is_cap(nxt) or nxt.lower_ == "and")
    if tok.text in ("-", "."):
        # Inside a word: "Under-Secretary", "Ar.Rukh.Khak".
        return (
            not tok.whitespace_
            and k > 0
            and not doc[k - 1].whitespace_
            and k + 1 < len(doc)
            and doc[k + 1].is_alpha
        )
    if is_cap(tok):
        return True
    return tok.pos_ in BODY_POS and tok.is_alpha


def _modifier_start(doc: Doc, h: int, stop: set[int]) -> int:
    """Extend a head leftwards over its modifiers: "U.S. Under Secretary", "human rights activist"."""
    m = h
    while m > 0 and m - 1 not in stop:
        tok = doc[m - 1]
        low = tok.lower_
        if tok.text == "-" and not tok.whitespace_ and m - 2 >= 0 and not doc[m - 2].whitespace_:
            m -= 1  # "Under-Secretary"
        elif (
            is_cap(tok)
            and (
                low in TITLE_MODIFIERS
                or low in TITLE_HEADS
                or tok.ent_type_ in ("GPE", "NORP")
                or tok.text.isupper()
            )
        ) or (
            not is_cap(tok)
            and (
                low in TITLE_MODIFIERS
                or (tok.dep_ in ("amod", "compound") and tok.head.i > m - 1 and tok.head.i <= h)
            )
        ):
            m -= 1
        else:
            break
        if _sentence_start(doc, m):
            break
    return m


def _title_ending_at(doc: Doc, end: int, stop: set[int]) -> tuple[int, int] | None:
    """The title whose last token is ``end - 1``: (start, head) or None.

    Walks left to the nearest head, then keeps climbing through "of"/"for"/"’s"
    links to outer heads ("Special Representative of the President of X for Y").
    """
    lo = max(0, end - WINDOW)
    h = -1
    k = end - 1
    while k >= lo and _in_body(doc, k, stop):
        if _is_head(doc[k]):
            h = k
            break
        if _sentence_start(doc, k):
            break
        k -= 1
    if h < 0:
        return None
    m = _modifier_start(doc, h, stop)
    while True:
        k = m - 1
        while k >= lo and doc[k].lower_ in DETERMINERS:
            k -= 1
        if k < lo or (doc[k].lower_ not in CONNECTORS and doc[k].lower_ not in POSSESSIVE) or k in stop:
            break
        outer = -1
        k -= 1
        while k >= lo and _in_body(doc, k, stop):
            if _is_head(doc[k]):
                outer = k
                break
            if _sentence_start(doc, k):
                break
            k -= 1
        if outer < 0:
            break
        h, m = outer, _modifier_start(doc, outer, stop)
    return m, h


def _title_after(doc: Doc, start: int, stop: set[int]) -> tuple[int, int, int] | None:
    """The title that starts at ``start`` (after "X, "): (start, end, head) or None."""
    k = start
    while k < len(doc) and doc[k].lower_ in DETERMINERS:
        k += 1
    first = k
    h = -1
    # The head comes within a few modifier tokens: "Deputy Head", "the U.S. Under Secretary".
    while k < min(len(doc), first + 6) and k not in stop:
        tok = doc[k]
        if _is_head(tok):
            h = k
            # "Secretary General", "Secretary-General": a following head belongs to the same title.
            while True:
                if h + 1 < len(doc) and _is_head(doc[h + 1]) and is_cap(doc[h + 1]):
                    h += 1
                elif (
                    h + 2 < len(doc)
                    and doc[h + 1].text == "-"
                    and not doc[h].whitespace_
                    and not doc[h + 1].whitespace_
                    and is_cap(doc[h + 2])
                ):
                    h += 2
                else:
                    break
            break
        if not (is_cap(tok) or tok.text == "-" or tok.pos_ in ("ADJ", "NOUN")):
            return None
        k += 1
    if h < 0:
        return None
    end = h + 1
    if end < len(doc) and doc[end].lower_ in CONNECTORS:
        k = end
        while k < len(doc) and _in_body(doc, k, stop):
            k += 1
        end = k
    while end > h + 1 and (
        doc[end - 1].text in (",", "-") or doc[end - 1].lower_ in ("and", *DETERMINERS, *CONNECTORS)
    ):
        end -= 1
    return first, end, h


def find_roles(doc: Doc, spans: list[Span]) -> list[RoleHit]:
    """Roles for every person-shaped span; marks those spans as people."""
    candidates = [s for s in spans if _person_candidate(doc, s)]
    # Titles never run through another person's name.
    person_tokens = {k for s in candidates if s.label == "PERSON" for k in range(s.i, s.j)}
    hits: list[RoleHit] = []
    for s in candidates:
        stop = person_tokens - set(range(s.i, s.j))
        hits.extend(_roles_before(doc, s, stop))
        if s.j + 1 < len(doc) and doc[s.j].text == ",":
            found = _title_after(doc, s.j + 1, stop)
            if found is not None:
                first, end, head = found
                hits.append(RoleHit(span=s, i=first, j=end, head=head, how="apposition"))
    people = {id(h.span) for h in hits}
    for s in candidates:
        if id(s) in people and not s.locked:
            s.label = "PERSON"
            s.person_evidence = True
    return hits


def _person_candidate(doc: Doc, s: Span) -> bool:
    """PERSON spans, and multi-word person-shaped spans the model gave another label."""
    if s.kind == "acronym":
        return False
    if s.label == "PERSON":
        return True
    # The model mislabels people as ORG/GPE/NORP; a FAC or LAW with a title beside it is a building or act.
    if s.label not in ("ORG", "GPE", "NORP"):
        return False
    text = span_text(doc, s.i, s.j)
    return len(text.split()) >= 2 and person_shaped(text)


def _roles_before(doc: Doc, s: Span, stop: set[int]) -> list[RoleHit]:
    if s.i == 0:
        return []
    end = s.i
    how = "title-before"
    sep = doc[end - 1]
    if sep.text in DASHES and sep.whitespace_:
        how, end = "dash", end - 1
    elif sep.text == ",":
        how, end = "title-then-name", end - 1
    hits: list[RoleHit] = []
    while end > 0:
        last = doc[end - 1].lower_
        # "President of X": X is the object of the title, not its holder.
        if last in CONNECTORS or last in DETERMINERS or last in ("and", ",") or last in POSSESSIVE:
            break
        found = _title_ending_at(doc, end, stop)
        if found is None:
            break
        start, head = found
        before = doc[start - 1] if start > 0 else None
        # "title, X" is only a title when a determiner opens it: "the President of Kazakhstan, X".
        if how == "title-then-name" and (before is None or before.lower_ not in DETERMINERS):
            break
        kind = how
        if (
            how == "title-before"
            and doc[head].lower_ in LEADER_HEADS
            and head + 1 < end
            and doc[head + 1].lower_ == "of"
        ):
            kind = "leader-of"
        hits.append(RoleHit(span=s, i=start, j=end, head=head, how=kind))
        if how not in ("title-before",) or before is None or before.lower_ in DETERMINERS:
            break
        end = start  # an adjacent earlier title for the same person
    return hits
