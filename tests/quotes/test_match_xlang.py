"""Quotes matched across scripts: a Russian statement and its English rendering share
no word, so the speaker, the names and numbers and the multilingual embedding decide.
Made-up statements (invented people, places and figures)."""

from __future__ import annotations

from storyline.model import Quote
from storyline.quotes.embed import Embedder
from storyline.quotes.match import match_quotes
from storyline.script import latin, script_of


def q(text: str, article: str, kind: str = "direct") -> Quote:
    return Quote(article_id=article, kind=kind, text=text, start=0, end=len(text))


RU_PORT = "Новый причал примет первые суда уже в августе, и грузооборот порта вырастет на 30 процентов"
EN_PORT = (
    "The new pier will take its first ships as early as August, and cargo traffic will grow by 30 percent"
)
RU_OTHER = "Мы не будем повышать портовые сборы до конца следующего года, чтобы сохранить клиентов"
EN_OTHER = "We will not raise port fees until the end of next year, so as to keep our customers"


def test_latin_folds_kazakh_letters_first() -> None:
    assert latin("Тлеубаев") == "Tleubayev"
    assert latin("Әсем Нұрланқызы") == "Asem Nurlankyzy"
    assert latin("Tokmok") == "Tokmok"
    assert script_of("«Новый причал», said Olzhas") == "cyrillic"


def test_a_russian_quote_and_its_english_rendering_match_with_the_speaker(embedder: Embedder) -> None:
    found = match_quotes(
        [("ru", q(RU_PORT, "a"), "e-dauletov"), ("en", q(EN_PORT, "b"), "e-dauletov")], embedder=embedder
    )
    assert [m.quote_id for m in found["ru"]] == ["en"]
    match = found["ru"][0]
    assert match.similarity >= 0.62
    assert match.changes == []  # a word diff across languages is no drift


def test_the_same_speaker_saying_something_else_is_not_matched(embedder: Embedder) -> None:
    found = match_quotes(
        [("ru", q(RU_OTHER, "a"), "e-dauletov"), ("en", q(EN_PORT, "b"), "e-dauletov")], embedder=embedder
    )
    assert found["ru"] == []


def test_each_statement_finds_its_own_rendering(embedder: Embedder) -> None:
    items = [
        ("ru1", q(RU_PORT, "a"), "e-dauletov"),
        ("ru2", q(RU_OTHER, "a2"), "e-dauletov"),
        ("en1", q(EN_PORT, "b"), "e-dauletov"),
        ("en2", q(EN_OTHER, "b2"), "e-dauletov"),
    ]
    found = match_quotes(items, embedder=embedder)
    assert [m.quote_id for m in found["ru1"]] == ["en1"]
    assert [m.quote_id for m in found["ru2"]] == ["en2"]


def test_different_speakers_never_match_across_scripts(embedder: Embedder) -> None:
    found = match_quotes(
        [("ru", q(RU_PORT, "a"), "e-dauletov"), ("en", q(EN_PORT, "b"), "e-ismailova")], embedder=embedder
    )
    assert found["ru"] == []


def test_without_an_embedder_nothing_is_matched_across_scripts() -> None:
    found = match_quotes([("ru", q(RU_PORT, "a"), "e-x"), ("en", q(EN_PORT, "b"), "e-x")], embedder=None)
    assert found["ru"] == []
