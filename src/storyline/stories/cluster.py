"""Story clustering in two levels: topics by an online pass, stories inside each topic.

A topic is a set of articles about one subject (one boxer, one country's reforms):
each article is a vector of content words and names weighted by how rare they are
in English at large (wordfreq), so it means the same in a corpus of five pages as
of fifty thousand, and joins the most similar topic whose centroid clears
``TOPIC_THRESHOLD`` or opens one. An inverted index over centroid terms keeps the
cost per article flat as the corpus grows.

Inside a topic, what tells two events of one kind apart (two title fights of one
boxer, two arrests of players of one team) is what the topic's articles do *not*
all share: terms are weighted by their spread inside the topic (a term in every
article, or in only one, weighs nothing). Two articles also count as closer when
they render the same statement (a matched quote, ``QUOTE_BONUS``) and as further
apart the more days lie between the events their leads date (``DATE_TAU_DAYS``).
Two articles in different scripts (a Russian original and its English version)
share no content word, only names and numbers (romanised, see ``features``): their
similarity is their names' alone, not diluted by words they could never share, or,
when the stage gives the leads' multilingual embeddings (``lead_vectors``), how close
the two leads are, whichever says more (a page in a language nothing here parses, or
whose names romanise another way, still meets its story).
New articles join the existing story of their topic they are closest to on
average (``STORY_THRESHOLD``); the rest are grouped among themselves by average
linkage. Nothing already assigned moves: adding pages never reshuffles stories.
"""

from __future__ import annotations

import json
import math
import pickle
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import lru_cache

import numpy as np

from storyline.model import StoryFeatures, Topic
from storyline.scratch import ScratchDB

TOPIC_THRESHOLD = 0.12
STORY_THRESHOLD = 0.08
NAME_WEIGHT = 0.7
QUOTE_BONUS = 0.2
DATE_TAU_DAYS = 30.0
CENTROID_TERMS = 200
# Across scripts, the cosine of two leads' embeddings read as a similarity: nothing at
# LEAD_COS_FLOOR, full at LEAD_COS_CEIL (chosen on the bilingual set's tuning half).
LEAD_COS_FLOOR = 0.82
LEAD_COS_CEIL = 0.90
# A Cyrillic page that no topic's terms reach joins the topic of the other script's page
# published within LEAD_DAYS whose lead is closest to its own, at LEAD_JOIN_COS or more.
LEAD_JOIN_COS = 0.80
LEAD_DAYS = 2
QUERY_TERMS = 12
# Centroids held at once when topics spill to disk (about 20-40 KB each).
TOPIC_CACHE = 2048
# Inside a very large topic only this many members (the newest) are compared with
# new articles at once, so a run's cost stays bounded.
MAX_LOCAL = 1500

Vector = dict[str, float]


# Bounded: a large corpus has millions of distinct terms (names, numbers), and the
# frequent ones, looked up again and again, stay in a cache of this size.
@lru_cache(maxsize=1 << 17)
def background_weight(term: str) -> float:
    """How rare a term is in its language (English, or Russian for a Cyrillic word): 8 minus
    its Zipf frequency (unseen terms, dates: 8)."""
    from wordfreq import zipf_frequency

    # A Russian content word is weighed by its frequency in Russian, not as unseen English.
    language = "ru" if "\u0400" <= term[:1] <= "\u04ff" else "en"
    return max(1.0, 8.0 - zipf_frequency(term, language))


def topic_vector(f: StoryFeatures) -> Vector:
    """Words and names (each half L2-normalised, names weighted ``NAME_WEIGHT``)."""
    words = {t: (1 + math.log(c)) * background_weight(t) for t, c in f.words.items()}
    names = {"n:" + t: (1 + math.log(c)) * background_weight(t) for t, c in f.names.items()}
    out: Vector = {}
    for half, share in ((words, 1 - NAME_WEIGHT), (names, NAME_WEIGHT)):
        norm = math.sqrt(sum(v * v for v in half.values())) or 1.0
        scale = math.sqrt(share) / norm
        out.update({t: v * scale for t, v in half.items()})
    return out


