"""Government bodies' names: the country they are qualified by and the body itself."""

from __future__ import annotations

import pytest

from storyline.entities.institutions import country_code, institution_key


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Chilean Ministry of Foreign Affairs", ("CL", "foreign ministri")),
        ("Foreign Ministry of Chile", ("CL", "foreign ministri")),
        ("Chile's Foreign Ministry", ("CL", "foreign ministri")),
        ("Ministry of Foreign Affairs of the Republic of Chile", ("CL", "foreign ministri")),
        ("the Department of Justice", ("", "justice department")),
        ("Justice Department", ("", "justice department")),
        ("U.S. Department of Justice", ("US", "justice department")),
        ("United States Justice Department", ("US", "justice department")),
        ("British Home Office", ("GB", "home ofice")),
        ("UK Home Office", ("GB", "home ofice")),
        ("Uzbek Interior Ministry", ("UZ", "interior ministri")),  # a "-stan" stem
        ("Department of Veterans Affairs", ("", "veterans department")),
        # Not government bodies, or not a name at all.
        ("Bank of America", None),
        ("University of Chile", None),
        ("Office of Management and Budget", None),
        ("Ministry", None),
        ("Chilean Ministry", None),
        ("Chile", None),
    ],
)
def test_institution_key(name: str, expected: tuple[str, str] | None) -> None:
    assert institution_key(name) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["U.S."], "US"),
        (["the", "United", "States"], "US"),
        (["American"], "US"),
        (["Chilean"], "CL"),
        (["Kyrgyz"], "KG"),
        (["Peru's"], "PE"),
        # Codes count only in capitals: "in", "me" and "us" are words.
        (["in"], None),
        (["us"], None),
        (["Harbour"], None),
    ],
)
def test_country_code(words: list[str], expected: str | None) -> None:
    assert country_code(words) == expected
