"""The language pipeline: long texts parsed in pieces that join back exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline import nlp

PARAGRAPH = (
    "The harbour authority of Koper said on Tuesday that two cranes were back in service. "
    "Workers had repaired them overnight, a spokeswoman, Ana Novak, told reporters.\n\n"
)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n.é"), max_size=3000), st.integers(min_value=20, max_value=400))
def test_pieces_join_back_exactly_and_stay_bounded(text: str, size: int) -> None:
    parts = nlp.pieces(text, size)
    assert "".join(parts) == text
    assert all(len(p) <= size for p in parts)
    assert all(parts[:-1])


def test_pieces_end_at_line_breaks_when_there_are_some() -> None:
    parts = nlp.pieces(PARAGRAPH * 20, 600)
    assert len(parts) > 1
    assert all(p.endswith("\n\n") for p in parts[:-1])


def test_a_text_longer_than_spacy_accepts_is_parsed_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    text = PARAGRAPH * 40  # about 6,800 characters
    model = nlp.get_nlp()
    monkeypatch.setattr(model, "max_length", 2_000)
    with pytest.raises(ValueError, match="E088"):
        model(text)
    monkeypatch.setattr(nlp, "PIECE_CHARS", 1_000)
    doc = nlp.parse(text)
    assert doc.text == text
    # Offsets index into the whole text: every sentence and name is where the text has it.
    starts = [s.start_char for s in doc.sents if s.text.strip()]
    assert len(starts) >= 80
    ents = list(doc.ents)
    assert len(ents) >= 40 and max(e.start_char for e in ents) > 5_000
    assert all(text[e.start_char : e.end_char] == e.text for e in ents)


def test_parse_many_keeps_the_order_of_long_and_short_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp, "PIECE_CHARS", 500)
    texts = ["Short one.", PARAGRAPH * 5, "Another short one.", PARAGRAPH * 3]
    assert [d.text for d in nlp.parse_many(texts, batch_size=2)] == texts
