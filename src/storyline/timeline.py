"""Corpus stage: dated events merged across articles into one timeline.

Reads only ``Event`` records (small, stored) plus publication dates and the
entity links, so adding articles rebuilds the timeline without re-parsing.

1. Each event's TimeML value becomes a timeline date and precision; values
   with no year (XXXX-06-05, from undated pages) wait for step 4.
2. Events are grouped, finest dates first, so a group's date is always its
   finest: an event joins a group with the same date, or a finer date inside
   its own (2022-06 joins 2022-06-05), when the two say similar things.
3. Groups that say the same thing with different dates of the same precision
   stay apart and list each other's date under ``conflicts``.
4. A year-unknown event joins the one dated group with its month(-day) and
   similar content; its article gets that date as a hint for its window.
Everything is sorted before it is grouped, so input order never matters.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import itertools
import math
import os
import re
import sqlite3
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from sys import intern
from typing import TYPE_CHECKING, Any

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.model import Event, Evidence, TimelineEntry
from storyline.morph import morph as _morph
from storyline.stages import stage

if TYPE_CHECKING:
    from storyline.store import Store

# Finest first; a week or a quarter sits between day, month and year.
PRECISIONS = ("day", "week", "month", "quarter", "year")
_RANK = {p: i for i, p in enumerate(PRECISIONS)}

MERGE_JACCARD = 0.2  # content-word overlap that makes two clauses "the same event"
CONFLICT_JACCARD = 0.5  # overlap (with a shared participant) that makes different dates a conflict
MIN_TEXT_WORDS = 6
MAX_TEXT_CHARS = 200
# An entity in more than this share of the events (in a corpus of at least
# UBIQUITY_MIN_EVENTS) is the topic itself ("Kazakhstan" in a Kazakhstan dossier)
# and says nothing about two clauses being one event.
UBIQUITY_SHARE = 0.5
UBIQUITY_MIN_EVENTS = 10
_PAGE = 500  # articles whose events are read at once

# Generic nouns naming a happening; sharing one on the same date is enough to merge. No topic
# words, and none that are common verbs too ("address", "strike", "launch") or filler ("statement").
_EVENT_NOUN_WORDS = """
referendum election vote ballot poll visit trip meeting summit talks conference forum congress
session hearing speech interview announcement ceremony inauguration parade rally protest
demonstration unrest riot coup attack explosion bombing shooting earthquake flood crash accident
signing treaty ceasefire invasion offensive trial verdict ruling arrest resignation appointment
dismissal funeral wedding festival tournament
"""
EVENT_NOUNS = frozenset(_EVENT_NOUN_WORDS.split())
# The same happenings named in Russian (dictionary forms), keyed by the English noun: a
# Russian page's «референдуме 5 июня» and an English "referendum on June 5" are one event.
RUSSIAN_EVENT_NOUNS = {
    "референдум": "referendum", "выборы": "election", "голосование": "vote", "визит": "visit",
    "поездка": "trip", "встреча": "meeting", "саммит": "summit", "переговоры": "talks",
    "конференция": "conference", "форум": "forum", "съезд": "congress", "сессия": "session",
    "слушание": "hearing", "выступление": "speech", "интервью": "interview",
    "церемония": "ceremony", "инаугурация": "inauguration", "парад": "parade", "митинг": "rally",
    "протест": "protest", "демонстрация": "demonstration", "беспорядки": "unrest", "бунт": "riot",
    "переворот": "coup", "нападение": "attack", "теракт": "attack", "взрыв": "explosion",
    "стрельба": "shooting", "землетрясение": "earthquake", "наводнение": "flood",
    "крушение": "crash", "авария": "accident", "подписание": "signing", "договор": "treaty",
    "перемирие": "ceasefire", "вторжение": "invasion", "наступление": "offensive",
    "приговор": "verdict", "арест": "arrest", "отставка": "resignation",
    "назначение": "appointment", "увольнение": "dismissal", "похороны": "funeral",
    "свадьба": "wedding", "фестиваль": "festival", "турнир": "tournament",
}  # fmt: skip

_WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*[^\W_])?")
_CALENDAR = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?|-W(\d\d)|-Q([1-4]))?$")
_YEARLESS = re.compile(r"^XXXX-(\d\d)(?:-(\d\d))?$")


@dataclass(slots=True, kw_only=True)
class Timeline:
    """The merged timeline, and year hints for undated articles.

    ``year_hints[article_id]`` lists the dates (as YYYY-MM-DD: an entry's first
    day) of the dated entries an undated article's past events were placed in;
    the article was written after them, so they bound its window from below.
    """

    entries: list[TimelineEntry] = field(default_factory=list)
    year_hints: dict[str, list[str]] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class _Item:
    event: Event
    date: str  # timeline date, or XXXX-MM(-DD) while the year is unknown
    precision: str
    first: dt.date | None  # the calendar stretch the date covers (None while the year is unknown)
    last: dt.date | None
    # Sorted, distinct: a tuple of (interned) words costs a sixth of a frozenset's memory,
    # and a year's items are held at once.
    words: tuple[str, ...]
    keys: frozenset[str]
    entities: frozenset[str]
    seq: int = -1  # its row in the build's scratch database

    @property
    def order(self) -> tuple[int, str, str, int, int, str]:
        e = self.event
        return (_RANK[self.precision], self.date, e.article_id, e.start, e.end, e.value)


@dataclass(slots=True, kw_only=True)
class _Group:
    items: list[_Item]
    gid: int

    @property
    def head(self) -> _Item:
        return self.items[0]


@stage(
    "timeline",
    kind="corpus",
    requires=["events", "article_meta", "entities"],
    assigns=["timeline", "windows"],
)
def build_timeline(
    events: list[Event], published: dict[str, str | None], entity_of: dict[tuple[str, int], str]
) -> Timeline:
    """Merge events across articles into dated entries; see the module docstring for the rules."""
    with _Scratch() as scratch:
        scratch.add(events, entity_of)
        hints = scratch.run(lambda ids: {a: published.get(a) for a in ids})
        return Timeline(entries=list(scratch.entries()), year_hints=hints)


def rebuild_timeline(store: Store) -> dict[str, list[str]]:
    """The store's timeline built again and stored, a page of articles' events at a time
    through a scratch file, one calendar partition in memory at a time: the year hints."""
    with (
        tempfile.TemporaryDirectory(prefix="storyline-timeline-") as tmp,
        _Scratch(os.path.join(tmp, "scratch.db")) as scratch,
    ):
        for page in store.article_id_pages(_PAGE):  # no id list of the corpus held
            events = list(store.iter_events(page))
            # Only the chains events name as participants: not every member of every entity.
            wanted = {(e.article_id, c) for e in events for c in e.participants}
            members = store.entity_members(sorted({aid for aid, _ in wanted}))
            scratch.add(events, {m: eid for m, eid in members.items() if m in wanted})
        hints = scratch.run(lambda aids: {a.id: a.published for a in store.iter_article_meta(aids)})
        store.replace_timeline(scratch.entries())
    return hints


# -- dates ----------------------------------------------------------------


def normalise(value: str) -> tuple[str, str, dt.date, dt.date] | None:
    """Timeline date, precision and the first and last day it covers; None if not a calendar value.

    TimelineEntry.date must be YYYY-MM-DD, YYYY-MM or YYYY, so a week is written
    as its Monday (precision "week") and a quarter as its first month
    (precision "quarter").
    """
    m = _CALENDAR.match(value.split("T", 1)[0])
    if m is None:
        return None
    year = int(m[1])
    try:
        if m[3]:
            day = dt.date(year, int(m[2]), int(m[3]))
            return day.isoformat(), "day", day, day
        if m[2]:
            month = int(m[2])
            end = dt.date(year, month, calendar.monthrange(year, month)[1])
            return f"{year:04d}-{month:02d}", "month", dt.date(year, month, 1), end
        if m[4]:
            monday = dt.date.fromisocalendar(year, int(m[4]), 1)
            return monday.isoformat(), "week", monday, dt.date.fromisocalendar(year, int(m[4]), 7)
        if m[5]:
            month = 3 * int(m[5]) - 2
            end = dt.date(year, month + 2, calendar.monthrange(year, month + 2)[1])
            return f"{year:04d}-{month:02d}", "quarter", dt.date(year, month, 1), end
        return f"{year:04d}", "year", dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:  # 2022-02-30, week 54: no such day
        return None


def _item(event: Event, entity_of: dict[tuple[str, int], str]) -> _Item | None:
    found = normalise(event.value)
    if found is not None:
        when, precision, first, last = found
    elif (m := _YEARLESS.match(event.value.split("T", 1)[0])) is not None:
        when, precision, first, last = m[0], "day" if m[2] else "month", None, None
    else:
        return None
    words = tuple(sorted(content_words(_without_time(event))))
    ents = {
        entity_of[(event.article_id, c)] for c in event.participants if (event.article_id, c) in entity_of
    }
    return _Item(
        event=event,
        date=when,
        precision=precision,
        first=first,
        last=last,
        words=words,
        keys=_frozen(_key_nouns(words)),
        entities=_frozen(ents),
    )


_NONE: frozenset[str] = frozenset()
_NO_EVENT = Event(article_id="", start=0, end=0, text="", time_start=0, time_end=0, value="", participants=[])


def _frozen(values: Iterable[str]) -> frozenset[str]:
    """A frozenset, the one shared empty set when empty (most items name no key or entity)."""
    found = frozenset(values)
    return found if found else _NONE


def _covers(coarse: _Item, precision: str, date: str, first: dt.date, last: dt.date) -> bool:
    """A date (its precision, value, first and last day) names the same day(s) as ``coarse``
    or a stretch inside it."""
    assert coarse.first and coarse.last
    if coarse.precision == precision:
        return coarse.date == date
    return _RANK[precision] < _RANK[coarse.precision] and coarse.first <= first <= last <= coarse.last


# -- content --------------------------------------------------------------


def content_words(text: str) -> frozenset[str]:
    """Lowercased words minus stopwords (no lemmas: cheap and language-model free)."""
    out = set()
    for w in _WORD.findall(text.lower()):
        w = w.removesuffix("'s").removesuffix("’s")
        if len(w) > 1 and w not in STOP_WORDS:
            out.add(intern(w))  # held once, not per event: a corpus repeats its words
    return frozenset(out)


def _without_time(event: Event) -> str:
    # The date is compared separately; leaving "June 5" in would make every June 5 clause alike.
    a, b = event.time_start - event.start, event.time_end - event.start
    if 0 <= a <= b <= len(event.text):
        return event.text[:a] + " " + event.text[b:]
    return event.text


def _key_nouns(words: Iterable[str]) -> set[str]:
    keys = set()
    for w in words:
        if w in EVENT_NOUNS:
            keys.add(w)
        elif w.endswith("s") and w[:-1] in EVENT_NOUNS:  # plurals: elections, visits
            keys.add(w[:-1])
        elif "а" <= w[0] <= "я" and (key := RUSSIAN_EVENT_NOUNS.get(_russian_noun(w))):
            keys.add(key)
    return keys


@lru_cache(maxsize=1 << 14)
def _russian_noun(word: str) -> str:
    """A Russian word's dictionary form as a noun («референдуме» -> «референдум»)."""
    for parse in _morph().parse(word):
        if parse.tag.POS == "NOUN":
            return str(parse.normal_form)
    return word


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _overlap(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """``jaccard`` of two items' words (distinct, as tuples)."""
    if not a and not b:
        return 0.0
    shared = len(set(a).intersection(b))
    return shared / (len(a) + len(b) - shared)


def similarity(a: _Item, b: _Item, ubiquitous: frozenset[str]) -> float:
    """How much two clauses look like one event: 0 when not at all, else the word overlap (or a floor)."""
    if _same_content(a, b) or (a.entities & b.entities) - ubiquitous:
        return max(_overlap(a.words, b.words), 0.01)
    return 0.0


def _same_content(a: _Item, b: _Item) -> bool:
    return bool(a.keys & b.keys) or _overlap(a.words, b.words) >= MERGE_JACCARD


# -- grouping -------------------------------------------------------------


class _Postings:
    """Token -> positions of the groups holding it, for candidate search.

    Words, key nouns and entity ids share one namespace: a token two kinds share
    only adds candidates, which are then scored, never decides a merge. Positions
    are kept as an int or a list (a set per token cost ~20x the memory at 100k
    articles); ``find`` dedupes.
    """

    __slots__ = ("_at",)

    def __init__(self) -> None:
        self._at: dict[str, int | list[int]] = {}

    def add(self, tokens: Iterable[str], position: int) -> None:
        at = self._at
        for token in tokens:
            held = at.get(token)
            if held is None:
                at[token] = position
            elif isinstance(held, int):
                if held != position:
                    at[token] = [held, position]
            elif held[-1] != position:
                held.append(position)

    def find(self, tokens: Iterable[str]) -> set[int]:
        out: set[int] = set()
        for token in tokens:
            held = self._at.get(token)
            if held is None:
                continue
            if isinstance(held, int):
                out.add(held)
            else:
                out.update(held)
        return out


class _Prefixes:
    """The tokens an item is found by: its key nouns and the rarest words of its prefix.

    Two word sets with Jaccard >= ``MERGE_JACCARD`` share one of each set's rarest
    ``len - ceil(t * len) + 1`` words (the prefix filter), for any fixed word order, so
    each partition orders words by its own counts.
    """

    __slots__ = ("_freq",)

    def __init__(self, freq: Counter[str]) -> None:
        self._freq = freq

    def _prefix(self, words: Iterable[str]) -> list[str]:
        words = tuple(words)
        size = len(words) - math.ceil(MERGE_JACCARD * len(words) - 1e-9) + 1
        return sorted(words, key=lambda w: (self._freq[w], w))[:size]

    def _content_tokens(self, item: _Item) -> list[str]:
        return [*item.keys, *self._prefix(item.words)]


def _spans_of(first: dt.date) -> tuple[int, int]:
    """The month and the year a group's first day falls in, as keys of the ``spans`` table."""
    return first.year * 100 + first.month, first.year * 100


class _Groups(_Prefixes):
    """One calendar partition's groups, made as its items stream by in ``_Item.order``.

    Only the date being added is held in memory. Within it, an event is scored only
    against the groups it could join: those sharing a key noun, a participant, or one
    of the rarest words of its prefix (a large corpus has thousands of events on a
    busy day; every other group scores 0). The groups a coarser date may join (finer
    dates inside it, sharing content) are found in the scratch file: each group's
    content tokens filed under its month and year (``spans``), its members in
    ``placed``. So memory is one date's groups, whatever the partition's size.
    """

    __slots__ = ("_db", "_groups", "_key", "_on_date", "_placed", "_spans", "_tokens", "_ubiquitous", "gid")

    def __init__(
        self, freq: Counter[str], db: sqlite3.Connection, ubiquitous: frozenset[str], gid: int
    ) -> None:
        super().__init__(freq)
        self._db = db
        self._ubiquitous = ubiquitous
        self._key: tuple[str, str] | None = None
        self._on_date: list[_Group] = []
        self._tokens = _Postings()  # token -> positions in _on_date of the groups holding it
        self.gid = gid  # the last group id given
        # Rows not yet written: a day's items are never looked up, so they go in batches.
        self._groups: list[tuple[Any, ...]] = []
        self._placed: list[tuple[int, int, int]] = []
        self._spans: list[tuple[int, str, int]] = []

    def add(self, item: _Item) -> None:
        """Place the next item (items must come sorted by ``_Item.order``)."""
        key = (item.precision, item.date)
        if key != self._key:  # a date passed is never asked again
            self._key, self._on_date, self._tokens = key, [], _Postings()
        found = self._tokens.find(
            (*item.keys, *(item.entities - self._ubiquitous), *self._prefix(item.words))
        )
        same = [
            (-score, n)
            for n in sorted(found)
            if (score := max(similarity(m, item, self._ubiquitous) for m in self._on_date[n].items)) > 0
        ]
        if same:
            n = min(same)[1]
            group = self._on_date[n]
            group.items.append(item)
            self._index(item, n)
            self._place(item, group.gid, len(group.items) - 1, group.head.first)
            return
        # A day has nothing finer; a coarser date may join one finer group.
        finer = None if item.precision == "day" else self._finer(item)
        if finer is not None:
            gid, size, first = finer
            self._place(item, gid, size, first)
            return
        assert item.first is not None and item.last is not None
        self.gid += 1
        e = item.event
        # The id hangs on the date and the group's first event, which an unrelated article never changes.
        entry_id = (
            "t" + hashlib.sha1(f"{item.date}|{e.article_id}|{e.start}|{e.text}".encode()).hexdigest()[:12]
        )
        self._groups.append(
            (
                self.gid,
                _RANK[item.precision],
                item.date,
                item.first.isoformat(),
                item.last.isoformat(),
                entry_id,
                item.date[5:],
                item.date[5:7],
            )
        )
        self._on_date.append(_Group(items=[item], gid=self.gid))
        self._index(item, len(self._on_date) - 1)
        self._place(item, self.gid, 0, item.first)

    def _index(self, item: _Item, position: int) -> None:
        self._tokens.add((*item.keys, *item.entities, *self._prefix(item.words)), position)

    def _place(self, item: _Item, gid: int, pos: int, first: dt.date | None) -> None:
        """Write the item into its group, its content filed under the group's month and year."""
        assert first is not None
        self._placed.append((item.seq, gid, pos))
        tokens = self._content_tokens(item)
        self._spans += [(span, token, gid) for span in _spans_of(first) for token in tokens]
        if len(self._placed) >= 10_000:
            self.flush()

    def flush(self) -> None:
        """Write the groups and placements made since the last flush (a lookup reads them)."""
        if self._groups:
            self._db.executemany("INSERT INTO groups VALUES (?, ?, ?, ?, ?, ?, ?, ?)", self._groups)
        if self._placed:
            self._db.executemany("INSERT INTO placed VALUES (?, ?, ?)", self._placed)
        if self._spans:
            self._db.executemany("INSERT OR IGNORE INTO spans VALUES (?, ?, ?)", self._spans)
        self._groups, self._placed, self._spans = [], [], []

    def _finer(self, item: _Item) -> tuple[int, int, dt.date] | None:
        """The one finer group inside the item's date that says the same thing: (id, size, first
        day); None when none or several do.

        A coarser date joins a finer group only on shared content, not a shared name alone
        ("Tokayev ... in 2022" is not his June 5 visit), and only when exactly one finer
        group fits: "in June" with a June 5 and a June 20 vote is not guessed at.
        """
        assert item.first is not None and item.last is not None
        if item.precision == "year":
            spans = [item.first.year * 100]
        else:
            months = {(item.first.year, item.first.month), (item.last.year, item.last.month)}
            if item.precision == "quarter":
                months.add((item.first.year, item.first.month + 1))
            spans = sorted(y * 100 + m for y, m in months)
        tokens = sorted(set(self._content_tokens(item)))
        if not tokens:
            return None
        self.flush()
        # Only groups sharing content can be joined: those filed under a token of this item.
        rows = self._db.execute(
            "SELECT g.gid, g.rank, g.date, g.first, g.last FROM groups g WHERE g.gid IN ("
            f"SELECT gid FROM spans WHERE span IN ({', '.join('?' * len(spans))}) "
            f"AND token IN ({', '.join('?' * len(tokens))})) ORDER BY g.gid",
            (*spans, *tokens),
        ).fetchall()
        covered = [
            (gid, dt.date.fromisoformat(first))
            for gid, rank, date, first, last in rows
            if rank != _RANK[item.precision]
            and _covers(
                item, PRECISIONS[rank], date, dt.date.fromisoformat(first), dt.date.fromisoformat(last)
            )
        ]
        fits: list[tuple[int, dt.date]] = []
        for gid, first in covered:
            # Members read one at a time until one says the same thing: a large group (an
            # event every outlet reported that day) is seldom read to its end.
            members = self._db.execute(
                "SELECT i.words FROM placed p JOIN items i ON i.seq = p.seq WHERE p.gid = ?", (gid,)
            )
            fit = any(_same_content(_member(words), item) for (words,) in members)
            members.close()  # a statement left half-read would hold its table
            if fit:
                fits.append((gid, first))
                if len(fits) > 1:
                    return None
        if not fits:
            return None
        gid, first = fits[0]
        size = self._db.execute("SELECT MAX(pos) + 1 FROM placed WHERE gid = ?", (gid,)).fetchone()[0]
        return gid, size, first


@lru_cache(maxsize=1 << 14)
def _member(words: str) -> _Item:
    """What ``_same_content`` reads of a stored member: its words and key nouns."""
    found = tuple(words.split())
    return _Item(
        event=_NO_EVENT,
        date="",
        precision="day",
        first=None,
        last=None,
        words=found,
        keys=_frozen(_key_nouns(found)),
        entities=_NONE,
    )


# -- the build, partitioned ----------------------------------------------

_SCHEMA = """
CREATE TABLE items (
    seq INTEGER PRIMARY KEY, rank INTEGER NOT NULL, date TEXT NOT NULL, y1 INTEGER, y2 INTEGER,
    article TEXT NOT NULL, start INTEGER NOT NULL, stop INTEGER NOT NULL, value TEXT NOT NULL,
    tense TEXT, text TEXT NOT NULL, words TEXT NOT NULL, entities TEXT NOT NULL,
    gid INTEGER, pos INTEGER
);
CREATE INDEX items_y1 ON items(y1);
CREATE TABLE ents (entity TEXT NOT NULL);
CREATE TABLE words (word TEXT NOT NULL, seq INTEGER NOT NULL, y1 INTEGER NOT NULL);
CREATE TABLE groups (
    gid INTEGER PRIMARY KEY, rank INTEGER NOT NULL, date TEXT NOT NULL, first TEXT NOT NULL,
    last TEXT NOT NULL, id TEXT NOT NULL, md TEXT NOT NULL, mm TEXT NOT NULL
);
-- each group's content tokens under its first day's month (YYYYMM) and year (YYYY00)
CREATE TABLE spans (
    span INTEGER NOT NULL, token TEXT NOT NULL, gid INTEGER NOT NULL, PRIMARY KEY (span, token, gid)
) WITHOUT ROWID;
CREATE TABLE placed (seq INTEGER PRIMARY KEY, gid INTEGER NOT NULL, pos INTEGER NOT NULL);
CREATE INDEX placed_gid ON placed(gid, pos);
"""
_SEP = "\x1f"


def _disputed(
    bucket: list[tuple[Any, ...]], x: int, y: int, cache: dict[int, tuple[frozenset[str], frozenset[str]]]
) -> bool:
    """Rows ``x`` and ``y`` (of groups with different dates) say one thing: a shared
    participant and most words. One article giving two dates is a sequence, not a dispute."""
    if bucket[x][3] == bucket[y][3]:
        return False
    (words_a, ents_a), (words_b, ents_b) = _parsed(bucket, x, cache), _parsed(bucket, y, cache)
    return bool(ents_a & ents_b) and jaccard(words_a, words_b) >= CONFLICT_JACCARD


def _parsed(
    bucket: list[tuple[Any, ...]], n: int, cache: dict[int, tuple[frozenset[str], frozenset[str]]]
) -> tuple[frozenset[str], frozenset[str]]:
    """The words and entities of a bucket's row ``n``, parsed once and only when compared."""
    if n not in cache:
        words, ents = bucket[n][4:]
        cache[n] = (frozenset(words.split()), frozenset(ents.split(_SEP)) if ents else frozenset())
    return cache[n]


class _Scratch:
    """One timeline build, spilled to a private SQLite database (a temporary file for a
    store, memory for a list of events), so only part of the corpus is ever in memory:

    - events are written as items as they are read (dates, content words, entities);
    - grouping runs one calendar partition at a time (the years an item can reach: a
      week across New Year joins two), its items streamed in date order, one date's
      groups in memory; coarser dates find the finer groups they may join in the
      scratch file (``_Groups``);
    - conflicts (different dates, the same happening) are found through prefix words in
      SQL, one word's items at a time;
    - year-unknown events are placed one month-day at a time, against the groups of
      that month-day only;
    - entries are made a group at a time as they are written.

    Each step is exact: the prefix filters hold for any fixed word order (only their
    cost depends on it), so each partition orders words by its own counts.
    """

    def __init__(self, path: str = ":memory:", *, partitioned: bool = True) -> None:
        self.partitioned = partitioned  # False: every year in one partition (tests compare)
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("PRAGMA cache_size = -32768")  # 32 MB of pages: lookups by group and token
        self.db.executescript(_SCHEMA)
        self.db.execute("BEGIN")
        self.count = 0
        self.conflicts: dict[int, set[str]] = defaultdict(set)

    def __enter__(self) -> _Scratch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.close()

    def add(self, events: Iterable[Event], entity_of: dict[tuple[str, int], str]) -> None:
        items, ents, words = [], [], []
        for e in events:
            item = _item(e, entity_of)
            if item is None:
                continue
            self.count += 1
            y1, y2 = (item.first.year, item.last.year) if item.first and item.last else (None, None)
            items.append(
                (
                    self.count,
                    _RANK[item.precision],
                    item.date,
                    y1,
                    y2,
                    e.article_id,
                    e.start,
                    e.end,
                    e.value,
                    e.tense,
                    e.text,
                    " ".join(item.words),
                    _SEP.join(sorted(item.entities)),
                )
            )
            ents += [(x,) for x in item.entities]
            if y1 is not None:  # dated: its words count for conflicts
                words += [(w, self.count, y1) for w in item.words]
        self.db.executemany(f"INSERT INTO items VALUES ({', '.join('?' * 13)}, NULL, NULL)", items)
        self.db.executemany("INSERT INTO ents VALUES (?)", ents)
        self.db.executemany("INSERT INTO words VALUES (?, ?, ?)", words)

    def run(self, published_of: Callable[[list[str]], dict[str, str | None]]) -> dict[str, list[str]]:
        """Group, flag conflicts, place year-unknown events: the year hints (see ``Timeline``)."""
        ubiquitous: frozenset[str] = frozenset()
        if self.count >= UBIQUITY_MIN_EVENTS:
            found = self.db.execute(
                "SELECT entity FROM ents GROUP BY entity HAVING COUNT(*) > ?", (UBIQUITY_SHARE * self.count,)
            )
            ubiquitous = frozenset(r[0] for r in found)
        gid = 0
        for years in self._partitions():
            marks = ", ".join("?" * len(years))
            freq = Counter(
                dict(
                    self.db.execute(
                        f"SELECT word, COUNT(*) FROM words WHERE y1 IN ({marks}) GROUP BY word", years
                    )
                )
            )
            groups = _Groups(freq, self.db, ubiquitous, gid)
            # Streamed in order (the sort spills to disk): one date's groups are held, not the partition's.
            stream = self.db.execute(
                f"SELECT * FROM items WHERE y1 IN ({marks}) ORDER BY rank, date, article, start, stop, value, seq",
                years,
            )
            while rows := stream.fetchmany(1000):
                for row in rows:
                    groups.add(self._load(row))
            groups.flush()
            gid = groups.gid
        self.db.execute("UPDATE items SET gid = p.gid, pos = p.pos FROM placed p WHERE p.seq = items.seq")
        self.db.execute("DROP TABLE placed")
        self.db.execute("DROP TABLE spans")
        self.db.execute("CREATE INDEX items_gid ON items(gid, pos)")
        self.db.execute("CREATE INDEX groups_md ON groups(md, rank)")
        self.db.execute("CREATE INDEX groups_mm ON groups(mm, rank)")
        self._flag_conflicts()
        placements = self._place_yearless(ubiquitous)
        published = published_of(sorted({aid for aid, _, _ in placements}))
        hints: dict[str, set[str]] = defaultdict(set)
        for aid, tense, first in placements:
            # A page reporting a past event was written after it; a plan ("will be held") says nothing.
            if tense != "future" and not published.get(aid):
                hints[aid].add(first)
        return {aid: sorted(dates) for aid, dates in sorted(hints.items())}

    def _partitions(self) -> list[list[int]]:
        """Years joined by the items that span them (a week across New Year), in order."""
        parent: dict[int, int] = {}

        def root(y: int) -> int:
            while parent.setdefault(y, y) != y:
                y = parent[y]
            return y

        for y1, y2 in self.db.execute("SELECT DISTINCT y1, y2 FROM items WHERE y1 IS NOT NULL"):
            for y in range(y1, y2 + 1):
                parent[root(y)] = root(y1)
        parts: dict[int, list[int]] = defaultdict(list)
        for y in sorted(parent):
            parts[root(y) if self.partitioned else 0].append(y)
        return sorted(parts.values())

    @staticmethod
    def _load(row: tuple[Any, ...]) -> _Item:
        seq, rank, date, _, _, article, start, stop, value, tense, text, words, ents = row[:13]
        event = Event(
            article_id=article,
            start=start,
            end=stop,
            text=text,
            time_start=0,
            time_end=0,
            value=value,
            tense=tense,
            participants=[],
        )
        found = normalise(value)
        word_set = tuple(intern(w) for w in words.split())
        return _Item(
            seq=seq,
            event=event,
            date=date,
            precision=PRECISIONS[rank],
            first=found[2] if found else None,
            last=found[3] if found else None,
            words=word_set,
            keys=_frozen(_key_nouns(word_set)),
            entities=frozenset(ents.split(_SEP)) if ents else _NONE,
        )

    def _flag_conflicts(self) -> None:
        """Mark groups that look like one happening but carry different dates of the same precision.

        Candidate pairs come from a prefix filter: two word sets with Jaccard >= t
        share one of each set's rarest ``len - ceil(t * len) + 1`` words, so only
        items sharing a rare word are compared (never all pairs), one word at a time.
        """
        db = self.db
        db.execute("CREATE TABLE df AS SELECT word, COUNT(*) AS n FROM words GROUP BY word")
        db.execute("CREATE UNIQUE INDEX df_word ON df(word)")
        db.execute("CREATE TABLE prefix (word TEXT NOT NULL, seq INTEGER NOT NULL)")
        rows = db.execute(
            "SELECT w.seq, w.word FROM words w JOIN df USING (word) ORDER BY w.seq, df.n, w.word"
        )
        batch: list[tuple[str, int]] = []
        for seq, ranked in itertools.groupby(rows, key=lambda r: r[0]):
            ws = [w for _, w in ranked]
            batch += [(w, seq) for w in ws[: len(ws) - math.ceil(CONFLICT_JACCARD * len(ws)) + 1]]
            if len(batch) >= 10_000:
                db.executemany("INSERT INTO prefix VALUES (?, ?)", batch)
                batch.clear()
        db.executemany("INSERT INTO prefix VALUES (?, ?)", batch)
        db.execute("CREATE INDEX prefix_word ON prefix(word)")
        bucket_rows = db.execute(
            "SELECT p.word, i.gid, g.rank, g.date, i.article, i.words, i.entities FROM prefix p "
            "JOIN items i ON i.seq = p.seq JOIN groups g ON g.gid = i.gid "
            "WHERE p.word IN (SELECT word FROM prefix GROUP BY word HAVING COUNT(*) > 1) "
            "ORDER BY p.word"
        )
        flagged: set[tuple[int, int]] = set()
        for _, bucket_iter in itertools.groupby(bucket_rows, key=lambda r: r[0]):
            bucket = [r[1:] for r in bucket_iter]
            # Compared group by group: the items of one group (copies of a report, which a
            # large corpus repeats by the thousand) are never compared with each other.
            members: dict[int, list[int]] = defaultdict(list)
            for x, row in enumerate(bucket):
                members[row[0]].append(x)
            if len(members) < 2:
                continue
            sets: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
            gids = sorted(members)
            for n, a in enumerate(gids):
                rank_a, date_a = bucket[members[a][0]][1:3]
                for b in gids[n + 1 :]:
                    rank_b, date_b = bucket[members[b][0]][1:3]
                    if rank_a != rank_b or date_a == date_b or (a, b) in flagged:
                        continue
                    if any(_disputed(bucket, x, y, sets) for x in members[a] for y in members[b]):
                        flagged.add((a, b))
                        self.conflicts[a].add(date_b)
                        self.conflicts[b].add(date_a)

    def _place_yearless(self, ubiquitous: frozenset[str]) -> list[tuple[str, str | None, str]]:
        """Attach each year-unknown event to the one dated group it must be; drop the rest.

        An event that matches no dated group, or several (June 5 of two years),
        cannot be placed on a timeline of dates and is left out rather than guessed.
        Candidates are judged against the dated events only, so the order in which
        year-unknown events arrive cannot change where they go. One month-day (or month)
        at a time, in the order of the events: (article, tense, the group's first day)
        of each placed.
        """
        db = self.db
        keys = db.execute(
            "SELECT DISTINCT rank, substr(date, 6) FROM items WHERE y1 IS NULL ORDER BY rank, substr(date, 6)"
        ).fetchall()
        placements: list[tuple[str, str | None, str]] = []
        for rank, key in keys:
            # MM-DD: the day groups of that month-day; MM: the day and month groups of that month
            filed = "g.md = ? AND g.rank = 0" if rank == _RANK["day"] else "g.mm = ? AND g.rank IN (0, 2)"
            dated: dict[int, list[_Item]] = defaultdict(list)
            for row in db.execute(
                f"SELECT i.* FROM items i JOIN groups g ON g.gid = i.gid WHERE {filed} AND i.y1 IS NOT NULL "
                "ORDER BY i.gid, i.pos",
                (key,),
            ):
                dated[row[13]].append(self._load(row))
            yearless = sorted(
                (
                    self._load(r)
                    for r in db.execute(
                        "SELECT * FROM items WHERE y1 IS NULL AND rank = ? AND substr(date, 6) = ?",
                        (rank, key),
                    )
                ),
                key=lambda i: i.order,
            )
            if not dated:
                continue
            groups = _Prefixes(
                Counter(w for i in (*yearless, *(m for ms in dated.values() for m in ms)) for w in i.words)
            )
            order = sorted(dated)
            tokens = _Postings()
            for n, gid in enumerate(order):
                for m in dated[gid]:
                    tokens.add((*m.entities, *groups._content_tokens(m)), n)
            heads = dict(db.execute(f"SELECT g.gid, g.first FROM groups g WHERE {filed}", (key,)).fetchall())
            for item in yearless:
                near = tokens.find((*(item.entities - ubiquitous), *groups._content_tokens(item)))
                found = [
                    order[n]
                    for n in sorted(near)
                    if any(similarity(m, item, ubiquitous) > 0 for m in dated[order[n]])
                ]
                if len(found) != 1:
                    continue
                gid = found[0]
                pos = db.execute("SELECT MAX(pos) FROM items WHERE gid = ?", (gid,)).fetchone()[0] + 1
                db.execute("UPDATE items SET gid = ?, pos = ? WHERE seq = ?", (gid, pos, item.seq))
                placements.append((item.event.article_id, item.event.tense, heads[gid]))
        return placements

    def entries(self) -> Iterator[TimelineEntry]:
        """The entries, a group at a time, by date and id."""
        rows = self.db.execute(
            "SELECT g.gid, g.rank, g.date, g.id, i.article, i.start, i.stop, i.text, i.entities "
            "FROM groups g JOIN items i ON i.gid = g.gid ORDER BY g.date, g.id, g.gid, i.pos"
        )
        for gid, members_iter in itertools.groupby(rows, key=lambda r: r[0]):
            members = list(members_iter)
            _, rank, date, entry_id = members[0][:4]
            spans = sorted({(aid, start, stop) for _, _, _, _, aid, start, stop, _, _ in members})
            entity_ids = sorted({e for m in members if m[8] for e in m[8].split(_SEP)})
            yield TimelineEntry(
                id=entry_id,
                date=date,
                precision=PRECISIONS[rank],
                text=_entry_text([m[7] for m in members]),
                article_ids=sorted({s[0] for s in spans}),
                evidence=[Evidence(article_id=a, start=s, end=t) for a, s, t in spans],
                entity_ids=entity_ids,
                conflicts=sorted(self.conflicts.get(gid, ())),
            )


# -- entries --------------------------------------------------------------


def _entry_text(texts: list[str]) -> str:
    """The shortest clause of at least MIN_TEXT_WORDS words (else the first), at most MAX_TEXT_CHARS."""
    collapsed = [" ".join(t.split()) for t in texts]
    long_enough = [t for t in collapsed if len(t.split()) >= MIN_TEXT_WORDS]
    text = min(long_enough, key=len) if long_enough else collapsed[0]
    if len(text) > MAX_TEXT_CHARS:
        cut = text.rfind(" ", 0, MAX_TEXT_CHARS + 1)
        text = text[: cut if cut > 0 else MAX_TEXT_CHARS].rstrip(" ,;:")
    return text


# -- reading --------------------------------------------------------------


def filter_timeline(
    entries: Iterable[TimelineEntry],
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    entity_id: str | None = None,
) -> list[TimelineEntry]:
    """Entries whose dates overlap [date_from, date_to] (YYYY, YYYY-MM or YYYY-MM-DD), optionally about one entity."""
    low = date_bounds(date_from, "date_from")[0] if date_from else dt.date.min
    high = date_bounds(date_to, "date_to")[1] if date_to else dt.date.max
    if low > high:
        raise ValueError(f"date_from {date_from} is after date_to {date_to}")
    out = []
    for entry in entries:
        if entity_id is not None and entity_id not in entry.entity_ids:
            continue
        first, last = entry_span(entry)
        if first <= high and low <= last:
            out.append(entry)
    return out


def query_timeline(
    store: Store,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    entity_id: str | None = None,
    outlet: str | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> tuple[list[TimelineEntry], int]:
    """What ``filter_timeline`` keeps (and the outlet's entries only), a page at a time,
    read by the store's indexes: (the page, how many match in all)."""
    low = date_bounds(date_from, "date_from")[0] if date_from else None
    high = date_bounds(date_to, "date_to")[1] if date_to else None
    if low and high and low > high:
        raise ValueError(f"date_from {date_from} is after date_to {date_to}")
    return store.timeline_page(
        first=low.isoformat() if low else None,
        last=high.isoformat() if high else None,
        entity_id=entity_id,
        outlet=outlet,
        offset=offset,
        limit=limit,
    )


def date_bounds(value: str, name: str = "date") -> tuple[dt.date, dt.date]:
    found = normalise(value) if re.fullmatch(r"\d{4}(?:-\d\d(?:-\d\d)?)?", value) else None
    if found is None:
        raise ValueError(f"{name} {value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    return found[2], found[3]


def entry_span(entry: TimelineEntry) -> tuple[dt.date, dt.date]:
    first, last = date_bounds(entry.date, "date")
    if entry.precision == "week":
        return first, first + dt.timedelta(days=6)
    if entry.precision == "quarter":
        return first, date_bounds(f"{first.year:04d}-{first.month + 2:02d}", "date")[1]
    return first, last
