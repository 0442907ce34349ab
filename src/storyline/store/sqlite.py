"""SQLite backend: one file, WAL journal, one transaction per write.

Every article is committed on its own, so a run killed half-way keeps every
article it finished and a re-run skips them (ids are content hashes).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import sqlite3
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storyline.errors import BadQuery, NoSuchArticle, NoSuchStory, StoreError
from storyline.model import (
    ActorFraming,
    Analysis,
    Article,
    ArticleEntities,
    ArticleFraming,
    ArticleMeta,
    ArticleResult,
    Change,
    Citation,
    Duplicate,
    Entity,
    EntityRole,
    Event,
    Evidence,
    FramingItem,
    InputFailure,
    Mention,
    Quote,
    QuoteMatch,
    RemovedLine,
    Role,
    Story,
    StoryFeatures,
    TimeExpr,
    TimelineEntry,
    Topic,
    Window,
    WordTag,
    feature_date,
)
from storyline.store import (
    HIT_CLOSE,
    HIT_OPEN,
    EntityHead,
    QuoteIndexRow,
    QuoteLinks,
    RunRecord,
    SearchHit,
    Store,
    StoryHead,
    quote_id,
)
from storyline.store.migrations import MIGRATIONS

_STORY_COLUMNS = (
    "id, topic_id, title, article_ids, first_date, last_date, summary, stance, stance_evidence, coverage"
)


def _story(row: tuple[object, ...], copies: dict[str, list[Duplicate]]) -> Story:
    id_, topic, title, article_ids, first, last, summary, stance, evidence, coverage = row
    members = json.loads(str(article_ids))
    return Story(
        id=str(id_),
        topic_id=str(topic),
        title=str(title),
        article_ids=members,
        first_date=first if isinstance(first, str) else None,
        last_date=last if isinstance(last, str) else None,
        summary=[Citation(**c) for c in json.loads(str(summary))],
        duplicates=[d for aid in members for d in copies.get(aid, [])],
        stance=str(stance),
        stance_evidence=[FramingItem(**e) for e in json.loads(str(evidence))],
        coverage=json.loads(str(coverage)),
    )


_ARTICLE_COLUMNS = (
    "id",
    "source",
    "format",
    "url",
    "outlet",
    "outlet_how",
    "title",
    "author",
    "dateline",
    "language",
    "published",
    "published_precision",
    "published_how",
    "window_from",
    "window_to",
    "text",
    "story_id",
    "window_how",
    "encoding",
)


def _writable(file: Path) -> bool:
    """The store file and its folder (where SQLite keeps its -wal and -shm) take writes."""
    return os.access(file, os.W_OK) and os.access(file.resolve().parent, os.W_OK)


# The first and last day a timeline entry covers, as ISO strings, from its date and
# precision (the export contract's meaning of them): "-31" ends any month, since only
# the order of the strings matters.
_TIMELINE_FIRST = (
    "(CASE precision WHEN 'month' THEN date || '-01' WHEN 'quarter' THEN date || '-01' "
    "WHEN 'year' THEN date || '-01-01' ELSE date END)"
)
_TIMELINE_LAST = (
    "(CASE precision WHEN 'week' THEN date(date, '+6 days') WHEN 'month' THEN date || '-31' "
    "WHEN 'quarter' THEN printf('%s-%02d-31', substr(date, 1, 4), CAST(substr(date, 6, 2) AS INTEGER) + 2) "
    "WHEN 'year' THEN date || '-12-31' ELSE date END)"
)

# LIMIT's "no limit" in every dialect (SQLite's -1 is not PostgreSQL's).
NO_LIMIT = 2**62

# Rows per bulk read: bounded memory, and under SQLite's limit on bound parameters.
ARTICLE_PAGE = 500


def _pages(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _feed(stage: str, feed: str) -> tuple[str, str]:
    """The table of a change feed and the name ``stage``'s mark on it is kept under."""
    if feed == "results":
        return "changes", stage
    if feed == "entities":
        return "entity_changes", f"{stage}@entities"
    raise ValueError(f"no change feed {feed!r}: use 'results' or 'entities'")


# The per-article tables of the language results and their columns, in write order.
ANALYSIS_COLUMNS: dict[str, tuple[str, ...]] = {
    "sentences": ("article_id", "seq", "start", '"end"'),
    "mentions": ("article_id", "seq", "start", '"end"', "text", "label", "kind", "chain", "norm"),
    "roles": ("article_id", "seq", "chain", "person", "title", "start", '"end"', "how"),
    "times": ("article_id", "seq", "start", '"end"', "text", "type", "value", "anchored"),
    "events": (
        *("article_id", "seq", "start", '"end"', "text"),
        *("time_start", "time_end", "value", "tense", "participants"),
    ),
    "quotes": ("id", "article_id", "seq", "record"),
    "word_tags": ("article_id", "tags"),
}


def analysis_rows(analysis: Analysis) -> dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]]:
    """Table -> (columns, rows) of one article's language results, as every backend stores them."""
    aid, ents = analysis.article_id, analysis.entities
    rows: dict[str, list[tuple[Any, ...]]] = {
        "sentences": [(aid, i, start, end) for i, (start, end) in enumerate(analysis.sentences)],
        "mentions": [
            (aid, i, m.start, m.end, m.text, m.label, m.kind, m.chain, m.norm)
            for i, m in enumerate(ents.mentions)
        ],
        "roles": [
            (aid, i, r.chain, r.person, r.title, r.start, r.end, r.how) for i, r in enumerate(ents.roles)
        ],
        "times": [
            (aid, i, t.start, t.end, t.text, t.type, t.value, t.anchored)
            for i, t in enumerate(analysis.times)
        ],
        "events": [
            (
                aid,
                i,
                e.start,
                e.end,
                e.text,
                e.time_start,
                e.time_end,
                e.value,
                e.tense,
                json.dumps(e.participants),
            )
            for i, e in enumerate(analysis.events)
        ],
        "quotes": [
            (quote_id(aid, i), aid, i, json.dumps(asdict(q), ensure_ascii=False))
            for i, q in enumerate(analysis.quotes)
        ],
        "word_tags": [(aid, json.dumps([[t.start, t.end, t.pos] for t in analysis.word_tags]))],
    }
    return {table: (columns, rows[table]) for table, columns in ANALYSIS_COLUMNS.items()}


def feature_row(f: StoryFeatures) -> tuple[Any, ...]:
    """A story_features row (article_id, published, event_date, words, names, signature)."""
    return (f.article_id, f.published, f.event_date, json.dumps(f.words), json.dumps(f.names), f.signature)


