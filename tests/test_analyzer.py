"""The per-article map: one class, batches in, results out, no store."""

from __future__ import annotations

import pytest

from storyline.analyzer import ArticleAnalyzer
from storyline.model import Article

PAGES = [
    Article(
        id="a1",
        source="a1.txt",
        title="Dockworkers end strike after pay deal",
        published="2023-03-03",
        published_precision="day",
        text=(
            "Dockworkers at the port of Rotterdam ended a five-day strike on Friday after their union "
            "accepted a pay offer of 7 percent.\n\n"
            '"The ships are moving again," port spokesman Willem Jansen told reporters on Friday.'
        ),
    ),
    Article(
        id="b2",
        source="b2.txt",
        title="Lisbon opens new metro line",
        text=(
            "Lisbon opened a new metro line on 12 May 2019, the city council said. "
            'Mayor Fernando Medina said: "This line changes how the east of the city lives."'
        ),
    ),
]


@pytest.fixture(scope="module")
def analyzer() -> ArticleAnalyzer:
    return ArticleAnalyzer()


def test_every_result_points_into_its_article(analyzer: ArticleAnalyzer) -> None:
    results = analyzer(PAGES)
    assert [r.article_id for r in results] == ["a1", "b2"]
    for page, result in zip(PAGES, results, strict=True):
        a = result.analysis
        assert result.failure is None
        assert a.sentences and a.entities.mentions and a.quotes
        for m in a.entities.mentions:
            assert page.text[m.start : m.end] == m.text
        for t in a.times:
            assert page.text[t.start : t.end] == t.text
        for q in a.quotes:
            assert q.text in page.text
        assert result.features.article_id == page.id
    assert results[0].features.published == "2023-03-03"
    assert results[1].features.event_date == "2019-05-12"


def test_a_batch_gives_what_each_page_gives_alone(analyzer: ArticleAnalyzer) -> None:
    together = analyzer(PAGES)
    alone = [analyzer([page])[0] for page in PAGES]
    assert together == alone


def test_a_page_that_breaks_a_stage_is_reported_and_the_batch_goes_on(
    analyzer: ArticleAnalyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyline.analyzer as module

    real = module.analyze_article

    def broken_on_b2(article, doc, watch=None):  # type: ignore[no-untyped-def]
        if article.id == "b2":
            raise ValueError("broken stage")
        return real(article, doc, watch)

    monkeypatch.setattr(module, "analyze_article", broken_on_b2)
    first, second = analyzer(PAGES)
    assert first.failure is None and first.analysis.quotes
    assert second.failure and "language analysis failed (ValueError: broken stage)" in second.failure
    assert not second.analysis.entities.mentions and not second.analysis.quotes


# Invented pages in three languages (none from the seed corpus).
RUSSIAN = Article(
    id="ru1",
    source="ru1.txt",
    language="ru",
    text=(
        "Мэр Казани Ильдар Гарипов открыл новую библиотеку. "
        "Гарипова поблагодарили жители, сообщила пресс-служба мэрии."
    ),
)
KAZAKH = Article(
    id="kk1",
    source="kk1.txt",
    language="kk",
    text="Бүгін қалада жаңа саябақ ашылды. Қала әкімдігі жұмысшыларға алғыс айтты.",
)


def test_each_page_is_parsed_by_its_language_and_others_are_skipped(analyzer: ArticleAnalyzer) -> None:
    english, russian, kazakh = analyzer([PAGES[0], RUSSIAN, KAZAKH])
    assert english.failure is None and english.skipped is None
    assert english.analysis.entities.mentions and english.analysis.quotes

    assert russian.failure is None
    people = {m.text: m.norm for m in russian.analysis.entities.mentions if m.label == "PERSON"}
    assert people == {"Ильдар Гарипов": None, "Гарипова": "Гарипов"}
    assert [r.title for r in russian.analysis.entities.roles] == ["Мэр Казани"]
    assert russian.analysis.sentences
    # Russian pages get every analysis: times and quotes by the Russian rules too.
    assert russian.skipped is None

    # A skip, not a failure: stored with story features, no language analysis.
    assert kazakh.failure is None
    assert kazakh.skipped is not None and "'kk'" in kazakh.skipped and "entities" in kazakh.skipped
    assert not kazakh.analysis.entities.mentions and not kazakh.analysis.sentences
    assert kazakh.features.article_id == "kk1"


@pytest.mark.parametrize(
    ("language", "parser"), [(None, "en"), ("en", "en"), ("ru", "ru"), ("kk", None), ("de", None)]
)
def test_route(language: str | None, parser: str | None) -> None:
    from storyline.analyzer import route

    assert route(language) == parser
