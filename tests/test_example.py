"""The bundled example, page by page: title, date, and exactly the body paragraphs.

Expectations were read off the five pages by hand. A paragraph list is exact:
every body paragraph kept, in order, and nothing else (no chrome line survives).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.clean import clean_document
from storyline.ingest import read_file
from storyline.model import Article, RawDocument

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kazakhstan-reforms"

CASES = {
    "000": {
        "title": "The State Department praised Tokayev and promised help in “democratization”",
        "published": None,
        "body": [
            "The United States supports the reforms carried out by the President",
            "“The United States fully supports the reforms",
            "Washington added that the United States is always ready",
            "In addition, the message of the representative",
            "June 5, a referendum was held in Kazakhstan",
            "The amendments, in particular, finally abolished",
            "Last week, Tokayev took part",
        ],
        # The subtitle under the headline is a lead: it may open the body.
        "optional_first": "The United States positively assessed the results",
        "chrome": ["Leave a Reply", "Your email address will not be published"],
    },
    "001": {
        "title": "U.S. welcomes Kazakhstan’s constitutional referendum as next step in political modernization",
        "published": "2022-06-20",
        "body": [
            "NUR-SULTAN. KAZINFORM «The United States strongly supports",
            "«We stand ready to assist Kazakhstan",
            "The senior American official added",
            "Following Kazakhstan-US previous agreements",
        ],
        "chrome": [
            "Currency rates", "usd/kzt", "Astana+26", "+7 701", "Main Page", "Author:",
            "Temirgaliyeva Arailym", "Related news", "Popular", "Новости по теме",
            "Kazakhstan and USA Kazakhstan Referendum", "Brazil has 49 cases", "Go to the main site",
        ],
    },
    "002": {
        "title": (
            "US Ready to Partner With Kazakh Government on Implementation of Political Reforms, "
            "Senior Diplomat Says on Visit to Kazakhstan"
        ),
        "published": None,
        "body": [
            "The United States supports President Tokayev’s political reforms agenda",
            "During her visit to Kazakhstan",
            "Zeya said that the U.S. government welcomed",
            "“We look forward to tangible progress",
            "She added that the U.S. encourages",
            "“The United States stands ready to partner",
            "Answering questions from the media",
            "“The United States government has also taken",
            "Regarding the Kazakh government’s response",
            "Zeya added that the United States also looks forward",
        ],
        "chrome": ["Photo credit: gov.kz"],
    },
    "003": {
        "title": "Presidential Election in Kazakhstan",
        "published": "2022-11-22",
        "body": [
            "Following the November 20 presidential elections",
            "The United States concurs with the preliminary findings",
            "The United States supports the wide-ranging reforms",
        ],
        "chrome": [
            "Submit Release", "News Search", "press releases posted", "You just read", "Distribution channels",
            "priority is source transparency", "We use cookies", "MEET OUR APP", "Get the EIN Presswire App",
            "Power your mobile",
        ],
    },
    "004": {
        "title": "Everything is decided by Nazarbayev",
        "published": None,
        "body": [
            "While Kazakhstan's foreign partners",
            "On February 25, the President of Kazakhstan",
            "“They understand that political modernization",
            "- We have clear guidelines.",
            "Tokayev highly appreciated the work",
            "- The package of reforms initiated",
            "The public reaction to these statements",
            "The leader of the initiative group",
            "- Tokayev has been president for about two years.",
        ],
        "chrome": ["We use cookies", "We Use Cookies to Ensure"],
    },
    # A Russian report of the June message, written for the project (not an outlet's page).
    "005": {
        "title": "В Госдепе США назвали референдум в Казахстане следующим шагом реформ",
        "published": "2022-06-21",
        "body": [
            "НУР-СУЛТАН, 21 июня. Соединённые Штаты поддерживают",
            "«Соединённые Штаты решительно поддерживают",
            "«Мы готовы помогать Казахстану",
            "Напомним, на референдуме 5 июня",
        ],
        "chrome": [
            "Перейти на главную", "Курсы валют", "usd/kzt", "Погода:", "Нур-Султан +27", "Главная", "Политика",
            "Поделиться", "Комментарии (0)", "Читайте также", "книжная ярмарка", "Синоптики обещают", "Популярное",
        ],
    },
}  # fmt: skip


def _load(prefix: str) -> Article:
    (path,) = EXAMPLE.glob(f"{prefix}_*.txt")
    (doc,) = list(read_file(str(path)))
    assert isinstance(doc, RawDocument)
    return clean_document(doc)


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    return {key: _load(key) for key in CASES}


@pytest.mark.parametrize("key", sorted(CASES))
def test_title_and_date(articles: dict[str, Article], key: str) -> None:
    case, article = CASES[key], articles[key]
    assert article.title == case["title"]
    assert article.published == case["published"]
    if case["published"]:
        assert article.published_precision == "day"
        assert article.published_how == "page"
    else:
        assert article.published_how == "none"


@pytest.mark.parametrize("key", sorted(CASES))
def test_exactly_the_body_paragraphs(articles: dict[str, Article], key: str) -> None:
    case, article = CASES[key], articles[key]
    paragraphs = article.text.split("\n\n")
    optional = case.get("optional_first")
    if optional and paragraphs[0].startswith(optional):
        paragraphs = paragraphs[1:]
    assert len(paragraphs) == len(case["body"]), paragraphs
    for paragraph, start in zip(paragraphs, case["body"], strict=True):
        assert paragraph.startswith(start)
    for chrome in case["chrome"]:
        assert chrome not in article.text
        assert any(chrome in line.text for line in article.removed), chrome


def test_every_removed_line_points_into_the_text(articles: dict[str, Article]) -> None:
    for article in articles.values():
        for line in article.removed:
            assert 0 <= line.at <= len(article.text)
            assert line.at in (0, len(article.text)) or article.text[line.at - 2 : line.at] == "\n\n"


def test_undated_page_gets_a_window_from_the_events_it_reports(articles: dict[str, Article]) -> None:
    # The page reports the 2019 presidential election and a presidency of about two
    # years since: 2021 (it also cannot be older than the 2019 election it reports).
    assert articles["004"].published_window == ("2021-01-01", "2021-12-31")
    assert articles["004"].window_how == "tenure"
