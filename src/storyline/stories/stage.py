"""The stories corpus stage: copies, topics, stories, then what each story says and how.

It reads stored records (features, sentences, word tags, mentions, quote links) and only the
text of the stories it touches. Incremental: articles already in a story stay
there; new ones join a story or open one, and only touched stories are redone.
Everything is written in one transaction at the end, so an interrupted run
leaves the previous stories intact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING

import numpy as np

from storyline.model import (
    ActorFraming,
    Article,
    ArticleFraming,
    Duplicate,
    Entity,
    FramingItem,
    InputFailure,
    Story,
    StoryFeatures,
    TimeExpr,
)
from storyline.stages import stage
from storyline.store import quote_article
from storyline.stories import cluster
from storyline.stories.cluster import (
    LeadVectors,
    TopicClusterer,
    assign_chunks,
    newest,
    story_id_maker,
    topic_vector,
)
from storyline.stories.dedup import DuplicateFinder, ScratchBands, band_keys
from storyline.stories.features import article_features

if TYPE_CHECKING:
    from storyline.framing import Actor, FramingEvidence
    from storyline.framing.sources import OutletTable
    from storyline.quotes.embed import Embedder
    from storyline.store import Store

SUMMARY_SENTENCES = 3
# Articles whose text is read at once when their story features are computed.
FEATURE_PAGE = 500
# Articles whose inputs are read at once when touched stories are described.
STORY_GROUP_ARTICLES = 2000
# New articles whose story features are read at once when they are placed.
PLACE_PAGE = 2000
TOPIC_PAGE = 500  # touched topics written at a time
# Entity types a story can be about; dates, numbers and nationalities cannot.
# An article's main actors: who it is about, named often enough to be judged.
_ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
ACTOR_MIN_MENTIONS = 2
ACTOR_LIMIT = 6
_SUBJECT_TYPES = {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "NORP"}


@dataclass(slots=True, kw_only=True)
class StoriesResult:
    """What one run of the stage did."""

    new_articles: int = 0
    duplicates: int = 0
    stories: int = 0  # stories in the store after the run
    touched: int = 0  # stories created or changed by the run
    topics: int = 0
    touched_ids: list[str] = field(default_factory=list)


@stage(
    "stories",
    kind="corpus",
    requires=[
        "story_features",
        "quote_links",
        "article_meta",
        "entities",
        "mentions",
        "sentences",
        "word_tags",
        "quotes",
    ],
    assigns=["copies", "topics", "stories"],
)
def build_stories(
    store: Store,
    outlets: OutletTable | None = None,
    fail: Callable[[InputFailure], None] | None = None,
    embedder: Embedder | None = None,
) -> StoriesResult:
    """Attach every article not yet in a story, then redo the touched stories' summaries and framing.

    An article whose features cannot be computed, or a story that cannot be described,
    goes to ``fail`` in one line; the article is placed on its dates alone, the story
    kept with its members and no summary or framing, and the rest goes on. ``embedder``
    (multilingual) compares the leads of articles in different scripts; without it they
    meet by names and numbers only.
    """
    report = fail or (lambda failure: None)
    missing = store.articles_without_features()
    # Text and times are read a page of articles at a time, never the whole corpus at once.
    for start in range(0, len(missing), FEATURE_PAGE):
        ids = missing[start : start + FEATURE_PAGE]
        times: dict[str, list[TimeExpr]] = defaultdict(list)
        for t in store.iter_times(ids):
            times[t.article_id].append(t)
        page = store.get_articles(ids)
        store.put_story_features([_safe_features(page[aid], times[aid], report) for aid in page])

    # Stored stories are asked for as needed (those of the topics new articles reach, of
    # their copies' originals), never all held: an increment costs what it reaches.
    # Oldest first, as placing reads them; only their ids are held for the whole run.
    order = _oldest_first(store, store.articles_without_story())
    result = StoriesResult(new_articles=len(order))
    if not order:
        result.stories, result.topics = store.story_count(), store.topic_count()
        return result

    # Copies are found by the LSH bands of MinHash signatures, looked up in the store
    # (the run's own pages in a scratch file); topics by the online pass. Both read the
    # new articles' features a page at a time, oldest first.
    index_bands(store)
    # Topics grow with the corpus: they wait in a scratch file, the newest used in memory.
    with TopicClusterer(store.iter_topics(), new_id=lambda aid: "t-" + aid[:12], spill=True) as topics:
        return _place_and_describe(store, order, topics, outlets, report, embedder, result)


def _oldest_first(store: Store, ids: list[str]) -> list[str]:
    """``ids`` with story features, by story date (undated last), then id."""
    dates = store.story_dates(ids)
    return sorted((aid for aid in ids if aid in dates), key=lambda a: (dates[a] or "9999", a))


def _place_and_describe(
    store: Store,
    order: list[str],
    topics: TopicClusterer,
    outlets: OutletTable | None,
    report: Callable[[InputFailure], None],
    embedder: Embedder | None,
    result: StoriesResult,
) -> StoriesResult:
    copies: list[Duplicate] = []
    topic_of: dict[str, str] = {}
    by_topic: dict[str, list[str]] = defaultdict(list)
    with DuplicateFinder(store.story_band_articles, seen=ScratchBands()) as finder:
        for start in range(0, len(order), PLACE_PAGE):
            page_ids = order[start : start + PLACE_PAGE]
            read = store.story_features(page_ids)
            found = finder.feed([read[a] for a in page_ids])
            copies += found
            copied_here = {d.article_id for d in found}
            for aid in page_ids:
                if aid not in copied_here:
                    fallback = None
                    if embedder is not None and cluster.is_cyrillic(read[aid]):
                        fallback = partial(_topic_by_lead, store, embedder, read[aid], topic_of)
                    topic_of[aid] = topics.add(aid, topic_vector(read[aid]), fallback)
                    by_topic[topic_of[aid]].append(aid)
    result.duplicates = len(copies)
    new_story_id = story_id_maker(set(), stored=lambda sid: bool(store.story_members([sid])))
    leads = _lead_vectors(store, embedder) if embedder is not None else None
    assigned = _place_in_stories(store, by_topic, new_story_id, leads)
    original = {d.article_id: d.of for d in copies}
    story_of = store.stories_of_articles(d.of for d in copies)
    for d in copies:
        assigned[d.article_id] = story_of.get(d.of) or assigned[d.of]

    touched: dict[str, list[str]] = defaultdict(list)
    for aid, sid in assigned.items():
        touched[sid].append(aid)
    # The stored stories this run adds to (none on a first run).
    members = store.story_members(touched)
    topic_of_story = {sid: tid for sid, (tid, _) in members.items()}
    for aid, sid in assigned.items():
        topic_of_story.setdefault(sid, topic_of.get(aid) or topic_of.get(original.get(aid, aid), ""))
    # Stories are described a group at a time, with only that group's inputs in memory
    # (features, mentions, quotes, entities), and each group's stories and framing are
    # written as soon as they are described, inside the stage's one transaction: a run
    # that places a whole corpus at once holds one group's, not the corpus's, and an
    # interrupted run still leaves the previous state. Each story reads only its own
    # articles', so the groups do not change what it says.
    groups: list[list[str]] = [[]]
    size = 0
    for sid in sorted(touched):
        if size >= STORY_GROUP_ARTICLES:
            groups.append([])
            size = 0
        groups[-1].append(sid)
        size += len(members.get(sid, ("", []))[1]) + len(touched[sid])
    with store.write_session(every=1 << 30):
        touched_topics = sorted(topics.touched)
        store.save_stories([], [], copies, [])  # first: a story reads its copies from the store
        for start in range(0, len(touched_topics), TOPIC_PAGE):
            store.save_stories(
                [topics.topic(t) for t in touched_topics[start : start + TOPIC_PAGE]], [], [], []
            )
        for group in groups:
            out_stories: list[Story] = []
            out_framing: list[ArticleFraming] = []
            _describe_group(
                store,
                group,
                members,
                touched,
                topic_of_story,
                outlets,
                report,
                out_stories,
                out_framing,
            )
            store.save_stories([], out_stories, [], out_framing)
            result.touched += len(out_stories)
            result.touched_ids += [x.id for x in out_stories]
    result.stories = store.story_count()
    result.topics = len(topics)
    return result


def _describe_group(
    store: Store,
    group: list[str],
    members: dict[str, tuple[str, list[str]]],
    touched: dict[str, list[str]],
    topic_of_story: dict[str, str],
    outlets: OutletTable | None,
    report: Callable[[InputFailure], None],
    out_stories: list[Story],
    out_framing: list[ArticleFraming],
) -> None:
    """Describe these stories (summary, coverage, framing), reading what their articles need."""
    # Only what the touched stories' articles need: their features, mentions, quotes, entities.
    involved = {a for sid in group for a in (*members.get(sid, ("", []))[1], *touched[sid])}
    features = store.story_features(involved)
    all_copies = {d.article_id: d for d in store.duplicates(involved)}
    entities = list(store.iter_entities(set(store.entity_members(involved).values())))
    mention_spans = _mention_spans(store, involved)
    quotes = _quotes_by_article(store, involved)
    # Each story looks only at the entities of its own articles (in the entities' order).
    in_article: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(entities):
        for aid in dict.fromkeys(aid for aid, _ in e.members):
            in_article[aid].append(i)
    for sid in group:
        added = touched[sid]
        old = members.get(sid)
        member_ids = (old[1] if old else []) + sorted(added, key=lambda a: (features[a].date or "9999", a))
        articles = store.get_articles(member_ids)
        try:
            story, framing = describe_story(
                sid,
                topic_of_story[sid],
                [articles[a] for a in member_ids],
                {a: all_copies[a] for a in member_ids if a in all_copies},
                store,
                [entities[i] for i in sorted({i for a in member_ids for i in in_article.get(a, [])})],
                mention_spans,
                quotes,
                outlets,
                {a: features[a].date for a in member_ids if a in features},
            )
        except Exception as exc:  # one broken story must not stop the others
            report(_failure(articles[member_ids[0]].source, f"story {sid} could not be described", exc))
            story = Story(
                id=sid,
                topic_id=topic_of_story[sid],
                title=articles[member_ids[0]].title or "",
                article_ids=member_ids,
            )
            framing = []
        out_stories.append(story)
        out_framing.extend(framing)


def _place_in_stories(
    store: Store,
    by_topic: dict[str, list[str]],
    new_story_id: Callable[[list[str]], str],
    lead_vectors: LeadVectors | None = None,
) -> dict[str, str]:
    """Story of each new original, a topic at a time (topics in the order new articles
    opened or joined them; each topic's articles oldest first). A topic's new articles are
    read ``MAX_LOCAL`` at a time and compared with its newest ``MAX_LOCAL`` members (stored
    ones read by their dates first): a run holds one window and one chunk, never the
    corpus's features (nor its stories: each topic's stored ones are read in turn)."""
    out: dict[str, str] = {}
    for tid, new_ids in by_topic.items():
        stored = store.story_members(topic_ids=[tid])
        copied = {d.article_id for d in store.duplicates(a for _, aids in stored.values() for a in aids)}
        story_of = {a: sid for sid, (_, aids) in stored.items() for a in aids if a not in copied}
        dates = store.story_dates(story_of)
        latest = sorted(story_of, key=lambda a: (dates.get(a) or "", a))[-cluster.MAX_LOCAL :]
        features = store.story_features(latest)
        window = newest((story_of[a], features[a]) for a in latest if a in features)
        ids = set(new_ids) | set(story_of)
        # Each topic reads only its own new articles' quote-linked pairs (a new article is
        # never compared with another topic's).
        own = {pair for pair in _quote_pairs(store, new_ids) if pair <= ids}

        def chunks(new_ids: list[str] = new_ids) -> Iterator[list[StoryFeatures]]:
            for start in range(0, len(new_ids), cluster.MAX_LOCAL):
                chunk = new_ids[start : start + cluster.MAX_LOCAL]
                read = store.story_features(chunk)
                yield [read[a] for a in chunk]

        out.update(assign_chunks(window, chunks(), own, new_story_id, lead_vectors))
    return out


LEAD_CHARS = 600  # the title and this much of the text: the multilingual embedder reads ~128 tokens


def lead_text(article: Article) -> str:
    """What an article's lead embedding is made of: its title, then its opening."""
    return _lead(article.title, article.text)


