"""Indirect speech from the dependency parse."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storyline.model import Quote

Run = Callable[[str], list[Quote]]


@pytest.mark.parametrize(
    ("text", "clause", "speaker", "cue"),
    [
        (
            "Zeya said that the sanctions were designed to protect partners.",
            "the sanctions were designed to protect partners",
            "Zeya",
            "said",
        ),
        (
            "The minister added the reforms would continue next year.",
            "the reforms would continue next year",
            "The minister",
            "added",
        ),
        ("Smith told reporters that the deal was almost done.", "the deal was almost done", "Smith", "told"),
        (
            "The senator stressed that the law must be changed.",
            "the law must be changed",
            "The senator",
            "stressed",
        ),
        (
            "Two officers were injured in the clash, police said.",
            "Two officers were injured in the clash",
            "police",
            "said",
        ),
        (
            "According to the ministry, the border will reopen on Monday.",
            "the border will reopen on Monday",
            "the ministry",
            "According to",
        ),
        (
            "The border will reopen on Monday, according to the ministry.",
            "The border will reopen on Monday",
            "the ministry",
            "according to",
        ),
        (
            "The United States calls on the government to fully implement the reforms.",
            "the government to fully implement the reforms",
            "The United States",
            "calls",
        ),
        (
            "The activists urged the authorities to release the prisoners.",
            "the authorities to release the prisoners",
            "The activists",
            "urged",
        ),
        (
            "Activists are of the opinion that the reforms have not happened.",
            "the reforms have not happened",
            "Activists",
            "opinion",
        ),
        (
            "The mayor believes the city can recover quickly.",
            "the city can recover quickly",
            "The mayor",
            "believes",
        ),
    ],
)
def test_indirect_forms(quotes: Run, text: str, clause: str, speaker: str, cue: str) -> None:
    (q,) = quotes(text)
    assert (q.kind, q.text, q.speaker, q.cue) == ("indirect", clause, speaker, cue)


@pytest.mark.parametrize(
    "text",
    [
        "It was announced that the show would end in June.",  # passive: no speaker
        "I said that we would come back.",  # first person outside quotes: nobody to attribute
        "He welcomed the referendum.",  # no reported clause
    ],
)
def test_indirect_refused(quotes: Run, text: str) -> None:
    assert [q for q in quotes(text) if q.kind == "indirect"] == []


def test_reported_speech_inside_a_quote_is_not_separate(quotes: Run) -> None:
    qs = quotes("“My lawyer said that we would win,” Smith told the court.")
    assert [q.kind for q in qs] == ["direct"]


def test_nested_clause_keeps_the_outermost(quotes: Run) -> None:
    (q,) = quotes("Gray's sister said that a witness told her that Kimani was unarmed.")
    assert q.text == "a witness told her that Kimani was unarmed"


@pytest.mark.parametrize(
    ("text", "clause", "speaker"),
    [
        # "according to X" closing a sentence, before a paragraph break
        (
            "The bridge was closed for three weeks, according to a city engineer.\n\nTraffic returned slowly.",
            "The bridge was closed for three weeks",
            "a city engineer",
        ),
        # a that-clause the parser hangs on the medium of the statement
        (
            "Ortega told reporters in a statement that the company would appeal the ruling.",
            "the company would appeal the ruling",
            "Ortega",
        ),
        (
            "A report to shareholders indicated the factory would be closed next year.",
            "the factory would be closed next year",
            "A report",
        ),
    ],
)
def test_more_indirect_cues(quotes: Run, text: str, clause: str, speaker: str) -> None:
    (q,) = [q for q in quotes(text) if q.kind == "indirect"]
    assert (q.text, q.speaker) == (clause, speaker)
