"""Language of an article body, as an ISO 639-1 code, through lingua."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Languages of the news this tool is pointed at; a short list keeps lingua's models
# (loaded per language) small and its answers less jumpy between close languages.
LANGUAGES = [
    "EN", "RU", "KK", "UK", "BE", "DE", "FR", "ES", "IT", "PT", "NL", "PL",
    "TR", "AR", "ZH", "JA", "KO", "FA", "UZ", "AZ",
]  # fmt: skip
# Below this many letters lingua's guess is close to noise: refuse to guess.
MIN_LETTERS = 40
# Language is settled within the first paragraphs; lingua's cost grows much faster than
# the text (3,000 characters took 20x as long as 1,000 on news pages, same answers).
MAX_CHARS = 1000


@lru_cache(maxsize=1)
def detector() -> Any:
    """The lingua detector, built once per process on first use."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code) for code in LANGUAGES if hasattr(IsoCode639_1, code)]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``; None when it is too short or lingua is unsure."""
    sample = text[:MAX_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return None
    language = detector().detect_language_of(sample)
    if language is None:
        return None
    return str(language.iso_code_639_1.name.lower())


def normalise_language(value: str) -> str | None:
    """ "en-US", "EN", "en_GB" -> "en"; anything that is not a language tag -> None."""
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isalpha() and len(primary) in (2, 3) else None
