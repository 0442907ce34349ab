"""Marked word choice (rare adjectives, adverbs, verbs, nouns) and common nouns, on made-up sentences."""

from __future__ import annotations

import re

from storyline.framing import Framing, QuoteSpan, frame_article, frame_story, lexicon
from storyline.framing.evidence import Page, Scored, outlet_language, word_tags
from storyline.model import Article, WordTag
from storyline.nlp import get_nlp


def language(text: str) -> list[Scored]:
    page = Page(
        text=text,
        sentences=[(0, len(text))],
        target="",
        target_spans=[],
        quotes=[],
        tags=word_tags(text, get_nlp()(text)),
    )
    found = outlet_language(page)
    for s in found:
        assert text[s.evidence.start : s.evidence.end] == s.evidence.text
    return found


def test_rare_modifiers_in_narration_are_marked() -> None:
    found = language("The councillor gave a bombastic speech and smugly waved away the budget figures.")
    assert [(s.evidence.text, s.evidence.voice, s.evidence.polarity) for s in found] == [
        ("bombastic", "outlet", 0.0),
        ("smugly", "outlet", 0.0),
    ]
    assert all(s.weight == lexicon.MARKED_STRENGTH / 4 for s in found)
    assert found[0].evidence.note == "marked: rare adjective 'bombastic' (Zipf 2.6)"


def test_a_rare_word_in_quotes_is_the_speakers() -> None:
    found = language('Voters said the plan was "a grandiose fantasy" on Monday.')
    assert [(s.evidence.text, s.evidence.voice, s.weight) for s in found] == [("grandiose", "quoted", 0.0)]


def test_a_plain_report_has_no_marked_words() -> None:
    text = (
        "The port authority said on Wednesday it would open a second container terminal in March, "
        "adding 300 jobs. The board approved the budget by a vote of seven to two."
    )
    assert language(text) == []


def test_marked_needs_a_part_of_speech_and_rarity() -> None:
    assert lexicon.marked("bombastic", "ADJ") is not None
    assert lexicon.marked("bombastic", None) is None  # not parsed: never marked
    assert lexicon.marked("bombastic", "PROPN") is None  # a name is not a word choice
    assert lexicon.marked("table", "NOUN") is None  # common
    assert lexicon.marked("hoodwinked", "VERB") is not None
    # an attitude verb reports someone's attitude, however rare
    assert lexicon.zipf("deplored") < lexicon.MARKED_ZIPF["VERB"]
    assert lexicon.marked("deplored", "VERB") is None
    assert lexicon.marked("appreciative", "ADJ") is None


def test_a_common_noun_only_vader_scores_names_a_topic() -> None:
    assert lexicon.loaded("freedom") is not None
    assert lexicon.loaded("freedom", pos="NOUN") is None
    assert lexicon.loaded("wonderful", pos="ADJ") is not None
    assert lexicon.loaded("cronies", pos="NOUN") is not None  # the news lexicon counts as listed
    assert language("Protesters demanded freedom and the mayor spoke of love for the town.") == []


def test_unparsed_pages_are_read_as_before() -> None:
    text = "The councillor gave a bombastic speech."
    page = Page(text=text, sentences=[(0, len(text))], target="", target_spans=[], quotes=[])
    assert outlet_language(page) == []


def test_a_coined_compound_is_marked_by_its_head() -> None:
    found = language("A placard-waving crowd gathered outside the town hall.")
    assert [(s.evidence.text, s.evidence.note) for s in found] == [
        ("placard-waving", "marked: rare verb 'placard-waving' (Zipf 2.7)")
    ]
    assert language("The well-known author opened a two-day festival.") == []


# -- the per-article stage that keeps the tags, and the product's framing that reads them


def tags_of(text: str) -> list[WordTag]:
    tags = word_tags(text, get_nlp()(text))
    for t in tags:
        assert lexicon.WORD.fullmatch(text[t.start : t.end])  # a whole word, at its offsets
    return tags


def test_word_tags_keep_rare_content_words_with_offsets() -> None:
    text = "Councillor Ama Quarshie smugly waved away the placard-waving crowd and its bombastic chants."
    found = [(text[t.start : t.end], t.pos, t.start) for t in tags_of(text)]
    assert ("smugly", "ADV", 24) in found
    assert ("placard-waving", "VERB", 46) in found  # a compound whole, its head's tag
    assert ("bombastic", "ADJ", 75) in found
    words = {w for w, _, _ in found}
    assert not words & {"away", "the", "crowd", "and", "its"}  # common: read the same untagged
    assert not words & {"Councillor", "Ama", "Quarshie"}  # a name is not a word choice


def test_word_tags_keep_the_nouns_of_the_common_noun_rule() -> None:
    text = "Protesters demanded freedom outside the harbour office."
    found = [(text[t.start : t.end], t.pos) for t in tags_of(text)]
    assert ("freedom", "NOUN") in found  # frequent (Zipf >= 4), kept for the common-noun rule
    assert lexicon.zipf("freedom") >= lexicon.TAG_ZIPF
    assert not {w for w, _ in found} & {"demanded", "outside", "the", "office"}


