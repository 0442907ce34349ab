"""The store contract: what any backend must do, run against every backend.

Records come from analysing the bundled example (real mentions, quotes, stories),
are written into a fresh store through the write API and must read back the same:
every table round-trips, writing it all again changes nothing, and a write that
fails part-way leaves the previous state.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.analyzer import nlp_stage_version
from storyline.model import ArticleResult, Event, InputFailure
from storyline.pipeline import analyze
from storyline.store import Store, open_store, stored_results

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kazakhstan-reforms"
VERSION = nlp_stage_version(None)

# Every backend runs the same suite: SQLite in a file, PostgreSQL in a fresh database
# on the test server (tests/conftest.py).
BACKENDS: dict[str, Callable[[pytest.FixtureRequest, Path], Store]] = {
    "sqlite": lambda request, folder: open_store(str(folder / "s.db")),
    "postgresql": lambda request, folder: open_store(request.getfixturevalue("pg_url")),
}


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("contract")
    store = open_store(str(folder / "example.db"))
    analyze([str(EXAMPLE)], store, quote_embedder="none")
    yield store
    store.close()


@pytest.fixture(params=sorted(BACKENDS))
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    store = BACKENDS[request.param](request, tmp_path)
    yield store
    store.close()


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in sorted(value.items())}
    return value


def dump(store: Store) -> dict[str, Any]:
    """Every table, read through the store's read API."""
    ids = [a.id for a in store.iter_article_meta()]
    return _plain(
        {
            "articles": list(store.iter_articles()),
            "meta": list(store.iter_article_meta()),
            "sources": {aid: store.sources(aid) for aid in ids},
            "sentences": {aid: store.get_sentences(aid) for aid in ids},
            "word_tags": {aid: store.get_word_tags(aid) for aid in ids},
            "article_entities": list(store.iter_article_entities()),
            "times": list(store.iter_times()),
            "events": list(store.iter_events()),
            "quotes": list(store.iter_quotes()),
            "quote_links": store.quote_links(),
            "entities": list(store.iter_entities()),
            "timeline": list(store.iter_timeline()),
            "features": store.story_features(),
            "topics": store.topics(),
            "copies": store.duplicates(),
            "stories": list(store.iter_stories()),
            "framing": list(store.iter_framing()),
            "needing": store.articles_needing("nlp", VERSION),
            "quote_index": store.quote_index(article_ids=ids, stems=True),
        }
    )


def results_of(store: Store) -> list[ArticleResult]:
    return list(stored_results(store, page=2))  # small pages: the paging is read too


def copy_into(src: Store, dst: Store) -> None:
    """Write everything ``src`` holds into ``dst`` through the write API."""
    for article in src.iter_articles():
        dst.add_article(article)
        for source in src.sources(article.id):
            dst.add_source(article.id, source)
    dst.put_results(results_of(src), VERSION)
    dst.replace_entities(list(src.iter_entities()))
    dst.replace_timeline(list(src.iter_timeline()))
    dst.replace_quote_links(src.quote_links())
    ids = [a.id for a in src.iter_article_meta()]
    dst.replace_quote_index(src.quote_index(article_ids=ids, stems=True).values(), None)
    dst.save_stories(src.topics(), list(src.iter_stories()), src.duplicates(), list(src.iter_framing()))


def test_every_table_round_trips(source: Store, fresh: Store) -> None:
    copy_into(source, fresh)
    assert dump(fresh) == dump(source)
    assert dump(fresh)["stories"], "the example must give stories, or this test proves little"
    assert any(dump(fresh)["word_tags"].values()), "the example must give word tags"


def test_writing_everything_again_changes_nothing(source: Store, fresh: Store) -> None:
    copy_into(source, fresh)
    once = dump(fresh)
    copy_into(source, fresh)
    assert dump(fresh) == once


def test_runs_and_vectors_round_trip(fresh: Store) -> None:
    run = fresh.start_run(["a.html", "b.bin"])
    fresh.add_failure(run, InputFailure(source="b.bin", reason="binary file"))
    fresh.finish_run(run, new=1, existing=2)
    last = fresh.last_run()
    assert last is not None and (last.new, last.existing) == (1, 2)
    assert [str(f) for f in last.failures] == ["b.bin: binary file"]
    fresh.put_vectors("m", {"k1": b"\x00\x01", "k2": b"\x02"})
    fresh.put_vectors("m", {"k1": b"\x00\x01"})
    assert fresh.get_vectors("m", ["k1", "k2", "k3"]) == {"k1": b"\x00\x01", "k2": b"\x02"}