def _interned(counts: str) -> dict[str, int]:
    """A JSON term-count object whose terms share one string each across articles: features
    of a whole corpus placed at once take half the memory (measured at 100k articles)."""
    return {sys.intern(term): n for term, n in json.loads(counts).items()}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class SQLiteStore(Store):
    """Articles, their removed lines, provenance and run history in one SQLite file."""

    # Dialect: (length, text when the length cannot be trusted): SQLite's length() stops at a NUL.
    _TEXT_LENGTH = "length(text), CASE WHEN instr(CAST(text AS BLOB), x'00') THEN text END"
    _TIMELINE_FIRST = _TIMELINE_FIRST
    _TIMELINE_LAST = _TIMELINE_LAST

    def __init__(self, path: str, *, read_only: bool = False) -> None:
        self.location = path
        self._batch: list[int] | None = None  # [writes since the last commit, commit every]
        if read_only or (path != ":memory:" and Path(path).is_file() and not _writable(Path(path))):
            # A store on read-only media (or without write permission) can still be read;
            # a write then fails with SQLite's "readonly database", which the CLI explains.
            self._open_read_only(path)
            return
        if path != ":memory:":
            parent = Path(path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"cannot create store {path}: folder {parent} does not exist")
        try:
            # Several writers (workers of a distributed run) wait for each other's commits.
            self._db = sqlite3.connect(path, isolation_level=None, timeout=60)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.OperationalError as exc:
            if "not a database" in str(exc) or "malformed" in str(exc):
                raise StoreError(f"cannot open store {path}: {exc} (is it a storyline SQLite file?)") from exc
            raise  # the machine refused a write (full disk, a limit, read-only): the CLI says so
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {path}: {exc} (is it a storyline SQLite file?)") from exc

    def _open_read_only(self, path: str) -> None:
        """Open for reading only: SQLite itself refuses every write, and nothing is migrated."""
        file = Path(path).expanduser().resolve()
        if not file.is_file():
            raise StoreError(f"no store at {path}: run `storyline analyze PATH --db {path}` first")
        # Where no -shm file can be made next to it, SQLite must not try: immutable.
        flags = "mode=ro" if os.access(file.parent, os.W_OK) else "mode=ro&immutable=1"
        try:
            self._db = sqlite3.connect(f"{file.as_uri()}?{flags}", uri=True, isolation_level=None)
            done = {row[0] for row in self._db.execute("SELECT name FROM migrations")}
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {path}: {exc} (is it a storyline SQLite file?)") from exc
        missing = [name for name, _ in MIGRATIONS if name not in done]
        if missing:
            self._db.close()
            raise StoreError(
                f"store {path} predates this version ({', '.join(missing)} not applied): "
                f"open it once for writing, e.g. `storyline analyze PATH --db {path}`"
            )

    def _migrate(self) -> None:
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)"
        )
        done = {row[0] for row in self._db.execute("SELECT name FROM migrations")}
        for name, statements in MIGRATIONS:
            if name in done:
                continue
            # Each migration is all-or-nothing: a crash mid-way leaves the old schema.
            with self._transaction():
                for sql in statements:
                    self._db.execute(sql)
                self._db.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # isolation_level=None is autocommit, so transactions are explicit;
        # any exception (KeyboardInterrupt too) rolls the whole write back.
        if self._batch is not None:
            # Inside a write session: one savepoint per write, committed every N writes.
            self._db.execute("SAVEPOINT write")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK TO write")
                self._db.execute("RELEASE write")
                raise
            self._db.execute("RELEASE write")
            self._batch[0] += 1
            if self._batch[0] >= self._batch[1]:
                self._db.execute("COMMIT")
                self._db.execute("BEGIN IMMEDIATE")
                self._batch[0] = 0
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @contextmanager
    def write_session(self, every: int = 100) -> Iterator[None]:
        if self._batch is not None:  # nested: the outer session decides
            yield
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._batch = [0, max(1, every)]
        try:
            yield
        except BaseException:
            # Writes since the last commit were never stored: the next run redoes them.
            self._batch = None
            self._db.execute("ROLLBACK")
            raise
        self._batch = None
        self._db.execute("COMMIT")

    # -- articles ---------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def add_article(self, article: Article) -> bool:
        window = article.published_window or (None, None)
        values = {name: getattr(article, name, None) for name in _ARTICLE_COLUMNS}
        values["window_from"], values["window_to"] = window
        with self._transaction():
            cur = self._db.execute(
                f"INSERT OR IGNORE INTO articles ({', '.join(_ARTICLE_COLUMNS)}, added) "
                f"VALUES ({', '.join('?' * len(_ARTICLE_COLUMNS))}, ?)",
                [values[name] for name in _ARTICLE_COLUMNS] + [_now()],
            )
            if cur.rowcount == 0:
                return False
            self._db.executemany(
                "INSERT INTO removed_lines (article_id, seq, text, at, reason) VALUES (?, ?, ?, ?, ?)",
                [(article.id, i, r.text, r.at, r.reason) for i, r in enumerate(article.removed)],
            )
            self._db.execute(
                "INSERT OR IGNORE INTO article_sources (article_id, source, added) VALUES (?, ?, ?)",
                (article.id, article.source, _now()),
            )
        return True

    def add_source(self, article_id: str, source: str) -> None:
        with self._transaction():
            self._db.execute(
                "INSERT OR IGNORE INTO article_sources (article_id, source, added) VALUES (?, ?, ?)",
                (article_id, source, _now()),
            )

    def sources(self, article_id: str) -> list[str]:
        rows = self._db.execute(
            "SELECT source FROM article_sources WHERE article_id = ? ORDER BY rowid", (article_id,)
        )
        return [r[0] for r in rows]

    def get_article(self, ref: str) -> Article:
        ref = ref.strip().lower()
        if not ref or any(c not in "0123456789abcdef" for c in ref):
            raise NoSuchArticle(
                f"{ref!r} is not an article id: ids are hex, as `storyline articles` lists them"
            )
        rows = self._db.execute(
            f"SELECT {', '.join(_ARTICLE_COLUMNS)} FROM articles WHERE id >= ? AND id < ? LIMIT 2",
            (ref, ref + "g"),
        ).fetchall()
        if not rows:
            raise NoSuchArticle(f"no article with id {ref!r}: `storyline articles` lists the stored ones")
        if len(rows) > 1:
            raise NoSuchArticle(f"id prefix {ref!r} matches several articles: give more characters")
        return self._article(rows[0])

    def iter_article_meta(self, ids: Iterable[str] | None = None) -> Iterator[ArticleMeta]:
        if ids is None:
            # One id list (small) first, then pages: a cursor left open across a
            # caller's writes on the same connection would see them.
            yield from self.iter_article_meta(self._listing_ids())
            return
        names = [c for c in _ARTICLE_COLUMNS if c != "text"]
        for page in _pages(list(dict.fromkeys(ids)), ARTICLE_PAGE):
            found: dict[str, ArticleMeta] = {}
            for row in self._db.execute(
                f"SELECT {', '.join(names)}, {self._TEXT_LENGTH} FROM articles "
                f"WHERE id IN ({', '.join('?' * len(page))})",
                page,
            ):
                values = dict(zip(names, row[:-2], strict=True))
                window_from, window_to = values.pop("window_from"), values.pop("window_to")
                window = (window_from, window_to) if window_from or window_to else None
                chars = len(row[-1]) if row[-1] is not None else int(row[-2] or 0)
                found[row[0]] = ArticleMeta(**values, published_window=window, chars=chars)
            yield from (found[aid] for aid in page if aid in found)

    def get_articles(self, ids: Iterable[str]) -> dict[str, Article]:
        out: dict[str, Article] = {}
        for page in _pages(list(dict.fromkeys(ids)), ARTICLE_PAGE):
            marks = ", ".join("?" * len(page))
            removed: dict[str, list[RemovedLine]] = defaultdict(list)
            for aid, t, a, r in self._db.execute(
                f"SELECT article_id, text, at, reason FROM removed_lines WHERE article_id IN ({marks}) "
                "ORDER BY article_id, seq",
                page,
            ):
                removed[aid].append(RemovedLine(text=t, at=a, reason=r))
            for row in self._db.execute(
                f"SELECT {', '.join(_ARTICLE_COLUMNS)} FROM articles WHERE id IN ({marks})", page
            ):
                article = self._article(row, removed.get(row[0], []))
                out[article.id] = article
        return out

    def article_leads(self, ids: Iterable[str], chars: int) -> dict[str, tuple[str | None, str]]:
        out: dict[str, tuple[str | None, str]] = {}
        for page in _pages(list(dict.fromkeys(ids)), ARTICLE_PAGE):
            marks = ", ".join("?" * len(page))
            for aid, title, lead in self._db.execute(
                f"SELECT id, title, substr(text, 1, ?) FROM articles WHERE id IN ({marks})", [chars, *page]
            ):
                out[aid] = (title, lead)
        return out

    def iter_articles(self) -> Iterator[Article]:
        for page in _pages(self._listing_ids(), ARTICLE_PAGE):
            found = self.get_articles(page)
            yield from (found[aid] for aid in page if aid in found)

    def _listing_ids(self) -> list[str]:
        rows = self._db.execute("SELECT id FROM articles ORDER BY published IS NULL, published, id")
        return [r[0] for r in rows]

    def count_articles(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def articles_published_between(self, first: str, last: str, limit: int) -> list[str]:
        # A published value may carry a time after its day: every value of the last day
        # sorts below that day followed by "~".
        rows = self._db.execute(
            "SELECT id FROM articles WHERE published >= ? AND published <= ? "
            "ORDER BY published DESC, id LIMIT ?",
            (first, last + "~", limit),
        )
        return [r[0] for r in rows]

    def article_id_pages(self, size: int) -> Iterator[list[str]]:
        after = ""
        while page := [
            r[0]
            for r in self._db.execute(
                "SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?", (after, size)
            )
        ]:
            yield page
            after = page[-1]

    def outlet_names(self) -> list[str]:
        rows = self._db.execute(
            "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet"
        )
        return [str(r[0]) for r in rows.fetchall()]

    def rename_outlets(self, renames: Mapping[str, str]) -> None:
        with self._transaction():
            self._db.executemany(
                "UPDATE articles SET outlet = ? WHERE outlet = ?",
                [(new, old) for old, new in sorted(renames.items())],
            )

    def _article(self, row: tuple[object, ...], removed: list[RemovedLine] | None = None) -> Article:
        values = dict(zip(_ARTICLE_COLUMNS, row, strict=True))
        window_from, window_to = values.pop("window_from"), values.pop("window_to")
        if removed is None:
            removed = [
                RemovedLine(text=t, at=a, reason=r)
                for t, a, r in self._db.execute(
                    "SELECT text, at, reason FROM removed_lines WHERE article_id = ? ORDER BY seq",
                    (values["id"],),
                )
            ]
        window = (window_from, window_to) if window_from or window_to else None
        return Article(**values, published_window=window, removed=removed)  # type: ignore[arg-type]

    # -- runs -------------------------------------------------------------

    def start_run(self, inputs: list[str]) -> int:
        with self._transaction():
            row = self._db.execute(
                "INSERT INTO runs (started, inputs) VALUES (?, ?) RETURNING id", (_now(), json.dumps(inputs))
            ).fetchone()
        return int(row[0])

    def add_failure(self, run_id: int, failure: InputFailure) -> None:
        with self._transaction():
            self._db.execute(
                "INSERT INTO failures (run_id, source, reason) VALUES (?, ?, ?)",
                (run_id, failure.source, failure.reason),
            )

    def finish_run(self, run_id: int, *, new: int, existing: int) -> None:
        with self._transaction():
            self._db.execute(
                "UPDATE runs SET finished = ?, new = ?, existing = ? WHERE id = ?",
                (_now(), new, existing, run_id),
            )

    def last_run(self) -> RunRecord | None:
        row = self._db.execute(
            "SELECT id, started, finished, inputs, new, existing FROM runs ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        failures = [
            InputFailure(source=s, reason=r)
            for s, r in self._db.execute(
                "SELECT source, reason FROM failures WHERE run_id = ? ORDER BY rowid", (row[0],)
            )
        ]
        return RunRecord(
            id=row[0],
            started=row[1],
            finished=row[2],
            inputs=json.loads(row[3]),
            new=row[4] or 0,
            existing=row[5] or 0,
            failures=failures,
        )

    # -- per-article stage results --------------------------------------

    def articles_needing(self, stage: str, version: str) -> list[str]:
        rows = self._db.execute(
            "SELECT a.id FROM articles a LEFT JOIN article_stages s "
            "ON s.article_id = a.id AND s.stage = ? "
            "WHERE s.version IS NULL OR s.version != ? ORDER BY a.rowid",
            (stage, version),
        )
        return [r[0] for r in rows]

    def put_analysis(self, analysis: Analysis, version: str) -> None:
        with self._transaction():
            self._write_analysis(analysis, version)

    def put_results(self, results: list[ArticleResult], version: str) -> None:
        with self._transaction():
            for result in results:
                self._write_analysis(result.analysis, version)
            self._write_story_features([r.features for r in results])

    def _write_analysis(self, analysis: Analysis, version: str) -> None:
        aid = analysis.article_id
        for table, (columns, rows) in analysis_rows(analysis).items():
            self._db.execute(f"DELETE FROM {table} WHERE article_id = ?", (aid,))
            self._db.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows
            )
        self._db.execute(
            "INSERT OR REPLACE INTO article_stages (article_id, stage, version) VALUES (?, 'nlp', ?)",
            (aid, version),
        )
        self._db.execute(
            "INSERT OR REPLACE INTO changes (article_id, seq) "
            "VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM changes))",
            (aid,),
        )

    def changes_since(self, stage: str, feed: str = "results") -> tuple[list[str] | None, int]:
        table, mark_name = _feed(stage, feed)
        top = self._db.execute(f"SELECT COALESCE(MAX(seq), 0) FROM {table}").fetchone()[0]
        mark = self._db.execute("SELECT seq FROM stage_marks WHERE stage = ?", (mark_name,)).fetchone()
        if mark is None:
            return None, top
        rows = self._db.execute(
            f"SELECT article_id FROM {table} WHERE seq > ? AND seq <= ? ORDER BY article_id", (mark[0], top)
        )
        return [r[0] for r in rows], top

    def mark_done(self, stage: str, token: int, feed: str = "results") -> None:
        with self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO stage_marks (stage, seq) VALUES (?, ?)",
                (_feed(stage, feed)[1], token),
            )

    def forget_stage(self, stage: str) -> None:
        with self._transaction():
            for feed in ("results", "entities"):
                self._db.execute("DELETE FROM stage_marks WHERE stage = ?", (_feed(stage, feed)[1],))

    def note_entity_changes(self, article_ids: Iterable[str] | None) -> None:
        with self._transaction():
            if article_ids is None:
                self._db.execute("DELETE FROM stage_marks WHERE stage LIKE '%@entities'")
                return
            top = self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM entity_changes").fetchone()[0]
            self._db.executemany(
                "INSERT OR REPLACE INTO entity_changes (article_id, seq) VALUES (?, ?)",
                ((aid, top + 1) for aid in sorted(set(article_ids))),
            )

    # -- quote index ------------------------------------------------------

    def quote_index(
        self,
        *,
        article_ids: Iterable[str] | None = None,
        quote_ids: Iterable[str] | None = None,
        stems: bool = False,
        max_size: int | None = None,
    ) -> dict[str, QuoteIndexRow]:
        sql = "SELECT quote_id, article_id, start, matchable, speaker, size, strong FROM quote_index"
        # The size test follows the IN list (``_where_in`` adds it after the page's ids).
        small = "" if max_size is None else f" AND size <= {int(max_size)}"
        rows: list[Any] = []
        if article_ids is not None:
            rows += self._where_in(sql, "article_id", article_ids, small)
        if quote_ids is not None:
            rows += self._where_in(sql, "quote_id", quote_ids, small)
        out = {
            qid: QuoteIndexRow(
                quote_id=qid,
                article_id=aid,
                start=start,
                matchable=bool(matchable),
                speaker=speaker,
                size=size,
                # Most quotes match nothing at full strength: no JSON to parse for them.
                strong=json.loads(strong) if strong != "[]" else [],
            )
            for qid, aid, start, matchable, speaker, size, strong in rows
        }
        if stems:
            for qid, stem in self._where_in(
                "SELECT quote_id, stem FROM quote_terms", "quote_id", list(out), " ORDER BY quote_id, stem"
            ):
                out[qid].stems.append(stem)
        return out

    def quote_term_postings(self, stems: Iterable[str], max_df: int) -> dict[str, list[str]]:
        # Counted first, and only up to max_df + 1: a common stem's postings (most of the
        # corpus) are never read, nor counted whole (that grew with the corpus for each stem).
        rare = [stem for stem, n in self.quote_term_counts(stems, max_df + 1).items() if n <= max_df]
        return self._lists("SELECT stem, quote_id FROM quote_terms", "stem", rare, " ORDER BY stem, quote_id")

    def quote_term_counts(self, stems: Iterable[str], limit: int | None = None) -> dict[str, int]:
        return self._counts("quote_terms", "stem", stems, limit=limit)

    def quote_block_sizes(self, speakers: Iterable[str], limit: int | None = None) -> dict[str, int]:
        return self._counts("quote_index", "speaker", speakers, "matchable AND ", limit=limit)

    def quote_blocks(self, speakers: Iterable[str], max_size: int) -> dict[str, list[str]]:
        small = [s for s, n in self.quote_block_sizes(speakers, max_size + 1).items() if n <= max_size]
        return self._lists(
            "SELECT speaker, quote_id FROM quote_index", "speaker", small, " AND matchable ORDER BY quote_id"
        )

    def _counts(
        self, table: str, column: str, values: Iterable[str], where: str = "", *, limit: int | None = None
    ) -> dict[str, int]:
        """How many rows of ``table`` hold each of ``values`` in ``column`` (absent: none),
        up to ``limit`` each (an index range stops there instead of being read to its end)."""
        out: dict[str, int] = {}
        for page in _pages(sorted(set(values)), ARTICLE_PAGE):
            if limit is None:
                marks = ", ".join("?" * len(page))
                sql = f"SELECT {column}, COUNT(*) FROM {table} WHERE {where}{column} IN ({marks}) GROUP BY {column}"
                out.update(self._db.execute(sql, page).fetchall())
                continue
            marks = ", ".join(["(?)"] * len(page))
            sql = (
                f"WITH v(k) AS (VALUES {marks}) SELECT k, (SELECT COUNT(*) FROM (SELECT 1 FROM {table} t "
                f"WHERE {where}t.{column} = v.k LIMIT ?) AS s) FROM v"
            )
            out.update((k, n) for k, n in self._db.execute(sql, [*page, limit]).fetchall() if n)
        return out

    def _lists(self, select: str, column: str, values: list[str], order: str) -> dict[str, list[str]]:
        """``select`` (key, value) rows for these keys, as key -> values."""
        out: dict[str, list[str]] = {}
        for key, value in self._where_in(select, column, values, order):
            out.setdefault(key, []).append(value)
        return out

    def replace_quote_index(
        self, rows: Iterable[QuoteIndexRow], articles: Iterable[str] | None, *, terms: bool = True
    ) -> None:
        with self._transaction():
            if articles is None:
                self._db.execute("DELETE FROM quote_terms")
                self._db.execute("DELETE FROM quote_index")
            else:
                for page in _pages(sorted(set(articles)), ARTICLE_PAGE):
                    marks = ", ".join("?" * len(page))
                    self._db.execute(
                        "DELETE FROM quote_terms WHERE quote_id IN "
                        f"(SELECT quote_id FROM quote_index WHERE article_id IN ({marks}))",
                        page,
                    )
                    self._db.execute(f"DELETE FROM quote_index WHERE article_id IN ({marks})", page)
            # A thousand rows per statement: a server backend pays a round trip per statement.
            stream = iter(rows)
            while chunk := list(itertools.islice(stream, 1000)):
                self._db.executemany(
                    "INSERT INTO quote_index (quote_id, article_id, start, matchable, speaker, size, strong) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            row.quote_id,
                            row.article_id,
                            row.start,
                            bool(row.matchable),
                            row.speaker,
                            len(row.stems),
                            json.dumps(sorted(row.strong)),
                        )
                        for row in chunk
                    ],
                )
                if terms:
                    self._db.executemany(
                        "INSERT INTO quote_terms (stem, quote_id) VALUES (?, ?)",
                        [(stem, row.quote_id) for row in chunk for stem in row.stems],
                    )

    def add_quote_terms(self, terms: Iterable[tuple[str, str]]) -> None:
        stream = iter(terms)
        # A transaction per 100,000 rows: in order, each writes only the index's last pages.
        while batch := list(itertools.islice(stream, 100_000)):
            with self._transaction():
                for start in range(0, len(batch), 1000):
                    self._db.executemany(
                        "INSERT INTO quote_terms (stem, quote_id) VALUES (?, ?)", batch[start : start + 1000]
                    )

    def update_quote_links(
        self, links: Mapping[str, QuoteLinks], strong: Mapping[str, list[str]], remove: Iterable[str]
    ) -> None:
        with self._transaction():
            for page in _pages(sorted(set(remove)), ARTICLE_PAGE):
                marks = ", ".join("?" * len(page))
                for table in ("quote_links", "quote_terms", "quote_index"):
                    self._db.execute(f"DELETE FROM {table} WHERE quote_id IN ({marks})", page)
            self._db.executemany(
                "INSERT OR REPLACE INTO quote_links (quote_id, speaker_entity_id, matches) VALUES (?, ?, ?)",
                (
                    (
                        qid,
                        link.speaker_entity_id,
                        json.dumps([asdict(m) for m in link.matches], ensure_ascii=False),
                    )
                    for qid, link in sorted(links.items())
                ),
            )
            self._db.executemany(
                "UPDATE quote_index SET strong = ? WHERE quote_id = ?",
                ((json.dumps(sorted(ids)), qid) for qid, ids in sorted(strong.items())),
            )

    def iter_times(self, article_ids: Iterable[str] | None = None) -> Iterator[TimeExpr]:
        sql = 'SELECT article_id, start, "end", text, type, value, anchored FROM times'
        order = " ORDER BY article_id, seq"
        if article_ids is None:
            rows: Iterable[tuple[Any, ...]] = self._db.execute(sql + order)
        else:
            rows = self._where_in(sql, "article_id", article_ids, order)
        for aid, start, end, text, type_, value, anchored in rows:
            yield TimeExpr(
                article_id=aid, start=start, end=end, text=text, type=type_, value=value, anchored=anchored
            )

    def iter_events(self, article_ids: Iterable[str] | None = None) -> Iterator[Event]:
        sql = 'SELECT article_id, start, "end", text, time_start, time_end, value, tense, participants FROM events'
        order = " ORDER BY article_id, seq"
        rows: Iterable[Any] = (
            self._db.execute(sql + order)
            if article_ids is None
            else self._where_in(sql, "article_id", article_ids, order)
        )
        for aid, start, end, text, ts, te, value, tense, parts in rows:
            yield Event(
                article_id=aid,
                start=start,
                end=end,
                text=text,
                time_start=ts,
                time_end=te,
                value=value,
                tense=tense,
                participants=json.loads(parts),
            )

    def iter_quotes(self, ids: Iterable[str] | None = None) -> Iterator[tuple[str, Quote]]:
        if ids is None:
            for id_, record in self._db.execute("SELECT id, record FROM quotes ORDER BY article_id, seq"):
                yield id_, Quote(**json.loads(record))
            return
        for id_, record in self._where_in(
            "SELECT id, record FROM quotes", "id", ids, " ORDER BY article_id, seq"
        ):
            yield id_, Quote(**json.loads(record))

    def quotes_of(self, article_ids: Iterable[str]) -> Iterator[tuple[str, Quote]]:
        for id_, record in self._where_in(
            "SELECT id, record FROM quotes", "article_id", article_ids, " ORDER BY article_id, seq"
        ):
            yield id_, Quote(**json.loads(record))

    def _where_in(
        self, select: str, column: str, values: Iterable[str] | Iterable[int], order: str = ""
    ) -> list[Any]:
        """Rows of ``select`` whose ``column`` is one of ``values``, asked a page at a time
        (SQLite bounds the number of parameters); ``order`` sorts each page."""
        rows: list[Any] = []
        wanted: list[Any] = sorted(set(values))
        for page in _pages(wanted, ARTICLE_PAGE):
            marks = ", ".join("?" * len(page))
            rows += self._db.execute(f"{select} WHERE {column} IN ({marks}){order}", page).fetchall()
        return rows

    def find_quotes(self, article_prefix: str, seq: int) -> list[tuple[str, Quote]]:
        rows = self._db.execute(
            "SELECT id, record FROM quotes WHERE article_id >= ? AND article_id < ? AND seq = ? "
            "ORDER BY article_id LIMIT 10",
            (article_prefix, article_prefix + "\uffff", seq),
        )
        return [(id_, Quote(**json.loads(record))) for id_, record in rows]

    def replace_quote_links(self, links: Mapping[str, QuoteLinks] | Iterable[tuple[str, QuoteLinks]]) -> None:
        pairs = links.items() if isinstance(links, Mapping) else links
        with self._transaction():
            self._db.execute("DELETE FROM quote_links")
            # Rows made as they are written: a corpus has hundreds of thousands of quotes.
            self._db.executemany(
                "INSERT INTO quote_links (quote_id, speaker_entity_id, matches) VALUES (?, ?, ?)",
                (
                    (
                        qid,
                        link.speaker_entity_id,
                        json.dumps([asdict(m) for m in link.matches], ensure_ascii=False),
                    )
                    for qid, link in pairs
                ),
            )

    def quote_links(self, ids: Iterable[str] | None = None) -> dict[str, QuoteLinks]:
        sql = "SELECT quote_id, speaker_entity_id, matches FROM quote_links"
        if ids is None:
            rows: list[tuple[str, str | None, str]] = self._db.execute(sql).fetchall()
        else:
            rows = []
            for page in _pages(sorted(set(ids)), ARTICLE_PAGE):
                rows += self._db.execute(
                    f"{sql} WHERE quote_id IN ({', '.join('?' * len(page))})", page
                ).fetchall()
        links: dict[str, QuoteLinks] = {}
        for qid, entity_id, matches in rows:
            links[qid] = QuoteLinks(
                speaker_entity_id=entity_id,
                matches=[
                    QuoteMatch(
                        quote_id=m["quote_id"],
                        similarity=m["similarity"],
                        changes=[Change(**c) for c in m["changes"]],
                    )
                    for m in json.loads(matches)
                ],
            )
        return links

    def get_vectors(self, model: str, keys: list[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            rows = self._db.execute(
                f"SELECT key, vector FROM embeddings WHERE model = ? AND key IN ({', '.join('?' * len(chunk))})",
                [model, *chunk],
            )
            found.update({k: v for k, v in rows})
        return found

    def put_vectors(self, model: str, vectors: dict[str, bytes]) -> None:
        with self._transaction():
            self._db.executemany(
                "INSERT OR REPLACE INTO embeddings (model, key, vector) VALUES (?, ?, ?)",
                [(model, k, v) for k, v in vectors.items()],
            )

    def set_windows(
        self, windows: dict[str, Window | None], how: str | None = "events", redo: Iterable[str] = ()
    ) -> None:
        stages = list(redo)
        with self._transaction():
            self._db.executemany(
                "UPDATE articles SET window_from = ?, window_to = ?, window_how = ? WHERE id = ?",
                [
                    (*(window or (None, None)), how if window else None, aid)
                    for aid, window in windows.items()
                ],
            )
            self._db.executemany(
                "DELETE FROM article_stages WHERE article_id = ? AND stage = ?",
                [(aid, stage) for aid in windows for stage in stages],
            )

    def replace_timeline(self, entries: Iterable[TimelineEntry]) -> None:
        # One pass over the entries (a stream will do: a large corpus has ~1 entry per
        # article), written a thousand at a time.
        with self._transaction():
            self._db.execute("DELETE FROM timeline")
            self._db.execute("DELETE FROM timeline_articles")
            self._db.execute("DELETE FROM timeline_entities")
            stream = iter(entries)
            while chunk := list(itertools.islice(stream, 1000)):
                self._db.executemany(
                    "INSERT OR IGNORE INTO timeline_articles (article_id, entry_id) VALUES (?, ?)",
                    [(aid, t.id) for t in chunk for aid in t.article_ids],
                )
                self._db.executemany(
                    "INSERT OR IGNORE INTO timeline_entities (entity_id, entry_id) VALUES (?, ?)",
                    [(eid, t.id) for t in chunk for eid in t.entity_ids],
                )
                self._db.executemany(
                    "INSERT INTO timeline (id, date, precision, text, article_ids, evidence, entity_ids, "
                    "conflicts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            t.id,
                            t.date,
                            t.precision,
                            t.text,
                            json.dumps(t.article_ids),
                            json.dumps([[e.article_id, e.start, e.end] for e in t.evidence]),
                            json.dumps(t.entity_ids),
                            json.dumps(t.conflicts),
                        )
                        for t in chunk
                    ],
                )

    def count_timeline(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM timeline").fetchone()[0])

    def timeline_of(self, article_ids: Iterable[str]) -> list[TimelineEntry]:
        ids = {
            r[0] for r in self._where_in("SELECT entry_id FROM timeline_articles", "article_id", article_ids)
        }
        rows = self._where_in(
            "SELECT id, date, precision, text, article_ids, evidence, entity_ids, conflicts FROM timeline",
            "id",
            ids,
        )
        return list(self._timeline_entries(sorted(rows, key=lambda r: (r[1] is not None, r[1] or "", r[0]))))

    def timeline_page(
        self,
        *,
        first: str | None = None,
        last: str | None = None,
        entity_id: str | None = None,
        outlet: str | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> tuple[list[TimelineEntry], int]:
        where, args = [], []
        if first is not None:
            where.append(f"{self._TIMELINE_LAST} >= ?")
            args.append(first)
        if last is not None:
            where.append(f"{self._TIMELINE_FIRST} <= ?")
            args.append(last)
        if entity_id is not None:
            where.append("id IN (SELECT entry_id FROM timeline_entities WHERE entity_id = ?)")
            args.append(entity_id)
        if outlet is not None:
            where.append(
                "id IN (SELECT ta.entry_id FROM timeline_articles ta JOIN articles a ON a.id = ta.article_id "
                "WHERE coalesce(a.outlet, '') = ?)"
            )
            args.append(outlet)
        cond = f" WHERE {' AND '.join(where)}" if where else ""
        total = int(self._db.execute(f"SELECT count(*) FROM timeline{cond}", args).fetchone()[0])
        rows = self._db.execute(
            "SELECT id, date, precision, text, article_ids, evidence, entity_ids, conflicts FROM timeline"
            f"{cond} ORDER BY date, id LIMIT ? OFFSET ?",
            [*args, NO_LIMIT if limit is None else limit, offset],
        ).fetchall()
        return list(self._timeline_entries(rows)), total

    def iter_timeline(self) -> Iterator[TimelineEntry]:
        rows = self._db.execute(
            "SELECT id, date, precision, text, article_ids, evidence, entity_ids, conflicts FROM timeline "
            "ORDER BY date, id"
        ).fetchall()
        yield from self._timeline_entries(rows)

    def _timeline_entries(self, rows: Iterable[Any]) -> Iterator[TimelineEntry]:
        for id_, date, precision, text, article_ids, evidence, entity_ids, conflicts in rows:
            yield TimelineEntry(
                id=id_,
                date=date,
                precision=precision,
                text=text,
                article_ids=json.loads(article_ids),
                evidence=[Evidence(article_id=a, start=s, end=e) for a, s, e in json.loads(evidence)],
                entity_ids=json.loads(entity_ids),
                conflicts=json.loads(conflicts),
            )

    def iter_article_entities(self, ids: Iterable[str] | None = None) -> Iterator[ArticleEntities]:
        if ids is None:
            # A page of articles at a time, found by id after the last page's: neither the
            # corpus's mentions nor its ids sit in memory at once.
            after = ""
            while page := [
                r[0]
                for r in self._db.execute(
                    "SELECT article_id FROM article_stages WHERE article_id > ? AND stage = 'nlp' "
                    "ORDER BY article_id LIMIT ?",
                    (after, ARTICLE_PAGE),
                )
            ]:
                yield from self._article_entities(page)
                after = page[-1]
            return
        for page in _pages(sorted(set(ids)), ARTICLE_PAGE):
            yield from self._article_entities(page)

    def _article_entities(self, page: list[str]) -> Iterator[ArticleEntities]:
        where, args = f" AND article_id IN ({', '.join('?' * len(page))})", page
        results: dict[str, ArticleEntities] = {}
        for row in self._db.execute(
            f"SELECT article_id FROM article_stages WHERE stage = 'nlp'{where} ORDER BY article_id", args
        ):
            results[row[0]] = ArticleEntities(article_id=row[0])
        where = where.replace(" AND", " WHERE", 1)
        for aid, start, end, text, label, kind, chain, norm in self._db.execute(
            f'SELECT article_id, start, "end", text, label, kind, chain, norm FROM mentions{where} ORDER BY article_id, seq',
            args,
        ):
            if aid in results:
                results[aid].mentions.append(
                    Mention(
                        article_id=aid,
                        start=start,
                        end=end,
                        text=text,
                        label=label,
                        kind=kind,
                        chain=chain,
                        norm=norm,
                    )
                )
        for aid, chain, person, title, start, end, how in self._db.execute(
            f'SELECT article_id, chain, person, title, start, "end", how FROM roles{where} ORDER BY article_id, seq',
            args,
        ):
            if aid in results:
                results[aid].roles.append(
                    Role(
                        article_id=aid, chain=chain, person=person, title=title, start=start, end=end, how=how
                    )
                )
        yield from results.values()

    # -- corpus stage results ---------------------------------------------

    def replace_entities(
        self, entities: list[Entity], keys: Mapping[str, Iterable[int]] | None = None
    ) -> None:
        with self._transaction():
            self._db.execute("DELETE FROM entities")
            self._db.execute("DELETE FROM entity_members")
            self._db.execute("DELETE FROM entity_keys")
            self._insert_entities(entities, keys or {})

    def update_entities(
        self, remove: Iterable[str], entities: list[Entity], keys: Mapping[str, Iterable[int]]
    ) -> None:
        with self._transaction():
            for page in _pages(sorted(set(remove)), ARTICLE_PAGE):
                marks = ", ".join("?" * len(page))
                for table, column in (
                    ("entities", "id"),
                    ("entity_members", "entity_id"),
                    ("entity_keys", "entity_id"),
                ):
                    self._db.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", page)
            self._insert_entities(entities, keys)

    def entities_by_key(self, keys: Iterable[int]) -> dict[int, set[str]]:
        out: dict[int, set[str]] = {}
        for key, eid in self._where_in("SELECT key, entity_id FROM entity_keys", "key", keys):
            out.setdefault(key, set()).add(eid)
        return out

    def entity_keys(self, ids: Iterable[str]) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for eid, key in self._where_in(
            "SELECT entity_id, key FROM entity_keys", "entity_id", ids, " ORDER BY key"
        ):
            out.setdefault(eid, []).append(key)
        return out

    def _insert_entities(self, entities: list[Entity], keys: Mapping[str, Iterable[int]]) -> None:
        self._db.executemany(
            "INSERT OR IGNORE INTO entity_keys (key, entity_id) VALUES (?, ?)",
            ((k, e.id) for e in entities for k in keys.get(e.id, ())),
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO entity_members (article_id, chain, entity_id) VALUES (?, ?, ?)",
            ((aid, chain, e.id) for e in entities for aid, chain in e.members),
        )
        self._db.executemany(
            "INSERT INTO entities (id, type, name, aliases, roles, article_ids, mentions, members) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    e.id,
                    e.type,
                    e.name,
                    json.dumps(e.aliases, ensure_ascii=False),
                    json.dumps(
                        [[r.title, r.article_id, r.start, r.end] for r in e.roles], ensure_ascii=False
                    ),
                    json.dumps(e.article_ids),
                    e.mentions,
                    json.dumps(e.members),
                )
                for e in entities
            ),
        )

    def iter_entities(self, ids: Iterable[str] | None = None) -> Iterator[Entity]:
        sql = "SELECT id, type, name, aliases, roles, article_ids, mentions, members FROM entities"
        order = " ORDER BY mentions DESC, name, id"
        if ids is None:
            # The order first (ids only), then a page of entities at a time: bounded memory.
            ordered = [r[0] for r in self._db.execute("SELECT id FROM entities" + order)]
            for page in _pages(ordered, ARTICLE_PAGE):
                found = {e.id: e for e in self.iter_entities(page)}
                yield from (found[i] for i in page if i in found)
            return
        rows = []
        for page in _pages(list(dict.fromkeys(ids)), ARTICLE_PAGE):
            rows += self._db.execute(f"{sql} WHERE id IN ({', '.join('?' * len(page))})", page).fetchall()
        # One order across pages (as SQL's): ids often come from a set, whose order
        # changes from process to process, and callers break ties by position.
        rows.sort(key=lambda r: (-r[6], r[2], r[0]))
        for id_, type_, name, aliases, roles, article_ids, mentions, members in rows:
            yield Entity(
                id=id_,
                type=type_,
                name=name,
                aliases=json.loads(aliases),
                roles=[EntityRole(title=t, article_id=a, start=s, end=e) for t, a, s, e in json.loads(roles)],
                article_ids=json.loads(article_ids),
                mentions=mentions,
                members=[(a, c) for a, c in json.loads(members)],
            )

    def entity_heads(self, ids: Iterable[str] | None = None, limit: int | None = None) -> list[EntityHead]:
        select = "SELECT id, type, name, mentions, json_array_length(article_ids) FROM entities"
        if ids is None:
            rows = list(
                self._db.execute(
                    f"{select} ORDER BY mentions DESC, name, id LIMIT ?",
                    (NO_LIMIT if limit is None else limit,),
                )
            )
        else:
            rows = sorted(self._where_in(select, "id", ids), key=lambda r: (-r[3], r[2], r[0]))[:limit]
        return [EntityHead(id=i, type=t, name=n, mentions=m, articles=a) for i, t, n, m, a in rows]

    def entity_aliases(self, ids: Iterable[str]) -> dict[str, list[str]]:
        return {i: json.loads(a) for i, a in self._where_in("SELECT id, aliases FROM entities", "id", ids)}

    def count_entities(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM entities").fetchone()[0])

    def entity_members(self, article_ids: Iterable[str]) -> dict[tuple[str, int], str]:
        rows = self._where_in(
            "SELECT article_id, chain, entity_id FROM entity_members", "article_id", article_ids
        )
        return {(aid, chain): eid for aid, chain, eid in rows}

    def quotes_by_speaker(self, entity_id: str) -> list[str]:
        rows = self._db.execute(
            "SELECT l.quote_id FROM quote_links l JOIN quotes q ON q.id = l.quote_id "
            "WHERE l.speaker_entity_id = ? ORDER BY q.article_id, q.seq",
            (entity_id,),
        )
        return [r[0] for r in rows]

    # -- stories --------------------------------------------------------

    def get_sentences(self, article_id: str) -> list[tuple[int, int]]:
        rows = self._db.execute(
            'SELECT start, "end" FROM sentences WHERE article_id = ? ORDER BY seq', (article_id,)
        ).fetchall()
        return [(start, end) for start, end in rows]

    def get_word_tags(self, article_id: str) -> list[WordTag]:
        row = self._db.execute("SELECT tags FROM word_tags WHERE article_id = ?", (article_id,)).fetchone()
        return [WordTag(start=s, end=e, pos=p) for s, e, p in json.loads(row[0])] if row else []

    def story_features(self, ids: Iterable[str] | None = None) -> dict[str, StoryFeatures]:
        sql = "SELECT article_id, published, event_date, words, names, signature FROM story_features"
        if ids is None:
            rows = self._db.execute(sql).fetchall()
        else:
            rows = []
            for page in _pages(list(dict.fromkeys(ids)), ARTICLE_PAGE):
                rows += self._db.execute(
                    f"{sql} WHERE article_id IN ({', '.join('?' * len(page))})", page
                ).fetchall()
        return {
            aid: StoryFeatures(
                article_id=aid,
                published=published,
                event_date=event_date,
                words=_interned(words),
                names=_interned(names),
                signature=bytes(signature),
            )
            for aid, published, event_date, words, names, signature in rows
        }

    def story_dates(self, ids: Iterable[str]) -> dict[str, str | None]:
        rows = self._where_in(
            "SELECT article_id, published, event_date FROM story_features", "article_id", ids
        )
        return {aid: feature_date(published, event) for aid, published, event in rows}

    def story_signatures(self, ids: Iterable[str]) -> dict[str, bytes]:
        rows = self._where_in("SELECT article_id, signature FROM story_features", "article_id", ids)
        return {aid: bytes(sig) for aid, sig in rows}

    def articles_without_bands(self) -> list[str]:
        rows = self._db.execute(
            "SELECT f.article_id FROM story_features f JOIN articles a ON a.id = f.article_id "
            "WHERE a.story_id IS NOT NULL AND length(f.signature) > 0 "
            "AND NOT EXISTS (SELECT 1 FROM duplicates d WHERE d.article_id = f.article_id) "
            "AND NOT EXISTS (SELECT 1 FROM story_bands b WHERE b.article_id = f.article_id) "
            "ORDER BY f.article_id"
        )
        return [r[0] for r in rows]

    def put_story_bands(self, rows: Iterable[tuple[int, int, str]]) -> None:
        with self._transaction():
            self._db.executemany(
                "INSERT OR IGNORE INTO story_bands (band, key, article_id) VALUES (?, ?, ?)", rows
            )

    def story_band_articles(self, keys: Iterable[tuple[int, int]]) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        wanted = sorted(set(keys))
        for start in range(0, len(wanted), ARTICLE_PAGE // 2):
            page = wanted[start : start + ARTICLE_PAGE // 2]
            pairs = ", ".join(["(?, ?)"] * len(page))
            # Only pages that are originals now (a story rebuilt from scratch has none yet).
            # The keys drive the join (CROSS JOIN keeps that order): a lookup in the
            # band index per key, never a scan of every band.
            rows = self._db.execute(
                f"SELECT DISTINCT f.article_id, f.signature FROM (VALUES {pairs}) k "
                "CROSS JOIN story_bands b ON b.band = k.column1 AND b.key = k.column2 "
                "JOIN articles a ON a.id = b.article_id JOIN story_features f ON f.article_id = b.article_id "
                "WHERE a.story_id IS NOT NULL "
                "AND NOT EXISTS (SELECT 1 FROM duplicates d WHERE d.article_id = b.article_id)",
                [x for pair in page for x in pair],
            )
            out.update((aid, bytes(sig)) for aid, sig in rows)
        return out

    def articles_without_features(self) -> list[str]:
        rows = self._db.execute(
            "SELECT a.id FROM articles a LEFT JOIN story_features f ON f.article_id = a.id "
            "WHERE f.article_id IS NULL ORDER BY a.rowid"
        )
        return [r[0] for r in rows]

    def articles_without_story(self) -> list[str]:
        rows = self._db.execute(
            "SELECT id FROM articles WHERE story_id IS NULL ORDER BY published IS NULL, published, id"
        )
        return [r[0] for r in rows]

    def iter_story_members(self) -> Iterator[tuple[str, str, list[str]]]:
        rows = self._db.execute(
            "SELECT id, topic_id, article_ids FROM stories ORDER BY last_date IS NULL, last_date DESC, id"
        ).fetchall()
        for sid, tid, members in rows:
            yield sid, tid, json.loads(members)

    def put_story_features(self, features: list[StoryFeatures]) -> None:
        with self._transaction():
            self._write_story_features(features)

    def _write_story_features(self, features: list[StoryFeatures]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO story_features (article_id, published, event_date, words, names, signature) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [feature_row(f) for f in features],
        )

    def iter_topics(self) -> Iterator[Topic]:
        after = ""
        while True:
            rows = self._db.execute(
                "SELECT id, centroid, members FROM topics WHERE id > ? ORDER BY id LIMIT 500", (after,)
            ).fetchall()
            if not rows:
                return
            for i, c, m in rows:
                yield Topic(id=i, centroid=json.loads(c), members=json.loads(m))
            after = rows[-1][0]

    def topic_count(self) -> int:
        (count,) = self._db.execute("SELECT count(*) FROM topics").fetchone()
        return int(count)

    def duplicates(self, article_ids: Iterable[str] | None = None) -> list[Duplicate]:
        select = "SELECT article_id, of, similarity FROM duplicates"
        if article_ids is None:
            rows = self._db.execute(select + " ORDER BY of, article_id").fetchall()
        else:
            rows = sorted(self._where_in(select, "article_id", article_ids), key=lambda r: (r[1], r[0]))
        return [Duplicate(article_id=a, of=o, similarity=s) for a, o, s in rows]

    def story_members(
        self, story_ids: Iterable[str] = (), topic_ids: Iterable[str] = ()
    ) -> dict[str, tuple[str, list[str]]]:
        select = "SELECT id, topic_id, article_ids FROM stories"
        rows = self._where_in(select, "id", story_ids) + self._where_in(select, "topic_id", topic_ids)
        return {sid: (tid, json.loads(members)) for sid, tid, members in sorted(rows)}

    def stories_of_articles(self, article_ids: Iterable[str]) -> dict[str, str]:
        rows = self._where_in("SELECT id, story_id FROM articles", "id", article_ids)
        return {aid: sid for aid, sid in rows if sid is not None}

    def story_count(self) -> int:
        (count,) = self._db.execute("SELECT count(*) FROM stories").fetchone()
        return int(count)

    def iter_stories(self) -> Iterator[Story]:
        rows = self._db.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories ORDER BY last_date IS NULL, last_date DESC, id"
        ).fetchall()
        copies = self._copies()
        for row in rows:
            yield _story(row, copies)

    def story_heads(self) -> list[StoryHead]:
        rows = self._db.execute(
            "SELECT id, topic_id, title, article_ids, first_date, last_date, stance FROM stories "
            "ORDER BY last_date IS NULL, last_date DESC, id"
        )
        return [
            StoryHead(
                id=i, topic_id=t, title=ti, article_ids=json.loads(a), first_date=f, last_date=la, stance=s
            )
            for i, t, ti, a, f, la, s in rows
        ]

    def get_story(self, ref: str) -> Story:
        rows = self._db.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories WHERE id = ? OR id LIKE ? ORDER BY id = ? DESC LIMIT 2",
            (ref, ref.replace("%", "") + "%", ref),
        ).fetchall()
        if not rows or not ref:
            raise NoSuchStory(f"no story {ref!r} in {self.location}: list them with `storyline stories`")
        if len(rows) > 1 and rows[0][0] != ref:
            raise NoSuchStory(
                f"story id prefix {ref!r} is ambiguous in {self.location}: give more characters"
            )
        return _story(rows[0], self._copies())

    def _copies(self) -> dict[str, list[Duplicate]]:
        copies: dict[str, list[Duplicate]] = {}
        for d in self.duplicates():
            copies.setdefault(d.of, []).append(d)
        return copies

    def framing_heads(self) -> dict[str, tuple[str, str]]:
        rows = self._db.execute("SELECT article_id, source_type, stance FROM framing")
        return {aid: (stype, stance) for aid, stype, stance in rows}

    def iter_framing(
        self, story_id: str | None = None, article_ids: Iterable[str] | None = None
    ) -> Iterator[ArticleFraming]:
        sql = (
            "SELECT article_id, story_id, stance, target, score, evidence, source_type, source_how, "
            "source_evidence, actors FROM framing"
        )
        order = " ORDER BY story_id, article_id"
        rows: list[tuple[Any, ...]] = []
        if article_ids is not None:
            rows = self._where_in(sql, "article_id", article_ids, order)
        elif story_id is not None:
            rows = self._db.execute(sql + " WHERE story_id = ?" + order, (story_id,)).fetchall()
        else:
            rows = self._db.execute(sql + order).fetchall()
        for aid, sid, stance, target, score, evidence, stype, how, sev, actors in rows:
            yield ArticleFraming(
                article_id=aid,
                story_id=sid,
                stance=stance,
                target=target,
                score=score,
                evidence=[FramingItem(**e) for e in json.loads(evidence)],
                source_type=stype,
                source_how=how,
                source_evidence=FramingItem(**json.loads(sev)) if sev else None,
                actors=[
                    ActorFraming(
                        entity_id=a["entity_id"],
                        stance=a["stance"],
                        score=a["score"],
                        evidence=[FramingItem(**e) for e in a["evidence"]],
                    )
                    for a in json.loads(actors or "[]")
                ],
            )

    def save_stories(
        self,
        topics: list[Topic],
        stories: list[Story],
        duplicates: list[Duplicate],
        framing: list[ArticleFraming],
    ) -> None:
        with self._transaction():
            self._db.executemany(
                "INSERT OR REPLACE INTO topics (id, centroid, members) VALUES (?, ?, ?)",
                [(t.id, json.dumps(t.centroid), json.dumps(t.members)) for t in topics],
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO duplicates (article_id, of, similarity) VALUES (?, ?, ?)",
                [(d.article_id, d.of, d.similarity) for d in duplicates],
            )
            self._db.executemany(
                f"INSERT OR REPLACE INTO stories ({_STORY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        story.id,
                        story.topic_id,
                        story.title,
                        json.dumps(story.article_ids),
                        story.first_date,
                        story.last_date,
                        json.dumps([asdict(c) for c in story.summary]),
                        story.stance,
                        json.dumps([asdict(e) for e in story.stance_evidence]),
                        json.dumps(story.coverage),
                    )
                    for story in stories
                ],
            )
            self._db.executemany(
                "UPDATE articles SET story_id = ? WHERE id = ?",
                [(story.id, aid) for story in stories for aid in story.article_ids],
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO framing (article_id, story_id, stance, target, score, evidence, source_type, "
                "source_how, source_evidence, actors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        f.article_id,
                        f.story_id,
                        f.stance,
                        f.target,
                        f.score,
                        json.dumps([asdict(e) for e in f.evidence]),
                        f.source_type,
                        f.source_how,
                        json.dumps(asdict(f.source_evidence)) if f.source_evidence else None,
                        json.dumps([asdict(a) for a in f.actors], ensure_ascii=False),
                    )
                    for f in framing
                ],
            )

    def search(self, query: str, limit: int = 200) -> list[SearchHit]:
        rows = self._db.execute(
            "SELECT a.id, snippet(article_fts, 1, ?, ?, ' … ', 24), article_fts.rank "
            "FROM article_fts JOIN articles a ON a.rowid = article_fts.rowid "
            "WHERE article_fts MATCH ? ORDER BY article_fts.rank LIMIT ?",
            (HIT_OPEN, HIT_CLOSE, fts5_query(query), limit),
        ).fetchall()
        return [SearchHit(article_id=aid, snippet=snip or "", rank=rank) for aid, snip, rank in rows]

    def close(self) -> None:
        self._db.close()


MAX_QUERY_CHARS = 1000
MAX_QUERY_TERMS = 16
MAX_QUERY_WORDS = 16
_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\w+)')


def query_terms(text: str) -> list[str]:
    """The user's words and "quoted phrases", each a space-joined phrase to find.

    Operators and punctuation are not passed through, so no input can be a syntax error.
    Only the first ``MAX_QUERY_TERMS`` terms of ``MAX_QUERY_WORDS`` words at most count: a
    pasted page must not cost the server minutes.
    """
    terms = []
    for m in _PHRASE_OR_WORD.finditer(text[:MAX_QUERY_CHARS]):
        words = re.findall(r"\w+", m.group(1)) if m.group(1) is not None else [m.group(2)]
        if words:
            terms.append(" ".join(words[:MAX_QUERY_WORDS]))
        if len(terms) == MAX_QUERY_TERMS:
            break
    if not terms:
        raise BadQuery(f"nothing to search for in {text!r}: type one or more words")
    return terms


def fts5_query(text: str) -> str:
    """The user's words as an FTS5 query: every word and "quoted phrase" must occur."""
    return " ".join(f'"{t}"' for t in query_terms(text))
