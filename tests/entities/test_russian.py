"""Russian entities: mentions with their nominatives, chains, roles, span fixes, and
names that link across scripts. Every sentence is invented for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.entities.keys import name_key, person_tokens, plain_key
from storyline.entities.resolve import resolve
from storyline.entities.russian import extract_entities_ru
from storyline.entities.spans_ru import place_of_adjective
from storyline.model import Article, ArticleEntities, Mention
from storyline.nlp_ru import parse_ru
from storyline.script import latin


def run(text: str, watch: list[tuple[str, str]] | None = None) -> ArticleEntities:
    article = Article(id="ru", source="test", text=text, language="ru")
    result = extract_entities_ru(article, parse_ru(text), watch)
    for m in result.mentions:
        assert text[m.start : m.end] == m.text
    for r in result.roles:
        assert text[r.start : r.end] == r.title
    return result


def mentions(result: ArticleEntities) -> dict[str, tuple[str, str | None]]:
    return {m.text: (m.label, m.norm) for m in result.mentions}


def test_case_forms_get_their_nominative_and_share_a_chain() -> None:
    text = (
        "Министр культуры Ольга Варенцова открыла выставку в Самаре. "
        "Работы для Варенцовой отобрали студенты. Позже Варенцову поблагодарил мэр Самары."
    )
    found = mentions(run(text))
    assert found["Ольга Варенцова"] == ("PERSON", None)
    assert found["Варенцовой"] == ("PERSON", "Варенцова")
    assert found["Варенцову"] == ("PERSON", "Варенцова")
    assert found["Самары"] == ("GPE", "Самара")
    chains = {m.text: m.chain for m in run(text).mentions}
    assert chains["Ольга Варенцова"] == chains["Варенцовой"] == chains["Варенцову"]


def test_a_masculine_genitive_folds_to_the_masculine_name() -> None:
    found = mentions(run("Визит Андрея Белоусова в Омск перенесли. Белоусова ждали в пятницу."))
    assert found["Андрея Белоусова"] == ("PERSON", "Андрей Белоусов")


@pytest.mark.parametrize(
    ("text", "span", "norm"),
    [
        ("Курс Президента Бакыт-Жомарта Сейтова поддержали.", "Бакыт-Жомарта Сейтова", "Бакыт-Жомарт Сейтов"),
        ("Рейс в Усть-Каменогорск задержали, из Ростова-на-Дону тоже.", "Ростова-на-Дону", "Ростов-на-Дону"),
    ],
)
def test_a_double_name_declines_part_by_part(text: str, span: str, norm: str) -> None:
    found = mentions(run(text))
    assert found[span][1] == norm


@pytest.mark.parametrize(
    ("text", "person", "title", "how"),
    [
        ("Президент Чили Габриэль Ривас посетил порт.", "Габриэль Ривас", "Президент Чили", "title-before"),
        (
            "Встречу провёл глава МИД Перу Хорхе Сальвадор.",
            "Хорхе Сальвадор",
            "глава МИД Перу",
            "title-before",
        ),
        (
            "Об этом сообщил заместитель министра иностранных дел Литвы Томас Лукас.",
            "Томас Лукас",
            "заместитель министра иностранных дел Литвы",
            "title-before",
        ),
        (
            "Олег Гаврилов, бывший министр транспорта Молдавии, ответил на вопросы.",
            "Олег Гаврилов",
            "бывший министр транспорта Молдавии",
            "apposition",
        ),
    ],
)
def test_roles_with_their_offsets(text: str, person: str, title: str, how: str) -> None:
    roles = run(text).roles
    assert [(r.person, r.title, r.how) for r in roles] == [(person, title, how)]


def test_a_title_inside_the_span_leaves_it_and_becomes_the_role() -> None:
    found = run("Король Харальд открыл сессию парламента.")
    assert "Харальд" in mentions(found)


def test_organisations_take_their_genitive_tails() -> None:
    found = mentions(run("Решение принял Конституционный суд Боливии, сообщило правительство Эквадора."))
    assert found["Конституционный суд Боливии"][0] == "ORG"
    assert found["правительство Эквадора"][0] == "ORG"


def test_place_adjectives_are_norp() -> None:
    found = mentions(run("Норвежская сторона ответила, что исландский рыбак задержан."))
    assert found["Норвежская"] == ("NORP", "норвежский")
    assert found["исландский"] == ("NORP", None)
    assert "сторона" not in found and "рыбак" not in found
    assert place_of_adjective("португальский") == "португалия"
    assert place_of_adjective("тематический") is None


def test_glued_initials_and_bracketed_originals_join_the_name() -> None:
    found = mentions(run("Статью написал Р.Гаспарян. Дизайнер Лия Марсден (Leah Marsden) ответила."))
    assert found["Р.Гаспарян"][0] == "PERSON"
    assert found["Leah Marsden"][0] == "PERSON"


def test_the_watch_list_applies_to_russian_pages() -> None:
    found = mentions(run("Запуск ракеты «Ангара» отложили.", watch=[("Ангара", "PRODUCT")]))
    assert found["Ангара"][0] == "PRODUCT"


@pytest.mark.parametrize(
    ("cyrillic", "latin_name"),
    [
        ("Тимур Бекмамбетов", "Timur Bekmambetov"),
        ("Ерлан Жумабаев", "Yerlan Zhumabayev"),
        ("Ерлан Жумабаев", "Erlan Zhumabaev"),
        ("Ұлан Қасымов", "Ulan Kasymov"),  # Kazakh letters fold before romanising
        ("Әлия Ғалымова", "Aliya Galymova"),
    ],
)
def test_cyrillic_and_latin_spellings_share_a_key(cyrillic: str, latin_name: str) -> None:
    assert name_key(cyrillic) == name_key(latin_name)
    assert person_tokens(cyrillic) == person_tokens(latin_name)
    assert plain_key(cyrillic) != plain_key(latin_name)  # the plain key keeps the script


def test_latin_keeps_latin_text() -> None:
    assert latin("Ivanov") == "Ivanov"
    assert latin("Жанна") == "Zhanna"


def test_case_forms_and_scripts_resolve_to_one_entity_named_in_english() -> None:
    ru = run("Глава компании Ерлан Жумабаев выступил в Омске. Жумабаева спросили о ценах.")
    en = ArticleEntities(
        article_id="en",
        mentions=[
            Mention(article_id="en", start=0, end=17, text="Yerlan Zhumabayev", label="PERSON", chain=0)
        ],
    )
    solo = ArticleEntities(
        article_id="en2",
        mentions=[Mention(article_id="en2", start=0, end=9, text="Zhumabaev", label="PERSON", chain=0)],
    )
    people = [e for e in resolve([ru, en, solo]) if e.type == "PERSON"]
    assert len(people) == 1
    person = people[0]
    assert person.name == "Yerlan Zhumabayev"
    assert {"Ерлан Жумабаев", "Жумабаев", "Zhumabaev"} <= set(person.aliases)
    assert sorted(person.article_ids) == ["en", "en2", "ru"]


def test_a_place_run_into_a_name_is_split_off_and_stays_in_the_title() -> None:
    found = run("Министр энергетики Норландии Ерлан Жумабаев открыл станцию.")
    people = [m.text for m in found.mentions if m.label == "PERSON"]
    assert people == ["Ерлан Жумабаев"]
    assert [r.title for r in found.roles] == ["Министр энергетики Норландии"]


def test_a_title_before_and_one_after_are_two_roles() -> None:
    text = "Лидер партии «Северный союз» Антон Ремизов, бывший министр финансов Эстонии, выступил первым."
    titles = [(r.title, r.how) for r in run(text).roles]
    assert titles == [
        ("Лидер партии «Северный союз»", "title-before"),
        ("бывший министр финансов Эстонии", "apposition"),
    ]


WORDS = [
    "президент",
    "глава",
    "министр",
    "Норландии",
    "МИД",
    "Ерлан",
    "Жумабаева",
    "Анна",
    "Ли",
    "(",
    "Anna",
    "Lee",
    ")",
    "«Северный",
    "союз»",
    "правительство",
    "Польши",
    "британской",
    "Р.",
    "Гаспарян",
    ",",
    ".",
    "—",
    "\n",
    "миссис",
    "Город",
    "Павия",
    "ЗАО",
    "«Альфа»",
    "по",
    "правам",
    "человека",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=25))
def test_any_arrangement_of_tricky_words_gives_exact_offsets(words: list[str]) -> None:
    run(" ".join(words))  # run() checks every mention and role against the text


@pytest.mark.parametrize(
    ("russian", "english"),
    [
        ("США", "United States"),
        ("Соединённые Штаты", "United States"),
        ("Германия", "Germany"),
        ("Россия", "Russia"),
        ("КНР", "China"),
    ],
)
def test_a_russian_country_name_links_to_the_english_one(russian: str, english: str) -> None:
    records = [
        ArticleEntities(
            article_id="ru",
            mentions=[
                Mention(article_id="ru", start=0, end=len(russian), text=russian, label="GPE", chain=0)
            ],
        ),
        ArticleEntities(
            article_id="en",
            mentions=[
                Mention(article_id="en", start=0, end=len(english), text=english, label="GPE", chain=0)
            ],
        ),
    ]
    [entity] = resolve(records)
    assert entity.name == english and entity.aliases == [russian]


def test_a_russian_word_that_is_no_country_name_stays_apart() -> None:
    records = [
        ArticleEntities(
            article_id=aid,
            mentions=[Mention(article_id=aid, start=0, end=len(name), text=name, label="GPE", chain=0)],
        )
        for aid, name in (("ru", "Сибирь"), ("en", "Russia"))
    ]
    assert len(resolve(records)) == 2
