"""Entities redone only where changed articles reach equal the whole corpus resolved again."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from storyline.entities.aliases import AliasGroup, AliasTable
from storyline.entities.incremental import resolve_store
from storyline.entities.resolve import build_chains, key_hash, link_keys, resolve
from storyline.model import Analysis, Article, ArticleEntities, Entity, Role
from storyline.store import Store, open_store

from .test_resolve import article

# Names that set off every linking rule, none from the bundled example: full and
# partial names (first + last word, surname only, two people sharing a surname), an
# acronym and its expansion, one-word organisations with one or two longer forms,
# places typed two ways, and a title-only chain that never links.
VOCAB: list[tuple[str, str, str]] = [
    ("Mara Olsen", "PERSON", "name"),
    ("Mara Kay Olsen", "PERSON", "name"),
    ("Olsen", "PERSON", "surname"),
    ("Tobias Olsen", "PERSON", "name"),
    ("Tobias Wren", "PERSON", "name"),
    ("Wren", "PERSON", "surname"),
    ("Ilse Brandt", "PERSON", "name"),
    ("Brandt", "PERSON", "surname"),
    ("the harbour master", "PERSON", "title"),
    ("National Harbour Authority", "ORG", "name"),
    ("NHA", "ORG", "acronym"),
    ("Northern Hydro Agency", "ORG", "name"),  # a second expansion of "NHA"
    ("Harbour Authority", "ORG", "name"),
    ("Acme", "ORG", "name"),
    ("Acme Rail", "ORG", "name"),
    ("Acme Bank", "ORG", "name"),
    ("Vellmar", "GPE", "name"),
    ("Vellmar", "ORG", "name"),
    ("Port of Vellmar", "FAC", "name"),
    ("Old Quay", "LOC", "name"),
    # Government bodies: one country's, worded three ways, another country's, one bare.
    ("Chilean Ministry of Fisheries", "ORG", "name"),
    ("Fisheries Ministry of Chile", "ORG", "name"),
    ("Peruvian Fisheries Ministry", "ORG", "name"),
    ("Fisheries Ministry", "ORG", "name"),
    # A two-word name continued by one or two longer ones.
    ("Coastal Institute", "ORG", "name"),
    ("Coastal Institute of Tides", "ORG", "name"),
    ("Coastal Institute for Reefs", "ORG", "name"),
    # Cyrillic spellings that key with the Latin ones (a full name, a surname, a place).
    ("Мара Олсен", "PERSON", "name"),
    ("Брандт", "PERSON", "surname"),
    ("Велльмар", "GPE", "name"),
]
ALIASES = AliasTable(
    same=[AliasGroup(name="Port of Vellmar", aliases=["Old Quay"])],
    distinct=[["Mara Olsen", "Mara Kay Olsen"]],
)


def entities_of(article_id: str, picks: list[tuple[str, str, str]], rng: random.Random) -> ArticleEntities:
    """One article's mentions: each pick its own chain, some loose (chain -1), some repeated."""
    specs, roles = [], []
    for chain, (text, label, kind) in enumerate(picks):
        number = -1 if rng.random() < 0.2 else chain
        specs += [(text, label, kind, number)] * rng.choice((1, 1, 2))
        if label == "PERSON" and number >= 0 and rng.random() < 0.3:
            roles.append(
                Role(
                    article_id=article_id,
                    chain=number,
                    person=text,
                    title="pilot",
                    start=0,
                    end=5,
                    how="apposition",
                )
            )
    return article(article_id, *specs, roles=roles)


def write(store: Store, records: list[ArticleEntities]) -> None:
    for r in records:
        store.add_article(Article(id=r.article_id, source=f"{r.article_id}.txt", text="x" * 2000))
        store.put_analysis(Analysis(article_id=r.article_id, entities=r), "v1")


def stored(store: Store) -> list[Entity]:
    return list(store.iter_entities())


