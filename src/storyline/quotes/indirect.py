"""Indirect speech from the dependency parse.

Forms: a speech verb with a subject and a clause complement ("X said (that) …",
"X told reporters …", "…, police said"), a parenthetical cue ("A, X said, B"), an appeal ("X urged / called on Y to …"),
"according to X, …" and "X is of the opinion that …". The span is the reported
clause without its "that".
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storyline.quotes import cues
from storyline.quotes.speakers import Range, noun_phrase, subject_of

_MIN_CLAUSE_TOKENS = 3


@dataclass(slots=True, kw_only=True)
class RawIndirect:
    start: int
    end: int
    cue: Range
    speaker: Range


def _clause_range(toks: list[Token]) -> Range | None:
    """Char range of a reported clause, without a leading "that"/comma or trailing punctuation."""
    while toks and (
        toks[0].is_punct or toks[0].is_space or (toks[0].lower_ == "that" and toks[0].dep_ == "mark")
    ):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks = toks[:-1]
    if len([t for t in toks if not t.is_punct]) < _MIN_CLAUSE_TOKENS:
        return None
    if not any(t.pos_ in {"VERB", "AUX"} for t in toks):
        return None
    if any("\n" in t.whitespace_ or "\n" in t.text for t in toks[:-1]):
        return None  # a parse running over a paragraph break is not one clause
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _subtree(tok: Token) -> list[Token]:
    return list(tok.doc[tok.left_edge.i : tok.right_edge.i + 1])


def _complement(verb: Token) -> Token | None:
    """The reported clause: the verb's ccomp, or a "that"-clause the parser hung on the
    medium ("told reporters in a statement that …")."""
    comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if comp is not None:
        return comp
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        for noun in (c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() in cues.MEDIUM_NOUNS):
            for clause in noun.children:
                if clause.dep_ in {"acl", "relcl"} and any(
                    m.dep_ == "mark" and m.lower_ == "that" for m in clause.children
                ):
                    return clause
    return None


def _parenthetical(verb: Token, subj: Token) -> list[Token] | None:
    """ "Lenox was a juggernaut, Mr. Clarke said, until it failed": the parser hangs the
    cue on the reported clause (parataxis). The whole clause is the statement, the
    attribution within it included; one closing the sentence is cut off."""
    if verb.dep_ != "parataxis" or any(c.dep_ in {"dobj", "xcomp", "ccomp"} for c in verb.children):
        return None
    left = subj.left_edge.i
    if left == 0 or verb.doc[left - 1].text != ",":
        return None
    toks = _subtree(verb.head)
    after = [t for t in toks if t.i > verb.right_edge.i and not (t.is_punct or t.is_space)]
    return toks if after else [t for t in toks if t.i < left - 1]


def _speech(verb: Token) -> RawIndirect | None:
    comp = _complement(verb)
    if comp is None:
        subj = subject_of(verb)
        if subj is None or subj.dep_ != "nsubj" or subj.lower_ in {"i", "we", "you", "it", "there"}:
            return None
        toks = _parenthetical(verb, subj)
        rng = _clause_range(toks) if toks else None
        if rng is None:
            return None
        return RawIndirect(start=rng[0], end=rng[1], cue=_tok_range(verb), speaker=noun_phrase(subj))
    subj = subject_of(verb)
    # Passive "it was announced that …" names no speaker: refuse rather than guess.
    if (
        subj is None
        or subj.dep_ != "nsubj"
        or subj.lower_ in {"i", "we", "you", "it", "this", "that", "there"}
    ):
        return None
    toks = _subtree(comp)
    if comp.i < verb.i:
        # "…, police said": the clause is everything before the subject, in the same sentence
        toks = [t for t in verb.sent if t.i < min(subj.left_edge.i, verb.i) and t.i >= comp.left_edge.i]
    rng = _clause_range(toks)
    if rng is None:
        return None
    return RawIndirect(start=rng[0], end=rng[1], cue=_tok_range(verb), speaker=noun_phrase(subj))


def _appeal(verb: Token) -> RawIndirect | None:
    """ "The United States calls on the Kazakhstani government to fully implement …"."""
    subj = subject_of(verb)
    if subj is None or subj.lower_ in {"i", "you", "it"}:
        return None
    target: Token | None = None
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "on":
            target = next((g for g in c.children if g.dep_ == "pobj"), None)
        elif c.dep_ in {"dobj", "nsubj"} and c.i > verb.i and verb.lower_ not in {"call", "calls", "called"}:
            target = c
    if target is None:
        return None
    # only "to"-infinitives: "urging on fans … when chants stirred" is no appeal
    comp = next(
        (
            c
            for c in [*verb.children, *target.children]
            if c.dep_ in {"xcomp", "ccomp", "advcl", "acl"}
            and c.i > verb.i
            and any(a.lower_ == "to" for a in c.children)
        ),
        None,
    )
    if comp is None:
        return None
    toks = list(verb.doc[target.left_edge.i : max(comp.right_edge.i, target.right_edge.i) + 1])
    rng = _clause_range(toks)
    if rng is None:
        return None
    return RawIndirect(start=rng[0], end=rng[1], cue=_tok_range(verb), speaker=noun_phrase(subj))


def _according(tok: Token) -> RawIndirect | None:
    """ "According to X, …" / "…, according to X."."""
    doc = tok.doc
    to = doc[tok.i + 1]
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is None and tok.i + 2 < len(doc):
        obj = doc[tok.i + 2]
    if obj is None:
        return None
    sent = tok.sent
    phrase_end = max(obj.right_edge.i, to.i) + 1
    if tok.i == sent.start or (tok.i > sent.start and doc[tok.i - 1].is_punct and tok.i - 1 == sent.start):
        toks = list(doc[phrase_end : sent.end])
    elif tok.i > sent.start and doc[tok.i - 1].text == "," and _ends_sentence(doc, phrase_end, sent.end):
        toks = list(doc[sent.start : tok.i])
    else:
        return None
    rng = _clause_range(toks)
    if rng is None:
        return None
    cue = (tok.idx, to.idx + len(to.text))
    return RawIndirect(start=rng[0], end=rng[1], cue=cue, speaker=noun_phrase(obj))


def _ends_sentence(doc: Doc, i: int, end: int) -> bool:
    """Only punctuation or line breaks from token ``i`` to ``end`` ("…, according to X.\\n\\n")."""
    return all(t.is_punct or t.is_space for t in doc[i:end])


def _opinion(noun: Token) -> RawIndirect | None:
    """ "X is of the opinion that …"."""
    comp = next((c for c in noun.children if c.dep_ in {"acl", "ccomp", "relcl"}), None)
    if comp is None or not any(c.lower_ == "that" and c.dep_ == "mark" for c in comp.children):
        return None
    verb = noun.head.head if noun.head.dep_ == "prep" else noun.head
    subj = subject_of(verb)
    if subj is None:
        return None
    rng = _clause_range(_subtree(comp))
    if rng is None:
        return None
    return RawIndirect(start=rng[0], end=rng[1], cue=_tok_range(noun), speaker=noun_phrase(subj))


def _tok_range(tok: Token) -> Range:
    return tok.idx, tok.idx + len(tok.text)


def find_indirect(doc: Doc) -> list[RawIndirect]:
    """Every indirect statement the parse supports (before dropping nested/overlapping ones)."""
    out: list[RawIndirect] = []
    for tok in doc:
        found: RawIndirect | None = None
        if cues.is_according_to(tok):
            found = _according(tok)
        elif cues.is_appeal_cue(tok):
            found = _appeal(tok)
        elif cues.is_indirect_cue(tok):
            found = _speech(tok)
        elif tok.lower_ in cues.OPINION_NOUNS:
            found = _opinion(tok)
        if found is not None:
            out.append(found)
    return out
