from __future__ import annotations

import pytest

from storyline.entities.keys import acronym, initials, name_key, person_tokens, plain_key, type_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kassym-Jomart Tokayev", "Kassym-Zhomart Tokayev"),
        ("Kassym-Zhomart Tokayev", "Kasym-Zhomart Tokaev"),
        ("Nursultan Nazarbayev", "Nursultan Nazarbaev"),
        ("Mukhtar", "Muhtar"),
        ("Yerlan", "Erlan"),
        ("Dmitriy", "Dmitry"),
        ("Dmitrii", "Dmitri"),
        ("Tatyana", "Tatiana"),
        ("Aleksey", "Alexei"),
        ("Dzhomart", "Jomart"),
        ("Nourlan", "Nurlan"),
        ("Zoë Ångström", "zoe angstrom"),
        ("Wałęsa", "Walesa"),
        ("O'Brien", "OBrien"),
        ("Al-Farabi", "Al Farabi"),
    ],
)
def test_variants_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Tokayev", "Tokarev"),
        ("Ivanov", "Ivanova"),
        ("Alexander", "Alexandra"),
        ("Diana", "Dana"),
        ("Petrov", "Petrova"),
    ],
)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the United States", "united states"),
        ("U.S.", "us"),
        ("Wal - Mart", "wal mart"),
        ("Procter & Gamble", "procter and gamble"),
        ("Agency's", "agency"),
        ("The", "the"),
    ],
)
def test_plain_key(text: str, expected: str) -> None:
    assert plain_key(text) == expected


def test_person_tokens_drop_initials_and_honorifics() -> None:
    assert person_tokens("Uzra S. Zeya") == person_tokens("Uzra Zeya") == person_tokens("Ms. Uzra Zeya")


def test_org_key_drops_legal_forms() -> None:
    assert type_key("Acme Holdings Inc.", "ORG") == type_key("Acme Holdings", "ORG")
    assert type_key("Acme Holdings Inc.", "GPE") != type_key("Acme Holdings", "GPE")


@pytest.mark.parametrize(
    ("text", "expected"), [("NATO", "NATO"), ("U.N.", "UN"), ("Nato", None), ("A", None), ("AB CD", None)]
)
def test_acronym_shape(text: str, expected: str | None) -> None:
    assert acronym(text) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Bank of Northland", {"BN", "BON"}),
        ("Trans-Steppe Pipeline Company", {"TSPC"}),
        ("Agency", set()),
        ("ABC", set()),
    ],
)
def test_initials(name: str, expected: set[str]) -> None:
    assert initials(name) == expected
