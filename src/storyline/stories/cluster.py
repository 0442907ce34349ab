"""Story clustering: a story is one event, a topic one subject; stories never cross topics.

Two articles are close when they share the terms that split the group they are
compared in (a term in every article, or in only one, weighs nothing; the rarer
among the rest, the more), names weighing more than other words
(``NAME_WEIGHT``); when they render the same statement (a matched quote,
``QUOTE_BONUS``); and the nearer in time the events they report are. Each
article's event is placed in a range of days from every time signal it has
(``event_span``): its publication day (the event is that day or up to
``REPORT_LAG_DAYS`` before, or the lead's day up to ``LEAD_MAX_DAYS`` before),
a month or year of publication, the window of an undated page, or the lead's
day alone. Similarity is scaled by ``DATE_FLOOR + (1 - DATE_FLOOR) *
exp(-days / DATE_TAU_DAYS)``, days being the gap between the two ranges: the
same event reported a day later loses nothing, two events of one subject days
apart mostly part, a follow-up weeks later can still join on its own names.
Pages with no time signal compare on words alone.

New articles are placed in two passes:

1. across the corpus (the chunk of new articles beside the newest stored
   ones): which event each is, by average linkage (``STORY_THRESHOLD``); each
   such group then joins the topic whose centroid it is most similar to
   (``TOPIC_THRESHOLD``) or opens one. Topic vectors weigh terms by rarity in
   English at large (wordfreq) and, damped, in the corpus, so "Biden" in a
   corpus of US politics names no subject, and grouping by event first means a
   topic never splits one;
2. inside each topic: what its articles do not all share tells its events
   apart (two arrests of one team's players), so similarity there blends the
   topic's own term weights (``TOPIC_SHARE``) with the corpus view, and the
   new articles are grouped by average linkage (``EVENT_THRESHOLD``); a group
   joins the existing story it is closest to on average, or is a new story.

Nothing already assigned moves: adding pages never reshuffles stories. An
inverted index over topic centroids keeps the topic step flat as the corpus
grows; chunks of ``MAX_LOCAL`` keep the rest linear.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache

import numpy as np

from storyline.model import StoryFeatures, Topic

# Chosen on half of each public set (ECB+ by topic, AllSides by date) and reported
# on the other halves: bench/tune_stories.py, README "Stories".
TOPIC_THRESHOLD = 0.08
STORY_THRESHOLD = 0.2
# Inside a topic: the share of the topic's own term weights, and the threshold.
TOPIC_SHARE = 0.5
EVENT_THRESHOLD = 0.14
NAME_WEIGHT = 0.7
QUOTE_BONUS = 0.2
DATE_TAU_DAYS = 1.0
DATE_FLOOR = 0.2
REPORT_LAG_DAYS = 1
LEAD_MAX_DAYS = 30
CENTROID_TERMS = 200
QUERY_TERMS = 12
# Inside a very large topic only this many members (the newest) are compared with
# new articles at once, so a run's cost stays bounded.
MAX_LOCAL = 1500
# How many nearest topics of each new article lend their stories to its chunk's context.
CONTEXT_TOPICS = 3
# Below this many articles, term weights come from English at large, not the group.
MIN_LOCAL = 4

Vector = dict[str, float]


@lru_cache(maxsize=1_000_000)
def background_weight(term: str) -> float:
    """How rare a term is in English: 8 minus its Zipf frequency (unseen terms, dates: 8)."""
    from wordfreq import zipf_frequency

    return max(1.0, 8.0 - zipf_frequency(term, "en"))


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
    """Online clustering of article vectors into topics."""

    def __init__(self, clusters: Iterable[Topic], new_id: Callable[[str], str]) -> None:
        self.clusters = {c.id: c for c in clusters}
        self._new_id = new_id
        self._norms = {c.id: _norm(c.centroid) for c in self.clusters.values()}
        self._index: dict[str, set[str]] = defaultdict(set)
        for c in self.clusters.values():
            for term in c.centroid:
                self._index[term].add(c.id)
        self.touched: set[str] = set()

    def add(self, member: str, vector: Vector) -> str:
        """Attach ``member`` to the most similar topic, or open one; its id."""
        query = _top(vector, QUERY_TERMS)
        candidates: set[str] = set().union(*(self._index.get(t, set()) for t in query)) if query else set()
        best, best_id = TOPIC_THRESHOLD, None
        norm = _norm(vector)
        for cid in sorted(candidates):
            centroid = self.clusters[cid].centroid
            score = sum(v * centroid.get(t, 0.0) for t, v in vector.items()) / (norm * self._norms[cid])
            if score >= best:
                best, best_id = score, cid
        if best_id is None:
            best_id = self._new_id(member)
            self.clusters[best_id] = Topic(id=best_id)
        self._join(self.clusters[best_id], member, vector)
        return best_id

    def nearest(self, vector: Vector, n: int) -> list[str]:
        """The ``n`` topics most similar to ``vector`` (through the inverted index), best first."""
        query = _top(vector, QUERY_TERMS)
        candidates: set[str] = set().union(*(self._index.get(t, set()) for t in query)) if query else set()
        norm = _norm(vector)
        scored = []
        for cid in candidates:
            centroid = self.clusters[cid].centroid
            score = sum(v * centroid.get(t, 0.0) for t, v in vector.items()) / (norm * self._norms[cid])
            scored.append((-score, cid))
        return [cid for _, cid in sorted(scored)[:n]]

    def add_group(self, members: list[str], vector: Vector) -> str:
        """Attach a new story's articles (``vector``: their summed vectors) to one topic."""
        tid = self.add(members[0], vector)
        self.clusters[tid].members.extend(members[1:])
        return tid

    def join(self, tid: str, member: str, vector: Vector) -> None:
        """``member`` joins topic ``tid`` (its story is there already)."""
        self._join(self.clusters[tid], member, vector)

    def _join(self, cluster: Topic, member: str, vector: Vector) -> None:
        for term in cluster.centroid:
            self._index[term].discard(cluster.id)
        merged = dict(cluster.centroid)
        for t, v in vector.items():
            merged[t] = merged.get(t, 0.0) + v
        cluster.centroid = _top(merged, CENTROID_TERMS)
        cluster.members.append(member)
        self._norms[cluster.id] = _norm(cluster.centroid)
        for term in cluster.centroid:
            self._index[term].add(cluster.id)
        self.touched.add(cluster.id)


