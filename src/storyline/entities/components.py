"""Entity resolution from scratch, one component of the link-key graph at a time.

Two chains affect each other only through a key (``resolve.link_keys``): an equal
key both hold, or a lookup key one is filed under and the other looks up (chains
filed under a key nobody looks up never meet through it). So the connected
components of that graph resolve alone exactly as among the whole corpus, and a
corpus is resolved without holding it: its chains are built a page of articles at
a time into a private SQLite file beside their keys, the components are found by
union-find over the keys (an integer per distinct name key, not a record per chain), and then
each component is read back, resolved and written out on its own. Memory is the
largest component plus the name index; ids are made unique as ``unique_ids`` does,
from the entities sorted by name id and first member on disk.

A lookup key filed under by two or more chains that cannot be one entity by the time its
rule runs ("DY" the initials of many bodies, a surname many people share) links nothing:
"the one ..." finds two. Left in the graph, such keys would join a corpus-wide component
(its largest grew with the corpus); so each rule's keys are judged in pass order against a
coarser grouping than the rule will see (equal keys plus the earlier rules' keys that may
link), dropped from the graph when saturated there, and handed to ``resolve_chains`` as
``saturated`` so the chains looking them up link to none, as among the whole corpus.
"""

from __future__ import annotations

import pickle
import sqlite3
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby

from storyline.entities.aliases import AliasTable
from storyline.entities.resolve import (
    Chain,
    build_chains,
    collect_roles,
    key_hash,
    link_keys,
    member_id,
    resolve_chains,
)
from storyline.model import ArticleEntities, Entity, EntityRole
from storyline.scratch import ScratchDB

_ROWS = 2000  # rows written to the scratch file at a time
# The pass whose rule looks each kind of lookup key up (``resolve`` module docstring);
# equal keys are pass 0.
_PASS = {"long": 1, "surname": 2, "acronym": 3, "org": 4, "orgpre": 4, "inst": 4}


def _find(parent: array[int], node: int) -> int:
    root = node
    while parent[root] != root:
        root = parent[root]
    while parent[node] != root:  # path compression
        parent[node], node = root, parent[node]
    return root


_SCHEMA = (
    "CREATE TABLE chains (seq INTEGER PRIMARY KEY, blob BLOB);"
    "CREATE TABLE keys (seq INTEGER, key INTEGER, pass INTEGER);"
    "CREATE TABLE comp (root INTEGER, seq INTEGER);"
    "CREATE TABLE entities (base TEXT, article TEXT, chain INTEGER, blob BLOB);"
)


def resolve_by_components(
    articles: Iterable[ArticleEntities], aliases: AliasTable | None
) -> Iterator[tuple[Entity, set[int]]]:
    """Each entity of the corpus with its link keys (``key_hash`` values), ids unique:
    the same as ``resolve_with_keys`` then ``unique_ids`` over everything, holding one
    component at a time. ``articles`` is read once."""
    scratch = ScratchDB("storyline-entities-", _SCHEMA)
    try:
        _write_chains(scratch.db, articles, aliases)
        _write_components(scratch.db)
        _write_entities(scratch.db, aliases)
        yield from _unique(scratch.db)
    finally:
        scratch.close()


def _write_chains(
    db: sqlite3.Connection, articles: Iterable[ArticleEntities], aliases: AliasTable | None
) -> None:
    seq = 0
    rows: list[tuple[int, bytes]] = []
    keys: list[tuple[int, int, int]] = []
    for record in articles:
        roles: dict[tuple[str, int], list[EntityRole]] = defaultdict(list)
        for chain in build_chains(collect_roles([record], roles), aliases):
            passes = {key_hash(k): 0 if k[0] == "=" else _PASS[str(k[1])] for k in link_keys(chain, aliases)}
            hashed = set(passes)
            rows.append((seq, pickle.dumps((chain, roles.get(chain.member, []), hashed), protocol=5)))
            keys.extend((seq, k, p) for k, p in passes.items())
            seq += 1
        if len(rows) >= _ROWS:
            _flush(db, rows, keys)
    _flush(db, rows, keys)


