"""Looking entities up in the store: by name or alias, and what co-occurs with them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Protocol, TypeVar

from storyline.errors import StorylineError
from storyline.model import Entity
from storyline.store import Store


class NoSuchEntity(StorylineError):
    """No entity has that name or alias."""


def _fold(name: str) -> str:
    return " ".join(name.casefold().replace("-", " ").split())


def find_entity(store: Store, name: str) -> Entity:
    """The entity whose name or an alias matches ``name`` (case- and hyphen-insensitive), or its id."""
    from storyline.entities.keys import name_key

    want, want_key = _fold(name), name_key(name)
    entities = list(store.iter_entities())
    for test in (
        lambda e: e.id == name.strip(),
        lambda e: _fold(e.name) == want or any(_fold(a) == want for a in e.aliases),
        lambda e: name_key(e.name) == want_key or any(name_key(a) == want_key for a in e.aliases),
    ):
        hits = [e for e in entities if test(e)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            listed = "; ".join(f"{e.id} ({e.type} {e.name})" for e in hits[:5])
            raise NoSuchEntity(f"{name!r} names several entities: {listed}; give the id instead")
    close = [e.name for e in entities if want and (want in _fold(e.name) or _fold(e.name) in want)][:5]
    hint = f"; did you mean: {', '.join(close)}?" if close else "; `storyline entities` lists them"
    raise NoSuchEntity(f"no entity named {name!r}{hint}")


def cooccurring(store: Store, entity: Entity, limit: int = 10) -> list[tuple[Entity, int]]:
    """Entities that appear in the same articles, most shared articles first."""
    mine = set(entity.article_ids)
    counts: Counter[str] = Counter()
    by_id: dict[str, Entity] = {}
    for other in store.iter_entities():
        if other.id == entity.id:
            continue
        shared = len(mine.intersection(other.article_ids))
        if shared:
            counts[other.id] = shared
            by_id[other.id] = other
    return rank_cooccurring(counts, by_id, limit)


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
