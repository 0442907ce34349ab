"""What the PostgreSQL backend does apart from the contract: its dialect, search, text it
cannot hold, read-only use, readers beside a writer, and errors (a real server: conftest)."""

from __future__ import annotations

import pytest

from storyline.errors import StoreError
from storyline.model import Article
from storyline.store import HIT_CLOSE, HIT_OPEN, open_store, redact
from storyline.store.postgres import migrations, translate


@pytest.mark.parametrize(
    ("sqlite", "postgres"),
    [
        ("SELECT a FROM t WHERE b = ? AND c LIKE '%x'", "SELECT a FROM t WHERE b = %s AND c LIKE '%%x'"),
        ("BEGIN IMMEDIATE", "BEGIN"),
        (
            "INSERT OR IGNORE INTO t (a, b) VALUES (?, ?)",
            "INSERT INTO t (a, b) VALUES (%s, %s) ON CONFLICT DO NOTHING",
        ),
        (
            "INSERT OR REPLACE INTO stage_marks (stage, seq) VALUES (?, ?)",
            "INSERT INTO stage_marks (stage, seq) VALUES (%s, %s) ON CONFLICT (stage) DO UPDATE SET seq = EXCLUDED.seq",
        ),
        (
            "INSERT OR REPLACE INTO article_stages (article_id, stage, version) VALUES (?, 'nlp', ?)",
            "INSERT INTO article_stages (article_id, stage, version) VALUES (%s, 'nlp', %s) "
            "ON CONFLICT (article_id, stage) DO UPDATE SET version = EXCLUDED.version",
        ),
        (
            "SELECT x FROM (VALUES (1)) k CROSS JOIN bands b ON b.k = k.column1",
            "SELECT x FROM (VALUES (1)) k JOIN bands b ON b.k = k.column1",
        ),
        ("SELECT json_array_length(ids) FROM s", "SELECT json_array_length(CAST(ids AS json)) FROM s"),
    ],
)
def test_statements_are_translated(sqlite: str, postgres: str) -> None:
    assert translate(sqlite) == postgres


def test_the_schema_keeps_sqlite_order_and_types() -> None:
    ddl = "\n".join(sql for _, statements in migrations() for sql in statements)
    assert "BLOB" not in ddl and "WITHOUT ROWID" not in ddl and "AUTOINCREMENT" not in ddl
    assert " REAL" not in ddl  # 8-byte floats, as SQLite's REAL
    assert 'TEXT COLLATE "C"' in ddl  # byte order, as SQLite compares
    assert "matchable BOOLEAN" in ddl


def test_a_password_never_shows_in_the_location() -> None:
    assert redact("postgresql://ann:secret@db.example:5433/news") == "postgresql://ann@db.example:5433/news"
    assert redact("postgresql://ann@db/news") == "postgresql://ann@db/news"
    assert redact("some/file.db") == "some/file.db"


ARTICLES = [
    Article(
        id="a1",
        source="a.txt",
        title="Pier to close",
        text="The harbour council voted to close the old ferry pier.",
    ),
    Article(
        id="a2",
        source="b.txt",
        title="Ferry appeal",
        text="The ferry company is appealing the closing of the pier.",
    ),
    Article(id="a3", source="c.txt", title="Rugby", text="Westmere beat the visitors in the state final."),
    Article(id="a4", source="d.txt", title="Budget", text="A state of the art budget, said the treasurer."),
]


def test_search_stems_keeps_stop_words_in_phrases_and_marks(pg_url: str) -> None:
    with open_store(pg_url) as store:
        for a in ARTICLES:
            store.add_article(a)
        hits = store.search("closing pier")
        assert {h.article_id for h in hits} == {"a1", "a2"}  # stemmed: "closing" finds "close"
        assert all(HIT_OPEN in h.snippet and HIT_CLOSE in h.snippet for h in hits)
        assert [h.article_id for h in store.search('"old ferry pier"')] == ["a1"]
        # Stop words are kept: the phrase "the state" is not the word "state".
        assert [h.article_id for h in store.search('"the state"')] == ["a3"]
        assert {h.article_id for h in store.search("state")} == {"a3", "a4"}
        assert [h.article_id for h in store.search("rugby")] == ["a3"]  # titles are searched too
        assert store.search("pier rugby") == []


@pytest.mark.parametrize("text", ["\x00", "a\x00b", "naïve café\x00 ünïcode", "plain"])
def test_a_nul_is_stored_as_a_replacement_character_one_for_one(pg_url: str, text: str) -> None:
    with open_store(pg_url) as store:
        store.add_article(Article(id="aa11", source="a\x00.txt", text=text))
        got = store.get_article("aa11")
        assert got.text == text.replace("\x00", "\ufffd")
        assert next(store.iter_article_meta(["aa11"])).chars == len(text)


def test_readers_see_what_is_committed_while_a_writer_works(pg_url: str) -> None:
    with open_store(pg_url) as writer:
        writer.add_article(ARTICLES[0])
        with open_store(pg_url, read_only=True) as reader, writer.write_session(every=1000):
            writer.add_article(ARTICLES[1])
            assert reader.count_articles() == 1  # the open batch is not seen
            assert reader.search("ferry")[0].article_id == "a1"
        with open_store(pg_url, read_only=True) as reader:
            assert reader.count_articles() == 2
            with pytest.raises(StoreError, match="read-only"):
                reader.add_article(ARTICLES[2])


def test_a_read_only_open_of_an_empty_database_says_what_to_do(pg_cluster: object) -> None:
    url = pg_cluster.new_database()  # type: ignore[attr-defined]
    with pytest.raises(StoreError, match="storyline analyze"):
        open_store(url, read_only=True)


def test_an_unreachable_server_is_one_clear_error(pg_cluster: object) -> None:
    url = pg_cluster.url("nosuchdb")  # type: ignore[attr-defined]
    with pytest.raises(StoreError, match=r"cannot connect to .*nosuchdb.*is the server running"):
        open_store(url)
    with pytest.raises(StoreError, match="cannot connect"):
        open_store("postgresql://nobody:pw@127.0.0.1:1/x")
