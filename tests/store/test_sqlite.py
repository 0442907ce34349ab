"""The SQLite store: round trips, idempotence, prefixes, runs, interrupted writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.errors import NoSuchArticle, StoreError
from storyline.model import Article, InputFailure, RemovedLine
from storyline.store import open_store, parse_quote_id, quote_article, quote_id
from storyline.store.sqlite import SQLiteStore

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
opt = st.none() | texts
dates = st.none() | st.dates().map(lambda d: d.isoformat())

articles = st.builds(
    Article,
    id=st.text("0123456789abcdef", min_size=16, max_size=16),
    source=texts,
    text=texts,
    format=st.sampled_from(["text", "html", "warc", "jsonl"]),
    url=opt,
    outlet=opt,
    title=opt,
    author=opt,
    dateline=opt,
    language=st.none() | st.sampled_from(["en", "ru", "kk"]),
    published=dates,
    published_precision=st.none() | st.sampled_from(["day", "month", "year"]),
    published_how=st.sampled_from(["page", "url", "byline", "inferred", "none"]),
    published_window=st.none() | st.tuples(dates, dates).filter(lambda w: any(w)),
    removed=st.lists(st.builds(RemovedLine, text=texts, at=st.integers(0, 10_000), reason=texts), max_size=5),
)


@settings(max_examples=60, deadline=None)
@given(article=articles)
def test_article_round_trips_unchanged(article: Article) -> None:
    with open_store(":memory:") as store:
        assert store.add_article(article) is True
        assert store.get_article(article.id) == article
        assert list(store.iter_articles()) == [article]


def _article(id_: str, **kw: object) -> Article:
    return Article(id=id_, source=f"{id_}.txt", text="Body text.", **kw)  # type: ignore[arg-type]


def test_adding_twice_stores_once_and_keeps_provenance(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    with open_store(db) as store:
        assert store.add_article(_article("aa11")) is True
        assert store.add_article(_article("aa11")) is False
        store.add_source("aa11", "copy/aa11.txt")
        store.add_source("aa11", "copy/aa11.txt")
    with open_store(f"sqlite://{db}") as store:
        assert store.count_articles() == 1
        assert store.sources("aa11") == ["aa11.txt", "copy/aa11.txt"]


@pytest.mark.parametrize(
    ("ref", "expect"),
    [("aa", "several"), ("aa1", "aa11"), ("ab", "ab00"), ("zz", "not an article id"), ("ff", "no article")],
)
def test_id_prefixes(ref: str, expect: str) -> None:
    with open_store(":memory:") as store:
        for i in ("aa11", "aa22", "ab00"):
            store.add_article(_article(i))
        if expect in ("aa11", "ab00"):
            assert store.get_article(ref).id == expect
        else:
            with pytest.raises(NoSuchArticle, match=expect):
                store.get_article(ref)


def test_articles_ordered_by_date_undated_last() -> None:
    with open_store(":memory:") as store:
        store.add_article(_article("c0", published="2022-06-20"))
        store.add_article(_article("a0"))
        store.add_article(_article("b0", published="2021-01-01"))
        assert [a.id for a in store.iter_articles()] == ["b0", "c0", "a0"]


def test_runs_and_failures_are_kept() -> None:
    with open_store(":memory:") as store:
        run = store.start_run(["a.txt", "b.bin"])
        store.add_failure(run, InputFailure(source="b.bin", reason="binary file (PNG image), not a page"))
        store.finish_run(run, new=1, existing=0)
        last = store.last_run()
        assert last is not None and last.inputs == ["a.txt", "b.bin"] and last.new == 1
        assert [str(f) for f in last.failures] == ["b.bin: binary file (PNG image), not a page"]


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    store = SQLiteStore(db)
    store.add_article(_article("a0"))
    # A removed line with text None violates NOT NULL mid-transaction: the article row must roll back too.
    bad = _article("b0", removed=[RemovedLine(text=None, at=0, reason="x")])  # type: ignore[arg-type]
    with pytest.raises(sqlite3.IntegrityError):
        store.add_article(bad)
    assert not store.has_article("b0")
    assert store.add_article(_article("b0")) is True
    store.close()


def test_store_errors_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(str(tmp_path / "missing" / "s.db"))
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="storyline SQLite file"):
        open_store(str(junk))
    with pytest.raises(StoreError, match="backends available: sqlite"):
        open_store("mongodb://localhost/x")


@settings(max_examples=40, deadline=None)
@given(article=articles)
def test_meta_is_the_article_without_its_text(article: Article) -> None:
    with open_store(":memory:") as store:
        store.add_article(article)
        (meta,) = store.iter_article_meta()
        for name in meta.__slots__:  # type: ignore[attr-defined]
            if name != "chars":
                assert getattr(meta, name) == getattr(article, name), name
        assert meta.chars == len(article.text)
        assert store.get_articles([article.id, "ffff"]) == {article.id: article}


def test_bulk_reads_page_through_large_id_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    import storyline.store.sqlite as backend

    monkeypatch.setattr(backend, "ARTICLE_PAGE", 3)
    with open_store(":memory:") as store:
        ids = [f"{i:04x}" for i in range(10)]
        for i, aid in enumerate(ids):
            removed = [RemovedLine(text=f"menu {aid}", at=0, reason="menu")] * (i % 3)
            store.add_article(_article(aid, published=f"2020-01-{10 - i:02d}", removed=removed))
        assert [a.id for a in store.iter_articles()] == ids[::-1]
        assert [a.id for a in store.iter_article_meta()] == ids[::-1]
        assert [a.id for a in store.iter_article_meta([*ids[:5], *ids[:2], "ffff"])] == ids[:5]
        got = store.get_articles(ids)
        assert set(got) == set(ids)
        assert all(len(got[aid].removed) == i % 3 for i, aid in enumerate(ids))


@pytest.mark.parametrize(
    ("qid", "expected"),
    [
        ("a55d7dc9-q0", ("a55d7dc9", 0)),
        ("A55D7DC9-Q12 ", ("a55d7dc9", 12)),
        ("ab-q1-q2", ("ab-q1", 2)),
        ("a55d7dc9", None),
        ("-q3", None),
        ("a55d-qx", None),
    ],
)
def test_quote_ids_parse_in_one_place(qid: str, expected: tuple[str, int] | None) -> None:
    assert parse_quote_id(qid) == expected
    if expected is not None:
        assert quote_article(quote_id(*expected)) == expected[0]


def test_an_older_store_gets_its_entity_index_on_open(tmp_path: Path) -> None:
    from storyline.model import Entity

    db = str(tmp_path / "s.db")
    with open_store(db) as store:
        store.add_article(_article("aa11"))
        store.replace_entities(
            [
                Entity(
                    id="e1",
                    type="PERSON",
                    name="Ana Lima",
                    members=[("aa11", 0), ("aa11", 3)],
                    article_ids=["aa11"],
                )
            ]
        )
    with sqlite3.connect(db) as raw:  # as a store written before migration 0010 looks
        raw.execute("DROP TABLE entity_members")
        raw.execute("DELETE FROM migrations WHERE name = '0010_query_indexes'")
        raw.execute("DROP INDEX quote_links_speaker")
        raw.execute("DROP INDEX framing_story")
    with open_store(db) as store:
        assert store.entity_members(["aa11"]) == {("aa11", 0): "e1", ("aa11", 3): "e1"}


def test_an_older_store_gets_its_timeline_index_on_open(tmp_path: Path) -> None:
    from storyline.model import Evidence, TimelineEntry

    db = str(tmp_path / "s.db")
    entries = [
        TimelineEntry(
            id=f"t{i}",
            date=date,
            precision="day",
            text=f"event {i}",
            article_ids=aids,
            evidence=[Evidence(article_id=aids[0], start=0, end=5)],
        )
        for i, (date, aids) in enumerate(
            [("2024-05-02", ["aa11", "bb22"]), ("2024-04-30", ["bb22"]), ("2024-06-01", ["cc33"])]
        )
    ]
    with open_store(db) as store:
        for aid in ("aa11", "bb22", "cc33"):
            store.add_article(_article(aid))
        store.replace_timeline(entries)
    with sqlite3.connect(db) as raw:  # as a store written before migration 0011 looks
        raw.execute("DROP TABLE timeline_articles")
        raw.execute("DELETE FROM migrations WHERE name = '0011_timeline_articles'")
    with open_store(db) as store:
        assert [t.id for t in store.timeline_of(["bb22"])] == ["t1", "t0"]  # in timeline (date) order
        assert [t.id for t in store.timeline_of(["aa11", "cc33"])] == ["t0", "t2"]
        store.replace_timeline(entries[2:])
        assert store.timeline_of(["bb22"]) == [] and store.count_timeline() == 1


@pytest.mark.parametrize("text", ["\x00", "a\x00b", "naïve café\x00 ünïcode", "plain"])
def test_meta_counts_characters_even_past_a_nul(tmp_path: Path, text: str) -> None:
    with open_store(str(tmp_path / "s.db")) as store:
        store.add_article(Article(id="aa11", source="a.txt", text=text))
        assert next(store.iter_article_meta(["aa11"])).chars == len(text)
