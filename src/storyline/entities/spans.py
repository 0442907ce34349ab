"""Working records and word lists shared by the entity modules.

The stage works on token spans of the parse (cheap to compare and extend) and
turns them into ``Mention`` records, with exact character offsets, at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


KEPT_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "LAW", "FAC", "PRODUCT", "WORK_OF_ART"}
)

# Words that make a capitalised sequence an organisation, not a person.
ORG_WORDS = _words(
    """ministry council party bank inc ltd llc corp corporation company department committee forum
    university agency office parliament government commission court union association institute
    foundation fund group service services organization organisation center centre bureau assembly
    senate congress administration authority board network news press media embassy mission republic
    republics federation kingdom state states school college academy army police church movement
    front alliance coalition initiative team club society times post daily agency international
    hotel airport hospital stadium station bridge street square park museum palace tower centre"""
)

# Place words: a "PERSON" span holding one of these is a mistagged polity.
PLACE_WORDS = frozenset({"republic", "republics", "kingdom", "oblast", "province", "region", "emirate"})

# Lowercase particles allowed inside a personal name ("Abdul-Rahman al-Sayed", "Ludwig van Beethoven").
NAME_PARTICLES = _words("al el ad ash as ibn bin bint abu ul ud van von de da di du der den la le dos das")

POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
DETERMINERS = frozenset({"the", "a", "an"})


@dataclass(slots=True, kw_only=True)
class Span:
    """A candidate mention: tokens ``[i, j)`` of the parse, and what we know of it."""

    i: int
    j: int
    label: str
    kind: str = "name"
    person_evidence: bool = False
    locked: bool = False  # set by the watch list: no rule changes its label afterwards
    chain: int = -1
    acronym_of: Span | None = None  # for kind "acronym": the expansion it was defined with
    # Exact character offsets when they differ from the tokens' (watch names inside a token).
    chars: tuple[int, int] | None = None

    def offsets(self, doc: Doc) -> tuple[int, int]:
        if self.chars is not None:
            return self.chars
        return doc[self.i].idx, doc[self.j - 1].idx + len(doc[self.j - 1])


def span_text(doc: Doc, i: int, j: int) -> str:
    # Not ``doc.text[...]``: spaCy rebuilds ``Doc.text`` from every token on each access.
    return doc[i:j].text


def is_cap(tok: Token) -> bool:
    t = tok.text
    return bool(t) and t[0].isupper()


def _name_word_ok(word: str) -> bool:
    """One whitespace-separated word of a personal name: "Tokayev", "Kassym-Jomart", "al-Sayed", "O'Brien"."""
    parts = word.split("-")
    if not all(parts):
        return False
    first = parts[0]
    if first.lower() in NAME_PARTICLES and len(parts) > 1:
        parts = parts[1:]
    for k, part in enumerate(parts):
        core = part.replace("'", "").replace("’", "")
        if not core.isalpha():
            return False
        # Later hyphen parts may be lowercase particles or lowercase ("Jean-baptiste" is rare but real).
        if k == 0 and not ((core[0].isupper() and not core.isupper()) or (len(core) == 1 and core.isupper())):
            return False
    return True


def person_shaped(text: str, max_words: int = 3) -> bool:
    """1 to ``max_words`` capitalised words (hyphens and particles allowed), no organisation words."""
    words = text.split()
    if not words or len(words) > max_words + 1:
        return False
    real = [w for w in words if w.lower() not in NAME_PARTICLES]
    if not real or len(real) > max_words or words[0].lower() in NAME_PARTICLES:
        return False
    if any(w.lower().strip(".'’") in ORG_WORDS or w.lower() in PLACE_WORDS for w in words):
        return False
    return all(_name_word_ok(w) for w in real)


def name_key(text: str) -> str:
    """Case-, hyphen- and possessive-insensitive key: "Kassym-Jomart" and "Kassym Jomart" agree."""
    text = text.replace("’", "'")
    if text.endswith("'s"):
        text = text[:-2]
    return " ".join(text.replace("-", " ").lower().split())


# Transliteration variants of one name (Zhomart/Jomart, Nazarbayev/Nazarbaev, Mohammed/Muhammad).
_TRANSLIT = (
    ("dzh", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("sh", "s"),
    ("ch", "c"),
    ("ts", "c"),
    ("ph", "f"),
    ("yu", "iu"),
    ("ya", "ia"),
    ("y", "i"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("w", "v"),
    ("q", "k"),
)


def translit_key(text: str) -> str:
    key = name_key(text).replace("'", "")
    for a, b in _TRANSLIT:
        key = key.replace(a, b)
    out: list[str] = []
    for ch in key:
        if out and out[-1] == ch and ch != " ":
            continue  # doubled letters vary across spellings
        out.append(ch)
    # Vowels vary most between transliterations (Muhammad/Mohammed): compare consonant skeletons.
    return "".join(c for c in out if c not in "aeiou")


# Nouns that name an office or occupation: the head of a role title.
TITLE_HEADS = _words(
    """president minister secretary ambassador senator representative envoy spokesperson spokesman
    spokeswoman head chairman chairwoman chairperson chair director leader founder co-founder
    activist journalist analyst lawyer official governor mayor commissioner chancellor premier
    speaker judge prosecutor ombudsman adviser advisor coordinator rapporteur diplomat economist
    expert professor editor correspondent reporter blogger politician king queen prince princess
    emir sheikh imam general colonel commander ceo manager deputy-head undersecretary
    under-secretary consul attorney officer candidate dissident defender researcher scientist writer
    author poet"""
)
# Words that qualify a head but are not one themselves ("Deputy Head", "Under Secretary", "Prime Minister").
TITLE_MODIFIERS = _words(
    """under deputy vice first second special senior prime foreign chief acting former general
    assistant executive permanent principal high supreme interim co lead top state federal regional
    national presidential human rights opposition veteran prominent independent"""
)
HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "dame", "mx", "prof", "madam", "mister"})
# Role heads for which "X of Y" is a leadership phrase ("the leader of the initiative group").
LEADER_HEADS = frozenset(
    {
        "leader",
        "head",
        "chairman",
        "chairwoman",
        "chairperson",
        "chair",
        "founder",
        "co-founder",
        "coordinator",
    }
)
