"""Stance labels per article and per story, on made-up sentences and on the bundled example."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyline.framing import STANCES, Framing, FramingEvidence, QuoteSpan, frame_article, frame_story
from storyline.nlp import get_nlp
from storyline.quotes.extract import extract_quotes

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "kazakhstan-reforms"
TARGET = re.compile(r"(?:Mayor )?(?:Ruth )?Okafor")
_SENTENCE = re.compile(r"[^\n.!?]+(?:[.!?]+[\"”»’]?|$)")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans by punctuation and line breaks (the pipeline gives spaCy's)."""
    return [m.span() for m in _SENTENCE.finditer(text)]


def frame(
    text: str,
    quotes: list[QuoteSpan] | None = None,
    omissions: list[FramingEvidence] | None = None,
    target: re.Pattern[str] = TARGET,
) -> Framing:
    framing = frame_article(
        article_id="a",
        text=text,
        sentences=sentences(text),
        target="Ruth Okafor",
        target_spans=[m.span() for m in target.finditer(text)],
        quotes=quotes or [],
        omissions=omissions,
    )
    assert framing.stance in STANCES
    for ev in framing.evidence:
        if ev.kind != "omission":
            assert text[ev.start : ev.end] == ev.text
    return framing


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        (
            "The city council praised Mayor Ruth Okafor for a landmark housing plan. "
            "Residents welcomed the bold reform.",
            "supportive",
        ),
        (
            "Mayor Ruth Okafor ordered a brutal crackdown on street vendors. "
            "Rights groups condemned the repression.",
            "critical",
        ),
        (
            'Mayor Ruth Okafor claims that her "urban renewal" plan will help renters. '
            "The so-called affordable units are reportedly still unbuilt.",
            "skeptical",
        ),
        (
            "Mayor Ruth Okafor won praise for a landmark housing plan, "
            "but critics condemned her brutal crackdown on street vendors.",
            "mixed",
        ),
        ("Mayor Ruth Okafor opened the new library on Monday. It has three floors.", "neutral"),
    ],
)
def test_stance(text: str, stance: str) -> None:
    framing = frame(text)
    assert framing.stance == stance
    if stance != "neutral":
        assert framing.evidence
    if stance == "supportive":
        assert framing.score > 0 and any(e.polarity > 0 for e in framing.evidence)
    if stance in {"critical", "skeptical"}:
        assert framing.score < 0 and any(e.polarity < 0 for e in framing.evidence)


def test_target_not_mentioned_is_neutral_but_keeps_its_evidence() -> None:
    framing = frame("The council reportedly condemned the brutal crackdown on street vendors.")
    assert framing.stance == "neutral"
    assert [e.text for e in framing.evidence if e.counted] == ["reportedly"]
    # its loaded words are the outlet's language, shown but about no target: not counted
    assert [(e.text, e.counted) for e in framing.evidence if not e.counted] == [
        ("brutal", False),
        ("crackdown", False),
    ]


def test_quoted_praise_is_not_the_outlets() -> None:
    own = "Mayor Ruth Okafor opened the bridge. It is a wonderful, brilliant, historic triumph."
    assert frame(own).stance == "supportive"
    text = "Mayor Ruth Okafor opened the bridge. “It is a wonderful, brilliant, historic triumph,” she said."
    words = "It is a wonderful, brilliant, historic triumph,"
    start = text.index(words)
    said = QuoteSpan(kind="direct", start=start, end=start + len(words), speaker="Ruth Okafor")
    framing = frame(text, [said])
    # the target praising itself, relayed: shown, but not the outlet's judgement
    assert framing.stance == "neutral"
    assert {e.kind for e in framing.evidence} == {"loaded", "voice"}


OMISSION = FramingEvidence(
    kind="omission",
    text="Two vendors were injured during the clearance.",
    start=120,
    end=166,
    article_id="other",
    note="reported by 4 of 5 outlets",
)


def test_omissions_alone_stay_neutral() -> None:
    framing = frame("Mayor Ruth Okafor opened the new library on Monday.", omissions=[OMISSION, OMISSION])
    assert framing.stance == "neutral"
    assert framing.evidence == [OMISSION, OMISSION]
    assert framing.evidence[0] is OMISSION  # returned as they are


