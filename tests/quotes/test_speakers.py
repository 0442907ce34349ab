"""Speakers: attribution around quotes, pronoun and title resolution."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storyline.model import Quote
from storyline.quotes import cues
from storyline.quotes.speakers import sentence_end, sentence_start

Run = Callable[[str], list[Quote]]


def directs(qs: list[Quote]) -> list[Quote]:
    return [q for q in qs if q.kind == "direct"]


@pytest.mark.parametrize(
    ("text", "resolved"),
    [
        # she -> the nearest earlier woman; a man named in between does not count
        (
            "Ms. Anna Berg leads the agency. She met Mr. John Carter on Monday.\n\n“We are ready,” she said.",
            "Anna Berg",
        ),
        (
            "Mr. Tom Weller runs the firm. Ms. Anna Berg is his deputy.\n\n“It was a good year,” he said.",
            "Tom Weller",
        ),
        # the main subject beats a name in its subordinate clause
        (
            "Producer Steven Moffat is sure that Peter Capaldi is the right choice.\n\n“He is the Doctor,” he said.",
            "Steven Moffat",
        ),
    ],
)
def test_pronoun_resolution(quotes: Run, text: str, resolved: str) -> None:
    (q,) = directs(quotes(text))
    assert q.speaker is not None and q.speaker.lower() in {"he", "she"}
    assert q.speaker_resolved == resolved


@pytest.mark.parametrize(
    ("text", "speaker", "resolved"),
    [
        # introduced with the role
        (
            "President Kassym-Jomart Tokayev opened the session.\n\n“Reforms will continue,” the president said.",
            "the president",
            "Kassym-Jomart Tokayev",
        ),
        # no one introduced with it: the latest person quoted
        (
            "“We are ready,” said Uzra Zeya.\n\n“We will help,” the senior American official said.",
            "the senior American official",
            "Uzra Zeya",
        ),
        # an age description stands for a person like a title
        (
            "Peter Capaldi was named the new Doctor.\n\nIn a statement, the 55 - year - old said: “It is an amazing privilege.”",
            "the 55 - year - old",
            "Peter Capaldi",
        ),
    ],
)
def test_title_resolution(quotes: Run, text: str, speaker: str, resolved: str) -> None:
    q = directs(quotes(text))[-1]
    assert (q.speaker, q.speaker_resolved) == (speaker, resolved)


def test_surname_resolves_to_full_name(quotes: Run) -> None:
    (q,) = directs(quotes("Uzra Zeya visited Astana.\n\n“We look forward to progress,” said Zeya."))
    assert (q.speaker, q.speaker_resolved) == ("Zeya", "Uzra Zeya")


def test_document_speaker_resolves_to_last_speaker(quotes: Run) -> None:
    text = "“We support the reforms,” underlined Uzra Zeya.\n\n“We stand ready to assist,” the message further says."
    q = directs(quotes(text))[-1]
    assert (q.speaker, q.speaker_resolved) == ("the message", "Uzra Zeya")


def test_channel_after_speaker(quotes: Run) -> None:
    text = "«We welcome the referendum,» underlined Uzra Zeya in her message, the press service of the ministry informs."
    (q,) = directs(quotes(text))
    assert (q.speaker, q.channel) == ("Uzra Zeya", "the press service of the ministry")


def test_paragraph_of_quote_continues_previous_speaker(quotes: Run) -> None:
    text = "“He wasn’t acting any different,” Grant Gibbs said.\n\n“Business as usual.”"
    qs = directs(quotes(text))
    assert [q.speaker for q in qs] == ["Grant Gibbs", "Grant Gibbs"]


def test_colon_introduces_the_next_paragraph(quotes: Run) -> None:
    text = "McDermott sent out the following message on Twitter:\n\n“I will be returning to Creighton for my senior year.”"
    (q,) = directs(quotes(text))
    assert q.speaker == "McDermott"


@pytest.mark.parametrize(
    ("word", "expected"),
    [("said", True), ("hopes", True), ("underlined", True), ("lunch", False)],
)
def test_speech_cue_forms(nlp: object, word: str, expected: bool) -> None:
    doc = nlp(f"She {word} it.")  # type: ignore[operator]
    assert cues.is_speech_cue(doc[1]) is expected


def test_sentence_bounds_ignore_abbreviations() -> None:
    text = "Zeya, the U.S. Under Secretary, spoke. Then she left."
    assert sentence_end(text, 0, len(text)) == text.index("spoke.") + len("spoke.")
    assert sentence_start(text, text.index("Then"), 0) == text.index("Then")


@pytest.mark.parametrize(
    ("text", "start", "speaker"),
    [
        # the cue's subject precedes the quote: words after it are no speaker
        (
            "Nurse Ellen Park said in a statement, “We are exhausted” after the strike, adding that talks had stalled.",
            "We are exhausted",
            "Nurse Ellen Park",
        ),
        # layered attribution: whose words they are, not who reports them
        (
            "Tom Brandt was questioned for an hour. During the hearing, he stood up and said, "
            "“I did nothing wrong,” the court clerk said.",
            "I did nothing wrong",
            "Tom Brandt",
        ),
        # a participle of a noun in the quote is not the cue
        (
            "“The company needs a better plan than the one” announced in May, said Helen Cho, an analyst in Seoul.",
            "The company needs",
            "Helen Cho",
        ),
    ],
)
def test_which_cue_attributes(quotes: Run, text: str, start: str, speaker: str) -> None:
    (q,) = [q for q in directs(quotes(text)) if q.text.startswith(start)]
    assert (q.speaker_resolved or q.speaker) == speaker
