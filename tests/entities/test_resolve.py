from __future__ import annotations

import random

import pytest

from storyline.entities.aliases import AliasGroup, AliasTable
from storyline.entities.resolve import resolve
from storyline.model import ArticleEntities, Entity, EntityRole, Mention, Role

# One mention: (text, label, kind, chain); articles are lists of them.
Spec = tuple[str, str, str, int]


def article(article_id: str, *specs: Spec, roles: list[Role] | None = None) -> ArticleEntities:
    mentions = []
    at = 0
    for text, label, kind, chain in specs:
        mentions.append(
            Mention(
                article_id=article_id,
                start=at,
                end=at + len(text),
                text=text,
                label=label,
                kind=kind,
                chain=chain,
            )
        )
        at += len(text) + 1
    return ArticleEntities(article_id=article_id, mentions=mentions, roles=roles or [])


def person(text: str, chain: int = 0, kind: str = "name") -> Spec:
    return (text, "PERSON", kind, chain)


def org(text: str, chain: int = 0, kind: str = "name", label: str = "ORG") -> Spec:
    return (text, label, kind, chain)


def groups(entities: list[Entity]) -> set[frozenset[tuple[str, int]]]:
    return {frozenset(e.members) for e in entities}


def linked(entities: list[Entity], a: tuple[str, int], b: tuple[str, int]) -> bool:
    return any(a in e.members and b in e.members for e in entities)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kassym-Jomart Tokayev", "Kassym-Zhomart Tokayev"),
        ("Kassym-Jomart Tokayev", "Kasym-Zhomart Tokaev"),
        ("Nursultan Nazarbayev", "Nursultan Nazarbaev"),
        ("Mukhtar Ablyazov", "Muhtar Ablyazov"),
        ("Yerlan Karin", "Erlan Karin"),
        ("Uzra Zeya", "Uzra S. Zeya"),
    ],
)
def test_person_variants_link(a: str, b: str) -> None:
    entities = resolve([article("a1", person(a)), article("a2", person(b))])
    assert linked(entities, ("a1", 0), ("a2", 0))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Oleg Tokayev", "Oleg Tokarev"),
        ("Anna Ivanov", "Anna Ivanova"),
        ("Alexander Orlov", "Alexandra Orlov"),
    ],
)
def test_different_people_stay_apart(a: str, b: str) -> None:
    entities = resolve([article("a1", person(a)), article("a2", person(b))])
    assert not linked(entities, ("a1", 0), ("a2", 0))


def test_surname_only_links_when_one_person_has_it() -> None:
    entities = resolve(
        [
            article("a1", person("Marat Sadykov"), person("Sadykov", kind="surname")),
            article("a2", person("Sadykov", kind="surname")),
            article("a3", person("Sadykov", 4)),
        ]
    )
    assert groups(entities) == {frozenset({("a1", 0), ("a2", 0), ("a3", 4)})}
    assert entities[0].name == "Marat Sadykov"


def test_shared_surname_stays_apart() -> None:
    entities = resolve(
        [
            article("a1", person("Marat Sadykov")),
            article("a2", person("Aigul Sadykov")),
            article("a3", person("Sadykov", kind="surname")),
        ]
    )
    assert len(entities) == 3


def test_surname_only_chains_link_to_each_other_when_nobody_has_a_full_name() -> None:
    entities = resolve([article("a1", person("Sadykov")), article("a2", person("Sadykov"))])
    assert len(entities) == 1


def test_two_word_name_links_to_the_one_longer_form() -> None:
    entities = resolve(
        [article("a1", person("Marat Sadykov")), article("a2", person("Marat Bolatuly Sadykov"))]
    )
    assert len(entities) == 1
    assert entities[0].name == "Marat Bolatuly Sadykov"


def test_acronym_paired_with_expansion_links_everywhere() -> None:
    entities = resolve(
        [
            article("a1", org("National Council of Public Trust"), org("NCPT", kind="acronym")),
            article("a2", org("NCPT")),
            article("a3", org("National Council of Public Trust")),
        ]
    )
    assert len(entities) == 1
    assert entities[0].name == "National Council of Public Trust"
    assert entities[0].aliases == ["NCPT"]


def test_acronym_links_to_unique_initials_elsewhere() -> None:
    entities = resolve([article("a1", org("Steppe Rail Authority")), article("a2", org("SRA"))])
    assert len(entities) == 1


def test_ambiguous_acronym_stays_apart() -> None:
    entities = resolve(
        [
            article("a1", org("Steppe Rail Authority")),
            article("a2", org("State Revenue Agency")),
            article("a3", org("SRA")),
        ]
    )
    assert len(entities) == 3


def test_acronym_of_a_translated_name_needs_the_alias_file() -> None:
    docs = [article("a1", org("Committee for National Security")), article("a2", org("KNB"))]
    assert len(resolve(docs)) == 2
    table = AliasTable(same=[AliasGroup(name="Committee for National Security", aliases=["KNB"])])
    assert len(resolve(docs, table)) == 1


