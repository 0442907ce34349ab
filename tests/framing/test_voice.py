"""The outlet's own language apart from the voices it quotes, headlines included, on made-up pages."""

from __future__ import annotations

import re

from storyline.framing import Actor, Framing, QuoteSpan, frame_actors, frame_article
from storyline.framing.evidence import Page, outlet_language

TARGET = re.compile(r"(?:Mayor )?(?:Ruth )?Okafor|Norrland Steel")
_SENTENCE = re.compile(r"[^\n.!?]+(?:[.!?]+[\"”»’]?|$)")


def frame(
    text: str,
    quotes: list[QuoteSpan] | None = None,
    title: str | None = None,
    actors: list[Actor] | None = None,
) -> Framing:
    framing = frame_article(
        article_id="a",
        text=text,
        sentences=[m.span() for m in _SENTENCE.finditer(text)],
        target="Ruth Okafor",
        target_spans=[m.span() for m in TARGET.finditer(text)],
        quotes=quotes or [],
        title=title,
        actors=actors,
    )
    for ev in framing.evidence:
        source = title if ev.part == "title" else text
        assert source is not None and source[ev.start : ev.end] == ev.text
        assert ev.voice in {"outlet", "quoted"}
    return framing


def quote(text: str, words: str, speaker: str | None) -> QuoteSpan:
    start = text.index(words)
    return QuoteSpan(kind="direct", start=start, end=start + len(words), speaker=speaker)


def test_a_loaded_word_in_narration_is_the_outlets() -> None:
    framing = frame("Mayor Ruth Okafor unveiled a disastrous housing plan on Monday.")
    (item,) = [e for e in framing.evidence if e.kind == "loaded"]
    assert (item.text, item.voice) == ("disastrous", "outlet")
    assert framing.score < 0


def test_the_same_word_inside_a_quote_is_the_speakers() -> None:
    text = "Mayor Ruth Okafor unveiled a housing plan on Monday. “It is disastrous,” she said."
    framing = frame(text)
    (item,) = [e for e in framing.evidence if e.kind == "loaded"]
    assert (item.text, item.voice) == ("disastrous", "quoted")
    assert framing.score == 0.0  # shown apart, not the outlet's framing
    assert framing.stance == "neutral"


def test_quoted_voices_are_marked_quoted() -> None:
    text = "Mayor Ruth Okafor unveiled a housing plan. “It is a wonderful plan,” said Tom Reyes."
    framing = frame(text, [quote(text, "It is a wonderful plan,", "Tom Reyes")])
    kinds = {(e.kind, e.voice) for e in framing.evidence}
    assert kinds == {("voice", "quoted"), ("loaded", "quoted")}


def test_a_headline_scare_quote_is_found() -> None:
    title = "Mayor Okafor promises voters a “renewal” of the harbour"
    text = "Mayor Ruth Okafor presented her harbour plan to the council on Monday."
    framing = frame(text, title=title)
    (item,) = [e for e in framing.evidence if e.kind == "scare_quote"]
    assert (item.text, item.part, item.voice) == ("renewal", "title", "outlet")
    assert (item.start, item.end) == (32, 39)
    assert framing.score < 0


def test_a_title_kept_in_the_text_is_read_once() -> None:
    title = "Mayor Okafor promises voters a “renewal” of the harbour"
    text = title + "\n\nMayor Ruth Okafor presented her harbour plan to the council on Monday."
    framing = frame(text, title=title)
    assert all(e.part == "text" for e in framing.evidence)


WIRE = (
    "LONDON (Wirenews) - Norrland Steel said on Tuesday it would close its plant in Lulea by "
    "March, cutting 400 jobs. The company said demand for steel had fallen 12% this year. "
    "Union representatives said they would meet management on Friday."
)


def test_a_plain_wire_report_is_neutral_without_evidence() -> None:
    framing = frame(WIRE, title="Norrland Steel to close Lulea plant, cutting 400 jobs")
    assert framing.stance == "neutral"
    assert framing.evidence == []


def test_outlet_language_separates_the_voices() -> None:
    text = 'The regime blasted the "reforms". “These thugs must go,” said Tom Reyes.'
    page = Page(text=text, sentences=[(0, 33), (34, len(text))], target="", target_spans=[], quotes=[])
    found = {
        (s.evidence.kind, s.evidence.text, s.evidence.voice, s.weight > 0) for s in outlet_language(page)
    }
    assert found == {
        ("loaded", "regime", "outlet", True),
        ("loaded", "blasted", "outlet", True),
        ("scare_quote", "reforms", "outlet", True),
        ("loaded", "thugs", "quoted", False),
    }
    assert (
        outlet_language(Page(text=WIRE, sentences=[(0, len(WIRE))], target="", target_spans=[], quotes=[]))
        == []
    )


ACTORS_TEXT = (
    "Mayor Ruth Okafor opened a landmark housing project on Monday. Residents hailed the bold plan. "
    "Governor Tom Lee, meanwhile, ordered a brutal crackdown on street vendors. "
    "Rights groups condemned the repression. “It is a disgrace,” said a vendor."
)


def _actors(text: str) -> list[Actor]:
    return [
        Actor(
            entity_id="e1",
            name="Ruth Okafor",
            spans=[m.span() for m in re.finditer(r"Mayor Ruth Okafor", text)],
        ),
        Actor(
            entity_id="e2", name="Tom Lee", spans=[m.span() for m in re.finditer(r"Governor Tom Lee", text)]
        ),
        Actor(entity_id="e3", name="Norrland Steel", spans=[]),
    ]


def test_one_article_supportive_of_one_actor_and_critical_of_another() -> None:
    text = ACTORS_TEXT
    said = quote(text, "It is a disgrace,", speaker="a vendor")
    framing = frame(text, [said], actors=_actors(text))
    by_id = {a.entity_id: a for a in framing.actors}
    assert set(by_id) == {"e1", "e2"}  # an actor the article does not name is left out
    okafor, lee = by_id["e1"], by_id["e2"]
    assert (okafor.stance, lee.stance) == ("supportive", "critical")
    assert okafor.score > 0 > lee.score
    # each actor's evidence is its own, at exact offsets, the quoted word counted through its voice
    assert {e.text for e in okafor.evidence if e.kind == "loaded"} == {"landmark", "hailed", "bold"}
    assert {e.text for e in lee.evidence if e.kind == "loaded"} == {
        "brutal",
        "crackdown",
        "condemned",
        "repression",
    }
    for actor in framing.actors:
        for e in actor.evidence:
            assert text[e.start : e.end] == e.text


def test_an_actor_in_a_plain_report_is_neutral_without_evidence() -> None:
    (actor,) = frame_actors(
        text=WIRE,
        sentences=[m.span() for m in _SENTENCE.finditer(WIRE)],
        quotes=[],
        actors=[Actor(entity_id="e1", name="Norrland Steel", spans=[(20, 34)])],
    )
    assert (actor.stance, actor.evidence) == ("neutral", [])
