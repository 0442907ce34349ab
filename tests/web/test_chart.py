"""The articles-over-time chart: one row per outlet, a linked dot per dated article, escaped labels."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.web.chart import BUCKET_PX, CHART_OUTLETS, PLOT_WIDTH, Point, _ticks, outlet_chart


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


def test_a_crowded_chart_stays_bounded() -> None:
    """10,000 articles from 100 outlets over a year: dots per outlet and few pixels, not per article."""
    start = dt.date(2021, 1, 1)
    points = [
        Point(
            outlet=f"Outlet {i % 100:02d}",
            day=start + dt.timedelta(days=(i * 7) % 365),
            title=f"Item {i}",
            href=f"/article/{i}",
        )
        for i in range(10_000)
    ]
    outlets = [f"Outlet {k:02d}" for k in range(100)]
    svg = str(outlet_chart(points, outlets))
    assert svg.count('class="chart-label"') == CHART_OUTLETS
    assert "71 other outlets" in svg
    assert svg.count("<circle") <= CHART_OUTLETS * (PLOT_WIDTH // BUCKET_PX + 1)
    assert len(svg) < 1_000_000
    assert " articles, first Item " in svg


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