class Unstorable:
    """Not JSON: writing it fails after earlier rows of the same call were written."""


def test_a_failed_batch_leaves_the_previous_state(source: Store, fresh: Store) -> None:
    copy_into(source, fresh)
    before = dump(fresh)
    results = results_of(source)
    last = results[-1].analysis
    bad_event = Event(
        article_id=last.article_id,
        start=0,
        end=1,
        text="x",
        time_start=None,
        time_end=None,
        value="2020",
        participants=[Unstorable()],  # type: ignore[list-item]
    )
    results[-1] = dataclasses.replace(
        results[-1], analysis=dataclasses.replace(last, events=[*last.events, bad_event])
    )
    with pytest.raises(TypeError):
        fresh.put_results(results, "another-version")
    assert dump(fresh) == before


def test_windows_and_the_stages_to_redo_are_set_together(source: Store, fresh: Store) -> None:
    copy_into(source, fresh)
    undated = next(a for a in fresh.iter_article_meta() if not a.published)
    fresh.set_windows({undated.id: ("2020-01-01", None)}, "events", redo=["nlp"])
    (meta,) = fresh.iter_article_meta([undated.id])
    assert meta.published_window == ("2020-01-01", None) and meta.window_how == "events"
    assert fresh.articles_needing("nlp", VERSION) == [undated.id]