def _local_matrix(features: list[StoryFeatures], attr: str) -> np.ndarray:
    """Cosines of articles over the terms that split this group: in 2+ of them, not all."""
    from scipy.sparse import csr_matrix, diags

    n = len(features)
    df: Counter[str] = Counter()
    for f in features:
        df.update(getattr(f, attr).keys())
    columns = {t: i for i, t in enumerate(t for t, c in df.items() if 2 <= c < n)}
    rows, cols, values = [], [], []
    for i, f in enumerate(features):
        for t, c in getattr(f, attr).items():
            j = columns.get(t)
            if j is not None:
                rows.append(i)
                cols.append(j)
                values.append((1 + math.log(c)) * math.log(n / df[t]))
    # Sparse: a chunk holds thousands of articles and tens of thousands of terms.
    x = csr_matrix((values, (rows, cols)), shape=(n, max(1, len(columns))), dtype=np.float64)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel()) + 1e-12
    x = diags(1.0 / norms) @ x
    out: np.ndarray = (x @ x.T).toarray()
    return out


def _background_matrix(features: list[StoryFeatures]) -> np.ndarray:
    """Cosines of ``topic_vector``s: for groups too small to say which terms split them."""
    vectors = [topic_vector(f) for f in features]
    n = len(vectors)
    out = np.eye(n)
    for i in range(n):
        for j in range(i + 1, n):
            dot = sum(v * vectors[j].get(t, 0.0) for t, v in vectors[i].items())
            out[i, j] = out[j, i] = dot / (_norm(vectors[i]) * _norm(vectors[j]))
    return out


