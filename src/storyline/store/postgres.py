"""PostgreSQL backend: the shared store for several machines (``pip install storyline[scale]``).

It asks the same questions as the SQLite backend: ``SQLiteStore``'s queries run
through a connection that speaks PostgreSQL (placeholders, upserts, a handful of
functions), so both backends answer from one body of SQL and the store contract
suite runs against both. What differs for real is written here: the schema's
types (text in byte order, 64-bit integers, booleans), bulk writes of the
per-article map by COPY into staging tables then upserts, and full-text search
(a generated ``tsvector`` with a GIN index, a text-search configuration that
keeps stop words so "the state" still finds its pages).

PostgreSQL text cannot hold U+0000: such characters are stored as U+FFFD (one
character for one, so every offset still holds).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from storyline.errors import StoreError
from storyline.model import ArticleResult
from storyline.store import HIT_CLOSE, HIT_OPEN, SearchHit, redact
from storyline.store.migrations import MIGRATIONS
from storyline.store.sqlite import (
    ANALYSIS_COLUMNS,
    SQLiteStore,
    _now,
    analysis_rows,
    feature_row,
    query_terms,
)

try:
    import psycopg
except ImportError:  # pragma: no cover - the extra is missing
    psycopg = None  # type: ignore[assignment]

# Primary keys: an SQLite "INSERT OR REPLACE" becomes an upsert on them.
_KEYS = {
    "article_stages": ("article_id", "stage"),
    "changes": ("article_id",),
    "entity_changes": ("article_id",),
    "stage_marks": ("stage",),
    "embeddings": ("model", "key"),
    "quote_links": ("quote_id",),
    "story_features": ("article_id",),
    "topics": ("id",),
    "duplicates": ("article_id",),
    "stories": ("id",),
    "framing": ("article_id",),
}

_REPLACE = re.compile(r"INSERT OR REPLACE INTO (\w+) \(([^)]*)\)")


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """One of the SQLite backend's statements in PostgreSQL's dialect."""
    out = sql.replace("%", "%%").replace("?", "%s")
    if out.startswith("BEGIN IMMEDIATE"):
        return "BEGIN"
    if "INSERT OR IGNORE INTO" in out:
        out = out.replace("INSERT OR IGNORE INTO", "INSERT INTO") + " ON CONFLICT DO NOTHING"
    m = _REPLACE.search(out)
    if m:
        table, columns = m.group(1), [c.strip() for c in m.group(2).split(",")]
        keys = _KEYS[table]
        rest = [c for c in columns if c not in keys]
        action = "DO UPDATE SET " + ", ".join(f"{c} = EXCLUDED.{c}" for c in rest) if rest else "DO NOTHING"
        out = (
            out.replace("INSERT OR REPLACE INTO", "INSERT INTO")
            + f" ON CONFLICT ({', '.join(keys)}) {action}"
        )
    # PostgreSQL has no "CROSS JOIN ... ON" (SQLite's way to fix the join order).
    out = re.sub(r"CROSS JOIN (\w+ \w+) ON", r"JOIN \1 ON", out)
    return re.sub(r"json_array_length\((\w+)\)", r"json_array_length(CAST(\1 AS json))", out)


def _clean(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\ufffd")
    return value


def _params(params: Sequence[Any] | None) -> tuple[Any, ...]:
    return tuple(_clean(v) for v in params) if params else ()


class _Connection:
    """A psycopg connection that takes the SQLite backend's statements."""

    def __init__(self, conn: Any, location: str) -> None:
        self.conn = conn
        self.location = location

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        with self._errors():
            return self.conn.execute(translate(sql), _params(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self._errors(), self.conn.cursor() as cur:
            cur.executemany(translate(sql), (_params(r) for r in rows))

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """The server's failures as one line saying what to do (a lost connection, a full disk)."""
        try:
            yield
        except psycopg.errors.ReadOnlySqlTransaction as exc:
            raise StoreError(
                f"{self.location} was opened read-only: this command cannot write to it"
            ) from exc
        except psycopg.OperationalError as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise StoreError(
                f"PostgreSQL at {self.location} failed: {first} (check the server, then run the "
                "same command again: what was committed is kept)"
            ) from exc

    def close(self) -> None:
        self.conn.close()


def _ddl(sql: str) -> str | None:
    """A migration's statement for PostgreSQL (None: nothing to do there)."""
    if "json_each" in sql or "article_fts" in sql:
        return None  # back-fills of tables that are empty in a new store; SQLite's FTS
    if "COLLATE NOCASE" in sql:
        return sql.replace("(name COLLATE NOCASE)", "(lower(name))")
    out = sql.replace(
        "INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    )
    out = out.replace("matchable INTEGER", "matchable BOOLEAN")
    out = re.sub(r"\bINTEGER\b", "BIGINT", out)
    out = re.sub(r"\bREAL\b", "DOUBLE PRECISION", out)
    out = re.sub(r"\bBLOB\b", "BYTEA", out)
    # Byte order, as SQLite compares: prefixes, listings and exports sort the same.
    out = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', out)
    if out.startswith("CREATE TABLE") and "WITHOUT ROWID" not in out and "IDENTITY" not in out:
        # Tables read "in the order added" (ORDER BY rowid) keep that order here too.
        out = re.sub(r"\(", "(\n rowid BIGINT GENERATED ALWAYS AS IDENTITY,", out, count=1)
    return out.replace("WITHOUT ROWID", "")


# Full-text search: English stemming without a stop-word list, so phrases keep every word.
_SEARCH = [
    "CREATE TEXT SEARCH DICTIONARY storyline_stem (TEMPLATE = snowball, Language = english)",
    "CREATE TEXT SEARCH CONFIGURATION storyline (COPY = pg_catalog.english)",
    "ALTER TEXT SEARCH CONFIGURATION storyline ALTER MAPPING FOR asciiword, asciihword, "
    "hword_asciipart, word, hword, hword_part WITH storyline_stem",
    # A very long page is indexed by its first 300,000 characters (a tsvector holds 1 MB).
    "ALTER TABLE articles ADD COLUMN fts tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('storyline', coalesce(title, '')), 'A') || "
    "to_tsvector('storyline', left(text, 300000))) STORED",
    "CREATE INDEX articles_fts ON articles USING gin (fts)",
]


def migrations() -> list[tuple[str, list[str]]]:
    """The schema's migrations as PostgreSQL runs them (same names as SQLite's)."""
    out = []
    for name, statements in MIGRATIONS:
        if name == "0008_search":
            out.append((name, _SEARCH))
            continue
        out.append((name, [ddl for sql in statements if (ddl := _ddl(sql)) is not None]))
    return out


class PostgresStore(SQLiteStore):
    """The store in a PostgreSQL database (one store per database)."""

    _TEXT_LENGTH = "length(text), NULL"
    _TIMELINE_LAST = (
        "(CASE precision WHEN 'week' THEN to_char(CAST(date AS date) + 6, 'YYYY-MM-DD') "
        "WHEN 'month' THEN date || '-31' "
        "WHEN 'quarter' THEN substr(date, 1, 4) || '-' || "
        "lpad(CAST(CAST(substr(date, 6, 2) AS INTEGER) + 2 AS TEXT), 2, '0') || '-31' "
        "WHEN 'year' THEN date || '-12-31' ELSE date END)"
    )

    def __init__(self, location: str, *, read_only: bool = False) -> None:
        if psycopg is None:
            raise StoreError(
                f"cannot open {redact(location)}: the PostgreSQL driver is not installed "
                "(pip install 'storyline[scale]')"
            )
        self.location = redact(location)
        self._batch = None
        try:
            conn = psycopg.connect(location, autocommit=True)
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(
                f"cannot connect to {self.location}: {first} (is the server running, and the URL "
                "postgresql://USER@HOST:PORT/DATABASE right?)"
            ) from exc
        self._db = _Connection(conn, self.location)  # type: ignore[assignment]
        if read_only:
            conn.execute("SET default_transaction_read_only = on")
            done = self._applied()
            missing = [name for name, _ in MIGRATIONS if name not in done]
            if missing:
                conn.close()
                raise StoreError(
                    f"store {self.location} is empty or predates this version ({missing[0]} not "
                    f"applied): run `storyline analyze PATH --db {self.location}` first"
                )
            return
        self._migrate()

    def _applied(self) -> set[str]:
        exists = self._db.execute("SELECT to_regclass('migrations')").fetchone()[0]
        if exists is None:
            return set()
        return {row[0] for row in self._db.execute("SELECT name FROM migrations")}

    def _migrate(self) -> None:
        # One migrating process at a time: workers that start together must not race.
        with self._transaction():
            self._db.execute("SELECT pg_advisory_xact_lock(7426118)")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)"
            )
            done = self._applied()
            for name, statements in migrations():
                if name in done:
                    continue
                for sql in statements:
                    self._db.execute(sql)
                self._db.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))

    @contextmanager
    def _copy(self, table: str, columns: Sequence[str]) -> Iterator[Any]:
        with (
            self._db.conn.cursor() as cur,  # type: ignore[attr-defined]
            cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            yield copy

    def put_results(self, results: list[ArticleResult], version: str) -> None:
        # A batch from a worker: COPY its rows (the articles' old rows deleted first),
        # the per-article marks and features through a staging table, one transaction.
        by_id = {r.article_id: r for r in results}  # the last result of an article wins
        ids = sorted(by_id)
        if not ids:
            return
        with self._transaction():
            for table in ANALYSIS_COLUMNS:
                self._db.execute(f"DELETE FROM {table} WHERE article_id = ANY(?)", (ids,))
            self._copy_rows(list(by_id.values()))
            self._db.execute(
                "INSERT INTO article_stages (article_id, stage, version) "
                "SELECT unnest(CAST(? AS text[])), 'nlp', ? "
                "ON CONFLICT (article_id, stage) DO UPDATE SET version = EXCLUDED.version",
                (ids, version),
            )
            self._db.execute(
                "INSERT INTO changes (article_id, seq) "
                "SELECT unnest(CAST(? AS text[])), (SELECT COALESCE(MAX(seq), 0) + 1 FROM changes) "
                "ON CONFLICT (article_id) DO UPDATE SET seq = EXCLUDED.seq",
                (ids,),
            )
            cols = ("article_id", "published", "event_date", "words", "names", "signature")
            self._db.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS staging_features ON COMMIT DELETE ROWS "
                f"AS SELECT {', '.join(cols)} FROM story_features WITH NO DATA"
            )
            # Inside a write session the transaction spans batches: start the staging empty.
            self._db.execute("DELETE FROM staging_features")
            with self._copy("staging_features", cols) as copy:
                for r in by_id.values():
                    copy.write_row(_params(feature_row(r.features)))
            self._db.execute(
                f"INSERT INTO story_features ({', '.join(cols)}) SELECT {', '.join(cols)} FROM staging_features "
                "ON CONFLICT (article_id) DO UPDATE SET " + ", ".join(f"{c} = EXCLUDED.{c}" for c in cols[1:])
            )

    def _copy_rows(self, results: list[ArticleResult]) -> None:
        per_article = [analysis_rows(r.analysis) for r in results]
        for table, columns in ANALYSIS_COLUMNS.items():
            with self._copy(table, columns) as copy:
                for tables in per_article:
                    for row in tables[table][1]:
                        copy.write_row(_params(row))

    def search(self, query: str, limit: int = 200) -> list[SearchHit]:
        terms = query_terms(query)
        tsquery = " && ".join(["phraseto_tsquery('storyline', ?)"] * len(terms))
        options = (
            f"StartSel={HIT_OPEN}, StopSel={HIT_CLOSE}, MaxFragments=2, MaxWords=24, MinWords=6, "
            'FragmentDelimiter=" … "'
        )
        # Ranked and cut first; the snippets (the costly part) only for the pages shown.
        rows = self._db.execute(
            f"WITH q AS (SELECT {tsquery} AS q), hits AS ("
            "SELECT a.id, a.text, -ts_rank_cd(a.fts, q.q) AS rank FROM articles a, q WHERE a.fts @@ q.q "
            "ORDER BY rank, a.id LIMIT ?) "
            "SELECT hits.id, ts_headline('storyline', hits.text, q.q, ?), hits.rank FROM hits, q "
            "ORDER BY hits.rank, hits.id",
            (*terms, limit, options),
        ).fetchall()
        return [SearchHit(article_id=aid, snippet=snip or "", rank=rank) for aid, snip, rank in rows]
