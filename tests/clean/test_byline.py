from __future__ import annotations

import pytest

from storyline.clean.byline import clean_name, find_author


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Helena Marsh", "Helena Marsh"),
        ("BY HELENA MARSH", "HELENA MARSH"),
        ("By Helena Marsh, Senior Correspondent", "Helena Marsh"),
        ("By Helena Marsh and Tom O'Brien", "Helena Marsh and Tom O'Brien"),
        ("By Helena Marsh | 4 May 2021", "Helena Marsh"),
        ("Author: Greta van der Berg", "Greta van der Berg"),
        ("Authors: P.K. Lindqvist", "P.K. Lindqvist"),
        ("Written by Jean-Luc Moreau", "Jean-Luc Moreau"),
        ("Автор: Ольга Смирнова", "Ольга Смирнова"),
        ("By continuing to use this site you accept cookies.", None),
        ("By Clicking Accept You Agree To Our Terms", None),
        ("By Staff", None),
        ("By May 4, 2021", None),
        ("Posted by admin", None),
        ("By the end of the year the bank will lift rates again, analysts said.", None),
    ],
)
def test_byline_lines(line: str, expected: str | None) -> None:
    assert find_author([line], [], "") == expected


def test_label_on_its_own_line_then_name() -> None:
    removed = ["Share", "Author:", "Dana Kowalczyk", "Related news"]
    assert find_author([], removed, "") == "Dana Kowalczyk"


def test_label_followed_by_non_name_is_ignored() -> None:
    assert find_author([], ["Author:", "Related news from the region today"], "") is None


def test_reporting_by_in_last_paragraph_takes_the_reporter() -> None:
    body = "First paragraph.\n\n(Reporting by Ines Baptista in Lisbon; Editing by Carl Weber)"
    assert find_author([], [], body) == "Ines Baptista"


def test_header_byline_wins_over_footer() -> None:
    assert find_author(["By Ana Ruiz"], ["Author:", "Bo Lind"], "") == "Ana Ruiz"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mira Patel in Mumbai", "Mira Patel"),
        ("Mira Patel (Mumbai)", "Mira Patel"),
        ("Mira Patel; Editing by Joe Bloggs", "Mira Patel"),
        ("November 18, 2019", None),
        ("Mira", None),
        ("a long sentence that is clearly not anybody's name at all", None),
    ],
)
def test_clean_name(raw: str, expected: str | None) -> None:
    assert clean_name(raw) == expected