def test_the_analyzer_records_word_tags() -> None:
    from storyline.analyzer import ArticleAnalyzer

    page = Article(
        id="w1",
        source="w1.txt",
        text="The ferry operator issued a bombastic statement about the delayed crossing.",
    )
    (result,) = ArticleAnalyzer()([page])
    assert [(page.text[t.start : t.end], t.pos) for t in result.analysis.word_tags] == [("bombastic", "ADJ")]


def frame_tagged(text: str, quotes: list[QuoteSpan] | None = None, tagged: bool = True) -> Framing:
    """The product's framing (``frame_article``), with the stage's tags, target the ferry operator."""
    target = re.compile(r"Harbourline")
    return frame_article(
        article_id="f",
        text=text,
        sentences=[(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text)],
        target="Harbourline",
        target_spans=[m.span() for m in target.finditer(text)],
        quotes=quotes or [],
        tags=tags_of(text) if tagged else None,
    )


def test_a_rare_loaded_adjective_in_narration_is_the_outlets_and_in_a_quote_the_speakers() -> None:
    narrated = "Harbourline issued a bombastic statement about the delayed crossing."
    framing = frame_tagged(narrated)
    (item,) = [e for e in framing.evidence if e.kind == "marked"]
    assert (item.text, item.voice, item.polarity, item.counted) == ("bombastic", "outlet", 0.0, False)
    assert item.note.startswith("marked: rare adjective 'bombastic' (Zipf ")
    assert narrated[item.start : item.end] == item.text

    quoted = 'Harbourline issued a statement. A passenger called it "bombastic" on the quay.'
    start = quoted.index("bombastic")
    speech = [QuoteSpan(kind="direct", start=start, end=start + 9, speaker="A passenger")]
    (item,) = [e for e in frame_tagged(quoted, speech).evidence if e.kind == "marked"]
    assert (item.text, item.voice, item.counted) == ("bombastic", "quoted", False)


def test_marked_words_lean_nowhere_so_the_stance_does_not_move() -> None:
    for text in (
        "Harbourline issued a bombastic statement and smugly cancelled the crossing.",
        "Harbourline said on Tuesday the ferry would resume on Friday. It carries 300 passengers.",
    ):
        tagged, untagged = frame_tagged(text), frame_tagged(text, tagged=False)
        assert (tagged.stance, tagged.score) == (untagged.stance, untagged.score) == ("neutral", 0.0)
    plain = frame_tagged(
        "Harbourline said on Tuesday the ferry would resume on Friday. It carries 300 passengers."
    )
    assert plain.evidence == []  # a plain wire report: no evidence at all


def test_the_story_evidence_leaves_out_what_the_stance_did_not_count() -> None:
    framing = frame_tagged("Harbourline issued a bombastic statement and smugly cancelled the crossing.")
    assert [e.kind for e in framing.evidence] == ["marked", "marked"]
    assert frame_story([framing]) == ("neutral", [])


def test_without_a_target_the_framing_is_the_outlet_language() -> None:
    # bench/eval_framing.py scores frame_article and tunes outlet_language: they must agree
    text = (
        "The mayor's bombastic speech was reportedly a fiasco, critics say. "
        'She smugly called the plan "a triumph" and the council meekly approved it.'
    )
    tags = tags_of(text)
    framing = frame_article(
        article_id="f",
        text=text,
        sentences=[(0, 66), (67, len(text))],
        target="",
        target_spans=[],
        quotes=[],
        tags=tags,
    )
    page = Page(
        text=text, sentences=[(0, 66), (67, len(text))], target="", target_spans=[], quotes=[], tags=tags
    )
    key = [
        (e.kind, e.start, e.end, e.voice, e.polarity, e.note) for e in framing.evidence if e.voice == "outlet"
    ]
    assert key == [
        (
            s.evidence.kind,
            s.evidence.start,
            s.evidence.end,
            s.evidence.voice,
            s.evidence.polarity,
            s.evidence.note,
        )
        for s in outlet_language(page)
        if s.evidence.voice == "outlet"
    ]
    assert {"marked", "loaded", "hedge", "distancing"} <= {k for k, *_ in key}


def test_a_frequent_noun_said_of_the_target_still_judges_it() -> None:
    # the common-noun rule is for the outlet's language at large ("disaster" there names an
    # event); said of the target, the stance reads it as before, tags or not
    text = (
        "Harbourline's new timetable is a disaster. Buses still run on Sundays. "
        "The storm last week was a disaster too."
    )
    near, far = text.index("disaster"), text.rindex("disaster")
    tagged, untagged = frame_tagged(text), frame_tagged(text, tagged=False)
    assert (tagged.stance, tagged.score) == (untagged.stance, untagged.score)
    assert [(e.start, e.counted) for e in tagged.evidence if e.kind == "loaded"] == [(near, True)]
    assert [(e.start, e.counted) for e in untagged.evidence if e.kind == "loaded"] == [
        (near, True),
        (far, False),
    ]