def test_one_word_org_links_to_its_one_longer_form() -> None:
    entities = resolve([article("a1", org("Steppe Rail Company")), article("a2", org("Steppe"))])
    assert len(entities) == 1
    assert entities[0].name == "Steppe Rail Company"


def test_one_word_org_shared_by_two_longer_forms_stays_apart() -> None:
    entities = resolve(
        [article("a1", org("Steppe Rail")), article("a2", org("Steppe Bank")), article("a3", org("Steppe"))]
    )
    assert len(entities) == 3


@pytest.mark.parametrize(
    "names",
    [
        ["Chilean Ministry of Foreign Affairs", "Foreign Ministry of Chile", "Chile's Foreign Ministry"],
        ["Ministry of Foreign Affairs of the Republic of Chile", "Chilean Foreign Ministry"],
        ["Department of Energy", "Energy Department"],
        ["U.S. Department of Energy", "US Energy Department", "American Energy Department"],
        ["Ministry of Health", "Health Ministry"],
        ["Ministry for Emergency Situations", "Emergency Situations Ministry"],
    ],
)
def test_one_government_body_worded_differently_is_one_entity(names: list[str]) -> None:
    entities = resolve([article(f"a{i}", org(n)) for i, n in enumerate(names)])
    assert len(entities) == 1, [e.name for e in entities]


@pytest.mark.parametrize(
    "names",
    [
        ["Chilean Foreign Ministry", "Peruvian Foreign Ministry"],  # two countries
        ["Foreign Ministry of Chile", "Chilean Defence Ministry"],  # two bodies
        ["Interior Ministry", "Ministry of Internal Affairs"],  # no rule says these are one
        ["Bank of America", "America Bank"],  # not a government body
        ["University of Chile", "Chile University"],
        ["Council of Europe", "European Council"],
    ],
)
def test_different_bodies_stay_apart(names: list[str]) -> None:
    entities = resolve([article(f"a{i}", org(n)) for i, n in enumerate(names)])
    assert len(entities) == len(names), [e.name for e in entities]


def test_a_body_named_without_its_country_links_to_the_one_country_that_has_it() -> None:
    one = resolve([article("a1", org("Chilean Foreign Ministry")), article("a2", org("Foreign Ministry"))])
    assert len(one) == 1 and one[0].name == "Chilean Foreign Ministry"
    two = resolve(
        [
            article("a1", org("Chilean Foreign Ministry")),
            article("a2", org("Peruvian Foreign Ministry")),
            article("a3", org("Foreign Ministry")),
        ]
    )
    assert len(two) == 3  # which country's: the text does not say


def test_a_name_links_to_the_one_longer_name_that_goes_on_with_of() -> None:
    one = resolve([article("a1", org("Coastal Institute of Tides")), article("a2", org("Coastal Institute"))])
    assert len(one) == 1 and one[0].name == "Coastal Institute of Tides"
    two = resolve(
        [
            article("a1", org("Coastal Institute of Tides")),
            article("a2", org("Coastal Institute for Reefs")),
            article("a3", org("Coastal Institute")),
        ]
    )
    assert len(two) == 3
    # A longer name that goes on without "of" is another body ("Federal Reserve Bank").
    apart = resolve([article("a1", org("Coastal Institute Bank")), article("a2", org("Coastal Institute"))])
    assert len(apart) == 2


def test_person_never_links_with_org() -> None:
    entities = resolve([article("a1", person("Jordan Hale")), article("a2", org("Jordan Hale"))])
    assert len(entities) == 2


def test_org_like_types_link_only_on_the_same_name() -> None:
    entities = resolve(
        [
            article("a1", org("Northport", label="GPE")),
            article("a2", org("Northport", label="LOC")),
            article("a3", org("Nordport", label="ORG")),
            article("a4", org("Harbour Folk", label="NORP")),
            article("a5", org("Harbour Folk", label="ORG")),
        ]
    )
    assert linked(entities, ("a1", 0), ("a2", 0))
    assert not linked(entities, ("a1", 0), ("a3", 0))
    assert not linked(entities, ("a4", 0), ("a5", 0))


def test_alias_file_merges_old_and_new_names_and_gives_the_canonical_name() -> None:
    table = AliasTable(same=[AliasGroup(name="Northport", aliases=["Old Harbour", "Port-Nord"], type="GPE")])
    entities = resolve(
        [article("a1", org("Old Harbour", label="GPE")), article("a2", org("Port Nord", label="GPE"))], table
    )
    assert len(entities) == 1
    assert entities[0].name == "Northport"
    assert entities[0].aliases == ["Old Harbour", "Port Nord"]


def test_alias_entry_with_a_type_ignores_other_types() -> None:
    table = AliasTable(same=[AliasGroup(name="Northport", aliases=["Old Harbour"], type="GPE")])
    entities = resolve(
        [article("a1", person("Old Harbour")), article("a2", org("Northport", label="GPE"))], table
    )
    assert len(entities) == 2


def test_distinct_names_stay_apart_even_when_they_fold_together() -> None:
    docs = [article("a1", person("Aleksey Orlov")), article("a2", person("Alexei Orlov"))]
    assert len(resolve(docs)) == 1
    assert len(resolve(docs, AliasTable(distinct=[["Aleksey Orlov", "Alexei Orlov"]]))) == 2


