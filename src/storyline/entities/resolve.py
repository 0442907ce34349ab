"""Corpus stage: link in-article chains across articles into canonical entities."""

from __future__ import annotations

from storyline.model import ArticleEntities, Entity


def resolve(articles: list[ArticleEntities], aliases: AliasTable | None = None) -> list[Entity]:
    """One Entity per real-world thing, with aliases, roles, articles and mention counts."""
    raise NotImplementedError
