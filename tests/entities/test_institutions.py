"""Government bodies' names: the country they are qualified by and the body itself."""

from __future__ import annotations

import pytest

from storyline.entities.institutions import country_code, institution_key


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Chilean Ministry of Foreign Affairs", ("CL", "foreign ministri")),
        ("Foreign Ministry of Chile", ("CL", "foreign ministri")),
        ("Chile's Foreign Ministry", ("CL", "foreign ministri")),
        ("Ministry of Foreign Affairs of the Republic of Chile", ("CL", "foreign ministri")),
        ("the Department of Justice", ("", "justice department")),
        ("Justice Department", ("", "justice department")),
        ("U.S. Department of Justice", ("US", "justice department")),
        ("United States Justice Department", ("US", "justice department")),
        ("British Home Office", ("GB", "home ofice")),
        ("UK Home Office", ("GB", "home ofice")),
        ("Uzbek Interior Ministry", ("UZ", "interior ministri")),  # a "-stan" stem
        ("Department of Veterans Affairs", ("", "veterans department")),
        # Not government bodies, or not a name at all.
        ("Bank of America", None),
        ("University of Chile", None),
        ("Office of Management and Budget", None),
        ("Ministry", None),
        ("Chilean Ministry", None),
        ("Chile", None),
    ],
)
def test_institution_key(name: str, expected: tuple[str, str] | None) -> None:
    assert institution_key(name) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["U.S."], "US"),
        (["the", "United", "States"], "US"),
        (["American"], "US"),
        (["Chilean"], "CL"),
        (["Kyrgyz"], "KG"),
        (["Peru's"], "PE"),
        # Codes count only in capitals: "in", "me" and "us" are words.
        (["in"], None),
        (["us"], None),
        (["Harbour"], None),
    ],
)
def test_country_code(words: list[str], expected: str | None) -> None:
    assert country_code(words) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # A Russian body gets its English form's key: country in the genitive after it,
        # as an adjective before it, or left out; full names and short forms.
        ("МИД Чили", ("CL", "foreign ministri")),
        ("Министерство иностранных дел Республики Чили", ("CL", "foreign ministri")),
        ("чилийский МИД", ("CL", "foreign ministri")),
        ("МИД", ("", "foreign ministri")),
        ("Минобороны РФ", ("RU", "defense ministri")),
        ("Министерство обороны Соединённых Штатов", ("US", "defense ministri")),
        ("узбекский Минфин", ("UZ", "finance ministri")),  # the adjective's stem begins the name
        ("перуанского МИД", ("PE", "foreign ministri")),  # the name begins the stem
        ("польский МИД", ("PL", "foreign ministri")),
        ("немецкий МИД", ("DE", "foreign ministri")),  # a stem that is neither: listed
        ("МВД Кыргызстана", ("KG", "internal ministri")),
        ("Госдепартамент США", ("US", "state department")),
        ("Госдеп", ("US", "state department")),  # only the United States has one
        ("Министерство юстиции Перу", ("PE", "justice ministri")),
        # Not a body, a body of no country named, or words around it that are not a country.
        ("Газпром", None),
        ("Госдепартамент Франции", None),
        ("МИД и Минфин", None),
        ("МИД Сибири", None),
        ("новый МИД", None),
    ],
)
def test_a_russian_body_gets_its_english_forms_key(name: str, expected: tuple[str, str] | None) -> None:
    assert institution_key(name) == expected


def test_a_russian_body_and_its_english_name_are_one_entity_named_in_english() -> None:
    from storyline.entities.resolve import resolve
    from storyline.model import ArticleEntities, Mention

    names = (("ru", "МИД Перу"), ("en", "Peruvian Foreign Ministry"), ("ru2", "перуанский МИД"))
    records = [
        ArticleEntities(
            article_id=aid,
            mentions=[Mention(article_id=aid, start=0, end=len(name), text=name, label="ORG", chain=0)],
        )
        for aid, name in names
    ]
    [entity] = resolve(records)
    assert entity.name == "Peruvian Foreign Ministry"
    assert sorted(entity.aliases) == ["МИД Перу", "перуанский МИД"]
