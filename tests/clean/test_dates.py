from __future__ import annotations

from datetime import date

import pytest

from storyline.clean.dates import (
    date_from_line,
    event_dates,
    find_dates,
    page_date,
    parse_date_value,
    publication_window,
    reference_date,
    tenure_window,
    url_date,
)

REF = date(2024, 3, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-07-14", [("2021-07-14", "day")]),
        ("2021-07-14T09:30:00+00:00", [("2021-07-14", "day")]),
        ("2021/7/4", [("2021-07-04", "day")]),
        ("04.07.2021", [("2021-07-04", "day")]),
        ("31/12/2020", [("2020-12-31", "day")]),
        ("12/31/2020", [("2020-12-31", "day")]),
        ("05/07/2020", []),  # D/M or M/D: refuse to guess
        ("3 February 2023, 08:15", [("2023-02-03", "day")]),
        ("3rd of February 2023", [("2023-02-03", "day")]),
        ("February 3, 2023 11:03 PM", [("2023-02-03", "day")]),
        ("Feb. 3 2023", [("2023-02-03", "day")]),
        ("Sept 9, 2018", [("2018-09-09", "day")]),
        ("in October 2017", [("2017-10-01", "month")]),
        ("March 2021 and May 4, 2022", [("2021-03-01", "month"), ("2022-05-04", "day")]),
        ("February 30, 2023", []),
        ("on June 5 the vote", []),
        ("2,051 releases in 365 days", []),
    ],
)
def test_find_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(d.value, d.precision) for d in find_dates(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14 марта 2023, 10:00", ("2023-03-14", "day")),
        ("14. März 2023", ("2023-03-14", "day")),
        ("14 de marzo de 2023", ("2023-03-14", "day")),
        ("mars 2023", ("2023-03-01", "month")),
    ],
)
def test_find_dates_foreign_months(text: str, expected: tuple[str, str]) -> None:
    found = find_dates(text, foreign=True)
    assert [(d.value, d.precision) for d in found] == [expected]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (" date 2023-01-09 Back to front page", ("2023-01-09", False)),
        ("9 January 2023, 17:40", ("2023-01-09", False)),
        ("January 9, 2023 11:03 PM", ("2023-01-09", False)),
        ("Published: 2023-01-09", ("2023-01-09", False)),
        ("Posted on 09.01.2023", ("2023-01-09", False)),
        ("09.01.2023", ("2023-01-09", False)),
        ("Updated: January 12, 2023", ("2023-01-12", True)),
        ("Updated 12.01.2023 | Published 09.01.2023", ("2023-01-09", False)),
        ("Published 09.01.2023, last updated 12.01.2023", ("2023-01-09", False)),
        ("Опубликовано: 9 января 2023", ("2023-01-09", False)),
        ("The committee met on January 9, 2023 to discuss the new budget plans", None),
        ("Published: 2031-01-09", None),  # after the reference date
        ("Published: 1987-01-09", None),  # before the web news era
        ("© 2023 Some Media Group", None),
    ],
)
def test_date_from_line(line: str, expected: tuple[str, bool] | None) -> None:
    hit = date_from_line(line, REF)
    assert (None if hit is None else (hit[0].value, hit[1])) == expected


def test_page_date_prefers_published_over_updated() -> None:
    lines = ["Updated: 12.01.2023", "Some menu", "Published: 09.01.2023"]
    found = page_date(lines, REF)
    assert found is not None and found.value == "2023-01-09"


def test_page_date_labelled_only_skips_bare_stamps() -> None:
    assert page_date(["11.02.2023", "Other story headline"], REF, labelled_only=True) is None
    found = page_date(["11.02.2023", "Posted: 10.02.2023"], REF, labelled_only=True)
    assert found is not None and found.value == "2023-02-10"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-01-09T10:00:00Z", ("2023-01-09", "day")),
        ("Jan 2023", ("2023-01-01", "month")),
        ("2021", ("2021-01-01", "year")),
        ("2029-01-01", None),
        ("soon", None),
    ],
)
def test_parse_date_value(value: str, expected: tuple[str, str] | None) -> None:
    assert parse_date_value(value, REF) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/world/2019/11/18/some-story/", ("2019-11-18", "day")),
        ("https://example.org/world/2019/1/8/some-story", ("2019-01-08", "day")),
        ("https://example.org/news/2019-11-18-some-story", ("2019-11-18", "day")),
        ("https://example.org/news/20191118/some-story.html", ("2019-11-18", "day")),
        ("https://example.org/archive/2019/11/some-story", ("2019-11-01", "month")),
        ("https://example.org/news/some-story-123456", None),
        ("https://example.org/news/20191345/some-story", None),  # month 13
        ("https://example.org/2030/01/02/future", None),
        (None, None),
    ],
)
def test_url_date(url: str | None, expected: tuple[str, str] | None) -> None:
    assert url_date(url, REF) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The law was passed in 2017 and amended on April 3, 2020.", ["2020-04-03", "2017-01-01"]),
        ("Prices have risen since 2015.", ["2015-01-01"]),
        ("The vote took place in March 2021.", ["2021-03-01"]),
        ("Upcoming parliamentary elections in 2023 will be closely watched.", []),
        ("The bridge will open on July 1, 2023.", []),
        ("Targets set for 2030 remain.", []),
        ("The plant employs 2019 workers.", []),  # a bare number, not after a preposition
        ("In 2035 the deal expires.", []),  # after the reference date
    ],
)
def test_event_dates(text: str, expected: list[str]) -> None:
    assert sorted(event_dates(text, REF), reverse=True) == expected


@pytest.mark.parametrize(
    ("body", "crawled", "expected"),
    [
        ("Reforms announced in 2019 and a vote on May 2, 2022.", "2023-06-01", ("2022-05-02", "2023-06-01")),
        ("Reforms announced in 2019.", None, ("2019-01-01", None)),
        ("A vote took place on June 5.", "2023-06-01", (None, "2023-06-01")),
        ("A vote took place on June 5.", None, None),
    ],
)
def test_publication_window(
    body: str, crawled: str | None, expected: tuple[str | None, str | None] | None
) -> None:
    reference = reference_date(crawled, today=REF)
    assert publication_window(body, crawled, reference) == expected


def test_reference_date_is_crawl_date_when_known() -> None:
    assert reference_date("2022-12-01", today=REF) == date(2022, 12, 1)
    assert reference_date(None, today=REF) == REF
    assert reference_date("not a date", today=REF) == REF


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ms Okafor has been mayor for three years now. She won the mayoral election in 2015.",
            ("2018-01-01", "2018-12-31"),
        ),
        ("Smith, governor since 2011, has been governor for 4 years.", ("2015-01-01", "2015-12-31")),
        (
            "Lindqvist has been the party's chairman for about five years; he was elected chairman in 2016.",
            ("2021-01-01", "2021-12-31"),
        ),
        # two dated starts: which one the tenure counts from is unknown
        (
            "He has been president for two years. He was elected president in 2010 and again in 2014 "
            "when he became president in 2014.",
            None,
        ),
        ("She has been president for two years.", None),  # no start dated
        ("The bridge has been closed for two years since the floods in 2019.", None),  # no office
        ("He has been mayor for 9 years after becoming mayor since 2020.", None),  # after REF: no
    ],
)
def test_tenure_window(text: str, expected: tuple[str, str] | None) -> None:
    assert tenure_window(text, REF) == expected