def _lead(title: str | None, text: str) -> str:
    return ((title or "") + "\n" + text[:LEAD_CHARS]).strip()


def _leads(store: Store, ids: list[str]) -> dict[str, str]:
    """``lead_text`` of the stored articles of ``ids``, reading only their openings."""
    return {aid: _lead(title, text) for aid, (title, text) in store.article_leads(ids, LEAD_CHARS).items()}


LEAD_CANDIDATES = 500  # the latest pages of those days a lead is compared with


def _topic_by_lead(
    store: Store,
    embedder: Embedder,
    f: StoryFeatures,
    topic_of: dict[str, str],
) -> str | None:
    """The topic of the page in the other script published within ``LEAD_DAYS`` of this
    Cyrillic one whose lead is closest to its lead (``cluster.closest_lead``), if any."""
    if f.published is None:
        return None
    day = date.fromisoformat(f.published)
    around = [(day + timedelta(days=k)).isoformat() for k in (-cluster.LEAD_DAYS, cluster.LEAD_DAYS)]
    near = store.articles_published_between(around[0], around[1], LEAD_CANDIDATES)
    story_of = store.stories_of_articles(a for a in near if a not in topic_of)
    topic_of_story = {sid: tid for sid, (tid, _) in store.story_members(story_of.values()).items()}
    placed = {}
    for aid in near:
        topic = topic_of.get(aid) or topic_of_story.get(story_of.get(aid, ""))
        if topic is not None and aid != f.article_id:
            placed[aid] = topic
    features = store.story_features(sorted(placed))
    others = sorted(a for a, g in features.items() if not cluster.is_cyrillic(g))
    if not others:
        return None
    leads = _leads(store, [f.article_id, *others])
    if f.article_id not in leads:
        return None
    found = [a for a in others if a in leads]
    rows = embedder.encode([leads[a] for a in [f.article_id, *found]])
    best = cluster.closest_lead(rows[0], dict(zip(found, rows[1:], strict=True)))
    return placed[best] if best is not None else None


