"""Framing evidence: each kind found at its exact characters, and what is left alone."""

from __future__ import annotations

import re

import pytest

from storyline.framing import Framing, FramingEvidence, QuoteSpan, frame_article, lexicon

# The targets of these made-up sentences: a mayor, a company, a country.
TARGET = re.compile(r"(?:Mayor )?(?:Ruth )?Okafor|Norrland Steel|Norvania")
_SENTENCE = re.compile(r"[^\n.!?]+(?:[.!?]+[\"”»’]?|$)")

Found = tuple[str, str, int, int]


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans by punctuation (the pipeline gives spaCy's)."""
    return [m.span() for m in _SENTENCE.finditer(text)]


def quote(text: str, words: str, speaker: str | None = None, kind: str = "direct") -> QuoteSpan:
    start = text.index(words)
    return QuoteSpan(kind=kind, start=start, end=start + len(words), speaker=speaker)


def evidence(text: str, quotes: list[QuoteSpan] | None = None) -> list[FramingEvidence]:
    framing = frame_article(
        article_id="a",
        text=text,
        sentences=sentences(text),
        target="Ruth Okafor",
        target_spans=[m.span() for m in TARGET.finditer(text)],
        quotes=quotes or [],
    )
    for ev in framing.evidence:
        assert text[ev.start : ev.end] == ev.text
    return framing.evidence


def found(text: str, kind: str, quotes: list[QuoteSpan] | None = None) -> list[Found]:
    return [(e.kind, e.text, e.start, e.end) for e in evidence(text, quotes) if e.kind == kind]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Mayor Ruth Okafor unveiled her "urban renewal" plan on Monday.',
            [("scare_quote", "urban renewal", 32, 45)],
        ),
        (
            "Mayor Ruth Okafor unveiled her “urban renewal” plan on Monday.",
            [("scare_quote", "urban renewal", 32, 45)],
        ),
        (
            "Norrland Steel says its so-called efficiency drive will cut 400 jobs.",
            [("scare_quote", "so-called efficiency drive", 24, 50)],
        ),
        # speech, not a scare quote: a speech verb in the sentence
        ('Okafor said the plan was "a fresh start" for the city.', []),
        # a name in quote marks
        ('Okafor spoke to the weekly "Harbour Times" about the plan.', []),
        # too long for a phrase
        ('Okafor called it "a plan that will change how this city lives".', []),
    ],
)
def test_scare_quotes(text: str, expected: list[Found]) -> None:
    assert found(text, "scare_quote") == expected


def test_phrase_from_the_quote_stage_is_a_scare_quote() -> None:
    text = "Okafor defended the reform of the fire service on Monday."
    phrase = quote(text, "reform", kind="phrase")
    assert found(text, "scare_quote", [phrase]) == [("scare_quote", "reform", 20, 26)]


def test_phrase_inside_someone_elses_quote_is_theirs() -> None:
    text = 'Mr Lee said: "Okafor calls this "reform" but nobody believes her."'
    said = quote(text, 'Okafor calls this "reform" but nobody believes her.', speaker="Mr Lee")
    assert found(text, "scare_quote", [said]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Norrland Steel allegedly dumped waste in the river.", [("hedge", "allegedly", 15, 24)]),
        (
            "The new chairman of Norrland Steel reportedly resigned after a week.",
            [("hedge", "reportedly", 35, 45)],
        ),
        (
            "It remains to be seen whether Okafor will run again.",
            [("hedge", "It remains to be seen", 0, 21)],
        ),
        ("The mayor appears to have lost the council.", [("hedge", "appears to", 10, 20)]),
        ("Norvania supposedly freed all prisoners.", [("hedge", "supposedly", 9, 19)]),
    ],
)
def test_hedges(text: str, expected: list[Found]) -> None:
    assert found(text, "hedge") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Okafor claims that the budget is balanced.", [("distancing", "claims that", 7, 18)]),
        (
            "Okafor presented what the council calls a modern budget.",
            [("distancing", "what the council calls", 17, 39)],
        ),
        ("Critics say Norrland Steel polluted the river.", [("distancing", "Critics say", 0, 11)]),
        # "according to" once is plain attribution; repeated, it keeps the outlet at a distance
        ("According to the ministry, Norvania will hold elections in May.", []),
        (
            "According to the ministry, Norvania will vote. According to the ministry, turnout will be high.",
            [("distancing", "According to", 0, 12), ("distancing", "According to", 47, 59)],
        ),
    ],
)
def test_distancing(text: str, expected: list[Found]) -> None:
    assert found(text, "distancing") == expected


def test_hedges_inside_quotes_are_the_speakers() -> None:
    text = "“The plan allegedly failed,” said Okafor."
    said = quote(text, "The plan allegedly failed,", speaker="Okafor")
    assert found(text, "hedge", [said]) == []
    assert found(text, "hedge") == []  # quote marks alone are enough