def local_similarity(features: list[StoryFeatures], linked: set[frozenset[str]]) -> np.ndarray:
    """Pairwise similarity of a group of articles (see the module docstring)."""
    if len(features) < MIN_LOCAL:
        # Which terms split a corpus cannot be told from two or three articles.
        s = _background_matrix(features)
    else:
        s = NAME_WEIGHT * _local_matrix(features, "names") + (1 - NAME_WEIGHT) * _local_matrix(
            features, "words"
        )
    s = s.astype(np.float64)
    ids = [f.article_id for f in features]
    position = {aid: i for i, aid in enumerate(ids)}
    for pair in linked:
        a, b = tuple(pair)
        if a in position and b in position:
            i, j = position[a], position[b]
            s[i, j] = s[j, i] = min(1.0, s[i, j] + QUOTE_BONUS)
    gaps = gap_matrix(features)
    if gaps is not None:
        s *= DATE_FLOOR + (1 - DATE_FLOOR) * np.exp(-gaps / DATE_TAU_DAYS)
    np.fill_diagonal(s, 1.0)
    return s


def event_span(f: StoryFeatures) -> tuple[float, float] | None:
    """The days (ordinals) within which the event an article reports happened, when known.

    A dated page reports what happened on its day or up to ``REPORT_LAG_DAYS``
    before, or on the lead's day when that lies up to ``LEAD_MAX_DAYS`` before.
    A page dated to a month or a year, or an undated page with a publication
    window, reports something of that range (an open end is unbounded).
    """
    lead = _ordinal(f.event_date) if f.event_date and f.event_date[0].isdigit() else None
    if f.published:
        day = _ordinal(f.published)
        lo = day - REPORT_LAG_DAYS
        if lead is not None and day - LEAD_MAX_DAYS <= lead < lo:
            lo = lead
        return float(lo), float(day)
    lo_w, hi_w = f.window or (None, None)
    start = float(_ordinal(lo_w) - REPORT_LAG_DAYS) if lo_w else -math.inf
    end = float(_ordinal(hi_w)) if hi_w else math.inf
    if lead is not None and start - LEAD_MAX_DAYS <= lead <= end:
        return float(lead), float(lead + REPORT_LAG_DAYS)
    if start == -math.inf and end == math.inf:
        return None
    return start, end


def _ordinal(day: str) -> int:
    return date.fromisoformat(day[:10]).toordinal()


def gap_matrix(features: list[StoryFeatures]) -> np.ndarray | None:
    """Days between the events of every pair of articles (0 where either is unknown), at once.

    Spans that overlap are 0 days apart. A lead day without a year ("April 11" on
    an undated page) is compared by the fewest days that can lie between the two
    days of the year, with any other article's lead or publication day.
    """
    n = len(features)
    spans = [event_span(f) for f in features]
    known = np.array([sp is not None for sp in spans])
    out = np.zeros((n, n))
    if known.sum() > 1:
        lo = np.array([sp[0] if sp else 0.0 for sp in spans])
        hi = np.array([sp[1] if sp else 0.0 for sp in spans])
        with np.errstate(invalid="ignore"):
            gap = np.maximum(lo[None, :] - hi[:, None], lo[:, None] - hi[None, :])
        gap = np.nan_to_num(np.maximum(gap, 0.0), nan=0.0, posinf=0.0)
        out = np.where(known[:, None] & known[None, :], gap, 0.0)
    in_year = [_day_of_year(f) for f in features]
    yearless = np.array([bool(f.event_date and not f.event_date[0].isdigit()) for f in features])
    has_day = np.array([d is not None for d in in_year])
    if yearless.any() and has_day.sum() > 1:
        days = np.array([d or 0 for d in in_year])
        circular = np.abs(days[:, None] - days[None, :])
        circular = np.minimum(circular, 366 - circular).astype(np.float64)
        pairs = (yearless[:, None] | yearless[None, :]) & has_day[:, None] & has_day[None, :]
        out = np.where(pairs, np.maximum(out, circular), out)
    if not out.any():
        return None
    return out


