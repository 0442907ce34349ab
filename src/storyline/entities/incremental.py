"""Corpus stage driver: entity resolution redone only where new or changed articles reach.

Linking decides from keys (``resolve.link_keys``): two chains that share no key,
even through others, never affect each other, and names filed under one lookup
key (a surname, an acronym's letters) meet only through a name that looks it up.
So the chains to redo are those of the changed articles plus every stored entity
reachable from their keys (and from the keys of the entities they used to belong
to), except through a lookup key that two or more entities left alone are filed
under: whatever looks it up links to none of them either way ("Smith" with two
Smiths), so the search stops there; without that stop, surnames and acronyms
chain most of a large corpus together. Everything else stays as stored. The
result equals resolving the whole corpus again (property-tested). A store never
resolved this way (or whose alias file changed, which redoes every article) is
resolved whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from storyline.entities.aliases import AliasTable
from storyline.entities.resolve import (
    base_id,
    build_chains,
    key_hash,
    link_keys,
    resolve_with_keys,
    unique_ids,
)
from storyline.model import ArticleEntities, Entity
from storyline.store import Store

STAGE = "entities:2"  # 2: Russian government bodies keyed as their English names
PAGE = 500  # articles read at a time


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


def _keys(entity: Entity, links: Iterable[int]) -> list[int]:
    """What the store files an entity under: its link keys (``key_hash``), its name id and its names."""
    names = {k for n in (entity.name, *entity.aliases) for k in name_keys(n)}
    return sorted({*links, base_key(entity), *names})


def resolve_store(store: Store, aliases: AliasTable | None) -> tuple[int, int]:
    """Bring the store's entities up to date with its articles: (entities redone, chains read)."""
    changed, token = store.changes_since(STAGE)
    # The entities, the feed of articles whose entity links changed, and the mark land
    # together: an interrupted run leaves the previous state and is redone whole.
    with store.write_session(every=1 << 30):
        if changed is None:
            done = _resolve_all(store, aliases)
            store.note_entity_changes(None)
        elif changed:
            done = _resolve_changed(store, aliases, changed)
        else:
            done = (0, 0)
        store.mark_done(STAGE, token)
    return done


def _resolve_all(store: Store, aliases: AliasTable | None) -> tuple[int, int]:
    """Resolve every article, a component at a time (``components``), written a page at a time."""
    from storyline.entities.components import resolve_by_components

    entities = chains = 0
    page: list[Entity] = []
    keys: dict[str, list[int]] = {}
    # The first page replaces the table, the others add to it: one write session holds
    # them all (``resolve_store``), so an interrupted run leaves the old table whole.
    store.replace_entities([])
    for entity, links in resolve_by_components(store.iter_article_entities(), aliases):
        page.append(entity)
        keys[entity.id] = _keys(entity, links)
        entities += 1
        chains += len(entity.members)
        if len(page) >= PAGE:
            store.update_entities((), page, keys)
            page.clear()
            keys.clear()
    store.update_entities((), page, keys)
    return entities, chains


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
    seen: set[int] = set()
    # Lookup keys (role bits cleared) filed under by two or more entities left alone:
    # whatever looks one up links to none of them, whatever the changed articles add, so
    # the search stops there (else a common surname or acronym would reach the corpus).
    full: dict[int, set[str]] = {}
    while True:
        while pending:
            seen |= pending
            reached = _reach(store, pending, affected, full) - affected
            affected |= reached
            pending = {k for ks in store.entity_keys(reached).values() for k in ks if k >= 0} - seen
        # A key counted as saturated before some of its entities were reached may no longer be.
        thin = [k for k, filers in full.items() if len(filers - affected) < 2]
        if not thin:
            break
        for k in thin:
            del full[k]
            pending |= {k, k | 1}
    saturated = frozenset(full)
    keep: set[tuple[str, int]] = set()
    articles = set(changed)
    # Names whose id may move: those of the entities redone, before and after.
    bases: set[int] = set()
    before: dict[str, _Seen] = {}  # what quote speakers see of each entity redone
    for entity in store.iter_entities(affected):
        before[entity.id] = _Seen(entity)
        bases.add(base_key(entity))
        for member in entity.members:
            if member[0] not in changed_set:
                keep.add(member)
                articles.add(member[0])
    records = _kept_records(store, sorted(articles), keep, changed_set)
    found = resolve_with_keys(records, aliases, keep=_Keep(keep, changed_set), saturated=saturated)
    new = [e for e, _ in found]
    links = {id(e): ls for e, ls in found}
    # Ids: the first entity (by members) of each name keeps the name's id, so the others
    # stored with the same name are renumbered with the new ones.
    bases |= {base_key(e) for e in new}
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
    keys = {e.id: _keys(e, {key_hash(k) for k in links[id(e)]}) for e in new}
    keys.update({e.id: stored_keys.get(old_ids[id(e)], []) for e in renamed})
    store.update_entities(affected | {old_ids[id(e)] for e in renamed}, [*new, *renamed], keys)
    store.note_entity_changes(_moved(store, before, new, renamed) | changed_set)
    return len(new), sum(len(e.members) for e in new)