def _lead_vectors(store: Store, embedder: Embedder) -> LeadVectors:
    """Lead embeddings of a group's articles, read a page of texts at a time (a group that
    mixes scripts is rare; its vectors are kept in the store, keyed by text)."""

    def vectors(group: list[StoryFeatures]) -> dict[str, np.ndarray]:
        ids = [f.article_id for f in group]
        out: dict[str, np.ndarray] = {}
        for start in range(0, len(ids), FEATURE_PAGE):
            page = _leads(store, ids[start : start + FEATURE_PAGE])
            found = [aid for aid in ids[start : start + FEATURE_PAGE] if aid in page]
            rows = embedder.encode([page[aid] for aid in found])
            out.update(zip(found, rows, strict=True))
        return out

    return vectors


def _safe_features(
    article: Article, times: list[TimeExpr], report: Callable[[InputFailure], None]
) -> StoryFeatures:
    try:
        return article_features(article, times)
    except Exception as exc:
        report(_failure(article.source, "story features failed", exc))
        published = article.published if article.published_precision == "day" else None
        return StoryFeatures(article_id=article.id, published=published)


def _failure(source: str, what: str, exc: Exception) -> InputFailure:
    reason = f"{what} ({type(exc).__name__}: {exc}); the rest goes on, please report it"
    return InputFailure(source=source, reason=" ".join(reason.split()))


