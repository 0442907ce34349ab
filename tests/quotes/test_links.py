"""Quote links redone only where changed articles reach equal the whole corpus linked again."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import numpy as np
import pytest

from storyline.entities.incremental import resolve_store
from storyline.model import Analysis, Article, ArticleEntities, Mention, Quote
from storyline.quotes import links, match
from storyline.quotes.embed import Matrix
from storyline.quotes.links import link_store
from storyline.store import Store, open_store

# Content words a few quotes share (so stems cross a small document-frequency cap),
# and stop words that change the wording but not the stems.
WORDS = [
    "harbour",
    "tariff",
    "ferry",
    "strike",
    "levy",
    "quay",
    "pilots",
    "cargo",
    "ballot",
    "wharf",
    "crane",
    "toll",
]
FILLER = ["the", "we", "will", "not", "and", "it", "is", "of", "to", "a"]
# The same content words in Russian: quotes across scripts, compared only by embeddings.
RUSSIAN = dict(
    zip(
        [
            "гавань",
            "тариф",
            "паром",
            "забастовка",
            "сбор",
            "причал",
            "лоцманы",
            "груз",
            "голосование",
            "пристань",
            "кран",
            "пошлина",
        ],
        WORDS,
        strict=True,
    )
)
STAGE = "quote_links:test"
# People whose names link and split as batches arrive (a surname alone, two people
# sharing it), and an organisation: speakers move between entities and blocks.
NAMES = [
    ("Mara Olsen", "PERSON", "name"),
    ("Olsen", "PERSON", "surname"),
    ("Tobias Olsen", "PERSON", "name"),
    ("Ilse Brandt", "PERSON", "name"),
    ("Brandt", "PERSON", "surname"),
    ("Tobias Wren", "PERSON", "name"),
    ("Harbour Authority", "ORG", "name"),
]


def entities_of(aid: str, picks: list[tuple[str, str, str]]) -> ArticleEntities:
    mentions, at = [], 1500
    for chain, (text, label, kind) in enumerate(picks):
        mentions.append(
            Mention(
                article_id=aid, start=at, end=at + len(text), text=text, label=label, kind=kind, chain=chain
            )
        )
        at += len(text) + 1
    return ArticleEntities(article_id=aid, mentions=mentions)


class BagEmbedder:
    """A small real embedder: hashed word counts, normalised (deterministic, no model)."""

    name = "bag-test"
    version = "1"

    def encode(self, texts: list[str]) -> Matrix:
        rows = np.zeros((len(texts), 64), dtype=np.float32)
        for i, text in enumerate(texts):
            for w in text.lower().split():
                rows[i, hashlib.sha1(w.encode()).digest()[0] % 64] += 1.0
            rows[i] /= max(1e-9, float(np.linalg.norm(rows[i])))
        return rows


class TranslatingEmbedder(BagEmbedder):
    """``BagEmbedder`` that reads the Russian words as their English ones and skips the
    filler (a real multilingual embedder places a translation near its original)."""

    name = "bag-translating-test"

    def encode(self, texts: list[str]) -> Matrix:
        read = [[RUSSIAN.get(w, w) for w in t.lower().split()] for t in texts]
        return super().encode([" ".join(w for w in words if w not in FILLER) for words in read])


def quote_text(rng: random.Random, russian: bool = False) -> str:
    words = rng.sample(WORDS, rng.randint(1, 5)) + rng.sample(FILLER, rng.randint(0, 4))
    rng.shuffle(words)
    if russian and rng.random() < 0.4:
        english = {v: k for k, v in RUSSIAN.items()}
        return " ".join(english[w] for w in words if w in english)
    return " ".join(words)


def analysis(aid: str, rng: random.Random, russian: bool = False) -> Analysis:
    ents = entities_of(aid, rng.sample(NAMES, rng.randint(1, 3)))
    people = [mn for mn in ents.mentions if mn.label == "PERSON"]
    quotes = []
    for seq in range(rng.randint(0, 5)):
        start = rng.choice((100, 300, 600, 1200)) + seq
        text = quote_text(rng, russian)
        speaker = rng.choice([None, *people]) if people else None
        how = rng.random()
        quotes.append(
            Quote(
                article_id=aid,
                kind=rng.choice(("direct", "direct", "indirect", "phrase")),
                text=text,
                start=start,
                end=start + len(text),
                speaker=speaker.text if speaker else None,
                # Found by the mention's offsets, or by its name alone.
                speaker_start=speaker.start if speaker and how < 0.5 else None,
                speaker_end=speaker.end if speaker and how < 0.5 else None,
            )
        )
    return Analysis(article_id=aid, entities=ents, quotes=quotes)


def write(store: Store, analyses: list[Analysis]) -> None:
    for a in analyses:
        store.add_article(Article(id=a.article_id, source=f"{a.article_id}.txt", text="x" * 2000))
        store.put_analysis(a, "v1")


def link(store: Store, embedder: BagEmbedder | None) -> int | None:
    resolve_store(store, None)
    return link_store(store, embedder, STAGE, [])


@pytest.fixture
def small_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    # Caps a handful of quotes cross, so stems and blocks change side as batches arrive.
    monkeypatch.setattr(match, "_MAX_DF", 4)
    monkeypatch.setattr(match, "_BLOCK_MAX", 3)
    monkeypatch.setattr(links, "FULL_SHARE", 1.0)  # every later batch linked incrementally


@pytest.mark.usefixtures("small_caps")
@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("embedded", [False, True], ids=["words", "embedded"])
def test_batches_and_rewrites_give_what_one_whole_run_gives(
    seed: int, embedded: bool, tmp_path: Path
) -> None:
    rng = random.Random(seed)
    embedder = BagEmbedder() if embedded else None
    ids = [f"{rng.getrandbits(32):08x}" for _ in range(24)]
    final = {aid: analysis(aid, rng) for aid in ids}
    store = open_store(str(tmp_path / "incremental.db"))
    batches = [ids[:10], ids[10:17], ids[17:]]
    for batch in batches:
        if batch is not batches[0]:
            # Earlier articles analysed again (other quotes, other names), as a re-parse would.
            for redo in rng.sample(ids[: ids.index(batch[0])], 2):
                final[redo] = analysis(redo, rng)
                batch = [*batch, redo]
        write(store, [final[aid] for aid in batch])
        link(store, embedder)
    whole = open_store(str(tmp_path / "whole.db"))
    write(whole, [final[aid] for aid in sorted(final)])
    link(whole, embedder)
    assert store.quote_links() == whole.quote_links()
    assert store.quote_index(article_ids=ids, stems=True) == whole.quote_index(article_ids=ids, stems=True)


def test_a_run_with_nothing_new_does_nothing(tmp_path: Path) -> None:
    rng = random.Random(2)
    store = open_store(str(tmp_path / "s.db"))
    write(store, [analysis(f"a{i}", rng) for i in range(8)])
    assert link(store, None) is not None
    assert link(store, None) is None


@pytest.mark.usefixtures("small_caps")
def test_a_new_article_recomputes_the_quotes_it_reaches_not_the_corpus(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.db"))
    far = [f"{w}{n}" for n in range(30) for w in ("quay", "levy")]  # words no new quote shares
    old = [
        Analysis(
            article_id=f"old{i}",
            entities=ArticleEntities(article_id=f"old{i}"),
            quotes=[
                Quote(
                    article_id=f"old{i}",
                    kind="direct",
                    text=f"{far[2 * i]} {far[2 * i + 1]} pilots",
                    start=0,
                    end=20,
                )
            ],
        )
        for i in range(20)
    ]
    write(store, old)
    assert link(store, None) == 20  # the first run links everything
    new = [
        Analysis(
            article_id=f"new{i}",
            entities=ArticleEntities(article_id=f"new{i}"),
            quotes=[
                Quote(article_id=f"new{i}", kind="direct", text="ferry tariff strike ballot", start=0, end=30)
            ],
        )
        for i in range(2)
    ]
    write(store, new)
    assert link(store, None) == 2
    links = store.quote_links()
    assert [x.quote_id for x in links["new0-q0"].matches] == ["new1-q0"]
    assert links["old0-q0"].matches == []


def test_an_interrupted_run_leaves_the_links_as_they_were_and_is_redone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(9)
    records = [analysis(f"d{i}", rng) for i in range(40)]
    store = open_store(str(tmp_path / "s.db"))
    write(store, records[:38])
    link(store, None)
    before = store.quote_links()
    write(store, records[38:])
    resolve_store(store, None)
    with monkeypatch.context() as m:
        m.setattr(store, "update_quote_links", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt))
        with pytest.raises(KeyboardInterrupt):
            link_store(store, None, STAGE, [])
    assert store.quote_links() == before
    link(store, None)
    whole = open_store(str(tmp_path / "whole.db"))
    write(whole, records)
    link(whole, None)
    assert store.quote_links() == whole.quote_links()


def in_memory_links(store: Store, embedder: BagEmbedder | None) -> dict[str, tuple[str | None, list[object]]]:
    """Every quote's speaker and matches, all quotes matched at once in memory (``match_quotes``)."""
    ids = sorted(a.id for a in store.iter_article_meta())
    found = links.Speakers(store, ids)
    speakers, inputs = {}, []
    for qid, quote in store.quotes_of(ids):
        speakers[qid] = found.of(quote)
        inputs.append((qid, quote, found.block(speakers[qid])))
    matches = match.match_quotes(inputs, embedder=embedder)
    return {qid: (speakers[qid], matches[qid]) for qid in speakers}


