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


def _cross_pairs(sims: dict[str, float]) -> tuple[list[object], list[tuple[object, float]]]:
    """A Russian quote scored against English quotes of other articles, as ``score_pairs`` gives them."""
    from storyline.quotes.match import _Pair, prepare

    items = [("ru", q(RU_PORT, "a"), "e-s")] + [(qid, q(EN_PORT, f"art-{qid}"), "e-s") for qid in sims]
    qs = [prepare(item) for item in items]
    scored = [
        (_Pair(a=0, b=i, lexical=0.0, a_words=qs[0].words, b_words=qs[i].words, cross=True), sim)
        for i, sim in enumerate(sims.values(), start=1)
    ]
    return qs, scored


def test_a_weaker_cross_script_partner_that_disagrees_with_the_best_one_is_dropped() -> None:
    from storyline.quotes.match import decide

    qs, scored = _cross_pairs({"en-june": 0.95, "en-april": 0.74, "en-other": 0.70})
    kept = decide(scored, qs, 0.62, lambda _q: iter(()), lambda a, b: False)  # type: ignore[arg-type]
    assert [qs[p.b].id for p, _ in kept] == ["en-june"]
    # Renderings that match each other (one statement, reported twice) are all kept.
    kept = decide(scored, qs, 0.62, lambda _q: iter(()), lambda a, b: True)  # type: ignore[arg-type]
    assert sorted(qs[p.b].id for p, _ in kept) == ["en-april", "en-june", "en-other"]
    # Under the threshold nothing is kept, agreement or not.
    assert list(decide(scored, qs, 0.99, lambda _q: iter(()), lambda a, b: True)) == []  # type: ignore[arg-type]
