"""Past or future: from the parse, and from cue words without one."""

from __future__ import annotations

import pytest
from spacy.language import Language

from storyline.temporal.tense import direction, direction_from_words


def _at(sentence: str, target: str) -> tuple[int, int]:
    start = sentence.index(target)
    return start, start + len(target)


@pytest.mark.parametrize(
    ("sentence", "target", "expected"),
    [
        ("The referendum was held in March.", "March", "past"),
        ("The referendum will be held in March.", "March", "future"),
        ("The deal should be completed in October.", "October", "future"),
        ("Apple to unveil iPhone on Monday", "Monday", "future"),
        ("GM plans to close the plant in October.", "October", "future"),
        ("Markets to remain closed until Friday", "Friday", "future"),
        ("Funds would be infused when markets opened on Friday.", "Friday", "future"),
        ("A June 3 hearing has been scheduled.", "June 3", None),
    ],
)
def test_direction_from_parse(sentence: str, target: str, expected: str | None, nlp: Language) -> None:
    start, end = _at(sentence, target)
    assert direction(sentence, start, end, nlp(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "target", "expected"),
    [
        ("The referendum was held in March.", "March", "past"),
        ("He said the referendum will be held in March.", "March", "future"),
        ("The upcoming vote in March.", "March", "future"),
        ("A vote in March.", "March", None),
        ("It happened. The vote in March.", "March", None),  # cues stop at the sentence end
    ],
)
def test_direction_from_words(sentence: str, target: str, expected: str | None) -> None:
    start, end = _at(sentence, target)
    assert direction_from_words(sentence, start, end) == expected
