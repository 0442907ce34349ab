"""Name normalisation for cross-article linking: keys that spelling variants share.

Two keys:

- ``plain_key``: casefold, diacritics stripped (NFKD), apostrophes and dots
  dropped, hyphens, slashes and other punctuation read as spaces, ``&`` as
  "and", a leading "the" and a trailing possessive dropped. Two names with the
  same plain key are the same name written differently.
- ``name_key``: ``plain_key`` plus the transliteration folds below, applied to
  every word, in this order:

  ===========  =====  ==================================================
  fold         to     why (Russian/Kazakh letter romanised several ways)
  ===========  =====  ==================================================
  dzh, zh, dj  j      Ж / Дж: Zhomart, Jomart, Dzhomart
  kh           h      Х: Mukhtar, Muhtar
  ks           x      кс: Aleksey, Alexey
  ye           e      Е: Yerlan, Erlan; Tokayev, Tokaev
  ou           u      У in French-style romanisation: Nourlan, Nurlan
  y            i      Й, Ы, and Я/Ю as ia/iu: Dmitriy, Dmitri; Tatyana, Tatiana
  doubled      one    Kassym, Kasym; Dmitrii, Dmitri
  ===========  =====  ==================================================

  "ya"→"a" and "yu"→"u" are deliberately not folds: "y"→"i" already makes
  Tatyana/Tatiana and Yuri/Iurii meet, and dropping the "i" would also merge
  Diana with Dana. "ts"→"c" is left out too: English-language news writes
  Ц as "ts" consistently, and the fold would merge unrelated Western names.
  Endings are never folded, so gender variants stay apart (Ivanov, Ivanova)
  as do different names one letter apart (Tokayev, Tokarev).

A word in Cyrillic is romanised first (``latin``): Kazakh letters folded to the
Russian ones they are read as (Қ->К, Ұ/Ү->У, Ә->А, Ғ->Г, Ң->Н, Ө->О, І->И, Һ->Х),
then iuliia's Wikipedia scheme (the one English-language news follows most:
Токаев -> Tokayev, Жомарт -> Zhomart), then the folds above; so Cyrillic and
Latin spellings of one name share a ``name_key``. ``plain_key`` keeps the script.
Case forms (Токаева, genitive) are not folded here: a word alone cannot tell a
genitive from a feminine surname, so the Russian stage gives each mention its
nominative in context (``Mention.norm``) and resolution keys that.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from storyline.script import has_cyrillic, latin

# Letters NFKD does not decompose into a base letter plus a mark.
_SPECIAL = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"})
_APOSTROPHES = "'’‘`´ʼ"
_POSSESSIVE = re.compile(rf"[{_APOSTROPHES}]s?$")
_NON_WORD = re.compile(r"[^\w]+")
_FOLDS = (
    ("dzh", "j"),
    ("zh", "j"),
    ("dj", "j"),
    ("kh", "h"),
    ("ks", "x"),
    ("ye", "e"),
    ("ou", "u"),
    ("y", "i"),
)
_DOUBLES = re.compile(r"(.)\1+")

# Words that initials skip ("Bank of America" -> BA, besides BOA).
FUNCTION_WORDS = frozenset(
    [
        "of",
        "the",
        "for",
        "and",
        "a",
        "an",
        "in",
        "on",
        "at",
        "to",
        "by",
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "el",
        "del",
        "von",
        "van",
        "der",
        "den",
        "und",
        "et",
        "y",
    ]
)
# Courtesy titles NER sometimes keeps inside a person's span.
_HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "mme"])
# Legal forms that one outlet writes and another leaves out ("X Inc." / "X").
_LEGAL_FORMS = frozenset(
    [
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "llc",
        "plc",
        "spa",
        "nv",
        "ag",
        "gmbh",
        "sa",
    ]
)


# Names repeat across a corpus (a few thousand distinct ones name most mentions): the keys
# of each are computed once per process. Bounded, so a corpus of rare names cannot grow it.
_CACHE = 1 << 17


@lru_cache(maxsize=_CACHE)
def fold_chars(text: str) -> str:
    """Casefold and strip diacritics: "Tokayév" -> "tokayev"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=_CACHE)
def plain_key(name: str) -> str:
    """Spelling-insensitive but not transliteration-insensitive key of a name."""
    text = fold_chars(name.strip())
    text = _POSSESSIVE.sub("", text)
    text = text.replace("&", " and ")
    for mark in _APOSTROPHES + ".":
        text = text.replace(mark, "")
    words = _NON_WORD.sub(" ", text).replace("_", " ").split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=_CACHE)
def fold_word(word: str) -> str:
    """Transliteration folds of one (already plain) word; see the module docstring."""
    if has_cyrillic(word):
        word = fold_chars(latin(word))
    for old, new in _FOLDS:
        word = word.replace(old, new)
    return _DOUBLES.sub(r"\1", word)


@lru_cache(maxsize=_CACHE)
def name_key(name: str) -> str:
    """Key that spelling and transliteration variants of one name share."""
    return " ".join(fold_word(word) for word in plain_key(name).split())


def person_tokens(name: str) -> list[str]:
    """Folded words of a person's name without initials or courtesy titles.

    "Uzra S. Zeya" and "Uzra Zeya" both give ["uzra", "zeia"].
    """
    return list(_person_tokens(name))


@lru_cache(maxsize=_CACHE)
def _person_tokens(name: str) -> tuple[str, ...]:
    words = [w for w in plain_key(name).split() if w not in _HONORIFICS]
    kept = tuple(fold_word(w) for w in words if len(w) > 1)
    # A name made only of initials ("J. K.") keeps them rather than vanish.
    return kept or tuple(fold_word(w) for w in words)


@lru_cache(maxsize=_CACHE)
def org_key(name: str) -> str:
    """``name_key`` without trailing legal forms: "Acme Holdings Inc." == "Acme Holdings"."""
    words = plain_key(name).split()
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words.pop()
    return " ".join(fold_word(w) for w in words)


@lru_cache(maxsize=_CACHE)
def type_key(name: str, label: str) -> str:
    """The key two same-typed names must share to be linked."""
    if label == "PERSON":
        return " ".join(person_tokens(name))
    if label == "ORG":
        return org_key(name)
    return name_key(name)


def acronym(text: str) -> str | None:
    """The letters of an acronym-shaped name ("NATO", "U.S."), else None."""
    stripped = text.strip().replace(".", "").replace("&", "")
    if " " in stripped or not 2 <= len(stripped) <= 8:
        return None
    if not (stripped.isalpha() and stripped.isupper()):
        return None
    return stripped


def initials(name: str) -> set[str]:
    """Acronyms a multi-word name can stand for: with and without its function words.

    Hyphenated parts count as words ("Trans-Pacific Partnership" -> TPP).
    """
    words = [w for w in re.split(r"[\s\-‐–/]+", name.strip()) if w and w[0].isalpha()]
    if len(words) < 2 or acronym(name) is not None:
        return set()
    every = "".join(w[0] for w in words).upper()
    content = "".join(w[0] for w in words if w.casefold() not in FUNCTION_WORDS).upper()
    return {form for form in (every, content) if len(form) >= 2}