def index_bands(store: Store) -> None:
    """Store the LSH bands of the originals placed since the last run (of every original,
    the first time), a page at a time."""
    missing = store.articles_without_bands()
    for start in range(0, len(missing), FEATURE_PAGE):
        signatures = store.story_signatures(missing[start : start + FEATURE_PAGE])
        store.put_story_bands(
            (band, key, aid) for aid, sig in signatures.items() for band, key in band_keys(sig)
        )


def _quote_pairs(store: Store, article_ids: list[str]) -> set[frozenset[str]]:
    """Pairs of these articles and others that render at least one statement in common:
    placing new articles compares them with each other and with stored stories, never two
    stored articles, so the links of the new articles' quotes are all it reads."""
    pairs: set[frozenset[str]] = set()
    for qid, links in store.quote_links([qid for qid, _ in store.quotes_of(article_ids)]).items():
        a = quote_article(qid)
        for m in links.matches:
            b = quote_article(m.quote_id)
            if a != b:
                pairs.add(frozenset((a, b)))
    return pairs


def _mention_spans(store: Store, article_ids: set[str]) -> dict[tuple[str, int], list[tuple[int, int]]]:
    spans: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    for ents in store.iter_article_entities(article_ids):
        for m in ents.mentions:
            spans[(ents.article_id, m.chain)].append((m.start, m.end))
    return spans