@pytest.mark.parametrize("seed", range(60))
@pytest.mark.parametrize("aliases", [None, ALIASES], ids=["no-aliases", "aliases"])
def test_batches_and_rewrites_give_what_one_whole_run_gives(
    seed: int, aliases: AliasTable | None, tmp_path: Path
) -> None:
    rng = random.Random(seed)
    ids = [f"{rng.getrandbits(32):08x}" for _ in range(24)]
    final = {aid: entities_of(aid, rng.sample(VOCAB, rng.randint(1, 4)), rng) for aid in ids}
    batches = [ids[:8], ids[8:16], ids[16:]]
    store = open_store(str(tmp_path / "incremental.db"))
    for batch in batches:
        # An earlier article is analysed again with other names (as a re-parse would).
        if batch is not batches[0]:
            redo = rng.choice(ids[: ids.index(batch[0])])
            final[redo] = entities_of(redo, rng.sample(VOCAB, rng.randint(1, 4)), rng)
            batch = [*batch, redo]
        write(store, [final[aid] for aid in batch])
        resolve_store(store, aliases)
    whole = open_store(str(tmp_path / "whole.db"))
    write(whole, [final[aid] for aid in sorted(final)])
    resolve_store(whole, aliases)
    assert stored(store) == stored(whole)
    assert stored(whole) == resolve(final.values(), aliases)
    assert store.entity_members(ids) == whole.entity_members(ids)


def test_a_run_with_nothing_new_reads_nothing(tmp_path: Path) -> None:
    rng = random.Random(7)
    store = open_store(str(tmp_path / "s.db"))
    write(store, [entities_of(f"a{i}", rng.sample(VOCAB, 3), rng) for i in range(6)])
    assert resolve_store(store, None)[0] > 0
    before = stored(store)
    assert resolve_store(store, None) == (0, 0)
    assert stored(store) == before


