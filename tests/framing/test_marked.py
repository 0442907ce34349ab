"""Marked word choice (rare adjectives, adverbs, verbs, nouns) and common nouns, on made-up sentences."""

from __future__ import annotations

from storyline.framing import lexicon
from storyline.framing.evidence import Page, Scored, outlet_language, word_tags
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
