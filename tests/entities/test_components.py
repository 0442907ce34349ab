"""Resolving a corpus one key component at a time equals resolving it whole."""

from __future__ import annotations

import random

import pytest

from storyline.entities import components
from storyline.entities.aliases import AliasTable
from storyline.entities.components import resolve_by_components
from storyline.entities.resolve import Chain, key_hash, resolve_with_keys, unique_ids
from storyline.model import ArticleEntities, Entity

from .test_incremental import ALIASES, VOCAB, entities_of
from .test_resolve import article, org, person


def whole(records: list[ArticleEntities], aliases: AliasTable | None) -> list[tuple[Entity, set[int]]]:
    found = resolve_with_keys(records, aliases)
    unique_ids([e for e, _ in found])
    return sorted(((e, {key_hash(k) for k in links}) for e, links in found), key=lambda p: p[0].id)


def by_components(
    records: list[ArticleEntities], aliases: AliasTable | None
) -> list[tuple[Entity, set[int]]]:
    return sorted(resolve_by_components(iter(records), aliases), key=lambda p: p[0].id)


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("aliases", [None, ALIASES], ids=["no-aliases", "aliases"])
def test_components_give_what_the_whole_corpus_gives(seed: int, aliases: AliasTable | None) -> None:
    rng = random.Random(seed)
    records = [
        entities_of(f"{rng.getrandbits(32):08x}", rng.sample(VOCAB, rng.randint(1, 5)), rng)
        for _ in range(30)
    ]
    records.sort(key=lambda r: r.article_id)
    assert by_components(records, aliases) == whole(records, aliases)


def test_same_named_entities_in_different_components_get_unique_ids() -> None:
    # Title chains never link, so each is its own component, all with one name id.
    records = [article(f"a{i}", person("the harbour master", kind="title")) for i in (3, 1, 2)]
    records.append(article("a0", org("Acme Rail"), org("Acme Bank", chain=1)))
    got = by_components(records, None)
    assert [e.id for e, _ in got] == [e.id for e, _ in whole(records, None)]
    masters = [e for e, _ in got if e.name == "the harbour master"]
    assert len(masters) == 3 and len({e.id for e in masters}) == 3


@pytest.fixture
def groups(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The names of the chains of each component ``resolve_chains`` is asked to resolve."""
    seen: list[set[str]] = []
    real = components.resolve_chains

    def spy(chains: list[Chain], *args: object, **kwargs: object) -> object:
        seen.append({name for c in chains for name in c.names})
        return real(chains, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(components, "resolve_chains", spy)
    return seen


def test_groups_hold_only_chains_that_meet_through_a_key(groups: list[set[str]]) -> None:
    records = [
        article("a1", person("Mara Olsen"), org("Acme Rail", chain=1)),
        article("a2", person("Olsen", kind="surname"), org("Acme Bank", chain=1)),
        article("a3", person("Ilse Brandt"), org("Vellmar", chain=1, label="GPE")),
        article("a4", org("Vellmar"), person("Ilse Brandt", chain=1)),
    ]
    resolve_by_components(records, None).__next__()
    # A surname-only chain looks its surname up: it meets the one person filed under it.
    assert {"Mara Olsen", "Olsen"} in groups
    # Both banks are filed under "acme", which nobody looks up: they never meet.
    assert {"Acme Rail"} in groups and {"Acme Bank"} in groups
    # Equal names meet across articles and types that may link (GPE/ORG).
    assert {"Ilse Brandt"} in groups and {"Vellmar"} in groups
    assert len(groups) == 5


def test_a_key_many_bodies_are_filed_under_joins_no_component(groups: list[set[str]]) -> None:
    records = [
        article("b1", org("Delta Yards"), org("DY", kind="acronym", chain=1)),
        article("b2", org("Dune Youth"), person("Petra Lind", chain=1)),
        article("b3", org("DY", kind="acronym"), person("Lind", kind="surname", chain=1)),
        article("b4", person("Jon Lind"), org("Dune Youth", chain=1)),
    ]
    got = by_components(records, None)
    assert got == whole(records, None)
    # "DY" is the initials of two bodies and "Lind" the surname of two people: whatever
    # looks either up links to none, so the bodies and the people each resolve alone.
    assert {"Delta Yards"} in groups and {"Dune Youth"} in groups
    assert {"Petra Lind"} in groups and {"Jon Lind"} in groups
    assert [e.name for e, _ in got if e.name == "DY"] == ["DY"]


def test_an_empty_corpus_gives_nothing() -> None:
    assert list(resolve_by_components([], None)) == []
