"""Lexicons for quote attribution: speech verbs, relay verbs, person titles, pronouns.

Cue verbs are matched on their written form as well as spaCy's lemma, because the
small English model lemmatises some of them wrongly ("hopes" -> "hop").
"""

from __future__ import annotations

from spacy.tokens import Token

# Verbs that introduce speech or a stated position (direct or indirect).
SPEECH_VERBS: frozenset[str] = frozenset(
    [
        "say",
        "add",
        "note",
        "stress",
        "state",
        "tell",
        "claim",
        "insist",
        "announce",
        "declare",
        "explain",
        "warn",
        "emphasize",
        "emphasise",
        "underline",
        "urge",
        "call",
        "believe",
        "argue",
        "report",
        "confirm",
        "deny",
        "hope",
        "welcome",
        "praise",
        "reply",
        "respond",
        "answer",
        "ask",
        "shout",
        "write",
        "tweet",
        "recall",
        "admit",
        "acknowledge",
        "assert",
        "suggest",
        "predict",
        "promise",
        "pledge",
        "vow",
        "comment",
        "remark",
        "observe",
        "continue",
        "conclude",
        "point",
        "reiterate",
        "maintain",
        "contend",
        "caution",
        "complain",
        "testify",
        "underscore",
        "highlight",
        "mention",
        "agree",
        "concede",
        "disclose",
        "reveal",
        "allege",
        "estimate",
        "quip",
        "joke",
        "tout",
        "boast",
        "lament",
        "indicate",
        "demand",
    ]
) | frozenset(
    # Verbs that characterise someone in the speaker's words: "X described Y as “…”",
    # "X attacked “…”". They take an object, never a reported clause (see INDIRECT_VERBS).
    [
        "describe",
        "label",
        "dub",
        "brand",
        "criticize",
        "criticise",
        "condemn",
        "denounce",
        "decry",
        "accuse",
        "attack",
        "blast",
        "slam",
        "mock",
    ]
)

# Verbs whose clause complement we take as a reported statement (indirect speech).
# Narrower than SPEECH_VERBS: "welcome", "praise" take objects, not clauses.
INDIRECT_VERBS: frozenset[str] = SPEECH_VERBS - {
    "agree", "ask", "boast", "call", "comment", "conclude", "continue", "joke", "lament", "observe",
    "pledge", "point", "praise", "promise", "quip", "remark", "shout", "tout", "tweet", "urge", "vow",
    "welcome", "describe", "label", "dub", "brand", "criticize", "criticise", "condemn", "denounce",
    "decry", "accuse", "attack", "blast", "slam", "mock",
}  # fmt: skip

# Verbs that report an instruction to someone: "X urged Y to ...", "X called on Y to ...".
APPEAL_VERBS: frozenset[str] = frozenset(["urge", "call", "ask", "encourage", "appeal"])

# Verbs naming who relays a statement made by someone else.
RELAY_VERBS: frozenset[str] = frozenset(["quote", "cite", "inform", "report", "relay", "write"])

# Nouns that state a position: "X is of the opinion that ...".
OPINION_NOUNS: frozenset[str] = frozenset(["opinion", "view", "belief", "position", "conviction"])

# A speaker whose head noun is one of these is the document, not a person:
# "the statement said", "the message further says".
DOCUMENT_NOUNS: frozenset[str] = frozenset(
    [
        "statement",
        "message",
        "letter",
        "release",
        "communique",
        "communiqué",
        "report",
        "note",
        "decree",
        "document",
    ]
)

# Where a statement was made: "told reporters in a statement that …".
MEDIUM_NOUNS: frozenset[str] = frozenset(
    ["statement", "email", "e-mail", "interview", "letter", "release", "post", "tweet", "memo", "message"]
)

# Head nouns that describe a person by role ("the senior American official").
PERSON_TITLES: frozenset[str] = frozenset(
    [
        "official",
        "president",
        "minister",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "diplomat",
        "secretary",
        "ambassador",
        "envoy",
        "chairman",
        "chairwoman",
        "chair",
        "leader",
        "head",
        "director",
        "governor",
        "mayor",
        "senator",
        "representative",
        "congressman",
        "congresswoman",
        "premier",
        "chancellor",
        "commissioner",
        "chief",
        "officer",
        "prosecutor",
        "judge",
        "lawyer",
        "attorney",
        "adviser",
        "advisor",
        "aide",
        "deputy",
        "analyst",
        "expert",
        "activist",
        "coach",
        "captain",
        "manager",
        "executive",
        "ceo",
        "founder",
        "general",
        "colonel",
        "sheriff",
        "detective",
        "star",
        "actress",
        "actor",
        "singer",
        "player",
        "publicist",
        "rep",
        "showrunner",
        "producer",
        "boss",
    ]
)

