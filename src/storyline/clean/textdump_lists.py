"""Lists and tables inside an article body: numbered items and rows of figures.

A menu and a results table are both runs of short lines, but a table row is
mostly figures ("3 Kevin Harvick 5033 4 6 15 26") and an article's list counts
1, 2, 3 in order; such lines are neutral-to-positive evidence for the body
rather than link lists.
"""

from __future__ import annotations

import re

from storyline.clean.textdump_rules import WORD_RE

# "1) ", "2. ", "3a etapa:", "12 " at the start of a line (after any bullet the browser added).
LEADING_NUMBER_RE = re.compile(r"^(?:[*+•·o-]\s+)?(\d{1,3})(?:[a-zºª°]{1,2})?[.):]?\s+\S")
# Items of one numbered list may be separated by a few lines (a link, a price) but no more.
MAX_ITEM_GAP = 3
MIN_ITEMS = 3


def leading_number(text: str) -> int | None:
    """The item number a line starts with, if any."""
    m = LEADING_NUMBER_RE.match(text)
    return int(m.group(1)) if m else None


def is_table_row(text: str) -> bool:
    """A row of figures: several tokens with digits, a large share of the line."""
    tokens = WORD_RE.findall(text)
    if len(tokens) < 3 or len(tokens) > 24:
        return False
    numeric = sum(1 for t in tokens if any(c.isdigit() for c in t))
    if numeric < 2:
        return False
    share = numeric / len(tokens)
    return share >= 0.5 or (share >= 0.3 and leading_number(text) is not None)


def numbered_runs(texts: list[str]) -> list[bool]:
    """Which lines are items of a list numbered 1, 2, 3 ... (at least MIN_ITEMS long)."""
    marks = [False] * len(texts)
    items: list[int] = []
    expected, last = 0, -MAX_ITEM_GAP - 2

    def close() -> None:
        if len(items) >= MIN_ITEMS:
            for j in items:
                marks[j] = True
        items.clear()

    for i, text in enumerate(texts):
        n = leading_number(text)
        if n is None:
            continue
        if items and n == expected and i - last <= MAX_ITEM_GAP + 1:
            items.append(i)
        else:
            close()
            if n in (0, 1):
                items.append(i)
        expected, last = n + 1, i
    close()
    return marks
