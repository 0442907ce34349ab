"""Label fixes for the small model's NER: people tagged ORG, merged title+name spans, label votes.

Every rule reads only the span, its neighbouring tokens and the other spans of
the same article; none names a particular person or place.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from storyline.entities.spans import (
    HONORIFICS,
    ORG_WORDS,
    PLACE_WORDS,
    TITLE_HEADS,
    Span,
    is_cap,
    name_key,
    person_shaped,
    span_text,
)

# Reporting verbs: "X said", "said X". Lemmas, so "says", "told", "added" all count.
SAY_LEMMAS = frozenset(
    {
        "say",
        "add",
        "tell",
        "note",
        "state",
        "stress",
        "explain",
        "underline",
        "insist",
        "claim",
        "announce",
        "recall",
        "emphasize",
        "emphasise",
        "warn",
        "write",
        "argue",
    }
)


def _word_count(text: str) -> int:
    return len(text.split())


def _titled(doc: Doc, s: Span) -> bool:
    """Directly preceded by a person title or honorific ("President X", "activist X", "Mr. X")."""
    if s.i == 0:
        return False
    word = doc[s.i - 1].lower_.rstrip(".")
    return word in TITLE_HEADS or word in HONORIFICS


def _reported(doc: Doc, s: Span) -> bool:
    """Next to a reporting verb: "X said", "X told reporters", "..., said X"."""
    after = doc[s.j] if s.j < len(doc) else None
    if after is not None and after.pos_ in ("VERB", "AUX") and after.lemma_ in SAY_LEMMAS:
        return True
    before = doc[s.i - 1] if s.i > 0 else None
    return before is not None and before.pos_ == "VERB" and before.lemma_ in SAY_LEMMAS


def mark_person_evidence(doc: Doc, spans: list[Span], acronyms: set[str]) -> None:
    """Relabel person-shaped spans that sit in a person context to PERSON."""
    for s in spans:
        text = span_text(doc, s.i, s.j)
        if text in acronyms or not person_shaped(text):
            continue
        if _titled(doc, s) or (_word_count(text) >= 2 and _reported(doc, s)):
            s.person_evidence = True
            s.label = "PERSON"


def demote_non_persons(doc: Doc, spans: list[Span]) -> None:
    """A "PERSON" holding a polity or organisation word ("... People's Republics") is not a person."""
    for s in spans:
        if s.label != "PERSON" or s.person_evidence:
            continue
        words = {w.lower().strip(".'’") for w in span_text(doc, s.i, s.j).split()}
        if words & PLACE_WORDS:
            s.label = "GPE"
        elif words & ORG_WORDS:
            s.label = "ORG"


def split_merged_persons(doc: Doc, spans: list[Span], acronyms: set[str]) -> list[Span]:
    """Fix non-PERSON spans that hold a name the article elsewhere tags PERSON.

    "Kassym-Jomart Tokayev" (ORG) when "Tokayev" is PERSON elsewhere -> PERSON;
    "the Democratic Party Zhanbolat Mamay" (ORG) when "Zhanbolat Mamay" is PERSON
    elsewhere -> ORG "Democratic Party" + PERSON "Zhanbolat Mamay".
    """
    full: dict[tuple[str, ...], int] = {}  # token texts of multi-word PERSON names -> count
    words: set[str] = set()  # name_key of each word of any PERSON name
    for s in spans:
        if s.label == "PERSON" and person_shaped(span_text(doc, s.i, s.j)):
            toks = tuple(t.text for t in doc[s.i : s.j])
            if len(span_text(doc, s.i, s.j).split()) >= 2:
                full[toks] = full.get(toks, 0) + 1
            words.update(name_key(w) for w in span_text(doc, s.i, s.j).split())
    if not words:
        return spans
    out: list[Span] = []
    for s in spans:
        text = span_text(doc, s.i, s.j)
        if s.label == "PERSON" or text in acronyms or s.locked:
            out.append(s)
            continue
        if person_shaped(text) and _word_count(text) >= 2 and name_key(text.split()[-1]) in words:
            s.label = "PERSON"
            s.person_evidence = True
            out.append(s)
            continue
        tail = _known_tail(doc, s, full)
        if tail is None:
            out.append(s)
            continue
        head_j = s.j - tail
        out.extend(_org_prefix(doc, s.i, head_j))
        out.append(Span(i=head_j, j=s.j, label="PERSON", kind=s.kind, person_evidence=True))
    return out


def _known_tail(doc: Doc, s: Span, full: dict[tuple[str, ...], int]) -> int | None:
    """Length in tokens of the longest known PERSON name that ends the span (shorter than the span)."""
    toks = tuple(t.text for t in doc[s.i : s.j])
    for n in range(len(toks) - 1, 1, -1):
        if toks[-n:] in full:
            return n
    return None


def _org_prefix(doc: Doc, i: int, j: int) -> list[Span]:
    """Keep the part before a split-off name only when it reads as an organisation ("Democratic Party")."""
    while i < j and doc[i].lower_ in ("the", "of", "for", "and"):
        i += 1
    if i < j and doc[j - 1].lower_ in ORG_WORDS and all(is_cap(t) for t in doc[i:j]):
        return [Span(i=i, j=j, label="ORG")]
    return []


def vote_labels(doc: Doc, spans: list[Span]) -> None:
    """One label per surface string in an article: person evidence wins, else the majority.

    Ties go to the label seen first, so the result does not depend on set order.
    """
    groups: dict[str, list[Span]] = {}
    for s in spans:
        if s.kind in ("name", "surname"):
            groups.setdefault(name_key(span_text(doc, s.i, s.j)), []).append(s)
    for group in groups.values():
        if len(group) < 2:
            continue
        locked = [s.label for s in group if s.locked]
        if locked:
            label = locked[0]
        elif any(s.person_evidence for s in group):
            label = "PERSON"
        else:
            counts = Counter(s.label for s in group)
            best = max(counts.values())
            label = next(s.label for s in group if counts[s.label] == best)
        for s in group:
            s.label = label