def _flush(db: sqlite3.Connection, rows: list[tuple[int, bytes]], keys: list[tuple[int, int, int]]) -> None:
    db.executemany("INSERT INTO chains VALUES (?, ?)", rows)
    db.executemany("INSERT INTO keys VALUES (?, ?, ?)", keys)
    rows.clear()
    keys.clear()


def _write_components(db: sqlite3.Connection) -> None:
    """Each chain's component root (a chain joining no node is alone: a negative root),
    and the saturated lookup keys (``sat``).

    The graph's nodes: each equal key, and each lookup key (role bits cleared) on the
    side that looks it up and, when somebody does, on the side filed under it. They are
    numbered densely on disk, so union-find holds one integer per distinct name key.
    """
    db.executescript(
        "CREATE TABLE looked AS SELECT DISTINCT key & ~3 AS base FROM keys WHERE key & 3 = 1;"
        "CREATE UNIQUE INDEX looked_base ON looked (base);"
        "CREATE TABLE joins AS SELECT seq, CASE WHEN key & 3 = 3 THEN key ELSE key & ~3 END AS node,"
        " key & 3 AS role, pass FROM keys"
        " WHERE key & 3 IN (1, 3) OR (key & ~3) IN (SELECT base FROM looked);"
        "CREATE TABLE nodes (id INTEGER PRIMARY KEY, node INTEGER UNIQUE);"
        "INSERT INTO nodes (node) SELECT DISTINCT node FROM joins;"
        "CREATE TABLE chain_nodes AS SELECT joins.seq AS seq, nodes.id AS id, joins.role AS role,"
        " joins.pass AS pass FROM joins JOIN nodes ON nodes.node = joins.node;"
        "DROP TABLE joins;"
        "CREATE INDEX chain_nodes_seq ON chain_nodes (seq, id);"
        "CREATE INDEX chain_nodes_pass ON chain_nodes (pass, role, id);"
        # A chain's first equal key stands for it in every grouping (they all include them).
        "CREATE TABLE rep (seq INTEGER PRIMARY KEY, id INTEGER);"
        "INSERT INTO rep SELECT seq, min(id) FROM chain_nodes WHERE pass = 0 GROUP BY seq;"
        "CREATE TABLE sat (id INTEGER PRIMARY KEY);"
    )
    (count,) = db.execute("SELECT count(*) FROM nodes").fetchone()
    for rule in sorted(set(_PASS.values())):
        parent = _grouping(db, count, below=rule)
        db.executemany("INSERT INTO sat VALUES (?)", ((n,) for n in _saturated(db, parent, rule)))
    parent = _grouping(db, count, below=max(_PASS.values()) + 1)
    batch: list[tuple[int, int]] = []
    rows = db.execute(
        "SELECT c.seq, min(n.id) FROM chains c LEFT JOIN chain_nodes n ON n.seq = c.seq"
        " AND n.id NOT IN (SELECT id FROM sat) GROUP BY c.seq"
    )
    for seq, node in rows:
        batch.append((_find(parent, node) if node is not None else -1 - seq, seq))
        if len(batch) >= _ROWS:
            db.executemany("INSERT INTO comp VALUES (?, ?)", batch)
            batch.clear()
    db.executemany("INSERT INTO comp VALUES (?, ?)", batch)
    db.execute("CREATE INDEX comp_root ON comp (root, seq)")
    # Per component, the saturated keys its chains look up (what ``resolve_chains`` is told).
    db.execute(
        "CREATE TABLE comp_sat AS SELECT DISTINCT comp.root AS root, nodes.node AS base"
        " FROM chain_nodes cn JOIN sat ON sat.id = cn.id JOIN nodes ON nodes.id = cn.id"
        " JOIN comp ON comp.seq = cn.seq WHERE cn.role = 1"
    )


