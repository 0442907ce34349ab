"""Looking entities up in the store: by name or alias, and what co-occurs with them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import Protocol, TypeVar

from storyline.errors import StorylineError
from storyline.model import Entity
from storyline.store import Store


class NoSuchEntity(StorylineError):
    """No entity has that name or alias."""


def find_entity(store: Store, name: str) -> Entity:
    """The entity whose name or an alias matches ``name`` (case- and hyphen-insensitive), or its id."""
    from storyline.entities.incremental import STAGE, fold_name, name_keys
    from storyline.entities.keys import name_key

    want, want_key = fold_name(name), name_key(name)
    tests: tuple[Callable[[Entity], bool], ...] = (
        lambda e: e.id == name.strip(),
        lambda e: fold_name(e.name) == want or any(fold_name(a) == want for a in e.aliases),
        lambda e: name_key(e.name) == want_key or any(name_key(a) == want_key for a in e.aliases),
    )
    if store.changes_since(STAGE)[0] is not None:
        # Resolved by this version: its entities are indexed by name (no scan when found).
        keys = name_keys(name)
        ids = {name.strip()} | set().union(*store.entities_by_key(keys).values())
        found = list(store.iter_entities(ids))
        for test in tests:
            if hits := [e for e in found if test(e)]:
                return _one(name, hits)
    # One pass over the entities, keeping only what matches: the store may hold millions.
    every: list[list[Entity]] = [[] for _ in tests]
    close: list[str] = []
    for e in store.iter_entities():
        for hits, test in zip(every, tests, strict=True):
            if test(e):
                hits.append(e)
        if len(close) < 5 and want and (want in fold_name(e.name) or fold_name(e.name) in want):
            close.append(e.name)
    for hits in every:
        if hits:
            return _one(name, hits)
    hint = f"; did you mean: {', '.join(close)}?" if close else "; `storyline entities` lists them"
    raise NoSuchEntity(f"no entity named {name!r}{hint}")


def _one(name: str, hits: list[Entity]) -> Entity:
    if len(hits) > 1:
        listed = "; ".join(f"{e.id} ({e.type} {e.name})" for e in hits[:5])
        raise NoSuchEntity(f"{name!r} names several entities: {listed}; give the id instead")
    return hits[0]


def shared_articles(store: Store, entity: Entity) -> Counter[str]:
    """Other entities by the number of articles they share with this one (read by
    its articles only: the one query the CLI and the web pages both use)."""
    in_article: dict[str, set[str]] = {}
    for (aid, _), eid in store.entity_members(dict.fromkeys(entity.article_ids)).items():
        in_article.setdefault(aid, set()).add(eid)
    counts: Counter[str] = Counter()
    for eids in in_article.values():
        if entity.id in eids:
            counts.update(e for e in eids if e != entity.id)
    return counts


def cooccurring(store: Store, entity: Entity, limit: int = 10) -> list[tuple[Entity, int]]:
    """Entities that appear in the same articles, most shared articles first."""
    counts = shared_articles(store, entity)
    heads = {h.id: h for h in store.entity_heads(counts)}
    ranked = rank_cooccurring(counts, heads, limit)
    full = {e.id: e for e in store.iter_entities([h.id for h, _ in ranked])}
    return [(full[h.id], n) for h, n in ranked]


class _Ranked(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def mentions(self) -> int: ...


R = TypeVar("R", bound=_Ranked)


def rank_cooccurring(counts: Counter[str], by_id: Mapping[str, R], limit: int = 10) -> list[tuple[R, int]]:
    """Most shared articles first, then most mentioned, then by name (and id: names repeat)."""
    known = [(i, n) for i, n in counts.items() if i in by_id]
    ranked = sorted(known, key=lambda kv: (-kv[1], -by_id[kv[0]].mentions, by_id[kv[0]].name, kv[0]))
    return [(by_id[i], n) for i, n in ranked[:limit]]
