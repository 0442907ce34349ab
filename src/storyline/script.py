"""Which script a text is written in, and Cyrillic romanised as English-language news does.

Used where two languages meet without translation: story terms and quote matching
compare a Russian page's names and numbers with an English page's, and entity name
keys (``entities.keys``) fold Cyrillic spellings into Latin ones. ``latin``: Kazakh
letters folded to the Russian ones they are read as, then iuliia's Wikipedia scheme
(Токаев -> Tokayev).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Kazakh letters iuliia does not know, folded to the Russian letters they are read as.
_KAZAKH = str.maketrans("ҚқҰұҮүӘәҒғҢңӨөІіҺһ", "КкУуУуАаГгНнОоИиХх")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


_KAZAKH_LETTERS = frozenset("ҚқҰұҮүӘәҒғҢңӨөІіҺһ")


def is_kazakh(text: str) -> bool:
    """Whether Cyrillic text is Kazakh rather than Russian: Kazakh's own letters (Қ Ұ Ү Ә Ғ
    Ң Ө І Һ) make up at least 1% of its Cyrillic letters (Russian text has none but in a
    Kazakh name now and then)."""
    cyrillic = len(_CYRILLIC.findall(text))
    own = sum(1 for c in text if c in _KAZAKH_LETTERS)
    return cyrillic > 0 and own >= 0.01 * cyrillic


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


def script_of(text: str) -> str:
    """ "cyrillic" when most letters are Cyrillic, else "latin" (also for no letters)."""
    cyr = len(_CYRILLIC.findall(text))
    lat = len(_LATIN.findall(text))
    return "cyrillic" if cyr > lat else "latin"


@lru_cache(maxsize=1 << 17)
def latin(text: str) -> str:
    """Cyrillic (Russian or Kazakh) romanised by iuliia's Wikipedia scheme after folding
    Kazakh letters; Latin text is returned unchanged."""
    if not has_cyrillic(text):
        return text
    import iuliia

    return str(iuliia.WIKIPEDIA.translate(text.translate(_KAZAKH)))