def _grouping(db: sqlite3.Connection, count: int, below: int) -> array[int]:
    """Union-find over the nodes: every chain's equal keys and its lookup keys of the rules
    before pass ``below`` that are not saturated, joined."""
    parent = array("q", range(count + 1))
    rows = db.execute(
        "SELECT seq, id FROM chain_nodes WHERE pass < ? AND id NOT IN (SELECT id FROM sat) ORDER BY seq",
        (below,),
    )
    for _, group in groupby(rows, key=lambda r: r[0]):
        roots = sorted({_find(parent, node) for _, node in group})
        for root in roots[1:]:
            parent[root] = roots[0]
    return parent


def _saturated(db: sqlite3.Connection, parent: array[int], rule: int) -> Iterator[int]:
    """The lookup keys of pass ``rule`` filed under by chains of two or more groups.

    The grouping joins at least what the rule's own grouping will have joined, so two
    groups here are two roots there. A filer with no equal key has no known group: its
    key is kept (joining more than needed costs memory, never a result)."""
    rows = db.execute(
        "SELECT cn.id, rep.id FROM chain_nodes cn LEFT JOIN rep ON rep.seq = cn.seq"
        " WHERE cn.pass = ? AND cn.role = 0 ORDER BY cn.id",
        (rule,),
    )
    for node, group in groupby(rows, key=lambda r: r[0]):
        reps = [r for _, r in group]
        if None not in reps and len({_find(parent, r) for r in reps}) >= 2:
            yield node


def _write_entities(db: sqlite3.Connection, aliases: AliasTable | None) -> None:
    rows = db.execute(
        "SELECT comp.root, chains.blob FROM comp JOIN chains ON chains.seq = comp.seq ORDER BY comp.root, comp.seq"
    )
    saturated = _by_root(db.execute("SELECT root, base FROM comp_sat ORDER BY root"))
    out: list[tuple[str, str, int, bytes]] = []
    for root, group in groupby(rows, key=lambda r: r[0]):
        chains: list[Chain] = []
        roles: dict[tuple[str, int], list[EntityRole]] = {}
        for _, blob in group:
            chain, chain_roles, _keys = pickle.loads(blob)
            chains.append(chain)
            if chain_roles:
                roles[chain.member] = chain_roles
        chains.sort(key=lambda c: (c.article_id, c.chain))
        for entity, links in resolve_chains(chains, roles, aliases, saturated(root)):
            first = entity.members[0]
            hashed = {key_hash(k) for k in links}
            out.append((entity.id, first[0], first[1], pickle.dumps((entity, hashed), protocol=5)))
        if len(out) >= _ROWS:
            db.executemany("INSERT INTO entities VALUES (?, ?, ?, ?)", out)
            out.clear()
    db.executemany("INSERT INTO entities VALUES (?, ?, ?, ?)", out)
    db.execute("CREATE INDEX entities_order ON entities (base, article, chain)")


def _by_root(rows: Iterator[tuple[int, int]]) -> Callable[[int], frozenset[int]]:
    """Look up rows sorted by root, asked for roots in increasing order."""
    pending = next(rows, None)

    def of(root: int) -> frozenset[int]:
        nonlocal pending
        found = []
        while pending is not None and pending[0] <= root:
            if pending[0] == root:
                found.append(pending[1])
            pending = next(rows, None)
        return frozenset(found)

    return of


def _unique(db: sqlite3.Connection) -> Iterator[tuple[Entity, set[int]]]:
    """Entities in (name id, first member) order; all but the first of a name id get a member-based id."""
    previous = None
    for base, _, _, blob in db.execute("SELECT * FROM entities ORDER BY base, article, chain"):
        entity, hashed = pickle.loads(blob)
        if base == previous:
            entity.id = member_id(entity)
        previous = base
        yield entity, hashed