def _top(vector: Vector, n: int) -> Vector:
    if len(vector) <= n:
        return vector
    return dict(sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def _norm(vector: Vector) -> float:
    return math.sqrt(sum(v * v for v in vector.values())) or 1.0


class TopicClusterer:
    """Online clustering of article vectors into topics.

    With ``spill`` the topics live in a private SQLite file (their centroids, members and
    the inverted index) and only the ``cache`` most recently used centroids are held: a
    corpus's topics grow with it, the articles placed at once do not. Same topics either way.
    Close it (or use it as a context manager) to remove the file.
    """

    def __init__(
        self,
        clusters: Iterable[Topic],
        new_id: Callable[[str], str],
        spill: bool = False,
        cache: int = TOPIC_CACHE,
    ) -> None:
        self._table: _MemoryTopics | _SpilledTopics = (
            _SpilledTopics(clusters, cache) if spill else _MemoryTopics(clusters)
        )
        self._new_id = new_id
        self.touched: set[str] = set()

    def __enter__(self) -> TopicClusterer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._table.close()

    def __len__(self) -> int:
        return len(self._table)

    def topic(self, topic_id: str) -> Topic:
        """The topic as it stands (members and centroid); KeyError when there is none."""
        return self._table.topic(topic_id)

    def add(self, member: str, vector: Vector, fallback: Callable[[], str | None] | None = None) -> str:
        """Attach ``member`` to the most similar topic, or to the one ``fallback`` names when
        none is similar enough, or open one; its id."""
        query = _top(vector, QUERY_TERMS)
        candidates = self._table.candidates(query) if query else set()
        best, best_id = TOPIC_THRESHOLD, None
        norm = _norm(vector)
        for cid in sorted(candidates):
            centroid, cnorm = self._table.get(cid) or ({}, 1.0)
            score = sum(v * centroid.get(t, 0.0) for t, v in vector.items()) / (norm * cnorm)
            if score >= best:
                best, best_id = score, cid
        if best_id is None and fallback is not None:
            found = fallback()
            best_id = found if found is not None and self._table.get(found) is not None else None
        if best_id is None:
            best_id = self._new_id(member)
            old: Vector = {}
        else:
            old = (self._table.get(best_id) or ({}, 1.0))[0]
        merged = dict(old)
        for t, v in vector.items():
            merged[t] = merged.get(t, 0.0) + v
        self._table.put(best_id, old, _top(merged, CENTROID_TERMS), member)
        self.touched.add(best_id)
        return best_id


class _MemoryTopics:
    """Every topic held, with an inverted index from centroid terms to topic ids."""

    def __init__(self, topics: Iterable[Topic]) -> None:
        self.topics = {t.id: t for t in topics}
        self.norms = {t.id: _norm(t.centroid) for t in self.topics.values()}
        self.index: dict[str, set[str]] = defaultdict(set)
        for t in self.topics.values():
            for term in t.centroid:
                self.index[term].add(t.id)

    def __len__(self) -> int:
        return len(self.topics)

    def candidates(self, terms: Iterable[str]) -> set[str]:
        return set().union(*(self.index.get(t, set()) for t in terms))

    def get(self, topic_id: str) -> tuple[Vector, float] | None:
        t = self.topics.get(topic_id)
        return None if t is None else (t.centroid, self.norms[topic_id])

    def put(self, topic_id: str, old: Vector, centroid: Vector, member: str) -> None:
        for term in old:
            self.index[term].discard(topic_id)
        topic = self.topics.setdefault(topic_id, Topic(id=topic_id))
        topic.centroid = centroid
        topic.members.append(member)
        self.norms[topic_id] = _norm(centroid)
        for term in centroid:
            self.index[term].add(topic_id)

    def topic(self, topic_id: str) -> Topic:
        return self.topics[topic_id]

    def close(self) -> None:
        pass


_TOPIC_SCHEMA = (
    "CREATE TABLE topics (id TEXT PRIMARY KEY, centroid BLOB, members TEXT);"
    "CREATE TABLE added (topic TEXT, member TEXT);"
    "CREATE INDEX added_topic ON added (topic);"
    "CREATE TABLE terms (term TEXT, topic TEXT, PRIMARY KEY (term, topic)) WITHOUT ROWID;"
)


class _SpilledTopics:
    """Topics in a scratch SQLite file, written through; the newest-used centroids cached."""

    def __init__(self, topics: Iterable[Topic], cache: int) -> None:
        self._scratch = ScratchDB("storyline-topics-", _TOPIC_SCHEMA)
        self._db = self._scratch.db
        self._cache: OrderedDict[str, tuple[Vector, float]] = OrderedDict()
        self._size = cache
        self._count = 0
        rows: list[tuple[str, bytes, str]] = []
        terms: list[tuple[str, str]] = []
        for t in topics:
            rows.append((t.id, pickle.dumps(t.centroid, protocol=5), json.dumps(t.members)))
            terms.extend((term, t.id) for term in t.centroid)
            self._count += 1
            if len(rows) >= 500:
                self._flush(rows, terms)
        self._flush(rows, terms)

    def _flush(self, rows: list[tuple[str, bytes, str]], terms: list[tuple[str, str]]) -> None:
        self._db.executemany("INSERT INTO topics VALUES (?, ?, ?)", rows)
        self._db.executemany("INSERT OR IGNORE INTO terms VALUES (?, ?)", terms)
        rows.clear()
        terms.clear()

    def __len__(self) -> int:
        return self._count

    def candidates(self, terms: Iterable[str]) -> set[str]:
        wanted = list(terms)
        marks = ",".join("?" * len(wanted))
        return {t for (t,) in self._db.execute(f"SELECT topic FROM terms WHERE term IN ({marks})", wanted)}

    def get(self, topic_id: str) -> tuple[Vector, float] | None:
        found = self._cache.get(topic_id)
        if found is not None:
            self._cache.move_to_end(topic_id)
            return found
        row = self._db.execute("SELECT centroid FROM topics WHERE id = ?", (topic_id,)).fetchone()
        if row is None:
            return None
        centroid = pickle.loads(row[0])
        self._remember(topic_id, (centroid, _norm(centroid)))
        return self._cache[topic_id]

    def _remember(self, topic_id: str, value: tuple[Vector, float]) -> None:
        self._cache[topic_id] = value
        self._cache.move_to_end(topic_id)
        while len(self._cache) > self._size:
            self._cache.popitem(last=False)

    def put(self, topic_id: str, old: Vector, centroid: Vector, member: str) -> None:
        self._db.executemany(
            "DELETE FROM terms WHERE term = ? AND topic = ?",
            [(t, topic_id) for t in old if t not in centroid],
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO terms VALUES (?, ?)", [(t, topic_id) for t in centroid if t not in old]
        )
        blob = pickle.dumps(centroid, protocol=5)
        if self._db.execute("UPDATE topics SET centroid = ? WHERE id = ?", (blob, topic_id)).rowcount == 0:
            self._db.execute("INSERT INTO topics VALUES (?, ?, '[]')", (topic_id, blob))
            self._count += 1
        self._db.execute("INSERT INTO added VALUES (?, ?)", (topic_id, member))
        self._remember(topic_id, (centroid, _norm(centroid)))

    def topic(self, topic_id: str) -> Topic:
        row = self._db.execute("SELECT centroid, members FROM topics WHERE id = ?", (topic_id,)).fetchone()
        if row is None:
            raise KeyError(topic_id)
        added = self._db.execute("SELECT member FROM added WHERE topic = ? ORDER BY rowid", (topic_id,))
        return Topic(
            id=topic_id, centroid=pickle.loads(row[0]), members=json.loads(row[1]) + [m for (m,) in added]
        )

    def close(self) -> None:
        self._scratch.close()


def _local_matrix(features: list[StoryFeatures], attr: str) -> np.ndarray:
    """Cosines of articles over the terms that split this group: in 2+ of them, not all."""
    n = len(features)
    df: Counter[str] = Counter()
    for f in features:
        df.update(getattr(f, attr).keys())
    columns = {t: i for i, t in enumerate(t for t, c in df.items() if 2 <= c < n)}
    x = np.zeros((n, max(1, len(columns))), dtype=np.float32)
    for i, f in enumerate(features):
        for t, c in getattr(f, attr).items():
            j = columns.get(t)
            if j is not None:
                x[i, j] = (1 + math.log(c)) * math.log(n / df[t])
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-12
    out: np.ndarray = x @ x.T
    return out


def closest_lead(vector: np.ndarray, candidates: Mapping[str, np.ndarray]) -> str | None:
    """The candidate whose lead embedding is closest to ``vector``, at ``LEAD_JOIN_COS`` or
    more (ties to the smaller id); None when none is close enough."""
    best, best_id = LEAD_JOIN_COS, None
    for aid in sorted(candidates):
        cos = float(vector @ candidates[aid])
        if cos > best or (best_id is None and cos >= best):
            best, best_id = cos, aid
    return best_id


def is_cyrillic(f: StoryFeatures) -> bool:
    """Whether most of an article's content words are Cyrillic (a Russian or Kazakh page)."""
    return _cyrillic(f)


def _cyrillic(f: StoryFeatures) -> bool:
    """Whether most of an article's content words are Cyrillic (a Russian or Kazakh page)."""
    cyr = sum(1 for w in f.words if "\u0400" <= w[:1] <= "\u04ff")
    return 2 * cyr > len(f.words)


def _days(a: str, b: str) -> int:
    """Days between two lead days; without a year, the fewest days that can lie between them."""
    if a[0].isdigit() and b[0].isdigit():
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    gap = abs((date.fromisoformat("2000" + a[4:]) - date.fromisoformat("2000" + b[4:])).days)
    return min(gap, 366 - gap)


def mixes_scripts(features: list[StoryFeatures]) -> bool:
    """Whether a group holds articles in both scripts (only then do leads' embeddings count)."""
    cyrillic = [_cyrillic(f) for f in features]
    return any(cyrillic) and not all(cyrillic)


def local_similarity(
    features: list[StoryFeatures],
    linked: set[frozenset[str]],
    vectors: Mapping[str, np.ndarray] | None = None,
) -> np.ndarray:
    """Pairwise similarity of a topic's articles (see the module docstring); ``vectors``:
    lead embeddings (unit rows) by article id, read across scripts only."""
    if len(features) == 2:
        # No term can split two articles: that they share a topic is all there is.
        s = np.ones((2, 2))
    else:
        names = _local_matrix(features, "names")
        s = NAME_WEIGHT * names + (1 - NAME_WEIGHT) * _local_matrix(features, "words")
        cyrillic = np.array([_cyrillic(f) for f in features])
        if cyrillic.any() and not cyrillic.all():
            across = cyrillic[:, None] != cyrillic[None, :]
            s = np.where(across, np.maximum(names, _lead_similarity(features, vectors)), s)
    s = s.astype(np.float64)
    ids = [f.article_id for f in features]
    position = {aid: i for i, aid in enumerate(ids)}
    for pair in linked:
        a, b = tuple(pair)
        if a in position and b in position:
            i, j = position[a], position[b]
            s[i, j] = s[j, i] = min(1.0, s[i, j] + QUOTE_BONUS)
    dated = [(i, f.event_date) for i, f in enumerate(features) if f.event_date]
    if len(dated) > 1:
        rows = np.array([i for i, _ in dated])
        gaps = _gap_matrix([d for _, d in dated])
        s[np.ix_(rows, rows)] *= np.exp(-gaps / DATE_TAU_DAYS)
    np.fill_diagonal(s, 1.0)
    return s


def _lead_similarity(features: list[StoryFeatures], vectors: Mapping[str, np.ndarray] | None) -> np.ndarray:
    """Across scripts, leads' embedding cosines scaled to [0, 1] (``LEAD_COS_FLOOR``..
    ``LEAD_COS_CEIL``) for the pairs whose leads are each other's closest in the other
    script, 0 elsewhere. The cosine of a translation and of another report on the same
    subject differ by hundredths (the same minister on two matters scores nearly as high
    as one statement in two languages), while the closest lead is nearly always the
    translation: so only mutual closest pairs count."""
    n = len(features)
    out = np.zeros((n, n))
    if not vectors:
        return out
    have = [i for i, f in enumerate(features) if f.article_id in vectors]
    if not have:
        return out
    cyrillic = np.array([_cyrillic(features[i]) for i in have])
    rows = np.array([vectors[features[i].article_id] for i in have], dtype=np.float64)
    cos = rows @ rows.T
    across = cyrillic[:, None] != cyrillic[None, :]
    masked = np.where(across, cos, -np.inf)
    best = np.argmax(masked, axis=1)
    for a, b in enumerate(best):
        if a < b and best[b] == a and np.isfinite(masked[a, b]):
            value = min(1.0, max(0.0, (cos[a, b] - LEAD_COS_FLOOR) / (LEAD_COS_CEIL - LEAD_COS_FLOOR)))
            out[have[a], have[b]] = out[have[b], have[a]] = value
    return out


def _gap_matrix(days: list[str]) -> np.ndarray:
    """``_days`` between every pair of lead days, at once (topics can hold thousands)."""
    full = np.array([d[0].isdigit() for d in days])
    ordinal = np.array([date.fromisoformat(d).toordinal() if d[0].isdigit() else 0 for d in days])
    in_year = np.array([date.fromisoformat("2000" + d[4:]).toordinal() for d in days])
    exact = np.abs(ordinal[:, None] - ordinal[None, :])
    circular = np.abs(in_year[:, None] - in_year[None, :])
    circular = np.minimum(circular, 366 - circular)
    out: np.ndarray = np.where(full[:, None] & full[None, :], exact, circular).astype(np.float64)
    return out


def average_linkage(similarity: np.ndarray, threshold: float) -> list[int]:
    """Flat clusters (a label per row) cut where average similarity drops below ``threshold``."""
    n = similarity.shape[0]
    if n == 1:
        return [0]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = np.clip(1.0 - similarity, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), "average")
    return [int(x) - 1 for x in fcluster(tree, 1.0 - threshold, "distance")]


