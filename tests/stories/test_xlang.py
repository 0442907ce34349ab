"""Stories across languages: a Russian report and its English version of one made-up
event are one story; a report of another event of the same kind stays apart."""

from __future__ import annotations

from storyline.stories.cluster import TopicClusterer, place_articles, story_id_maker
from storyline.stories.features import story_features

RU_FERRY = (
    "Паром с 40 пассажирами сел на мель у Тлеубаева",
    "ТЕРМЕЗ, 3 мая. Паром с 40 пассажирами сел на мель у острова Тлеубаева на реке Аму. "
    "Спасатели сняли с судна всех людей, сообщил начальник речной полиции Рустам Абдуллаев. "
    "«Никто не пострадал, паром отбуксируют в Термез к вечеру», — сказал Абдуллаев.\n",
)
EN_FERRY = (
    "Ferry with 40 passengers runs aground near Tleubayev island",
    "TERMEZ, May 3. A ferry carrying 40 passengers ran aground near Tleubayev island on the Amu river, "
    "and rescuers took everyone off the vessel, river police chief Rustam Abdullayev said. "
    '"Nobody was hurt, and the ferry will be towed to Termez by the evening," Abdullayev said.\n',
)
RU_BARGE = (
    "Баржа с зерном затонула у Кагановки",
    "НУКУС, 19 сентября. Баржа с 600 тоннами зерна затонула у посёлка Кагановка на реке Аму. "
    "Экипаж из пяти человек спасли рыбаки, сообщил глава районной администрации Бахтияр Юлдашев. "
    "«Зерно застраховано, но баржу поднять будет трудно», — сказал Юлдашев.\n",
)
EN_BARGE = (
    "Grain barge sinks near Kaganovka",
    "NUKUS, September 19. A barge carrying 600 tonnes of grain sank near the village of Kaganovka on the "
    "Amu river. Fishermen rescued the crew of five, district head Bakhtiyar Yuldashev said. "
    '"The grain is insured, but raising the barge will be hard," Yuldashev said.\n',
)


def features(aid: str, report: tuple[str, str], day: str):  # type: ignore[no-untyped-def]
    return story_features(aid, report[0], report[1], day)


def test_russian_names_are_romanised_in_the_nominative() -> None:
    f = features("ru", RU_FERRY, "2031-05-03")
    assert {"abdullayev", "rustam", "40"} <= set(f.names)
    assert "пассажир" in f.words  # Russian lemmas for the content words


def test_a_russian_report_and_its_english_version_are_one_story_and_another_event_apart() -> None:
    fs = [
        features("ru-ferry", RU_FERRY, "2031-05-03"),
        features("en-ferry", EN_FERRY, "2031-05-03"),
        features("ru-barge", RU_BARGE, "2031-09-19"),
        features("en-barge", EN_BARGE, "2031-09-19"),
    ]
    topics = TopicClusterer([], new_id=lambda aid: "t-" + aid)
    _, story_of = place_articles(topics, {}, fs, set(), story_id_maker(set()))
    assert story_of["ru-ferry"] == story_of["en-ferry"]
    assert story_of["ru-barge"] == story_of["en-barge"]
    assert story_of["ru-ferry"] != story_of["ru-barge"]