def test_distinct_vetoes_a_merge_through_a_third_chain() -> None:
    docs = [
        article("a1", person("Ivan Petrov"), person("Ivan Petrov Jr", kind="name")),
        article("a2", person("Ivan Petrov Jr"), person("Ivan Petrova", kind="name")),
    ]
    entities = resolve(docs, AliasTable(distinct=[["Ivan Petrov", "Ivan Petrova"]]))
    assert not any(("a1", 0) in e.members and ("a2", 0) in e.members for e in entities)


@pytest.mark.parametrize(
    ("specs", "expected"),
    [
        # longest form seen twice beats a longer form seen once
        (
            [[person("Marat Sadykov")], [person("Marat Sadykov")], [person("Marat B. K. Sadykov")]],
            "Marat Sadykov",
        ),
        # nothing seen twice: the longest
        ([[person("Marat Sadykov")], [person("Marat B. Sadykov")]], "Marat B. Sadykov"),
        # equal length: most frequent, then alphabetical
        ([[person("Kasym Tokayev")], [person("Kassym Tokayev"), person("Kassym Tokayev")]], "Kassym Tokayev"),
        ([[person("Kasym Tokayev")], [person("Kassym Tokayev")]], "Kassym Tokayev"),
        # titles count as mentions but never name the entity
        ([[person("Sadykov"), person("the minister", kind="title")]], "Sadykov"),
    ],
)
def test_canonical_name(specs: list[list[Spec]], expected: str) -> None:
    entities = resolve([article(f"a{i}", *s) for i, s in enumerate(specs)])
    assert [e.name for e in entities] == [expected]


def test_roles_counts_and_members_are_aggregated() -> None:
    role = Role(
        article_id="a1", chain=0, person="Sadykov", title="minister", start=0, end=8, how="apposition"
    )
    entities = resolve(
        [
            article("a1", person("Marat Sadykov"), person("Sadykov", kind="surname"), roles=[role, role]),
            article("a2", person("Marat Sadykov", 3), person("minister", 3, kind="title")),
        ]
    )
    [entity] = entities
    assert entity.mentions == 4
    assert entity.article_ids == ["a1", "a2"]
    assert entity.members == [("a1", 0), ("a2", 3)]
    assert entity.roles == [EntityRole(title="minister", article_id="a1", start=0, end=8)]
    assert entity.aliases == ["Sadykov"]
    assert entity.type == "PERSON"


def test_type_is_the_majority_label_and_person_wins_ties() -> None:
    [entity] = resolve([article("a1", ("Karin", "PERSON", "name", 0), ("Karin", "ORG", "name", 0))])
    assert entity.type == "PERSON"


def test_unchained_mentions_group_by_name() -> None:
    entities = resolve(
        [article("a1", person("Marat Sadykov", -1), person("Marat Sadykov", -1), org("Acme", -1))]
    )
    assert sorted(e.mentions for e in entities) == [1, 2]


def test_ids_are_stable_and_independent_of_article_order() -> None:
    docs = [
        article("a1", person("Kassym-Jomart Tokayev"), org("Steppe Rail Authority", 1)),
        article("a2", person("Kasym-Zhomart Tokaev"), org("SRA", 1)),
        article("a3", person("Tokayev", kind="surname")),
    ]
    first = resolve(docs)
    for seed in range(3):
        shuffled = docs[:]
        random.Random(seed).shuffle(shuffled)
        assert resolve(shuffled) == first
    # adding an unrelated article keeps the ids of the others
    more = resolve([*docs, article("a4", person("Aigul Nurova"))])
    assert {e.id for e in first} < {e.id for e in more}


def test_entities_kept_apart_with_one_name_get_different_ids() -> None:
    docs = [
        article("a1", person("Marat Sadykov")),
        article("a2", person("Aigul Sadykov")),
        article("a3", person("Sadykov", kind="surname")),
        article("a4", person("Sadykov", kind="surname")),
    ]
    entities = resolve(docs)
    assert len({e.id for e in entities}) == len(entities)


def test_empty_input() -> None:
    assert resolve([]) == []


def test_a_one_pass_stream_gives_what_a_list_gives() -> None:
    """The corpus stage feeds a store's stream, read once: same entities, roles and counts."""
    role = Role(
        article_id="b2",
        chain=0,
        person="Dana Orlova",
        title="harbour master",
        start=0,
        end=14,
        how="apposition",
    )
    docs = [
        article(
            "b1", person("Dana Orlova"), person("Orlova", kind="surname"), org("Port Authority of Aktau", 1)
        ),
        article("b2", person("Dana Orlova"), org("Port Authority", 1), roles=[role]),
        article(
            "b3", person("Orlova", kind="surname"), person("Orlova", kind="surname"), org("PAA", 1, "acronym")
        ),
    ]
    streamed = resolve(iter(docs))
    assert streamed == resolve(docs)
    orlova = next(e for e in streamed if e.name == "Dana Orlova")
    assert orlova.mentions == 5 and [r.title for r in orlova.roles] == ["harbour master"]
