"""Quote-mark and dash spans (character level, no parse needed)."""

from __future__ import annotations

import pytest

from storyline.quotes.direct import dash_spans, paragraphs, quote_mark_spans


def spans(text: str) -> list[str]:
    return [text[q.start : q.end] for q in quote_mark_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We are ready,” she said.", ["We are ready"]),
        ('"We are ready," she said.', ["We are ready"]),
        ("«We are ready», he said.", ["We are ready"]),
        ("„Wir sind bereit“, sagte er.", ["Wir sind bereit"]),
        ("‘We are ready,’ she said.", ["We are ready"]),
        ("`` We are ready,'' she said.", ["We are ready"]),
        # apostrophes are not closing marks
        ("‘We don’t support Kazakhstan’s plan,’ she said.", ["We don’t support Kazakhstan’s plan"]),
        ("‘ We don ’ t know, ’ he said.", ["We don ’ t know"]),
        # nested quotes belong to the outer one
        ("“He told me, ‘Don’t move.’ Then he ran,” she said.", ["He told me, ‘Don’t move.’ Then he ran"]),
        # split by the attribution: two spans
        ("“A is true,” she said. “B is too.”", ["A is true", "B is too."]),
        # PTB-spaced closers never open a quotation
        ('"It was great. "\n\n"It was fun. "', ["It was great.", "It was fun."]),
        # a backtick pair written as the closer
        ("`` Her family supports her, `` a friend said.", ["Her family supports her"]),
        # mixed marks from machine translation
        ('about " ongoing reforms. ” Then', ["ongoing reforms."]),
    ],
)
def test_quote_mark_conventions(text: str, expected: list[str]) -> None:
    assert spans(text) == expected


def test_multi_paragraph_quote_standard_convention() -> None:
    text = "“First paragraph goes on\n\n“Second paragraph ends here,” she said."
    qs = quote_mark_spans(text)
    assert [text[q.start : q.end] for q in qs] == ["First paragraph goes on", "Second paragraph ends here"]
    assert qs[0].group == qs[1].group


def test_multi_paragraph_quote_sentence_per_line() -> None:
    text = "“I feel good.\n\nI can still improve. ”"
    assert spans(text) == ["I feel good.", "I can still improve."]


@pytest.mark.parametrize(
    "text",
    [
        "“This quotation never closes and the paragraph ends.\n\nThe next one is plain prose.",
        "He said “this one never closes either.",
    ],
)
def test_unclosed_quote_is_refused(text: str) -> None:
    assert spans(text) == []


def test_paragraphs_skip_blank_lines() -> None:
    text = "One.\n\n  Two.  \n"
    assert [text[s:e] for s, e in paragraphs(text)] == ["One.", "Two."]


@pytest.mark.parametrize(
    ("para", "quote", "attr"),
    [
        (
            "- We have clear guidelines. We solve problems, - Tokayev said.",
            "We have clear guidelines. We solve problems",
            "Tokayev said",
        ),
        ("– We see the results, Tokayev said.", "We see the results", "Tokayev said"),
        ("— Persecution continues, says Zhanbolat Mamay.", "Persecution continues", "says Zhanbolat Mamay"),
        ("- We will not stop working on this.", "We will not stop working on this.", None),
    ],
)
def test_dash_paragraphs(para: str, quote: str, attr: str | None) -> None:
    (q,) = dash_spans(para, [])
    assert para[q.start : q.end] == quote
    assert (
        para[q.attr_start : q.attr_end] if q.attr_start is not None and q.attr_end is not None else None
    ) == attr


def test_dash_needs_a_few_words() -> None:
    assert dash_spans("- Yes.", []) == []
