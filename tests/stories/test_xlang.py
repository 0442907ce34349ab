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


def _features(aid: str, words: list[str], names: dict[str, int] | None = None, day: str = "2031-05-03"):  # type: ignore[no-untyped-def]
    from storyline.model import StoryFeatures

    return StoryFeatures(
        article_id=aid,
        published=day,
        event_date=day,
        words={w: 1 for w in words},
        names=names or {},
    )


def _unit(*values: float):  # type: ignore[no-untyped-def]
    import numpy as np

    v = np.array(values, dtype=np.float64)
    return v / np.linalg.norm(v)


def test_leads_count_across_scripts_only_for_mutually_closest_pairs() -> None:
    import numpy as np

    from storyline.stories import cluster

    # Two English reports of one minister on two matters, and their Russian versions; the
    # cross-language cosines differ by hundredths, as a real embedder's do.
    group = [
        _features("en-a", ["water", "canal", "subsidy"]),
        _features("en-b", ["water", "dam", "tariff"]),
        _features("ru-a", ["вода", "канал", "субсидия"]),
        _features("ru-b", ["вода", "плотина", "тариф"]),
    ]
    vectors = {
        "en-a": _unit(1.0, 0.0, 0.0),
        "en-b": _unit(0.0, 1.0, 0.0),
        "ru-a": _unit(0.95, 0.31, 0.0),  # cos 0.95 with en-a, 0.31 with en-b
        "ru-b": _unit(0.30, 0.95, 0.0),
    }
    s = cluster._lead_similarity(group, vectors)
    assert s[0, 2] == s[2, 0] == 1.0 and s[1, 3] == 1.0
    assert s[0, 3] == s[1, 2] == 0.0  # not each other's closest
    assert s[0, 1] == s[2, 3] == 0.0  # same script: leads never count there
    assert not cluster._lead_similarity(group, None).any()
    # A pair whose leads are closest to each other but not close at all counts nothing.
    far = {"en-a": _unit(1.0, 0.0, 0.0), "ru-a": _unit(0.5, 0.87, 0.0)}
    assert not cluster._lead_similarity(group[::2], far).any()
    # Inside local_similarity the leads lift a cross-script pair no name links.
    lifted = cluster.local_similarity(group, set(), vectors)
    assert lifted[0, 2] > cluster.STORY_THRESHOLD > cluster.local_similarity(group, set())[0, 2]
    assert np.allclose(lifted, lifted.T)


def test_closest_lead_needs_the_join_cosine_and_breaks_ties_by_id() -> None:
    from storyline.stories import cluster

    page = _unit(1.0, 0.0)
    close = _unit(1.0, 0.2)  # cos 0.98
    assert cluster.closest_lead(page, {"b": close, "a": close}) == "a"
    assert cluster.closest_lead(page, {"x": _unit(1.0, 1.0)}) is None  # cos 0.71
    assert cluster.closest_lead(page, {}) is None


def test_a_topic_the_terms_do_not_reach_can_be_named_by_the_fallback() -> None:
    topics = TopicClusterer([], new_id=lambda aid: "t-" + aid)
    water = topics.add("en-a", {"water": 1.0, "canal": 1.0})
    # Nothing shared: the fallback names the topic to join ...
    assert topics.add("kk-a", {"су": 1.0}, lambda: water) == water
    assert topics.topic(water).members == ["en-a", "kk-a"]
    # ... or nothing (or a topic that does not exist), and a topic opens.
    assert topics.add("kk-b", {"футбол": 1.0}, lambda: None) == "t-kk-b"
    assert topics.add("kk-c", {"тау": 1.0}, lambda: "t-gone") == "t-kk-c"
    # A page the terms place never asks the fallback.
    assert topics.add("en-b", {"water": 1.0, "canal": 1.0}, lambda: 1 / 0) == water  # type: ignore[arg-type,return-value]
