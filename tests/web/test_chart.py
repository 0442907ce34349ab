"""The articles-over-time chart: one row per outlet, a linked dot per dated article, escaped labels."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.web.chart import Point, _ticks, outlet_chart


def test_rows_dots_and_escaping() -> None:
    points = [
        Point(outlet="Gazette", day=dt.date(2023, 3, 14), title="Pier <closes>", href="/article/a1"),
        Point(outlet="Gazette", day=dt.date(2023, 5, 2), title="Appeal", href="/article/a2"),
        Point(outlet="Wire & Co", day=dt.date(2023, 4, 1), title="Ferry", href="/article/a3"),
    ]
    svg = str(outlet_chart(points, ["Gazette", "Wire & Co"]))
    assert svg.count("<circle") == 3
    assert svg.count('class="chart-label"') == 2
    assert "Wire &amp; Co" in svg and "Pier &lt;closes&gt;" in svg and "<closes>" not in svg
    assert 'href="/article/a2"' in svg


def test_no_dated_articles_says_so() -> None:
    assert "nothing to plot" in str(outlet_chart([], ["Gazette"]))


@pytest.mark.parametrize(
    ("first", "last", "expected_first", "count"),
    [
        (dt.date(2022, 6, 1), dt.date(2022, 11, 22), dt.date(2022, 6, 1), 6),
        (dt.date(2001, 1, 1), dt.date(2023, 5, 1), dt.date(2001, 1, 1), 8),
    ],
)
def test_ticks(first: dt.date, last: dt.date, expected_first: dt.date, count: int) -> None:
    ticks = _ticks(first, last)
    assert ticks[0] == expected_first
    assert len(ticks) == count
    assert ticks == sorted(ticks) and ticks[-1] <= last