def _quotes_by_article(
    store: Store, article_ids: set[str]
) -> dict[str, list[tuple[str, int, int, str | None]]]:
    out: dict[str, list[tuple[str, int, int, str | None]]] = defaultdict(list)
    for _, q in store.quotes_of(article_ids):
        # The resolved speaker, so the subject's own voice is recognised as such.
        out[q.article_id].append((q.kind, q.start, q.end, q.speaker_resolved or q.speaker))
    return out


def story_subject(
    article_ids: list[str], entities: list[Entity], spans: dict[tuple[str, int], list[tuple[int, int]]]
) -> tuple[str, dict[str, list[tuple[int, int]]]]:
    """The entity most of the story's articles mention (then most often), and where."""
    members = set(article_ids)
    best: tuple[int, int, str] | None = None
    best_entity: Entity | None = None
    for e in entities:
        if e.type not in _SUBJECT_TYPES:
            continue
        covered = {aid for aid, _ in e.members if aid in members}
        if not covered:
            continue
        count = sum(len(spans.get(m, [])) for m in e.members if m[0] in members)
        key = (len(covered), count, e.name)
        if best is None or key[:2] > best[:2]:
            best, best_entity = key, e
    if best_entity is None:
        return "", {}
    where: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for aid, chain in best_entity.members:
        if aid in members:
            where[aid].extend(spans.get((aid, chain), []))
    return best_entity.name, {aid: sorted(v) for aid, v in where.items()}


def main_actors(
    article_id: str, entities: list[Entity], spans: dict[tuple[str, int], list[tuple[int, int]]]
) -> list[Actor]:
    """The people, organisations and countries an article is about: named at least
    ``ACTOR_MIN_MENTIONS`` times, the ``ACTOR_LIMIT`` most named first."""
    from storyline.framing import Actor

    found: list[Actor] = []
    for e in entities:
        if e.type not in _ACTOR_TYPES:
            continue
        where = sorted(
            s for aid, chain in e.members if aid == article_id for s in spans.get((aid, chain), [])
        )
        if len(where) >= ACTOR_MIN_MENTIONS:
            found.append(Actor(entity_id=e.id, name=e.name, spans=where))
    found.sort(key=lambda a: (-len(a.spans), a.spans[0]))
    return found[:ACTOR_LIMIT]


