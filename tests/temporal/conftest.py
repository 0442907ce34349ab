"""Shared fixtures: the spaCy pipeline, loaded once per test session."""

from __future__ import annotations

import pytest
from spacy.language import Language

from storyline.nlp import get_nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    return get_nlp()