MALE_PRONOUNS: frozenset[str] = frozenset({"he", "him", "his"})
FEMALE_PRONOUNS: frozenset[str] = frozenset({"she", "her", "hers"})
MALE_HONORIFICS: frozenset[str] = frozenset({"mr", "mr.", "sir", "lord"})
FEMALE_HONORIFICS: frozenset[str] = frozenset({"ms", "ms.", "mrs", "mrs.", "miss", "madam", "lady"})

# Words left off the edges of a speaker span: "the message further says" -> "the message".
SPEAKER_EDGE_WORDS: frozenset[str] = frozenset(
    [
        "also",
        "further",
        "later",
        "then",
        "again",
        "has",
        "had",
        "have",
        "was",
        "is",
        "will",
        "would",
        "could",
        "had",
        "also",
        "once",
        "earlier",
        "still",
    ]
)


def _forms(base: str) -> set[str]:
    """Inflected forms of a regular verb, plus the irregular ones we need."""
    irregular = {
        "say": {"say", "says", "said", "saying"},
        "tell": {"tell", "tells", "told", "telling"},
        "write": {"write", "writes", "wrote", "written", "writing"},
        "underline": {"underline", "underlines", "underlined", "underlining"},
        "deny": {"deny", "denies", "denied", "denying"},
        "reply": {"reply", "replies", "replied", "replying"},
        "testify": {"testify", "testifies", "testified", "testifying"},
    }
    if base in irregular:
        return irregular[base]
    stem = base[:-1] if base.endswith("e") else base
    third = base + "es" if base.endswith(("s", "sh", "ch", "x")) else base + "s"
    past = base + "d" if base.endswith("e") else base + "ed"
    if base.endswith("t") and base in {"admit", "regret"}:
        past = base + "ted"
        stem = base + "t"
    return {base, third, past, stem + "ing"}


def _all_forms(bases: frozenset[str]) -> frozenset[str]:
    out: set[str] = set()
    for base in bases:
        out |= _forms(base)
    return frozenset(out)


_SPEECH_FORMS = _all_forms(SPEECH_VERBS)
_INDIRECT_FORMS = _all_forms(INDIRECT_VERBS)
_APPEAL_FORMS = _all_forms(APPEAL_VERBS)
_RELAY_FORMS = _all_forms(RELAY_VERBS)


def _verbish(tok: Token) -> bool:
    # The small model sometimes tags a sentence-final "said" as something odd;
    # only reject clear nouns/adjectives ("the call", "a report").
    return tok.pos_ not in {"NOUN", "PROPN", "ADJ", "DET", "ADP", "NUM"} or tok.tag_ in {"VBD", "VBZ"}


def is_speech_cue(tok: Token) -> bool:
    low = tok.lower_
    if tok.lemma_.lower() == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children):
        return True  # "as she put it, “…”"
    return (low in _SPEECH_FORMS or tok.lemma_.lower() in SPEECH_VERBS) and _verbish(tok)


def is_indirect_cue(tok: Token) -> bool:
    low = tok.lower_
    return (low in _INDIRECT_FORMS or tok.lemma_.lower() in INDIRECT_VERBS) and tok.pos_ in {"VERB", "AUX"}


def is_appeal_cue(tok: Token) -> bool:
    return (tok.lower_ in _APPEAL_FORMS or tok.lemma_.lower() in APPEAL_VERBS) and tok.pos_ == "VERB"


def is_relay_verb(tok: Token) -> bool:
    return (tok.lower_ in _RELAY_FORMS or tok.lemma_.lower() in RELAY_VERBS) and _verbish(tok)


def is_according_to(tok: Token) -> bool:
    """``tok`` is "according" in "according to X"."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return tok.lower_ == "according" and nxt is not None and nxt.lower_ == "to"


def pronoun_gender(word: str) -> str | None:
    low = word.lower()
    if low in MALE_PRONOUNS:
        return "m"
    if low in FEMALE_PRONOUNS:
        return "f"
    return None