def test_sqlite_file_is_sound_after_a_failed_write(tmp_path: Path, source: Store) -> None:
    store = open_store(str(tmp_path / "s.db"))
    copy_into(source, store)
    before = dump(store)
    links = dict(store.quote_links())
    links["x-q0"] = Unstorable()  # type: ignore[assignment]
    with pytest.raises(AttributeError):
        store.replace_quote_links(links)  # the old links were deleted in the same transaction
    assert dump(store) == before
    store.close()
    with sqlite3.connect(tmp_path / "s.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_projections_and_reads_by_id_agree_with_the_full_reads(source: Store, fresh: Store) -> None:
    copy_into(source, fresh)
    s = fresh
    entities = list(s.iter_entities())
    assert [(h.id, h.name, h.type, h.mentions, h.articles) for h in s.entity_heads()] == [
        (e.id, e.name, e.type, e.mentions, len(e.article_ids)) for e in entities
    ]
    heads = s.entity_heads()
    assert s.count_entities() == len(heads) == len(entities)
    assert s.entity_heads(limit=3) == heads[:3]
    picked = [heads[-1].id, heads[1].id, "no-such-entity"]
    assert s.entity_heads(picked) == [heads[1], heads[-1]]  # most mentioned first, unknown ids left out
    assert s.entity_heads(picked, limit=1) == [heads[1]]
    ids = [a.id for a in s.iter_article_meta()]
    dated = sorted(((a.published, a.id) for a in s.iter_article_meta() if a.published), reverse=True)
    first, last = dated[-1][0][:10], dated[0][0][:10]
    by_id = sorted(dated, key=lambda d: d[1])
    # The latest first, ties by id (a stable sort keeps the id order among equal dates).
    assert s.articles_published_between(first, last, 100) == [
        aid for _, aid in sorted(by_id, key=lambda d: d[0], reverse=True)
    ]
    assert s.articles_published_between(last, last, 1) == [dated[0][1]]
    assert s.articles_published_between("1900-01-01", "1900-12-31", 10) == []
    full = s.get_articles(ids)
    assert s.article_leads([*ids, "no-such-article"], 40) == {
        a: (full[a].title, full[a].text[:40]) for a in ids
    }
    assert s.topics() == list(s.iter_topics()) and s.topic_count() == len(s.topics())
    pages = list(s.article_id_pages(2))
    assert [a for page in pages for a in page] == sorted(ids)
    assert {len(page) for page in pages[:-1]} == {2} and 1 <= len(pages[-1]) <= 2
    assert s.entity_members(ids) == {member: e.id for e in entities for member in e.members}
    some = ids[::2]
    assert list(s.iter_entities([entities[-1].id, entities[0].id])) == [entities[0], entities[-1]]
    assert list(s.iter_times(some)) == [t for t in s.iter_times() if t.article_id in some]
    timeline = list(s.iter_timeline())
    assert s.count_timeline() == len(timeline)
    assert s.timeline_of(some) == [t for t in timeline if set(t.article_ids) & set(some)]
    assert s.timeline_of([]) == []
    assert list(s.quotes_of(some)) == [(qid, q) for qid, q in s.iter_quotes() if q.article_id in some]
    framing = list(s.iter_framing())
    assert list(s.iter_framing(article_ids=some)) == [f for f in framing if f.article_id in some]
    assert s.framing_heads() == {f.article_id: (f.source_type, f.stance) for f in framing}
    stories = list(s.iter_stories())
    assert [
        (h.id, h.topic_id, h.title, h.article_ids, h.first_date, h.last_date, h.stance)
        for h in s.story_heads()
    ] == [(x.id, x.topic_id, x.title, x.article_ids, x.first_date, x.last_date, x.stance) for x in stories]
    assert [(sid, tid, aids) for sid, tid, aids in s.iter_story_members()] == [
        (x.id, x.topic_id, x.article_ids) for x in stories
    ]
    assert s.story_count() == len(stories) > 1
    first, last = stories[0], stories[-1]
    assert s.story_members([last.id, "no-such-story"], [first.topic_id]) == {
        x.id: (x.topic_id, x.article_ids) for x in stories if x.id == last.id or x.topic_id == first.topic_id
    }
    assert s.story_members() == {}
    assert s.stories_of_articles([*ids, "no-such-article"]) == {
        a: x.id for x in stories for a in x.article_ids
    }
    copies = s.duplicates()
    assert s.duplicates(ids[1::2]) == [d for d in copies if d.article_id in ids[1::2]]
    links = s.quote_links()
    for e in entities[:20]:
        assert s.quotes_by_speaker(e.id) == [
            qid for qid, _ in s.iter_quotes() if qid in links and links[qid].speaker_entity_id == e.id
        ]
    features = s.story_features()
    assert s.story_features(some) == {a: features[a] for a in some if a in features}
    assert s.story_signatures(some) == {a: features[a].signature for a in some if a in features}
    assert s.articles_without_features() == [a for a in ids if a not in features]
    in_story = {a for x in stories for a in x.article_ids}
    assert s.articles_without_story() == [a for a in ids if a not in in_story]


def test_entities_by_id_come_in_one_order_whatever_order_or_paging_asks(
    source: Store, fresh: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyline.store.sqlite as backend

    copy_into(source, fresh)
    everything = list(fresh.iter_entities())
    monkeypatch.setattr(backend, "ARTICLE_PAGE", 3)  # several pages (a no-op for a server backend)
    ids = [e.id for e in everything]
    for asked in (ids[::-1], sorted(ids), ids[1::2][::-1]):
        assert [e.id for e in fresh.iter_entities(asked)] == [i for i in ids if i in set(asked)]


def test_the_quote_index_answers_what_its_rows_hold(source: Store, fresh: Store) -> None:
    copy_into(source, fresh)
    ids = [a.id for a in fresh.iter_article_meta()]
    rows = fresh.quote_index(article_ids=ids, stems=True)
    matchable = [r for r in rows.values() if r.matchable]
    assert matchable and any(r.strong for r in matchable), "the example must give strong matches"
    assert fresh.quote_index(quote_ids=list(rows)[:3]) == {
        q: dataclasses.replace(rows[q], stems=[]) for q in list(rows)[:3]
    }
    stems = sorted({s for r in matchable for s in r.stems})
    holders = {s: sorted(r.quote_id for r in matchable if s in r.stems) for s in stems}
    assert fresh.quote_term_counts([*stems, "no-such-stem"]) == {s: len(q) for s, q in holders.items()}
    assert fresh.quote_term_postings(stems, 1) == {s: q for s, q in holders.items() if len(q) <= 1}
    # Counted up to a limit: exact below it, the limit beyond (never a whole index range).
    assert max(len(q) for q in holders.values()) > 2, "the example must have a stem of three quotes"
    assert fresh.quote_term_counts([*stems, "no-such-stem"], 2) == {
        s: min(len(q), 2) for s, q in holders.items()
    }
    speakers = sorted({r.speaker for r in matchable if r.speaker})
    blocks = {sp: sorted(r.quote_id for r in matchable if r.speaker == sp) for sp in speakers}
    assert fresh.quote_block_sizes(speakers) == {sp: len(q) for sp, q in blocks.items()}
    assert fresh.quote_block_sizes(speakers, 1) == dict.fromkeys(blocks, 1)
    assert fresh.quote_blocks(speakers, 1) == {sp: q for sp, q in blocks.items() if len(q) <= 1}
    short = min(r.size for r in matchable)
    assert fresh.quote_index(quote_ids=list(rows), max_size=short) == {
        q: dataclasses.replace(r, stems=[]) for q, r in rows.items() if r.size <= short
    }
    # Written again without their stems, then the stems in bulk, sorted: the same index.
    everything = list(rows.values())
    fresh.replace_quote_index(everything, None, terms=False)
    assert fresh.quote_term_counts(stems) == {}
    fresh.add_quote_terms(sorted((s, r.quote_id) for r in everything for s in r.stems))
    assert fresh.quote_index(article_ids=ids, stems=True) == rows
    # Rows of one article replaced, then one quote removed with its links.
    first = matchable[0]
    fresh.replace_quote_index([dataclasses.replace(first, strong=["z"])], [first.article_id])
    assert set(fresh.quote_index(article_ids=[first.article_id])) == {first.quote_id}
    fresh.update_quote_links({}, {first.quote_id: ["y"]}, [])
    assert fresh.quote_index(quote_ids=[first.quote_id])[first.quote_id].strong == ["y"]
    fresh.update_quote_links({}, {}, [first.quote_id])
    assert fresh.quote_index(quote_ids=[first.quote_id]) == {}
    assert first.quote_id not in fresh.quote_links([first.quote_id])


def test_change_feeds_and_marks(source: Store, fresh: Store) -> None:
    copy_into(source, fresh)
    ids = sorted(a.id for a in fresh.iter_article_meta())
    changed, token = fresh.changes_since("stage")
    assert changed is None  # never marked: redo everything
    fresh.mark_done("stage", token)
    assert fresh.changes_since("stage") == ([], token)
    assert fresh.changes_since("stage", "entities")[0] is None  # each feed has its own mark
    fresh.mark_done("stage", 0, "entities")
    fresh.note_entity_changes(ids[:2])
    touched, entity_token = fresh.changes_since("stage", "entities")
    assert touched == ids[:2]
    fresh.mark_done("stage", entity_token, "entities")
    assert fresh.changes_since("stage", "entities")[0] == []
    fresh.note_entity_changes(None)  # every article: the readers' marks are dropped
    assert fresh.changes_since("stage", "entities")[0] is None
    assert fresh.changes_since("stage")[0] == []
    fresh.forget_stage("stage")
    assert fresh.changes_since("stage")[0] is None
    with pytest.raises(ValueError, match="feed"):
        fresh.changes_since("stage", "no-such-feed")


def test_story_bands_find_originals_only(source: Store, fresh: Store) -> None:
    from storyline.stories.dedup import band_keys

    copy_into(source, fresh)
    missing = fresh.articles_without_bands()
    copies = {d.article_id for d in fresh.duplicates()}
    signatures = fresh.story_signatures(missing)
    assert missing and not copies & set(missing)
    fresh.put_story_bands((b, k, aid) for aid, sig in signatures.items() for b, k in band_keys(sig))
    assert fresh.articles_without_bands() == []
    aid, sig = next(iter(signatures.items()))
    assert fresh.story_band_articles(band_keys(sig))[aid] == sig
    assert fresh.story_band_articles([(0, 12345)]) == {}


def test_a_write_session_commits_every_n_and_an_interruption_keeps_what_was_committed(
    source: Store, fresh: Store
) -> None:
    articles = list(source.iter_articles())
    assert len(articles) == len(list(EXAMPLE.glob("*.txt")))
    with pytest.raises(KeyboardInterrupt), fresh.write_session(every=2):
        for i, article in enumerate(articles):
            if i == 3:
                raise KeyboardInterrupt  # as Ctrl-C while the fourth page is being cleaned
            fresh.add_article(article)
    # Two were committed with the first group; the third was in the open group.
    assert {a.id for a in fresh.iter_article_meta()} == {a.id for a in articles[:2]}
    with fresh.write_session(every=2):
        for article in articles:
            fresh.add_article(article)
        with pytest.raises(AttributeError):
            fresh.replace_quote_links({"x-q0": Unstorable()})  # type: ignore[dict-item]
        fresh.add_source(articles[0].id, "again.html")  # the session goes on after a failed write
    assert fresh.count_articles() == len(articles) and "again.html" in fresh.sources(articles[0].id)


# Dates of every precision, around month, quarter, year and leap-day edges.
_DATED = [
    ("2023-12-28", "day"),
    ("2024-02-29", "day"),
    ("2024-02", "month"),
    ("2024-06", "month"),
    ("2024-04", "quarter"),
    ("2023-10", "quarter"),
    ("2023-12-25", "week"),
    ("2024-02-26", "week"),
    ("2023", "year"),
    ("2024", "year"),
]


@pytest.mark.parametrize(
    ("date_from", "date_to"),
    [
        (None, None),
        ("2024", None),
        (None, "2023-12-31"),
        ("2024-01-01", "2024-01-01"),
        ("2024-03", "2024-03"),
        ("2024-02-29", "2024-03-01"),
        ("2023-12-31", "2024-01-02"),
        ("2024-07", "2024-06-30"),
    ],
)
def test_a_timeline_page_holds_what_filtering_the_whole_timeline_keeps(
    fresh: Store, date_from: str | None, date_to: str | None
) -> None:
    from storyline.model import Article, TimelineEntry
    from storyline.timeline import filter_timeline, query_timeline

    for outlet in ("Harbour Post", "Valley Times"):
        fresh.add_article(Article(id=outlet[0].lower(), source=f"{outlet}.html", text="x", outlet=outlet))
    fresh.add_article(Article(id="n", source="no-outlet.txt", text="y"))  # names no outlet
    entries = [
        TimelineEntry(
            id=f"t{n}",
            date=date,
            precision=precision,
            text=f"event {n}",
            article_ids=["h" if n % 2 else "v", *(["n"] if n % 4 == 0 else [])],
            entity_ids=["e-ship"] if n % 3 == 0 else [],
        )
        for n, (date, precision) in enumerate(_DATED)
    ]
    fresh.replace_timeline(entries)
    whole = list(fresh.iter_timeline())
    for entity_id in (None, "e-ship"):
        for outlet, article in ((None, None), ("Harbour Post", "h"), ("", "n")):
            try:
                want = filter_timeline(whole, date_from=date_from, date_to=date_to, entity_id=entity_id)
            except ValueError:
                with pytest.raises(ValueError):
                    query_timeline(fresh, date_from=date_from, date_to=date_to)
                return
            want = [e for e in want if article is None or article in e.article_ids]
            args = {"date_from": date_from, "date_to": date_to, "entity_id": entity_id, "outlet": outlet}
            assert query_timeline(fresh, **args) == (want, len(want))
            assert query_timeline(fresh, **args, offset=1, limit=2) == (want[1:3], len(want))


def test_a_mention_nominative_round_trips(fresh: Store) -> None:
    from storyline.model import Analysis, Article, ArticleEntities, Mention, StoryFeatures

    text = "Визит Ильи Орлова в Тулу."
    article = Article(id="ru1", source="ru1.txt", text=text, language="ru")
    fresh.add_article(article)
    mentions = [
        Mention(
            article_id="ru1", start=6, end=17, text="Ильи Орлова", label="PERSON", chain=0, norm="Илья Орлов"
        ),
        Mention(article_id="ru1", start=20, end=24, text="Тулу", label="GPE", chain=1, norm="Тула"),
    ]
    analysis = Analysis(article_id="ru1", entities=ArticleEntities(article_id="ru1", mentions=mentions))
    result = ArticleResult(article_id="ru1", analysis=analysis, features=StoryFeatures(article_id="ru1"))
    fresh.put_results([result], VERSION)
    (stored,) = fresh.iter_article_entities()
    assert stored.mentions == mentions