Window = list[tuple[str, StoryFeatures]]


def newest(members: Iterable[tuple[str, StoryFeatures]]) -> Window:
    """The ``MAX_LOCAL`` newest (story id, features) pairs, oldest first: all a topic's new
    articles are compared with."""
    return sorted(members, key=lambda pair: (pair[1].date or "", pair[1].article_id))[-MAX_LOCAL:]


LeadVectors = Callable[[list[StoryFeatures]], Mapping[str, np.ndarray]]


def assign_in_topic(
    stories: dict[str, list[StoryFeatures]],
    new: list[StoryFeatures],
    linked: set[frozenset[str]],
    new_story_id: Callable[[list[str]], str],
    lead_vectors: LeadVectors | None = None,
) -> dict[str, str]:
    """Story id for each new article of one topic: an existing story, or a new one
    (``stories`` is read, never changed)."""
    window = newest((sid, f) for sid, members in stories.items() for f in members)
    chunks = (new[start : start + MAX_LOCAL] for start in range(0, len(new), MAX_LOCAL))
    return assign_chunks(window, chunks, linked, new_story_id, lead_vectors)


def assign_chunks(
    window: Window,
    chunks: Iterable[list[StoryFeatures]],
    linked: set[frozenset[str]],
    new_story_id: Callable[[list[str]], str],
    lead_vectors: LeadVectors | None = None,
) -> dict[str, str]:
    """``assign_in_topic`` given the topic's newest stored members (``newest``) and its new
    articles ``MAX_LOCAL`` at a time, oldest first: only a window and a chunk are in memory.
    The newest members of everything so far are the newest of the last window and the
    chunk just placed, so this equals comparing each chunk with the whole topic's newest.
    ``lead_vectors`` gives a group's lead embeddings; it is asked only for a group that
    mixes scripts."""
    out: dict[str, str] = {}
    for chunk in chunks:
        existing = window
        group = [f for _, f in existing] + chunk
        vectors = lead_vectors(group) if lead_vectors is not None and mixes_scripts(group) else None
        sim = local_similarity(group, linked, vectors)
        k = len(existing)
        story_ids = sorted({sid for sid, _ in existing})
        rest: list[int] = []
        if story_ids:
            member_of = np.zeros((k, len(story_ids)))
            column = {sid: j for j, sid in enumerate(story_ids)}
            for i, (sid, _) in enumerate(existing):
                member_of[i, column[sid]] = 1.0
            mean = (sim[k:, :k] @ member_of) / member_of.sum(axis=0)
            for row, f in enumerate(chunk):
                j = int(np.argmax(mean[row]))
                if mean[row, j] >= STORY_THRESHOLD:
                    out[f.article_id] = story_ids[j]
                else:
                    rest.append(row)
        else:
            rest = list(range(len(chunk)))
        if rest:
            index = [k + r for r in rest]
            labels = average_linkage(sim[np.ix_(index, index)], STORY_THRESHOLD)
            groups: dict[int, list[str]] = defaultdict(list)
            for r, label in zip(rest, labels, strict=True):
                groups[label].append(chunk[r].article_id)
            for members in groups.values():
                sid = new_story_id(members)
                for aid in members:
                    out[aid] = sid
        window = newest([*existing, *((out[f.article_id], f) for f in chunk)])
    return out


