"""End to end: every convention through ``extract_quotes``, and the seed articles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

from storyline.clean import clean_document
from storyline.ingest import read_file
from storyline.model import Article, Quote
from storyline.quotes.extract import extract_quotes

Run = Callable[[str], list[Quote]]
SEEDS = Path(__file__).resolve().parents[2] / "examples" / "kazakhstan-reforms"


def who(q: Quote) -> str | None:
    return q.speaker_resolved or q.speaker


@pytest.mark.parametrize(
    ("text", "quote", "speaker", "cue"),
    [
        ("Maria Lopez runs the clinic.\n\n“We are ready,” Lopez said.", "We are ready", "Lopez", "said"),
        ('The mayor spoke.\n\n"We are ready," said Anna Berg.', "We are ready", "Anna Berg", "said"),
        (
            "«We stand ready to help,» underlined Uzra Zeya.",
            "We stand ready to help",
            "Uzra Zeya",
            "underlined",
        ),
        ("Smith told reporters: “We will win this case.”", "We will win this case.", "Smith", "told"),
        (
            "‘We don’t agree with Kazakhstan’s plan,’ said John Smith.",
            "We don’t agree with Kazakhstan’s plan",
            "John Smith",
            "said",
        ),
    ],
)
def test_direct_quote_with_speaker(quotes: Run, text: str, quote: str, speaker: str, cue: str) -> None:
    (q,) = [q for q in quotes(text) if q.kind == "direct"]
    assert (q.text, q.speaker, q.cue) == (quote, speaker, cue)


def test_split_quote_gives_two_quotes_with_one_speaker(quotes: Run) -> None:
    text = "“They understand that change is hard,” Tokayev said. “Critics look at it superficially.”"
    qs = quotes(text)
    assert [q.text for q in qs] == [
        "They understand that change is hard",
        "Critics look at it superficially.",
    ]
    assert {q.speaker for q in qs} == {"Tokayev"}


def test_multi_paragraph_quote_shares_the_speaker(quotes: Run) -> None:
    text = "“We will keep working on the reforms,” Mamay said. “We have no other choice\n\n“And we will not stop.”"
    qs = [q for q in quotes(text) if q.kind == "direct"]
    assert [q.text for q in qs][-2:] == ["We have no other choice", "And we will not stop."]
    assert {q.speaker for q in qs} == {"Mamay"}


def test_dash_speech_with_trailing_attribution(quotes: Run) -> None:
    text = "Tokayev met the council.\n\n- We have clear guidelines. We solve all problems through dialogue, - Tokayev said."
    (q,) = quotes(text)
    assert (q.text, q.cue, q.speaker) == (
        "We have clear guidelines. We solve all problems through dialogue",
        "said",
        "Tokayev",
    )


def test_dash_speech_speaker_from_preceding_paragraph(quotes: Run) -> None:
    text = (
        "Zhanbolat Mamay disagrees with the president:\n\n- There is no real political reform in the country."
    )
    (q,) = quotes(text)
    assert q.text == "There is no real political reform in the country."
    assert q.speaker == "Zhanbolat Mamay"


def test_dash_list_item_without_speaker_is_refused(quotes: Run) -> None:
    assert quotes("- apples, pears and plums from the market") == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Tokayev rejected the republics, calling them “quasi-state” territories.", "quasi-state"),
        ("The fund will help in “democratization” across the region.", "democratization"),
    ],
)
def test_scare_quotes_are_phrases(quotes: Run, text: str, phrase: str) -> None:
    (q,) = [q for q in quotes(text) if q.text == phrase]
    assert q.kind == "phrase" and q.speaker is None


def test_quoted_title_is_dropped(quotes: Run) -> None:
    assert quotes('He starred in "The End of Time" last year.') == []


def test_unclosed_quote_is_refused(quotes: Run) -> None:
    assert [
        q for q in quotes("“This never closes, he said.\n\nThe story goes on.") if q.kind == "direct"
    ] == []


def test_partial_quote_in_reported_speech_is_direct(quotes: Run) -> None:
    text = "Tokayev says that the authorities “are not carrying out reforms to please someone.”"
    (q,) = quotes(text)
    assert (q.kind, q.speaker, q.cue) == ("direct", "Tokayev", "says")


def test_relayed_statement_keeps_speaker_and_channel(quotes: Run) -> None:
    text = "“The United States fully supports the reforms,” the Kazakh Foreign Ministry quotes the representative State Department."
    (q,) = quotes(text)
    assert (q.speaker, q.channel, q.cue) == (
        "the representative State Department",
        "the Kazakh Foreign Ministry",
        "quotes",
    )


def test_press_statement_speaker_is_the_body(quotes: Run) -> None:
    text = "The ministry issued a statement.\n\n“The border remains open to all travellers,” the NYPD's statement said."
    (q,) = quotes(text)
    assert q.speaker == "the NYPD's statement" and q.speaker_resolved == "NYPD"


def test_rejects_a_parse_of_another_text(nlp: Language) -> None:
    with pytest.raises(ValueError, match="not of this article"):
        extract_quotes("t", "one text", nlp("another text"))


# -- the seed articles (facts checked by reading them) ---------------------------


@pytest.fixture(scope="module")
def seeds(nlp: Language) -> dict[str, tuple[Article, list[Quote]]]:
    out: dict[str, tuple[Article, list[Quote]]] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        article = clean_document(next(iter(read_file(str(path)))))
        out[path.name[:3]] = (article, extract_quotes(article.id, article.text, nlp(article.text)))
    return out


def find(qs: list[Quote], start: str) -> Quote:
    (q,) = [q for q in qs if q.text.startswith(start)]
    return q


def test_seed_000(seeds: dict[str, tuple[Article, list[Quote]]]) -> None:
    _, qs = seeds["000"]
    q = find(qs, "The United States fully supports the reforms")
    assert (q.kind, q.speaker, q.channel) == (
        "direct",
        "the representative State Department",
        "the Kazakh Foreign Ministry",
    )
    for start in ("on the difficult path", "open and receptive institutions", "the sphere of human rights"):
        assert find(qs, start).speaker == "Washington"
    assert find(qs, "quasi-state").kind == "phrase"
    assert find(qs, "Washington wants to see Kazakhstan").kind == "indirect"
    assert who(find(qs, "Kazakhstan is not going to recognize")) == "Tokayev"


def test_seed_001(seeds: dict[str, tuple[Article, list[Quote]]]) -> None:
    _, qs = seeds["001"]
    q = find(qs, "The United States strongly supports")
    assert (q.speaker, q.cue, q.channel) == ("Uzra Zeya", "underlined", "the press service of the Kazakh MFA")
    q = find(qs, "We stand ready to assist Kazakhstan")
    assert (q.speaker, q.speaker_resolved) == ("the message", "Uzra Zeya")
    q = find(qs, "the United States was committed")
    assert (q.kind, q.speaker, q.speaker_resolved) == (
        "indirect",
        "The senior American official",
        "Uzra Zeya",
    )


def test_seed_002_pronouns_resolve_to_zeya(seeds: dict[str, tuple[Article, list[Quote]]]) -> None:
    _, qs = seeds["002"]
    pronouns = [q for q in qs if q.speaker and q.speaker.lower() in {"she", "her"}]
    assert len(pronouns) >= 5
    assert {q.speaker_resolved for q in pronouns} == {"Uzra Zeya"}
    assert all(who(q) in {"Uzra Zeya", "Zeya"} for q in qs)


def test_seed_003_press_statement(seeds: dict[str, tuple[Article, list[Quote]]]) -> None:
    _, qs = seeds["003"]
    q = find(qs, "the Kazakhstani government to fully implement")
    assert (q.kind, q.speaker, q.cue) == ("indirect", "The United States", "calls")


def test_seed_004_dash_speech(seeds: dict[str, tuple[Article, list[Quote]]]) -> None:
    _, qs = seeds["004"]
    q = find(qs, "We have clear guidelines.")
    assert q.text.endswith("The main goal is to improve the potential of our country")
    assert (q.cue, q.speaker) == ("said", "Tokayev")
    q = find(qs, "The package of reforms initiated")
    assert (q.cue, q.speaker) == ("said", "Tokayev")
    q = find(qs, "Tokayev has been president for about two years.")
    assert (q.cue, q.speaker) == ("says", "Zhanbolat Mamay")
    assert q.text.endswith("Political persecution continues")
    for start in ("They understand", "Critics, on the other hand"):
        assert (find(qs, start).speaker, find(qs, start).speaker_resolved) == ("he", "Kassym-Zhomart Tokayev")
    assert find(qs, "has not yet carried out").speaker == "Activists and human rights defenders"
    assert who(find(qs, "has become an important structure")) == "Kassym-Zhomart Tokayev"
    assert find(qs, "establish a dialogue").kind == "phrase"
    # "political reforms" sits inside Mamay's dash speech: part of it, not a quote of its own
    assert not [q for q in qs if q.text == "political reforms"]
