from __future__ import annotations

import pytest

from storyline.clean.language import detect_language, normalise_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The finance ministry said on Tuesday that inflation slowed for a third month in a row, "
            "easing pressure on the central bank to raise interest rates again.",
            "en",
        ),
        (
            "Das Finanzministerium teilte am Dienstag mit, dass sich die Inflation den dritten Monat "
            "in Folge verlangsamt habe, was den Druck auf die Zentralbank verringere.",
            "de",
        ),
        (
            "Министерство финансов во вторник сообщило, что инфляция замедлилась третий месяц подряд, "
            "что снижает давление на центральный банк.",
            "ru",
        ),
        (
            "Le ministère des Finances a annoncé mardi que l'inflation avait ralenti pour le troisième "
            "mois consécutif, ce qui réduit la pression sur la banque centrale.",
            "fr",
        ),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "Hello there", "12 345 678 -- !!", "Short line of text."])
def test_short_text_has_no_language(text: str) -> None:
    assert detect_language(text) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("en", "en"), ("EN", "en"), ("en-US", "en"), ("pt_BR", "pt"), ("", None), ("english!", None)],
)
def test_normalise_language(value: str, expected: str | None) -> None:
    assert normalise_language(value) == expected
