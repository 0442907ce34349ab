"""Shared fixtures: the spaCy pipeline, loaded once per test session."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from storyline.model import Quote
from storyline.nlp import get_nlp
from storyline.quotes.embed import Embedder, EmbedderMissing, get_embedder
from storyline.quotes.extract import extract_quotes


@pytest.fixture(scope="session")
def nlp() -> Language:
    return get_nlp()


@pytest.fixture(scope="session")
def quotes(nlp: Language) -> Callable[[str], list[Quote]]:
    """Run the extractor on a text, checking every offset on the way."""

    def run(text: str) -> list[Quote]:
        out = extract_quotes("t", text, nlp(text))
        for q in out:
            assert text[q.start : q.end] == q.text
            if q.cue is not None:
                assert text[q.cue_start : q.cue_end] == q.cue
            if q.speaker is not None:
                assert text[q.speaker_start : q.speaker_end] == q.speaker
        return out

    return run


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The default sentence embedder (skips where it is not installed)."""
    try:
        found = get_embedder()
    except EmbedderMissing as error:
        pytest.skip(str(error))
    assert found is not None
    return found
