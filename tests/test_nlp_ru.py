"""The Russian pipeline: natasha's parse on spaCy Docs whose text is the input text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline import nlp
from storyline.nlp_ru import parse_many_ru, parse_ru

# Invented sentences (no outlet, person or place of the seed corpus).
TEXT = (
    "  Губернатор Тверской области Игорь Лавров открыл в Твери новый мост.\n\n"
    "Мост  построила компания «Северный путь».\u00a0Лавров поблагодарил строителей.\n"
)


def test_the_doc_is_the_text_with_tokens_sentences_and_tags() -> None:
    doc = parse_ru(TEXT)
    assert doc.text == TEXT
    for tok in doc:
        assert TEXT[tok.idx : tok.idx + len(tok)] == tok.text
    sents = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert sents[0].startswith("Губернатор") and len(sents) == 3
    word = next(t for t in doc if t.text == "открыл")
    assert word.pos_ == "VERB" and word.lemma_ == "открыть" and word.dep_ == "ROOT"
    assert next(t for t in doc if t.text == "области").morph.get("Case") == ["Gen"]
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Игорь Лавров", "PERSON") in ents and ("Твери", "GPE") in ents


def test_white_space_runs_are_their_own_tokens() -> None:
    doc = parse_ru(TEXT)
    assert doc[0].text == "  " and doc[0].pos_ == "SPACE"
    assert any(t.text == "\n\n" for t in doc)


@pytest.mark.parametrize("text", ["", "   ", "\n", "Да.", "1 2 3", "«»"])
def test_degenerate_texts_parse(text: str) -> None:
    assert parse_ru(text).text == text


def test_a_long_text_is_parsed_in_pieces_that_join_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp, "PIECE_CHARS", 200)
    text = TEXT * 6
    doc = next(parse_many_ru([text]))
    assert doc.text == text
    assert sum(1 for e in doc.ents if e.text == "Игорь Лавров") == 6


def test_many_texts_come_back_in_order() -> None:
    texts = [f"Сегодня {k} раз выступил Пётр Орлов." for k in range(20)]
    docs = list(parse_many_ru(texts, batch_size=7))
    assert [d.text for d in docs] == texts


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from("абв АБ.,«»—\n\u00a0-1"), max_size=300))
def test_any_text_comes_back_exactly(text: str) -> None:
    doc = parse_ru(text)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)
