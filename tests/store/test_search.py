"""Full-text search in the SQLite store (FTS5): stemming, phrases, safe queries, older stores."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storyline.errors import BadQuery
from storyline.model import Article
from storyline.store import HIT_CLOSE, HIT_OPEN, open_store
from storyline.store.sqlite import fts5_query

ARTICLES = [
    Article(
        id="a1",
        source="a.txt",
        title="Pier to close",
        text="The harbour council voted to close the old ferry pier on Tuesday.",
    ),
    Article(
        id="a2",
        source="b.txt",
        title="Ferry appeal",
        text="The ferry company is appealing against the council's closing of the pier.",
    ),
    Article(
        id="a3", source="c.txt", title="Rugby", text="Westmere beat the visitors by two tries in the rain."
    ),
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ferry pier", '"ferry" "pier"'),
        ('"old ferry" pier', '"old ferry" "pier"'),
        ("pier* OR NEAR(x) -y", '"pier" "OR" "NEAR" "x" "y"'),
        ("don't", '"don" "t"'),
    ],
)
def test_fts5_query_quotes_every_term(query: str, expected: str) -> None:
    assert fts5_query(query) == expected


@pytest.mark.parametrize("query", ["", "   ", '""', "*-()"])
def test_empty_query_is_refused(query: str) -> None:
    with pytest.raises(BadQuery, match="type one or more words"):
        fts5_query(query)


def test_search_stems_ranks_and_marks(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "s.db")) as store:
        for a in ARTICLES:
            store.add_article(a)
        hits = store.search("closing pier")
        # Porter stemming: "closing" finds "close" too.
        assert {h.article_id for h in hits} == {"a1", "a2"}
        assert all(HIT_OPEN in h.snippet and HIT_CLOSE in h.snippet for h in hits)
        assert [h.article_id for h in store.search('"old ferry pier"')] == ["a1"]
        assert store.search("pier rugby") == []
        assert [h.article_id for h in store.search("rugby")] == ["a3"]  # titles are searched too


def test_older_store_is_indexed_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with open_store(str(path)) as store:
        store.add_article(ARTICLES[0])
    # Drop what migration 0008 made, as if the store predates it.
    db = sqlite3.connect(path)
    db.executescript(
        "DROP TRIGGER articles_fts_insert; DROP TRIGGER articles_fts_delete; DROP TRIGGER articles_fts_update;"
        "DROP TABLE article_fts; DELETE FROM migrations WHERE name = '0008_search';"
    )
    db.close()
    with open_store(str(path)) as store:
        assert [h.article_id for h in store.search("harbour")] == ["a1"]


def test_read_only_store_reads_and_refuses_writes(tmp_path: Path) -> None:
    from storyline.errors import StoreError

    path = str(tmp_path / "ro.db")
    with open_store(path) as store:
        store.add_article(ARTICLES[0])
    with open_store(path, read_only=True) as ro:
        assert [h.article_id for h in ro.search("harbour")] == ["a1"]
        assert ro.get_article("a1").title == "Pier to close"
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            ro.add_article(ARTICLES[1])
    with pytest.raises(StoreError, match="no store at"):
        open_store(str(tmp_path / "missing.db"), read_only=True)
    db = sqlite3.connect(path)
    db.execute("DELETE FROM migrations WHERE name = '0008_search'")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="open it once for writing"):
        open_store(path, read_only=True)


def test_a_long_query_keeps_its_first_terms_only() -> None:
    from storyline.store.sqlite import MAX_QUERY_TERMS, MAX_QUERY_WORDS

    query = fts5_query(" ".join(f"w{i}" for i in range(5000)))
    assert query.count('"') == 2 * MAX_QUERY_TERMS and query.startswith('"w0" "w1"')
    phrase = fts5_query('"' + " ".join(f"p{i}" for i in range(100)) + '"')
    assert phrase.count(" ") == MAX_QUERY_WORDS - 1
