"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

from storyline.clean import clean_document
from storyline.entities.mentions import extract_entities
from storyline.ingest import read_file
from storyline.model import Article, ArticleEntities, RawDocument
from storyline.nlp import get_nlp

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "kazakhstan-reforms"

Extract = Callable[..., ArticleEntities]


@pytest.fixture(scope="session")
def nlp() -> Language:
    return get_nlp()


@pytest.fixture(scope="session")
def extract(nlp: Language) -> Extract:
    """``extract(text, watch=None)``: the entity stage on one invented article."""

    def run(text: str, watch: list[tuple[str, str]] | None = None) -> ArticleEntities:
        article = Article(id="t", source="test", text=text)
        result = extract_entities(article, nlp(text), watch)
        for m in result.mentions:
            assert text[m.start : m.end] == m.text
        for r in result.roles:
            assert text[r.start : r.end] == r.title
        return result

    return run


@pytest.fixture(scope="session")
def seeds(nlp: Language) -> dict[str, tuple[Article, ArticleEntities]]:
    """The example pages, cleaned and run through the stage, keyed by file prefix ("000" ...)."""
    out: dict[str, tuple[Article, ArticleEntities]] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        for raw in read_file(str(path)):
            assert isinstance(raw, RawDocument), raw
            article = clean_document(raw)
            out[path.name[:3]] = (article, extract_entities(article, nlp(article.text)))
    return out
