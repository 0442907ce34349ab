"""Per-article stage: named-entity mentions, in-article chains and roles."""

from __future__ import annotations

from spacy.tokens import Doc

from storyline.model import Article, ArticleEntities


def extract_entities(article: Article, doc: Doc, watch: list[tuple[str, str]] | None = None) -> ArticleEntities:
    """Mentions (chained within the article) and roles of one parsed article."""
    raise NotImplementedError
