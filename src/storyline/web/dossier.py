"""Everything the pages show, read from the store once and indexed for lookups."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from storyline.model import (
    Article,
    ArticleFraming,
    Entity,
    Mention,
    Quote,
    Role,
    Story,
    TimeExpr,
    TimelineEntry,
)
from storyline.store import QuoteLinks, Store


@dataclass(slots=True, kw_only=True)
class Dossier:
    """The store's contents for reading: articles in store order, entities most-mentioned first."""

    location: str
    articles: dict[str, Article] = field(default_factory=dict)
    sources: dict[str, list[str]] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    entity_of: dict[tuple[str, int], str] = field(default_factory=dict)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    roles: dict[str, list[Role]] = field(default_factory=dict)
    times: dict[str, list[TimeExpr]] = field(default_factory=dict)
    quotes: dict[str, Quote] = field(default_factory=dict)
    quotes_of: dict[str, list[str]] = field(default_factory=dict)
    links: dict[str, QuoteLinks] = field(default_factory=dict)
    timeline: list[TimelineEntry] = field(default_factory=list)
    stories: dict[str, Story] = field(default_factory=dict)
    framing: dict[str, ArticleFraming] = field(default_factory=dict)
    sentences: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    quotes_by: dict[str, list[str]] = field(default_factory=dict)
    _starts: dict[str, list[int]] = field(default_factory=dict)
    _about: dict[str, list[str]] | None = None
    _together: dict[str, Counter[str]] | None = None
    _entries_of: dict[str, list[int]] | None = None

    def outlet(self, article_id: str) -> str:
        article = self.articles.get(article_id)
        return (article.outlet if article else None) or "unknown outlet"

    def outlets(self) -> list[tuple[str, int]]:
        """Outlets with their article counts, most articles first."""
        counts = Counter(self.outlet(aid) for aid in self.articles)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))

    def sentence_of(self, article_id: str, offset: int) -> int:
        """Index of the sentence holding ``offset`` (0 when the article has no parse)."""
        starts = self._starts.get(article_id)
        if starts is None:
            starts = self._starts[article_id] = [s for s, _ in self.sentences.get(article_id) or []]
        return max(0, bisect_right(starts, offset) - 1)

    def entity_ids_in(self, article_id: str) -> list[str]:
        seen = {self.entity_of.get((article_id, m.chain)) for m in self.mentions.get(article_id, [])}
        return sorted(e for e in seen if e)

    def speaker_of(self, quote_id: str) -> str:
        q = self.quotes[quote_id]
        link = self.links.get(quote_id)
        if link and link.speaker_entity_id in self.entities:
            return self.entities[link.speaker_entity_id].name
        return q.speaker_resolved or q.speaker or "unattributed"

    def quotes_about(self, entity_id: str) -> list[str]:
        """Quotes whose words mention the entity (quotes by it are in ``quotes_by``)."""
        if self._about is None:
            # One pass over every article builds the index for all entity pages (the report asks for each).
            about: dict[str, list[str]] = defaultdict(list)
            for aid, qids in self.quotes_of.items():
                spans = [
                    (m.start, m.end, eid)
                    for m in self.mentions.get(aid, [])
                    if (eid := self.entity_of.get((aid, m.chain)))
                ]
                for qid in qids:
                    q = self.quotes[qid]
                    for eid in dict.fromkeys(e for s, t, e in spans if q.start <= s and t <= q.end):
                        about[eid].append(qid)
            self._about = dict(about)
        return self._about.get(entity_id, [])

    def entries_about(self, article_ids: list[str]) -> list[TimelineEntry]:
        """Timeline entries reported by any of these articles, in timeline order."""
        if self._entries_of is None:
            index: dict[str, list[int]] = defaultdict(list)
            for i, entry in enumerate(self.timeline):
                for aid in dict.fromkeys(entry.article_ids):
                    index[aid].append(i)
            self._entries_of = dict(index)
        hits = sorted({i for aid in article_ids for i in self._entries_of.get(aid, [])})
        return [self.timeline[i] for i in hits]

    def together(self, entity_id: str) -> Counter[str]:
        """Other entities by the number of articles they share with this one."""
        if self._together is None:
            together: dict[str, Counter[str]] = defaultdict(Counter)
            in_article: dict[str, list[str]] = defaultdict(list)
            for e in self.entities.values():
                for aid in dict.fromkeys(e.article_ids):
                    in_article[aid].append(e.id)
            for ids in in_article.values():
                for a in ids:
                    together[a].update(b for b in ids if b != a)
            self._together = dict(together)
        return self._together.get(entity_id, Counter())


def load_dossier(store: Store) -> Dossier:
    """Read the whole dossier from ``store``: pages are then rendered without touching it."""
    d = Dossier(location=store.location)
    for article in store.iter_articles():
        d.articles[article.id] = article
        d.sources[article.id] = store.sources(article.id)
        d.sentences[article.id] = store.get_sentences(article.id)
    for entity in store.iter_entities():
        d.entities[entity.id] = entity
        for aid, chain in entity.members:
            d.entity_of[(aid, chain)] = entity.id
    for ae in store.iter_article_entities():
        d.mentions[ae.article_id] = sorted(ae.mentions, key=lambda m: m.start)
        d.roles[ae.article_id] = ae.roles
    times: dict[str, list[TimeExpr]] = defaultdict(list)
    for t in store.iter_times():
        times[t.article_id].append(t)
    d.times = dict(times)
    quotes_of: dict[str, list[str]] = defaultdict(list)
    for qid, quote in store.iter_quotes():
        d.quotes[qid] = quote
        quotes_of[quote.article_id].append(qid)
    d.quotes_of = dict(quotes_of)
    d.links = store.quote_links()
    for qid, link in d.links.items():
        if link.speaker_entity_id and qid in d.quotes:
            d.quotes_by.setdefault(link.speaker_entity_id, []).append(qid)
    d.timeline = list(store.iter_timeline())
    d.stories = {s.id: s for s in store.iter_stories()}
    d.framing = {f.article_id: f for f in store.iter_framing()}
    return d
