"""Is a time expression about the past or the future of the article's date?

With a parse, the governing verb decides (its tense, a "will" auxiliary, an
infinitive under "plans to"/"is set to", a "X to do Y" headline). Without one,
cheap word cues in the same sentence do. Never parses: the caller passes the doc.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

# Modals count as future: "could rise before it is reported in March", "may be signed on September 12".
FUTURE_AUX = frozenset(
    {
        "will",
        "'ll",
        "’ll",
        "shall",
        "wo",
        "would",
        "'d",
        "’d",
        "should",
        "could",
        "may",
        "might",
        "must",
        "can",
        "ca",
    }
)
# Heads whose infinitive complement happens later: "plans to close", "is set to launch".
FUTURE_HEADS = frozenset(
    [
        "go",
        "plan",
        "expect",
        "schedule",
        "set",
        "due",
        "intend",
        "aim",
        "hope",
        "prepare",
        "promise",
        "vow",
        "threaten",
        "likely",
        "want",
        "seek",
        "propose",
        "agree",
        "decide",
        "expected",
        "scheduled",
    ]
)
_VERBAL = frozenset({"VERB", "AUX"})
# Present-tense verbs of intent: the time they govern is ahead.
_INTENT = frozenset(
    {"want", "plan", "intend", "aim", "hope", "expect", "seek", "propose", "schedule", "vow", "promise"}
)

_FUTURE_WORDS = re.compile(
    r"\b(?:will|shall|would|going\s+to|plans?\s+to|planning\s+to|set\s+to|due\s+to|expected\s+to|"
    r"should|could|might|scheduled|upcoming|forthcoming|next|coming|to\s+be\s+held)\b|'ll\b|’ll\b",
    re.IGNORECASE,
)
_PAST_WORDS = re.compile(
    r"\b(?:was|were|had|did|said|told|ago|last|earlier|previously|held|announced|reported|began|took|"
    r"made|came|went|saw|rose|fell|closed|opened|won|lost|became|left|died|killed|signed|agreed)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?\n]")


def _governing_verb(token: Token) -> Token | None:
    """The nearest verb above the token (itself included), within its sentence."""
    current = token
    for _ in range(12):  # parse trees are shallow; the bound guards against odd cycles
        if current.pos_ in _VERBAL and current.dep_ not in ("aux", "auxpass"):
            return current
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def _verb_direction(verb: Token, depth: int = 0) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowers = {a.lower_ for a in auxes}
    if lowers & FUTURE_AUX:
        return "future"
    if any(a.tag_ == "VBD" for a in auxes):  # "was", "had", "did"; not "been", which spaCy marks Past too
        return "past"
    # The present perfect ("has scheduled a June 3 hearing") says nothing either way.
    if verb.tag_ == "VBD":
        # "... would be infused when they opened on Friday": the main clause decides.
        if (
            verb.dep_ == "advcl"
            and depth < 2
            and verb.head.pos_ in _VERBAL
            and _verb_direction(verb.head, depth + 1) == "future"
        ):
            return "future"
        return "past"
    if verb.tag_ == "VB" and "to" in lowers:
        head = verb.head
        if head.i == verb.i:
            return "future"  # headline: "Apple to unveil iPhone on Monday"
        if head.lemma_ in FUTURE_HEADS or head.lower_ in FUTURE_HEADS:
            return "future"
        if depth < 2 and head.pos_ in _VERBAL:
            return _verb_direction(head, depth + 1)
        return None
    if verb.tag_ == "VBN" and not auxes:
        # A participle under a noun ("the vote held in March") is past; under a
        # verb it takes that verb's tense.
        if verb.head.i != verb.i and verb.head.pos_ in _VERBAL and depth < 2:
            return _verb_direction(verb.head, depth + 1)
        return "past"
    if verb.tag_ == "VBG" and verb.head.i != verb.i and verb.head.pos_ in _VERBAL and depth < 2:
        return _verb_direction(verb.head, depth + 1)
    if verb.tag_ in ("VBZ", "VBP") and verb.lemma_ in _INTENT:
        return (
            "future"  # "wants to close 40 stores by June", "plans a sale in May": what is intended lies ahead
        )
    return None


def direction_from_doc(doc: Doc, start: int, end: int) -> str | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    verb = _governing_verb(span.root)
    if verb is None:
        return None
    return _verb_direction(verb)


def direction_from_words(text: str, start: int, end: int) -> str | None:
    """Cue words in the expression's sentence; the nearest cue wins."""
    left = max(
        (m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 300), start)),
        default=max(0, start - 300),
    )
    right_match = _SENTENCE_END.search(text, end, end + 300)
    right = right_match.start() if right_match else min(len(text), end + 300)
    best: tuple[int, str] | None = None
    for pattern, label in ((_FUTURE_WORDS, "future"), (_PAST_WORDS, "past")):
        for m in pattern.finditer(text, left, right):
            if start <= m.start() < end:
                continue
            distance = start - m.end() if m.end() <= start else m.start() - end
            # Future cues are rarer and stronger: "said it will" is about the future.
            weight = distance - (40 if label == "future" else 0)
            if best is None or weight < best[0]:
                best = (weight, label)
    return best[1] if best else None


_UNTIL = re.compile(r"\b(?:until|till|through)\s+(?:on\s+)?$", re.IGNORECASE)


def direction(text: str, start: int, end: int, doc: Doc | None) -> str | None:
    """Past, future or None (no cue) for the expression at text[start:end]."""
    if doc is not None:
        found = direction_from_doc(doc, start, end)
        if found is None and _UNTIL.search(text, max(0, start - 12), start):
            return "future"  # "has kept markets closed until Friday"
        # A parse that finds no tense (present, perfect, a fragment) is an answer too:
        # cue words from elsewhere in the sentence would only add noise.
        return found
    return direction_from_words(text, start, end)
