"""Articles over time per outlet, as inline SVG (no script, no external asset, prints as drawn).

The drawing is bounded whatever the corpus size: articles of one outlet that fall
within ``BUCKET_PX`` pixels of each other are one dot with their count, and past
``CHART_OUTLETS`` rows the smaller outlets share the last one.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from markupsafe import Markup, escape

LABEL_WIDTH = 190
PLOT_WIDTH = 620
ROW_HEIGHT = 26
AXIS_HEIGHT = 30
BUCKET_PX = 4
CHART_OUTLETS = 30


@dataclass(slots=True, kw_only=True, frozen=True)
class Point:
    outlet: str
    day: dt.date
    title: str
    href: str


def _ticks(first: dt.date, last: dt.date) -> list[dt.date]:
    """Month starts when the span is under two years, else year starts; at most about 12."""
    months = (last.year - first.year) * 12 + last.month - first.month
    if months <= 24:
        step = max(1, months // 10 + 1)
        out, y, m = [], first.year, first.month
        while (y, m) <= (last.year, last.month):
            out.append(dt.date(y, m, 1))
            m += step
            y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
        return out
    years = last.year - first.year
    step = max(1, years // 10 + 1)
    return [dt.date(y, 1, 1) for y in range(first.year, last.year + 1, step) if dt.date(y, 1, 1) >= first]


def outlet_chart(points: list[Point], outlets: list[str]) -> Markup:
    """One row per outlet (most articles first), a dot per dated article linking to it
    (one dot, sized by the count, for articles within a few pixels), a date axis below."""
    if not points:
        return Markup(
            '<p class="muted">No article states its publication date, so there is nothing to plot.</p>'
        )
    first = min(p.day for p in points).replace(day=1)
    last = max(p.day for p in points)
    span = max(1, (last - first).days)

    def x(day: dt.date) -> float:
        return LABEL_WIDTH + 10 + (day - first).days / span * (PLOT_WIDTH - 20)

    shown = outlets
    if len(outlets) > CHART_OUTLETS:
        rest = len(outlets) - CHART_OUTLETS + 1
        shown = [*outlets[: CHART_OUTLETS - 1], f"{rest} other outlets"]
    rows = {name: i for i, name in enumerate(shown)}
    other = len(shown) - 1
    cells: dict[tuple[int, int], list[Point]] = {}
    for p in sorted(points, key=lambda p: p.day):
        row = rows.get(p.outlet, other)
        cells.setdefault((row, int((x(p.day) - LABEL_WIDTH) // BUCKET_PX)), []).append(p)
    height = len(shown) * ROW_HEIGHT + AXIS_HEIGHT
    width = LABEL_WIDTH + PLOT_WIDTH
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg"><title>Articles over time per outlet</title>'
    ]
    for name, i in rows.items():
        y = i * ROW_HEIGHT + ROW_HEIGHT / 2
        label = name if len(name) <= 28 else name[:27] + "…"
        parts.append(
            f'<text class="chart-label" x="{LABEL_WIDTH - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(label)}</text>'
            f'<line class="chart-row" x1="{LABEL_WIDTH}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
    for (row, _), group in cells.items():  # by first day, as the points came
        p = group[0]
        y = row * ROW_HEIGHT + ROW_HEIGHT / 2
        if len(group) == 1:
            tip = f"{p.day.isoformat()} {p.outlet}: {p.title}"
            radius = 6.0
        else:
            days = p.day.isoformat() + ("" if group[-1].day == p.day else f" to {group[-1].day.isoformat()}")
            names = dict.fromkeys(g.outlet for g in group)
            tip = f"{days} {', '.join(names)}: {len(group)} articles, first {p.title}"
            radius = min(ROW_HEIGHT / 2 - 1, 6 + math.log2(len(group)))
        parts.append(
            f'<a href="{escape(p.href)}"><circle class="chart-dot" cx="{x(p.day):.1f}" cy="{y:.1f}" r="{radius:g}">'
            f"<title>{escape(tip)}</title></circle></a>"
        )
    base = len(shown) * ROW_HEIGHT
    parts.append(f'<line class="chart-axis" x1="{LABEL_WIDTH}" x2="{width}" y1="{base}" y2="{base}"/>')
    for tick in _ticks(first, last):
        tx = x(tick)
        label = (
            tick.strftime("%Y") if tick.month == 1 and (last - first).days > 730 else tick.strftime("%b %Y")
        )
        parts.append(
            f'<line class="chart-axis" x1="{tx:.1f}" x2="{tx:.1f}" y1="{base}" y2="{base + 5}"/>'
            f'<text class="chart-tick" x="{tx:.1f}" y="{base + 18}" text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