def _day_of_year(f: StoryFeatures) -> int | None:
    day = f.event_date or f.published
    if not day:
        return None
    return date.fromisoformat("2000" + day[4:10]).toordinal()


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


def _coherent_order(new: list[StoryFeatures]) -> list[StoryFeatures]:
    """A batch larger than a chunk, reordered so that chunks hold few subjects: each
    article's provisional topic (one online pass) in order of first appearance, the
    given order inside it. A chunk of a hundred subjects would need more stored
    context than a chunk can hold, and its events would be split across chunks."""
    if len(new) <= MAX_LOCAL:
        return new
    provisional = TopicClusterer([], new_id=lambda aid: aid)
    key = [provisional.add(f.article_id, topic_vector(f)) for f in new]
    first: dict[str, int] = {}
    for i, tid in enumerate(key):
        first.setdefault(tid, i)
    order = sorted(range(len(new)), key=lambda i: (first[key[i]], i))
    return [new[i] for i in order]


def _subject_vectors(group: list[StoryFeatures], k: int) -> list[Vector]:
    """``topic_vector`` of each new article (rows ``k`` on), its terms also weighted by how
    few articles of the group hold them: in a corpus of US politics "Biden" names no subject."""
    vectors = [topic_vector(f) for f in group[k:]]
    n = len(group)
    if n < MIN_LOCAL:
        return vectors
    df: Counter[str] = Counter()
    for f in group:
        df.update(f.words.keys())
        df.update("n:" + t for t in f.names)
    return [{t: v * (1 + math.log((n + 1) / df.get(t, 1))) for t, v in vec.items()} for vec in vectors]


def _assign(sim: np.ndarray, owners: list[str], threshold: float) -> list[str | int]:
    """For each row after the first ``len(owners)`` (the new articles): a story of
    ``owners``, or the label (an int) of a new group.

    The new rows are grouped by average linkage first; then each group joins the
    story it is closest to on average (all pairs) when that clears ``threshold``.
    Grouping first keeps a run of one day's pages as close to one run of all pages
    as it can be: today's three reports of one event meet each other before any of
    them is weighed against yesterday's stories.
    """
    k = len(owners)
    n = sim.shape[0] - k
    labels = average_linkage(sim[k:, k:], threshold) if n else []
    out: list[str | int] = list(labels)
    if not owners or not n:
        return out
    story_ids = sorted(set(owners))
    column = {sid: j for j, sid in enumerate(story_ids)}
    member_of = np.zeros((k, len(story_ids)))
    for i, sid in enumerate(owners):
        member_of[i, column[sid]] = 1.0
    row_mean = sim[k:, :k] @ member_of  # sums over each story's members, per new row
    sizes = member_of.sum(axis=0)
    groups: dict[int, list[int]] = defaultdict(list)
    for row, label in enumerate(labels):
        groups[label].append(row)
    for rows in groups.values():
        mean = row_mean[rows].sum(axis=0) / (sizes * len(rows))
        j = int(np.argmax(mean))
        if mean[j] >= threshold:
            for row in rows:
                out[row] = story_ids[j]
    return out