def place_articles(
    topics: TopicClusterer,
    existing: Mapping[str, dict[str, list[StoryFeatures]]],
    new: list[StoryFeatures],
    linked: set[frozenset[str]],
    new_story_id: Callable[[list[str]], str],
    lead_vectors: LeadVectors | None = None,
    lead_topic: Callable[[StoryFeatures, Mapping[str, str]], str | None] | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """Topic and story of each new article (in the order given: oldest first).

    ``existing`` holds each topic's stories and their members' features; it is
    read, never changed. ``lead_topic`` (given a Cyrillic article no topic's terms reach,
    and the topics placed so far) may name a topic to join by leads' embeddings.
    Returns (topic by article id, story by article id).
    """
    topic_of: dict[str, str] = {}
    for f in new:
        fallback = None
        if lead_topic is not None and _cyrillic(f):
            fallback = lambda f=f: lead_topic(f, topic_of)  # noqa: E731
        topic_of[f.article_id] = topics.add(f.article_id, topic_vector(f), fallback)
    by_topic: dict[str, list[StoryFeatures]] = defaultdict(list)
    for f in new:
        by_topic[topic_of[f.article_id]].append(f)
    # Each topic gets only its own quote-linked pairs: passing all of them to every
    # topic would cost topics x pairs, quadratic in the corpus.
    partners: dict[str, set[str]] = defaultdict(set)
    for pair in linked:
        a, b = tuple(pair)
        partners[a].add(b)
        partners[b].add(a)
    story_of: dict[str, str] = {}
    for tid, members in by_topic.items():
        stories = {sid: list(fs) for sid, fs in existing.get(tid, {}).items()}
        ids = {f.article_id for f in members} | {f.article_id for fs in stories.values() for f in fs}
        own = {frozenset((a, b)) for a in ids for b in partners.get(a, ()) if b in ids}
        story_of.update(assign_in_topic(stories, members, own, new_story_id, lead_vectors))
    return topic_of, story_of


def story_id_maker(
    taken: set[str], stored: Callable[[str], bool] | None = None
) -> Callable[[list[str]], str]:
    """New story ids from their earliest member's id, never one in ``taken`` (which it
    extends) nor one ``stored`` says exists."""

    def new_story_id(members: list[str]) -> str:
        sid = "s-" + min(members)[:12]
        while sid in taken or (stored is not None and stored(sid)):
            sid += "x"
        taken.add(sid)
        return sid

    return new_story_id
