"""What the pages show: small indexes in memory, the rest read from the store per page.

Held in memory, read once per version of the store: article metadata (no text),
story heads (names, counts, members; no summaries), each article's source type
and stance. Everything else (entity heads, a page of the timeline, article text,
sentences, mentions, times, quotes and their links, whole entities and stories,
framing evidence) is read by id when a page asks for it,
through bounded caches, on a store connection of the asking thread (SQLite
connections belong to the thread that opened them).
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar

from storyline.model import (
    Article,
    ArticleFraming,
    ArticleMeta,
    Entity,
    Mention,
    Quote,
    Role,
    Story,
    TimeExpr,
    TimelineEntry,
)
from storyline.store import EntityHead, QuoteLinks, Store, StoryHead
from storyline.stories.query import StoryView

K = TypeVar("K")
V = TypeVar("V")

# Records kept per kind of lazy read: a page needs tens, the report walks them in order.
CACHE_SIZE = 2048


# What pages call the outlet of an article that names none.
UNKNOWN_OUTLET = "unknown outlet"


class _Lazy(Mapping[K, V], Generic[K, V]):
    """A read-only mapping whose values are loaded on first access and kept in a bounded
    cache. ``keys`` (when given) says which keys exist without loading any value."""

    def __init__(self, load: Callable[[K], V | None], keys: Mapping[K, object] | None = None) -> None:
        self._load, self._keys = load, keys
        self._cache: OrderedDict[K, V | None] = OrderedDict()
        self._lock = threading.Lock()

    def __getitem__(self, key: K) -> V:
        if self._keys is not None and key not in self._keys:
            raise KeyError(key)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                value = self._cache[key]
                if value is None:
                    raise KeyError(key)
                return value
        value = self._load(key)
        self.put(key, value)
        if value is None:
            raise KeyError(key)
        return value

    def put(self, key: K, value: V | None) -> None:
        with self._lock:
            self._cache[key] = value
            self._cache.move_to_end(key)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)

    def __contains__(self, key: object) -> bool:
        if self._keys is not None:
            return key in self._keys
        try:
            self[key]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[K]:
        if self._keys is None:
            raise TypeError("this mapping cannot list its keys: it reads values by key only")
        return iter(self._keys)

    def __len__(self) -> int:
        if self._keys is None:
            raise TypeError("this mapping cannot count its keys: it reads values by key only")
        return len(self._keys)


class Dossier:
    """The store's contents for reading (see the module docstring)."""

    def __init__(self, store: Store, opener: Callable[[], Store] | None = None) -> None:
        """The indexes are read from ``store`` now. Later reads go through ``store`` too (one
        thread only, kept open), or, given ``opener``, through a store it opens for each
        thread (the server's request threads); ``store`` may then be closed."""
        self.location = store.location
        self._main, self._opener = store, opener
        self._local = threading.local()
        self.articles: dict[str, ArticleMeta] = {m.id: m for m in store.iter_article_meta()}
        self.entity_heads = _Heads(self._store)
        self.story_heads: list[StoryHead] = store.story_heads()
        self.framing_heads: dict[str, tuple[str, str]] = store.framing_heads()
        self.timeline_count = store.count_timeline()
        story_ids = {s.id: s for s in self.story_heads}
        self.entities: _Lazy[str, Entity] = _Lazy(self._entity, self.entity_heads)
        self.stories: _Lazy[str, Story] = _Lazy(lambda sid: self._store().get_story(sid), story_ids)
        self.sources: _Lazy[str, list[str]] = _Lazy(lambda aid: self._store().sources(aid), self.articles)
        self.sentences: _Lazy[str, list[tuple[int, int]]] = _Lazy(
            lambda aid: self._store().get_sentences(aid), self.articles
        )
        self.framing: _Lazy[str, ArticleFraming] = _Lazy(self._framing)
        self.quotes: _Lazy[str, Quote] = _Lazy(self._quote)
        self.quotes_of: _Lazy[str, list[str]] = _Lazy(self._quotes_of, self.articles)
        self.links: _Lazy[str, QuoteLinks] = _Lazy(lambda qid: self._store().quote_links([qid]).get(qid))
        self.quotes_by: _Lazy[str, list[str]] = _Lazy(
            lambda eid: self._store().quotes_by_speaker(eid), self.entity_heads
        )
        self.mentions: _Lazy[str, list[Mention]] = _Lazy(self._mentions, self.articles)
        self.roles: _Lazy[str, list[Role]] = _Lazy(self._roles, self.articles)
        self.times: _Lazy[str, list[TimeExpr]] = _Lazy(
            lambda aid: list(self._store().iter_times([aid])), self.articles
        )
        self._full: _Lazy[str, Article] = _Lazy(lambda aid: self._store().get_articles([aid]).get(aid))
        self._members: _Lazy[str, dict[int, str]] = _Lazy(self._article_members, self.articles)

    # -- reads ----------------------------------------------------------

    def _store(self) -> Store:
        if self._opener is None:
            return self._main
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = self._opener()
        return store

    def _entity(self, eid: str) -> Entity | None:
        return next(self._store().iter_entities([eid]), None)

    def _framing(self, aid: str) -> ArticleFraming | None:
        return next(self._store().iter_framing(article_ids=[aid]), None)

    def _quote(self, qid: str) -> Quote | None:
        return next((q for _, q in self._store().iter_quotes([qid])), None)

    def _quotes_of(self, aid: str) -> list[str]:
        out = []
        for qid, quote in self._store().quotes_of([aid]):
            self.quotes.put(qid, quote)
            out.append(qid)
        return out

    def _mentions(self, aid: str) -> list[Mention]:
        found = next(self._store().iter_article_entities([aid]), None)
        return sorted(found.mentions, key=lambda m: m.start) if found else []

    def _roles(self, aid: str) -> list[Role]:
        found = next(self._store().iter_article_entities([aid]), None)
        return found.roles if found else []

    def _article_members(self, aid: str) -> dict[int, str]:
        return {chain: eid for (_, chain), eid in self._store().entity_members([aid]).items()}

    # -- what pages ask -------------------------------------------------

    def story(self, story_id: str) -> StoryView:
        """The story and its own articles' records (the query `storyline story` makes)."""
        from storyline.stories.query import story_view

        return story_view(self._store(), story_id)

    def article(self, article_id: str) -> Article | None:
        """The whole article (text, removed lines), or None."""
        return self._full.get(article_id) if article_id in self.articles else None

    def entity_of(self, article_id: str, chain: int) -> str | None:
        """The entity a mention chain of an article belongs to."""
        return self._members.get(article_id, {}).get(chain)

    def outlet(self, article_id: str) -> str:
        article = self.articles.get(article_id)
        return (article.outlet if article else None) or UNKNOWN_OUTLET

    def outlets(self) -> list[tuple[str, int]]:
        """Outlets with their article counts, most articles first."""
        counts = Counter(self.outlet(aid) for aid in self.articles)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))

    def sentence_of(self, article_id: str, offset: int) -> int:
        """Index of the sentence holding ``offset`` (0 when the article has no parse)."""
        starts = [s for s, _ in self.sentences.get(article_id) or []]
        return max(0, bisect_right(starts, offset) - 1)

    def entity_ids_in(self, article_id: str) -> list[str]:
        return sorted(set(self._members.get(article_id, {}).values()))

    def speaker_of(self, quote_id: str) -> str:
        q = self.quotes[quote_id]
        link = self.links.get(quote_id)
        head = self.entity_heads.get(link.speaker_entity_id) if link and link.speaker_entity_id else None
        if head is not None:
            return head.name
        return q.speaker_resolved or q.speaker or "unattributed"

    def quotes_about(self, entity_id: str) -> list[str]:
        """Quotes whose words mention the entity (quotes by it are in ``quotes_by``)."""
        entity = self.entities.get(entity_id)
        if entity is None:
            return []
        chains: dict[str, set[int]] = defaultdict(set)
        for aid, chain in entity.members:
            chains[aid].add(chain)
        out = []
        for aid in sorted(chains):
            spans = [(m.start, m.end) for m in self.mentions.get(aid, []) if m.chain in chains[aid]]
            for qid in self.quotes_of.get(aid, []):
                q = self.quotes[qid]
                if any(q.start <= s and t <= q.end for s, t in spans):
                    out.append(qid)
        return out

    def timeline_page(self, **query: Any) -> tuple[list[TimelineEntry], int]:
        """A page of the timeline and how many entries match (see ``query_timeline``)."""
        from storyline.timeline import query_timeline

        return query_timeline(self._store(), **query)

    def entries_about(self, article_ids: list[str]) -> list[TimelineEntry]:
        """Timeline entries reported by any of these articles, in timeline order."""
        return self._store().timeline_of(article_ids)

    def together(self, entity_id: str) -> Counter[str]:
        """Other entities by the number of articles they share with this one."""
        from storyline.entities.query import shared_articles

        entity = self.entities.get(entity_id)
        return Counter() if entity is None else shared_articles(self._store(), entity)