@pytest.mark.usefixtures("small_caps")
@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("embedded", [False, True, "scripts"], ids=["words", "embedded", "scripts"])
def test_linking_a_page_at_a_time_gives_what_all_at_once_gives(
    seed: int, embedded: bool | str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(links, "PAGE", 3)  # many pages: pairs across pages, support across pages
    monkeypatch.setattr(links, "DECIDE_CHUNK", 2)  # a pair's support and agreement in other chunks
    rng = random.Random(seed)
    russian = embedded == "scripts"
    if russian:  # cross-script pairs are found through a speaker's block only: keep them
        monkeypatch.setattr(match, "_BLOCK_MAX", 50)
    embedder = TranslatingEmbedder() if russian else BagEmbedder() if embedded else None
    store = open_store(str(tmp_path / "s.db"))
    write(store, [analysis(f"{rng.getrandbits(32):08x}", rng, russian) for _ in range(20)])
    link(store, embedder)
    got = {qid: (ln.speaker_entity_id, ln.matches) for qid, ln in store.quote_links().items()}
    assert got == in_memory_links(store, embedder)


def test_a_cross_script_pair_decided_apart_still_yields_to_its_better_partner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One English statement; its Russian article renders it twice, as a close fragment and a
    # looser one. Only the closer rendering is the match, though the two pairs are decided
    # in different chunks (each chunk reads the quote's other cross-script pairs).
    monkeypatch.setattr(links, "DECIDE_CHUNK", 1)
    english = "tariff ferry strike wharf"
    close = "тариф паром забастовка пристань"
    loose = "тариф паром забастовка пристань кран"

    def said(aid: str, texts: list[str]) -> Analysis:
        ents = entities_of(aid, [("Mara Olsen", "PERSON", "name")])
        name = ents.mentions[0]
        quotes = [
            Quote(
                article_id=aid,
                kind="direct",
                text=text,
                start=100 + 200 * seq,
                end=100 + 200 * seq + len(text),
                speaker=name.text,
                speaker_start=name.start,
                speaker_end=name.end,
            )
            for seq, text in enumerate(texts)
        ]
        return Analysis(article_id=aid, entities=ents, quotes=quotes)

    store = open_store(str(tmp_path / "s.db"))
    write(store, [said("a1", [english]), said("b2", [close, loose])])
    embedder = TranslatingEmbedder()
    link(store, embedder)
    got = {qid: (ln.speaker_entity_id, ln.matches) for qid, ln in store.quote_links().items()}
    assert got == in_memory_links(store, embedder)
    texts = dict(store.iter_quotes())
    (english_id,) = [q for q, quote in texts.items() if quote.text == english]
    assert [texts[m.quote_id].text for m in got[english_id][1]] == [close]