def test_distancing_counts_more_near_the_target() -> None:
    near = frame_article(
        article_id="a",
        text="Okafor reportedly left.",
        sentences=[(0, 23)],
        target="Okafor",
        target_spans=[(0, 6)],
        quotes=[],
    )
    far = frame_article(
        article_id="a",
        text="Okafor spoke. A. B. Lee reportedly left.",
        sentences=[(0, 13), (14, 16), (17, 19), (20, 40)],
        target="Okafor",
        target_spans=[(0, 6)],
        quotes=[],
    )
    assert near.score < far.score < 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Residents condemned the sham consultation run by Mayor Okafor.",
            [("condemned", -0.55), ("sham", -0.62)],
        ),
        # negation flips and weakens ("not free" is milder than "unfree")
        ("The vote in Norvania was not free.", [("free", -0.43)]),
        # capitalised words inside a sentence are names, not judgements
        ("Mayor Okafor met the United Way and Freedom House on Friday.", []),
        # only sentences about the target: a mention, or the sentence right after one
        (
            "Okafor's bold plan was unveiled. It is a disaster. The storm was awful.",
            [("bold", 0.38), ("disaster", -0.78)],
        ),
        # words under scare quotes are irony, not praise
        ('Norvania held a "free and fair" vote.', []),
    ],
)
def test_loaded_words(text: str, expected: list[tuple[str, float]]) -> None:
    items = [e for e in evidence(text) if e.kind == "loaded" and e.counted]
    assert [(e.text, round(e.polarity, 2)) for e in items] == expected


def test_loaded_words_elsewhere_are_shown_not_counted() -> None:
    # the outlet's language in a sentence not about the target: its own, outside the stance
    def framed(text: str) -> Framing:
        return frame_article(
            article_id="a",
            text=text,
            sentences=sentences(text),
            target="Ruth Okafor",
            target_spans=[(0, 6)],
            quotes=[],
        )

    text = "Okafor's bold plan was unveiled. It is a disaster."
    with_storm = framed(text + " The storm was awful.")
    assert [(e.text, e.voice, e.counted) for e in with_storm.evidence if not e.counted] == [
        ("awful", "outlet", False)
    ]
    alone = framed(text)
    assert (with_storm.stance, with_storm.score) == (alone.stance, alone.score)  # "awful" adds nothing


def test_loaded_word_offsets() -> None:
    text = "Residents condemned the sham consultation run by Mayor Okafor."
    assert found(text, "loaded") == [("loaded", "condemned", 10, 19), ("loaded", "sham", 24, 28)]


def test_quoted_words_are_the_speakers_not_the_outlets() -> None:
    text = 'Mayor Okafor\'s plan is "a disaster for renters", said Tom Reyes.'
    said = quote(text, "a disaster for renters", speaker="Tom Reyes")
    (item,) = [e for e in evidence(text, [said]) if e.kind == "loaded"]
    assert (item.text, item.start, item.end) == ("disaster", 26, 34)
    assert "in a quote by Tom Reyes" in item.note
    # shown at a fraction of the outlet's own word
    assert item.polarity == pytest.approx(-3.1 / 4 * 0.3)


def test_the_targets_own_praise_is_marked() -> None:
    text = "Okafor praised the council. The council praised Okafor."
    items = [e for e in evidence(text) if e.kind == "loaded"]
    assert [(e.start, e.note.endswith("by the target itself")) for e in items] == [(7, True), (40, False)]


def test_voices_share_and_polarity() -> None:
    text = (
        "Mayor Ruth Okafor opened the new bridge. "
        "“It is a wonderful, beautiful day for our city,” Okafor said. "
        "“It is an ugly waste,” said Tom Reyes."
    )
    quotes = [
        quote(text, "It is a wonderful, beautiful day for our city,", speaker="Okafor"),
        quote(text, "It is an ugly waste,", speaker="Tom Reyes"),
    ]
    voices = [e for e in evidence(text, quotes) if e.kind == "voice"]
    assert [(v.text, v.start, v.end) for v in voices] == [
        ("It is a wonderful, beautiful day for our city,", 42, 88),
        ("It is an ugly waste,", 104, 124),
    ]
    assert voices[0].polarity > 0 > voices[1].polarity
    assert "Okafor (the target), 70% of quoted text" in voices[0].note
    assert "Tom Reyes (critic), 30% of quoted text" in voices[1].note


def test_lexicon_valences() -> None:
    assert lexicon.valence("crackdown") < 0 < lexicon.valence("landmark")
    assert lexicon.valence("praised") > 0  # VADER's own entry
    assert lexicon.valence("united") == 0.0  # "United States" judges nothing
    assert lexicon.valence("important") == 0.0  # too weak to be evaluative
    assert lexicon.is_attitude_verb("welcomed") and lexicon.is_attitude_verb("criticizes")
    assert not lexicon.is_attitude_verb("dumped")


def test_news_lexicon_of_loaded_language() -> None:
    # labels and attack verbs a general sentiment lexicon misses, with their inflections
    assert lexicon.loaded("regime") is not None and lexicon.loaded("slamming") is not None
    # topical words describe events, not attitudes, whatever VADER scores them
    assert lexicon.loaded("war") is None and lexicon.loaded("killed") is None
    # an actor's reported attitude is theirs, not the outlet's
    assert lexicon.loaded("condemned") is None and lexicon.loaded("welcomes") is None
    # general sentiment words below the floor report acts ("help", "refused")
    assert lexicon.loaded("help") is None and lexicon.loaded("supports") is None
    # intensifiers are evaluative but lean nowhere
    assert lexicon.loaded("utterly") == 0.0