class _Heads(Mapping[str, EntityHead]):
    """Entity heads by id, read from the store as pages ask (a bounded cache): a large
    corpus has hundreds of thousands of entities and a page names a few of them."""

    def __init__(self, store: Callable[[], Store]) -> None:
        self._store = store
        self._lazy: _Lazy[str, EntityHead] = _Lazy(lambda eid: next(iter(store().entity_heads([eid])), None))
        self._count: int | None = None

    def __getitem__(self, key: str) -> EntityHead:
        return self._lazy[key]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._lazy

    def __iter__(self) -> Iterator[str]:
        return (h.id for h in self._store().entity_heads())

    def __len__(self) -> int:
        if self._count is None:
            self._count = self._store().count_entities()
        return self._count

    def top(self, n: int) -> list[EntityHead]:
        """The ``n`` most mentioned."""
        return self._store().entity_heads(limit=n)

    def of(self, ids: Iterable[str]) -> dict[str, EntityHead]:
        """The heads of ``ids`` that exist, most mentioned first (one read)."""
        found = {h.id: h for h in self._store().entity_heads(ids)}
        for eid, head in found.items():
            self._lazy.put(eid, head)
        return found


def load_dossier(store: Store, opener: Callable[[], Store] | None = None) -> Dossier:
    """The dossier of ``store`` (see ``Dossier``): its indexes now, the rest as pages ask."""
    return Dossier(store, opener)
