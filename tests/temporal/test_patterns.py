"""Word lists and number parsing."""

from __future__ import annotations

import re

import pytest

from storyline.temporal.patterns import MONTH, month_number, number_value


@pytest.mark.parametrize(
    ("word", "value"),
    [("two", 2), ("twenty-five", 25), ("two and a half", 2.5), ("a", 1), ("30", 30), ("several", None),
     ("a few", None), ("a couple of", 2), ("single", 1)],
)  # fmt: skip
def test_number_value(word: str, value: float | None) -> None:
    assert number_value(word) == value


def test_months_are_case_sensitive() -> None:
    pattern = re.compile(MONTH, re.IGNORECASE)
    assert pattern.match("March")
    assert not pattern.match("march")
    assert month_number("Sept.") == 9