class _Seen:
    """What decides which quotes an entity speaks (``quotes.links.Speakers``): its names,
    type and id, its members, and its rank (by mentions) where it shares a name."""

    __slots__ = ("members", "mentions", "names")

    def __init__(self, entity: Entity) -> None:
        self.names = (entity.type, entity.name, tuple(entity.aliases))
        self.members = frozenset(entity.members)
        self.mentions = entity.mentions


def _moved(store: Store, before: dict[str, _Seen], new: list[Entity], renamed: list[Entity]) -> set[str]:
    """Articles whose entities changed as their quotes' speakers see them; most entities
    redone come out as they were, and those send nothing."""
    from storyline.entities.keys import name_key

    after = {e.id: _Seen(e) for e in new}
    out = {a for e in renamed for a, _ in e.members}
    ranked: list[tuple[str, frozenset[tuple[str, int]], list[str]]] = []
    for eid in before.keys() | after.keys():
        old, now = before.get(eid), after.get(eid)
        if old is None or now is None or old.names != now.names:
            out |= {a for seen in (old, now) if seen is not None for a, _ in seen.members}
            continue
        out |= {a for a, _ in old.members ^ now.members}
        if old.mentions != now.mentions:
            ranked.append((eid, now.members, [now.names[1], *now.names[2]]))
    # A new rank matters only in an article where another entity goes by the same name.
    for eid, members, names in ranked:
        keys = {-1 - key_hash(("=", "key", k)) for n in names if (k := name_key(n))}
        sharing = set().union(*store.entities_by_key(keys).values()) - {eid}
        articles = {a for a, _ in members}
        for other in store.iter_entities(sharing):
            out |= articles & {a for a, _ in other.members}
    return out


def _reach(store: Store, keys: set[int], affected: set[str], full: dict[int, set[str]]) -> set[str]:
    """Entities one step from ``keys`` (``key_hash`` values): every holder of an equal
    name; for a lookup key, those looking it up and, when any do, those filed under it
    (filed names meet only through one that looks), unless two or more entities not
    being redone are filed under it (then it goes in ``full``, nothing is reached)."""
    equal = {k for k in keys if k & 3 == 3}
    bases = {k & ~3 for k in keys - equal}
    held = store.entities_by_key(equal | bases | {b | 1 for b in bases})
    out = {e for k in equal for e in held.get(k, ())}
    for b in bases:
        filers, lookers = held.get(b, set()), held.get(b | 1, set())
        if len(filers - affected) >= 2:
            full[b] = filers
        elif (b | 1) in keys or lookers:
            out |= filers | lookers
    return out


def _kept_records(
    store: Store, articles: list[str], keep: set[tuple[str, int]], changed: set[str]
) -> Iterator[ArticleEntities]:
    """The mentions and roles the redone chains need, a page of articles at a time: all
    of a changed article's; of another, its kept chains' (and its unchained mentions,
    which are numbered into chains across the whole article)."""
    wanted: dict[str, set[int]] = {}
    for aid, chain in keep:
        wanted.setdefault(aid, set()).add(chain)
    for start in range(0, len(articles), PAGE):
        for record in store.iter_article_entities(articles[start : start + PAGE]):
            if record.article_id not in changed:
                chains = wanted.get(record.article_id, set())
                loose = any(c < 0 for c in chains)
                record.mentions = [
                    m for m in record.mentions if m.chain in chains or (loose and m.chain == -1)
                ]
                record.roles = [r for r in record.roles if r.chain in chains]
            yield record


class _Keep:
    """Chains to resolve: every chain of a changed article, and the kept members of others."""

    def __init__(self, members: set[tuple[str, int]], articles: set[str]) -> None:
        self.members, self.articles = members, articles

    def __contains__(self, member: object) -> bool:
        return member in self.members or (isinstance(member, tuple) and member[0] in self.articles)