def test_a_new_article_redoes_only_the_entities_its_names_reach(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.db"))
    rng = random.Random(3)
    first = [
        entities_of("a1", [("Ilse Brandt", "PERSON", "name"), ("Acme Rail", "ORG", "name")], rng),
        entities_of("a2", [("Brandt", "PERSON", "surname"), ("Vellmar", "GPE", "name")], rng),
        entities_of("a3", [("Tobias Wren", "PERSON", "name")], rng),
    ]
    write(store, first)
    resolve_store(store, None)
    # A second Brandt: the surname-only chain of a2 no longer knows whom it names.
    write(store, [entities_of("a4", [("Jon Brandt", "PERSON", "name")], rng)])
    redone, chains = resolve_store(store, None)
    names = {e.name: e for e in stored(store)}
    assert {"Ilse Brandt", "Brandt", "Jon Brandt"} <= names.keys()
    assert names["Ilse Brandt"].article_ids == ["a1"]
    # The Brandt chains and the new one were redone; Acme Rail, Vellmar and Wren were not read.
    assert redone == 3 and chains == 3


def test_link_keys_cover_each_rule() -> None:
    """Chains a rule links share a key (or the incremental run would miss the link)."""
    pairs = [
        ([("Ilse Brandt", "PERSON", "name")], [("Brandt", "PERSON", "surname")]),
        ([("Ilse Marie Brandt", "PERSON", "name")], [("Ilse Brandt", "PERSON", "name")]),
        ([("National Harbour Authority", "ORG", "name")], [("NHA", "ORG", "acronym")]),
        ([("Acme Rail", "ORG", "name")], [("Acme", "ORG", "name")]),
        ([("Vellmar", "GPE", "name")], [("Vellmar", "ORG", "name")]),
        (
            [("Chilean Ministry of Fisheries", "ORG", "name")],
            [("Fisheries Ministry of Chile", "ORG", "name")],
        ),
        ([("Peruvian Fisheries Ministry", "ORG", "name")], [("Fisheries Ministry", "ORG", "name")]),
        ([("Coastal Institute of Tides", "ORG", "name")], [("Coastal Institute", "ORG", "name")]),
    ]
    rng = random.Random(0)
    for a, b in pairs:
        (ca,), (cb,) = (build_chains([entities_of(i, p, rng)], None) for i, p in (("x", a), ("y", b)))
        # One files, the other looks up (or both hold an equal name): the same key either way.
        assert {key_hash(k) & ~3 for k in link_keys(ca, None)} & {
            key_hash(k) & ~3 for k in link_keys(cb, None)
        }
    (title,) = build_chains([entities_of("z", [("the harbour master", "PERSON", "title")], rng)], None)
    assert link_keys(title, None) == set()


def test_names_filed_under_one_key_meet_only_through_a_name_that_looks_it_up(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.db"))
    rng = random.Random(5)
    write(store, [entities_of("b1", [("Acme Rail", "ORG", "name")], rng)])
    resolve_store(store, None)
    # Both are filed under "acme"; nothing looks it up, so Acme Rail is not redone.
    write(store, [entities_of("b2", [("Acme Bank", "ORG", "name")], rng)])
    assert resolve_store(store, None) == (1, 1)
    # "Acme" looks it up, but two organisations are filed under it: it links to neither,
    # whatever else arrives, so neither is redone.
    write(store, [entities_of("b3", [("Acme", "ORG", "name")], rng)])
    assert resolve_store(store, None) == (1, 1)
    assert sorted(e.name for e in stored(store)) == ["Acme", "Acme Bank", "Acme Rail"]
    # With one organisation filed under it, "Acme" links to it: both are redone.
    write(store, [entities_of("b4", [("Zeno Freight", "ORG", "name")], rng)])
    resolve_store(store, None)
    write(store, [entities_of("b5", [("Zeno", "ORG", "name")], rng)])
    assert resolve_store(store, None) == (1, 2)
    assert [e.article_ids for e in stored(store) if e.name == "Zeno Freight"] == [["b4", "b5"]]


@pytest.mark.parametrize("seed", range(5))
def test_looking_an_entity_up_by_name_agrees_with_a_scan(seed: int, tmp_path: Path) -> None:
    from storyline.entities.query import NoSuchEntity, find_entity

    rng = random.Random(seed)
    records = [entities_of(f"c{i}", rng.sample(VOCAB, rng.randint(1, 4)), rng) for i in range(12)]
    indexed = open_store(str(tmp_path / "indexed.db"))
    write(indexed, records)
    resolve_store(indexed, ALIASES)
    scanned = open_store(str(tmp_path / "scanned.db"))  # entities copied without keys: a full scan
    scanned.replace_entities(stored(indexed))

    def look(store: Store, name: str) -> str:
        try:
            return find_entity(store, name).id
        except NoSuchEntity as exc:
            return str(exc)

    names = {n for e in stored(indexed) for n in (e.id, e.name, *e.aliases)}
    names |= {n.upper() for n in names} | {n.replace(" ", "-") for n in names} | {"Nobody Here", "Harbour"}
    for name in sorted(names):
        assert look(indexed, name) == look(scanned, name), name


def test_a_run_interrupted_before_it_marks_its_changes_is_redone_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(11)
    records = [entities_of(f"d{i}", rng.sample(VOCAB, rng.randint(1, 4)), rng) for i in range(16)]
    store = open_store(str(tmp_path / "s.db"))
    write(store, records[:8])
    resolve_store(store, None)
    write(store, records[8:])
    with monkeypatch.context() as m:
        # Killed after the new entities were written, before the changes were marked taken in.
        m.setattr(store, "mark_done", lambda stage, token: (_ for _ in ()).throw(KeyboardInterrupt))
        with pytest.raises(KeyboardInterrupt):
            resolve_store(store, None)
    resolve_store(store, None)
    assert resolve_store(store, None) == (0, 0)
    assert stored(store) == resolve(records, None)