def test_omissions_tip_weak_support_to_mixed() -> None:
    text = "Okafor praised the council. The council praised Okafor."
    assert frame(text).stance == "supportive"
    assert frame(text, omissions=[OMISSION, OMISSION]).stance == "mixed"


def _framing(article_id: str, stance: str, score: float, polarity: float) -> Framing:
    ev = FramingEvidence(kind="loaded", text="w", start=0, end=1, polarity=polarity)
    return Framing(article_id=article_id, stance=stance, target="T", evidence=[ev], score=score)


@pytest.mark.parametrize(
    ("stances", "expected"),
    [
        ([], "neutral"),
        (["neutral", "neutral"], "neutral"),
        (["skeptical", "neutral"], "skeptical"),
        (["supportive", "supportive", "supportive", "supportive", "critical"], "supportive"),
        (["supportive", "supportive", "critical"], "mixed"),
        (["critical", "skeptical", "critical"], "critical"),
    ],
)
def test_story_stance(stances: list[str], expected: str) -> None:
    framings = [_framing(f"a{i}", s, 1.0, 0.5 if s == "supportive" else -0.5) for i, s in enumerate(stances)]
    assert frame_story(framings)[0] == expected


def test_story_evidence_backs_the_label_and_names_its_article() -> None:
    framings = [
        _framing("a1", "critical", -2.0, -0.4),
        _framing("a2", "critical", -1.0, -0.2),
        _framing("a3", "supportive", 1.0, 0.9),
    ]
    framings[0].evidence.append(OMISSION)
    stance, evidence = frame_story(framings)
    assert stance == "mixed"  # a third of the outlets on each side
    # evaluative items both ways first, strongest first; the omission keeps its own article
    assert [(e.article_id, e.polarity) for e in evidence] == [
        ("a3", 0.9),
        ("a1", -0.4),
        ("a2", -0.2),
        ("other", 0.0),
    ]
    assert framings[0].evidence[0].article_id is None  # copies, not the articles' own items


# -- the bundled example ------------------------------------------------------------

_EXAMPLE_TARGET = re.compile(r"Tokayev|Kazakhstan")


@pytest.fixture(scope="module")
def example() -> dict[str, Framing]:
    """All five pages, framed with the real quote stage, regex targets and simple sentences."""
    nlp = get_nlp()
    out: dict[str, Framing] = {}
    for path in sorted(EXAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        quotes = [
            QuoteSpan(kind=q.kind, start=q.start, end=q.end, speaker=q.speaker_resolved or q.speaker)
            for q in extract_quotes(path.stem, text, nlp(text))
        ]
        out[path.name[:3]] = frame_article(
            article_id=path.stem,
            text=text,
            sentences=sentences(text),
            target="Kassym-Jomart Tokayev",
            target_spans=[m.span() for m in _EXAMPLE_TARGET.finditer(text)],
            quotes=quotes,
        )
        for ev in out[path.name[:3]].evidence:
            assert text[ev.start : ev.end] == ev.text
    return out


def test_example_critical_page(example: dict[str, Framing]) -> None:
    # "Everything is decided by Nazarbayev": the president's claims, hedged, against his critics
    page = example["004"]
    assert page.stance in {"critical", "skeptical"}
    backing = [e for e in page.evidence if e.polarity < 0]
    assert len(backing) >= 2
    assert {e.kind for e in backing} >= {"distancing", "hedge", "loaded", "voice"}


@pytest.mark.parametrize("page", ["001", "003"])
def test_example_official_pages_are_supportive(example: dict[str, Framing], page: str) -> None:
    # 001: Kazinform (Kazakh state agency) relaying a US official; 003: a US government statement
    assert example[page].stance == "supportive"
    assert example[page].stance != example["004"].stance


def test_example_story(example: dict[str, Framing]) -> None:
    stance, evidence = frame_story(list(example.values()))
    assert stance == "supportive"  # four of five pages, the critical one is 20%
    assert evidence and all(e.article_id for e in evidence)