def place_articles(
    topics: TopicClusterer,
    existing: dict[str, list[StoryFeatures]],
    topic_of_story: dict[str, str],
    new: list[StoryFeatures],
    linked: set[frozenset[str]],
    new_story_id: Callable[[list[str]], str],
) -> tuple[dict[str, str], dict[str, str]]:
    """Topic and story of each new article (in the order given: oldest first).

    ``existing`` holds each story's members' features and ``topic_of_story`` its
    topic; both are read, never changed. New articles are taken in chunks of
    ``MAX_LOCAL``, each beside at most ``MAX_LOCAL`` articles already in stories:
    the newest of the topics its articles are nearest to (``CONTEXT_TOPICS``
    each), so a run's cost grows linearly with its size and an article meets the
    stories it may belong to however large the store. Returns (topic by article
    id, story by article id).
    """
    stories = {sid: list(fs) for sid, fs in existing.items()}
    story_topic = dict(topic_of_story)
    stories_of_topic: dict[str, list[str]] = defaultdict(list)
    for sid, tid in story_topic.items():
        stories_of_topic[tid].append(sid)
    topic_of: dict[str, str] = {}
    story_of: dict[str, str] = {}
    new = _coherent_order(new)
    for start in range(0, len(new), MAX_LOCAL):
        chunk = new[start : start + MAX_LOCAL]
        near = {tid for f in chunk for tid in topics.nearest(topic_vector(f), CONTEXT_TOPICS)}
        placed = sorted(
            ((sid, f) for tid in near for sid in stories_of_topic[tid] for f in stories.get(sid, [])),
            key=lambda pair: (pair[1].date or "", pair[1].article_id),
        )[-MAX_LOCAL:]
        group = [f for _, f in placed] + chunk
        k = len(placed)
        corpus_sim = local_similarity(group, linked)
        # Pass 1, across the corpus: which event each new article is (close to) - enough to
        # find its subject, since a topic must never split an event.
        seeds = _assign(corpus_sim, [sid for sid, _ in placed], STORY_THRESHOLD)
        vector_of = _subject_vectors(group, k)
        seed_members: dict[str | int, list[int]] = defaultdict(list)
        for row, seed in enumerate(seeds):
            seed_members[seed].append(row)
        rows_of_topic: dict[str, list[int]] = defaultdict(list)
        for seed, rows in seed_members.items():
            if isinstance(seed, str) and story_topic.get(seed) in topics.clusters:
                tid = story_topic[seed]
                for r in rows:
                    topics.join(tid, chunk[r].article_id, vector_of[r])
            else:
                summed: Vector = defaultdict(float)
                for r in rows:
                    for t, v in vector_of[r].items():
                        summed[t] += v
                tid = topics.add_group([chunk[r].article_id for r in rows], dict(summed))
            rows_of_topic[tid].extend(rows)
        # Pass 2, inside each subject: what its articles do not all share tells its
        # events apart (two arrests of one team's players), blended with the corpus view.
        for tid, rows in sorted(rows_of_topic.items()):
            rows.sort()
            members = [i for i, (sid, _) in enumerate(placed) if story_topic.get(sid) == tid]
            index = members + [k + r for r in rows]
            if len(index) < MIN_LOCAL:
                # Too few to say what the subject's articles share: the corpus view stands.
                found = [seeds[r] for r in rows]
            else:
                topic_sim = local_similarity([group[i] for i in index], linked)
                sim = TOPIC_SHARE * topic_sim + (1 - TOPIC_SHARE) * corpus_sim[np.ix_(index, index)]
                found = _assign(sim, [placed[i][0] for i in members], EVENT_THRESHOLD)
            fresh: dict[int, list[int]] = defaultdict(list)
            for r, got in zip(rows, found, strict=True):
                if isinstance(got, str):
                    story_of[chunk[r].article_id] = got
                else:
                    fresh[got].append(r)
            for label in sorted(fresh):
                sid = new_story_id([chunk[r].article_id for r in fresh[label]])
                story_topic[sid] = tid
                stories_of_topic[tid].append(sid)
                for r in fresh[label]:
                    story_of[chunk[r].article_id] = sid
            for r in rows:
                topic_of[chunk[r].article_id] = tid
        for f in chunk:
            stories.setdefault(story_of[f.article_id], []).append(f)
    return topic_of, story_of


def story_id_maker(taken: set[str]) -> Callable[[list[str]], str]:
    """New story ids from their earliest member's id, never one in ``taken`` (which it extends)."""

    def new_story_id(members: list[str]) -> str:
        sid = "s-" + min(members)[:12]
        while sid in taken:
            sid += "x"
        taken.add(sid)
        return sid

    return new_story_id