def describe_story(
    story_id: str,
    topic_id: str,
    members: list[Article],
    copies: dict[str, Duplicate],
    store: Store,
    entities: list[Entity],
    spans: dict[tuple[str, int], list[tuple[int, int]]],
    quotes: dict[str, list[tuple[str, int, int, str | None]]],
    outlets: OutletTable | None,
    dates: dict[str, str | None] | None = None,
) -> tuple[Story, list[ArticleFraming]]:
    """Title, summary, coverage matrix and framing of one story's articles."""
    from storyline.framing import FramingEvidence, QuoteSpan, frame_article, frame_story
    from storyline.framing.sources import infer_source_type
    from storyline.stories.coverage import StoryArticle, coverage
    from storyline.stories.summary import story_title, summarize

    originals = [a for a in members if a.id not in copies] or members
    inputs = [
        StoryArticle(
            article_id=a.id,
            outlet=a.outlet,
            title=a.title,
            text=a.text,
            sentences=store.get_sentences(a.id),
            published=a.published,
        )
        for a in originals
    ]
    matrix = coverage(inputs)
    title = story_title(inputs, matrix)
    summary = summarize(inputs, matrix, max_sentences=SUMMARY_SENTENCES)
    target, target_spans = story_subject([a.id for a in originals], entities, spans)
    claims = {c.id: c for c in matrix.claims}
    framings = []
    framed_all = []
    by_id = {a.id: a for a in originals}
    for a, given in zip(originals, inputs, strict=True):
        omitted = []
        for cid in matrix.omits.get(a.id, []):
            claim = claims[cid]
            source, (start, end) = next(iter(sorted(claim.spans.items())))
            omitted.append(
                FramingEvidence(
                    kind="omission",
                    text=by_id[source].text[start:end],
                    start=start,
                    end=end,
                    article_id=source,
                    note=f"reported by {len(claim.spans)} other articles",
                )
            )
        framed = frame_article(
            article_id=a.id,
            text=a.text,
            sentences=given.sentences,
            target=target,
            target_spans=target_spans.get(a.id, []),
            quotes=[QuoteSpan(kind=k, start=s, end=e, speaker=sp) for k, s, e, sp in quotes.get(a.id, [])],
            omissions=omitted,
            title=a.title,
            actors=main_actors(a.id, entities, spans),
            tags=store.get_word_tags(a.id),
        )
        framed_all.append(framed)
        source_type = infer_source_type(
            outlet=a.outlet,
            url=a.url,
            title=a.title,
            text=a.text,
            dateline=a.dateline,
            author=a.author,
            table=outlets,
        )
        source_evidence = None
        if source_type.evidence is not None and source_type.start is not None and source_type.end is not None:
            source_evidence = FramingItem(
                kind="source",
                text=source_type.evidence,
                start=source_type.start,
                end=source_type.end,
                article_id=a.id,
                note=source_type.how,
            )
        framings.append(
            ArticleFraming(
                article_id=a.id,
                story_id=story_id,
                stance=framed.stance,
                target=framed.target,
                score=round(framed.score, 3),
                evidence=[_item(e, a.id) for e in framed.evidence],
                source_type=source_type.type,
                source_how=source_type.how,
                source_evidence=source_evidence,
                actors=[
                    ActorFraming(
                        entity_id=s.entity_id,
                        stance=s.stance,
                        score=s.score,
                        evidence=[_item(e, a.id) for e in s.evidence],
                    )
                    for s in framed.actors
                ],
            )
        )
    stance, strongest = frame_story(framed_all)
    # Story-level evidence points into the article it came from.
    origin = {(e.kind, e.start, e.end, e.text): f.article_id for f in framed_all for e in f.evidence}
    stance_evidence = [
        _item(e, e.article_id or origin.get((e.kind, e.start, e.end, e.text), "")) for e in strongest
    ]
    # Publication days, else the day an undated page's lead dates its event.
    known = dates or {}
    days = sorted(d[:10] for a in members if (d := a.published or known.get(a.id)))
    story = Story(
        id=story_id,
        topic_id=topic_id,
        title=title,
        article_ids=[a.id for a in members],
        first_date=days[0] if days else None,
        last_date=days[-1] if days else None,
        summary=summary,
        duplicates=list(copies.values()),
        stance=stance,
        stance_evidence=stance_evidence,
        coverage={
            "claims": [
                {"id": c.id, "text": c.text, "spans": {k: list(v) for k, v in sorted(c.spans.items())}}
                for c in matrix.claims
            ],
            "articles": matrix.articles,
            "only": matrix.only,
            "omits": matrix.omits,
        },
    )
    return story, framings


def _item(e: FramingEvidence, article_id: str) -> FramingItem:
    return FramingItem(
        kind=e.kind,
        text=e.text,
        start=e.start,
        end=e.end,
        article_id=e.article_id or article_id,
        polarity=round(e.polarity, 3),
        note=e.note,
        voice=e.voice,
        part=e.part,
        counted=e.counted,
    )
