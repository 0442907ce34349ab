"""Corpus stage driver: entity resolution redone only where new or changed articles reach.

Linking decides from keys (``resolve.link_keys``): two chains that share no key,
even through others, never affect each other. So the chains to redo are those of
the changed articles plus every stored entity reachable from their keys (and
from the keys of the entities they used to belong to); everything else stays as
stored. The result equals resolving the whole corpus again (tested), at the cost
of the components touched, not of the corpus. A store that has never been
resolved this way (or whose alias file changed, which redoes every article) is
resolved whole.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from storyline.entities.aliases import AliasTable
from storyline.entities.resolve import base_id, build_chains, link_keys, resolve_with_keys, unique_ids
from storyline.model import Entity
from storyline.store import Store

STAGE = "entities"


def key_hash(key: tuple[object, ...]) -> int:
    """A ``link_keys`` key as a non-negative 63-bit integer (what the store indexes):
    its lowest bit is 0 for a key chains are filed under, 1 for one they are looked
    up by (an equal-name key is both), the rest a hash of the key itself, so one
    side is found from the other."""
    role, *content = key
    digest = hashlib.blake2b(repr(content).encode(), digest_size=8).digest()
    return (int.from_bytes(digest, "big") >> 1) & ~1 | (role != "file")


def base_key(entity: Entity) -> int:
    """The key of the entity's name-based id, negative so it is never followed as a link."""
    return -1 - key_hash(("=", "base", base_id(entity.type, entity.name)))


def name_keys(name: str) -> list[int]:
    """The keys ``storyline entity NAME`` looks an entity up by: its folded name and its
    name key (negative, like ``base_key``: lookups, never links)."""
    from storyline.entities.keys import name_key

    forms = (("fold", fold_name(name)), ("key", name_key(name)))
    return [-1 - key_hash(("=", *form)) for form in forms if form[1]]


def fold_name(name: str) -> str:
    """Case, hyphens and spacing ignored: "Port-Nord" finds "port nord"."""
    return " ".join(name.casefold().replace("-", " ").split())


def _keys(entity: Entity, links: Iterable[tuple[object, ...]]) -> list[int]:
    names = {k for n in (entity.name, *entity.aliases) for k in name_keys(n)}
    return sorted({key_hash(k) for k in links} | {base_key(entity)} | names)


def resolve_store(store: Store, aliases: AliasTable | None) -> tuple[int, int]:
    """Bring the store's entities up to date with its articles: (entities redone, chains read)."""
    changed, token = store.changes_since(STAGE)
    if changed is None:
        done = _resolve_all(store, aliases)
    elif changed:
        done = _resolve_changed(store, aliases, changed)
    else:
        done = (0, 0)
    store.mark_done(STAGE, token)
    return done


def _resolve_all(store: Store, aliases: AliasTable | None) -> tuple[int, int]:
    found = resolve_with_keys(store.iter_article_entities(), aliases)
    entities = [e for e, _ in found]
    unique_ids(entities)  # renames in place: the keys follow the record, not the old id
    keys = {e.id: _keys(e, links) for e, links in found}
    store.replace_entities(entities, keys)
    return len(entities), sum(len(e.members) for e in entities)


def _resolve_changed(store: Store, aliases: AliasTable | None, changed: list[str]) -> tuple[int, int]:
    """Redo the components the changed articles touch (see the module docstring)."""
    changed_set = set(changed)
    # The entities the changed articles' old chains were in: their other chains lose or
    # keep those links, so they are redone too.
    affected = set(store.entity_members(changed).values())
    pending = {
        key_hash(k)
        for chain in build_chains(store.iter_article_entities(changed), aliases)
        for k in link_keys(chain, aliases)
    }
    pending |= {k for ks in store.entity_keys(affected).values() for k in ks if k >= 0}
    seen = set(pending)
    while pending:
        reached = _reach(store, pending) - affected
        affected |= reached
        pending = {k for ks in store.entity_keys(reached).values() for k in ks if k >= 0} - seen
        seen |= pending
    keep: set[tuple[str, int]] = set()
    articles = set(changed)
    for entity in store.iter_entities(affected):
        for member in entity.members:
            if member[0] not in changed_set:
                keep.add(member)
                articles.add(member[0])
    records = list(store.iter_article_entities(sorted(articles)))
    found = resolve_with_keys(records, aliases, keep=_Keep(keep, changed_set))
    new = [e for e, _ in found]
    links = {id(e): ls for e, ls in found}
    # Ids: the first entity (by members) of each name keeps the name's id, so the others
    # stored with the same name are renumbered with the new ones.
    bases = {base_key(e) for e in new}
    others = [
        e
        for e in store.iter_entities(set().union(*store.entities_by_key(bases).values()) - affected)
        if base_key(e) in bases
    ]
    old_ids = {id(e): e.id for e in others}
    for e in [*new, *others]:
        e.id = base_id(e.type, e.name)
    unique_ids([*new, *others])
    renamed = [e for e in others if e.id != old_ids[id(e)]]
    stored_keys = store.entity_keys(old_ids[id(e)] for e in renamed)
    keys = {e.id: _keys(e, links[id(e)]) for e in new}
    keys.update({e.id: stored_keys.get(old_ids[id(e)], []) for e in renamed})
    store.update_entities(affected | {old_ids[id(e)] for e in renamed}, [*new, *renamed], keys)
    return len(new), sum(len(e.members) for e in new)


def _reach(store: Store, keys: set[int]) -> set[str]:
    """Entities one step from ``keys``: those holding a key looked up, with those filed
    under it; for a key filed under, those looking it up and, when there are any, the
    others filed under it (filed chains meet only through one that looks)."""
    held = store.entities_by_key(keys | {k | 1 for k in keys})
    looked = {k for k in keys if k & 1 or held.get(k | 1)}
    filed = store.entities_by_key({k & ~1 for k in looked} - keys)
    lookers = {e for k in keys for e in held.get(k | 1, ())}
    return lookers | {e for k in looked for e in held.get(k & ~1, set()) | filed.get(k & ~1, set())}


class _Keep:
    """Chains to resolve: every chain of a changed article, and the kept members of others."""

    def __init__(self, members: set[tuple[str, int]], articles: set[str]) -> None:
        self.members, self.articles = members, articles

    def __contains__(self, member: object) -> bool:
        return member in self.members or (isinstance(member, tuple) and member[0] in self.articles)
