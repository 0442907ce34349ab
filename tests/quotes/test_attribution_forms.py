"""Attribution forms of English news prose: one made-up case per form.

Each case names the quoted words and the speaker expected (as written, or what a
pronoun or title resolves to); ``None`` means the quote must get no speaker.
Offsets into the text are checked by the ``quotes`` fixture.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storyline.model import Quote

Run = Callable[[str], list[Quote]]


def _speaker(q: Quote) -> str | None:
    return q.speaker_resolved or q.speaker


def _find(qs: list[Quote], words: str) -> Quote:
    hits = [q for q in qs if q.kind == "direct" and words in q.text]
    assert hits, f"no direct quote holding {words!r} in {[q.text for q in qs]}"
    return hits[0]


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # speaker after the quote, inverted and not
        ("“The bridge will open in May,” said Laura Menck.", "bridge will open", "Laura Menck"),
        ("“The bridge will open in May,” Laura Menck said.", "bridge will open", "Laura Menck"),
        # a long apposition between the name and the cue
        (
            "“Nobody reads the fine print,” said Paul Oduya, a lawyer at a small firm in the capital who "
            "has handled such cases for years.",
            "fine print",
            "Paul Oduya",
        ),
        (
            "“Nobody reads the fine print,” Paul Oduya, a lawyer who has handled such cases, said.",
            "fine print",
            "Paul Oduya",
        ),
        # an apposition longer than a dozen words, after "…,”"
        (
            "“The rules are clear,” Nora Easton, the chief prosecutor of a county that sued the state "
            "last year, one of the first to do so, said on Monday.",
            "rules are clear",
            "Nora Easton",
        ),
        # a verb characterising someone in the speaker's words
        (
            "In a speech, Maria Delgado described the plan as “a gift to developers.”",
            "gift to developers",
            "Maria Delgado",
        ),
        # a quoted show title between two pieces is neither speech nor the speaker
        (
            "“We will win,” Maria Delgado said on “Morning Report.” “Nobody doubts it.”",
            "Nobody doubts it",
            "Maria Delgado",
        ),
        # a quote signed with a dash and a name
        ("“Nobody asked us what we think.” ― Paul Oduya\nMore later.", "Nobody asked", "Paul Oduya"),
        ("“Nobody asked us what we think.” — Paul Oduya.", "Nobody asked", "Paul Oduya"),
        # an abbreviated title before the name does not end the sentence
        ("“We will appeal,” said Del. Laura Menck of the island district.", "We will appeal", "Laura Menck"),
        # the parse takes a noun inside the quote for a second subject of the cue
        (
            "“My view, that was wrong,” the former adviser said in an interview.",
            "My view",
            "the former adviser",
        ),
        (
            "“I will make one promise: we will find the truth,” police Chief Dana Kell said Monday.",
            "one promise",
            "Dana Kell",
        ),
        # a participle whose parse reaches into the quote: the earlier cue speaks
        (
            "“The numbers are bad,” Maria Delgado said, suggesting two questions, including, "
            "“Who pays for this? Who gains from it?”",
            "Who pays",
            "Maria Delgado",
        ),
        # a participle's subject is the sentence's, across an earlier quote
        (
            "Maria Delgado brushed off the question -- “That is old news” -- and, when pressed, "
            "insisting, “I never saw the money.”",
            "never saw the money",
            "Maria Delgado",
        ),
        # a sentence closed by its attribution hands the speaker to the quote after it
        (
            "The vote may slip to spring, Maria Delgado said. “Nobody wants to rush a bad bill.”",
            "Nobody wants",
            "Maria Delgado",
        ),
        # "as X put it"
        (
            "As Maria Delgado put it, “The budget is a moral document.”",
            "moral document",
            "Maria Delgado",
        ),
        # speaker before the quote
        ("Laura Menck said: “The bridge will open in May.”", "bridge will open", "Laura Menck"),
        # a relative clause carries the cue: the speaker is the noun it hangs on
        (
            "The plan drew fire from Rita Vance, who said it was “a gift to developers.”",
            "gift to developers",
            "Rita Vance",
        ),
        # a cue inside a relative clause that does not govern the quote is someone else's
        (
            "Maria Delgado mocked the idea, saying anyone who complains about the rules “has not read them.”",
            "has not read them",
            "Maria Delgado",
        ),
        # "according to"
        (
            "The audit was “a formality,” according to Omar Haddad, the town treasurer.",
            "a formality",
            "Omar Haddad",
        ),
        # quotes marked with two apostrophes each side
        ("''We will appeal,'' said Jonas Fell, the mayor.", "We will appeal", "Jonas Fell"),
        # split by its attribution: both halves share the speaker
        (
            "“We tried,” said Ines Carvel. “We failed, and we will try again.”",
            "We failed",
            "Ines Carvel",
        ),
        # a pronoun in a later sentence refers back to the named person
        (
            "Maria Delgado chairs the housing committee. She has held the post since spring.\n\n"
            "“Rents are far too high,” she said.",
            "Rents are",
            "Maria Delgado",
        ),
        # a title standing for the person introduced with it
        (
            "Senator Walter Pryce opened the hearing on Monday.\n\n“We need answers,” the senator said.",
            "need answers",
            "Walter Pryce",
        ),
        # a quote running over paragraphs (reopened, closed in the last) keeps its speaker
        (
            "“The first step is the budget.\n\n“The second step is hiring,” said Hana Sorel.",
            "second step",
            "Hana Sorel",
        ),
    ],
)
def test_attribution_form(quotes: Run, text: str, words: str, speaker: str) -> None:
    q = _find(quotes(text), words)
    assert _speaker(q) == speaker


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # a quoted book title is not speech
        ("She spent the summer reading “The Silent Orchard” on the porch.", "Silent Orchard"),
        # a capitalised conjunction opening the sentence is no speaker
        ("After saying the room was “far too small,” the guests left early.", "far too small"),
        # a quote after a sentence whose attribution does not close it is not handed on
        ("Maria Delgado said the vote may slip to spring. “Soon” is a word with many meanings.", "Soon"),
        # scare quotes around a label
        ("The so-called “reform” left the old rules in place.", "reform"),
    ],
)
def test_no_speaker(quotes: Run, text: str, words: str) -> None:
    qs = quotes(text)
    assert not [q for q in qs if q.kind == "direct" and words in q.text and q.speaker is not None]


def test_nested_source_speaks_the_inner_words(quotes: Run) -> None:
    """ "X told Y that Z said “…”": the words are Z's, not the teller's."""
    text = "Dana Kell told reporters that Victor Lamm had said “the deal is dead.”"
    q = _find(quotes(text), "deal is dead")
    assert _speaker(q) == "Victor Lamm"


@pytest.mark.parametrize(
    ("text", "clause", "speaker"),
    [
        ("Maria Delgado said the plan will fail next year.", "the plan will fail next year", "Maria Delgado"),
        (
            "The plan will fail next year, Maria Delgado said.",
            "The plan will fail next year",
            "Maria Delgado",
        ),
        # a parenthetical cue: the clause around it is the statement
        (
            "The plan, Maria Delgado said, will fail next year.",
            "The plan, Maria Delgado said, will fail next year",
            "Maria Delgado",
        ),
        (
            "The plan will fail next year, according to Maria Delgado.",
            "The plan will fail next year",
            "Maria Delgado",
        ),
    ],
)
def test_indirect_form(quotes: Run, text: str, clause: str, speaker: str) -> None:
    (q,) = [q for q in quotes(text) if q.kind == "indirect"]
    assert q.text == clause
    assert _speaker(q) == speaker
