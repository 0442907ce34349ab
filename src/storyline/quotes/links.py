"""Corpus stage: each quote's speaker entity, and the quotes of other articles rendering
the same statement, redone only where new or changed articles (or entities) reach.

Whether two quotes match depends on the two quotes (their words and speaker block), on
whether they are compared at all (a stem they share held by at most ``_MAX_DF`` quotes,
or one speaker block of at most ``_BLOCK_MAX``), and, for a pair just under the
threshold, on a fragment beside one side having matched the other at full strength.
So a run recomputes every pair of these quotes, and keeps every other stored link:

- the quotes of the articles whose results changed, and those whose speaker block
  changed (their article is in the store's "entities" feed);
- the holders of a stem whose count crossed ``_MAX_DF``, and the members of a block
  whose size crossed ``_BLOCK_MAX``;
- the quotes beside any of those in their article (within ``_SUPPORT_CHARS``): their
  support may have changed.

The store keeps what this needs of each quote between runs (``quote_index``: block,
position, content stems, partners matched at full strength), so a run reads the quotes
new pages can reach, not the corpus. A store never linked this way, or one whose
entities were all redone, is linked whole. Equal to linking the whole corpus again
(property-tested in ``tests/quotes/test_links.py``).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict

from storyline.model import Change, Quote, QuoteMatch
from storyline.quotes import match as m
from storyline.quotes.embed import Embedder
from storyline.scratch import ScratchDB
from storyline.store import QuoteIndexRow, QuoteLinks, Store, quote_article

PAGE = 500  # articles read at a time
# Past this share of the articles changed, linking everything again costs no more.
FULL_SHARE = 0.5
_ALL = 1 << 40  # no cap on postings


class Speakers:
    """The speaker entity of each quote of one page of articles."""

    def __init__(self, store: Store, page: list[str]) -> None:
        from storyline.entities.keys import name_key

        self._name_key = name_key
        self.entity_of = store.entity_members(page)
        in_page: dict[str, set[str]] = {}
        for (aid, _), eid in self.entity_of.items():
            in_page.setdefault(eid, set()).add(aid)
        aliases = store.entity_aliases(in_page)
        # The matcher never pairs two different speakers; only people count as different
        # speakers there, since an organisation's statement is often voiced by a person.
        self.people: set[str] = set()
        self.by_key: dict[tuple[str, str], str] = {}
        # Most mentioned first (as the entities are ranked), so a name two entities share
        # in one article goes to the same one whatever the page.
        for head in store.entity_heads(in_page):
            if head.type == "PERSON":
                self.people.add(head.id)
            for aid in sorted(in_page[head.id]):
                for name in (head.name, *aliases.get(head.id, [])):
                    self.by_key.setdefault((aid, name_key(name)), head.id)
        self.spans = {
            ents.article_id: [(mn.start, mn.end, mn.chain) for mn in ents.mentions]
            for ents in store.iter_article_entities(page)
        }

    def of(self, quote: Quote) -> str | None:
        if quote.speaker_start is not None and quote.speaker_end is not None:
            for start, end, chain in self.spans.get(quote.article_id, []):
                if start < quote.speaker_end and quote.speaker_start < end:
                    found = self.entity_of.get((quote.article_id, chain))
                    if found:
                        return found
        for name in (quote.speaker_resolved, quote.speaker):
            if name and (hit := self.by_key.get((quote.article_id, self._name_key(name)))):
                return hit
        return None

    def block(self, speaker: str | None) -> str | None:
        """The block the matcher keeps the quote in: its speaker when a person."""
        return speaker if speaker in self.people else None


def _row(qid: str, quote: Quote, block: str | None) -> QuoteIndexRow:
    stems = m.content_stems((qid, quote, block))
    return QuoteIndexRow(
        quote_id=qid,
        article_id=quote.article_id,
        start=quote.start,
        matchable=stems is not None,
        speaker=block,
        stems=stems or [],
        size=len(stems or []),
    )


def _pages(ids: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), PAGE):
        yield ids[start : start + PAGE]


def link_all(store: Store, embedder: Embedder | None) -> int:
    """Link every quote of the store from scratch: (quotes). The caller has dropped the
    stage's marks first, so an interrupted run is redone whole.

    A page of articles at a time, so no step holds the corpus's quotes: (1) each page's
    speakers, index rows and links (speaker only); (2) each page's quotes against their
    candidates anywhere in the index, each pair once (from its earlier article's page),
    keeping the pairs that can still match (within the support margin: few); (3) the
    decision over those pairs, as ``match.match_quotes`` takes it over all quotes at once.
    """
    store.replace_quote_index([], None)
    store.replace_quote_links([])
    done = 0
    # The stems wait in a scratch file and go to the index sorted: written page by page,
    # in article order, each page's stems would touch every page of the index's B-tree
    # (at 100k articles that was a third of the stage, growing with the corpus).
    terms = ScratchDB("storyline-terms-", "CREATE TABLE terms (stem TEXT NOT NULL, quote_id TEXT NOT NULL);")
    try:
        for page in store.article_id_pages(PAGE):
            found = Speakers(store, page)
            rows, links = [], {}
            for qid, quote in store.quotes_of(page):
                speaker = found.of(quote)
                rows.append(_row(qid, quote, found.block(speaker)))
                links[qid] = QuoteLinks(speaker_entity_id=speaker, matches=[])
            store.replace_quote_index(rows, [], terms=False)
            terms.db.executemany(
                "INSERT INTO terms VALUES (?, ?)",
                [(stem, row.quote_id) for row in rows for stem in row.stems],
            )
            store.update_quote_links(links, {}, [])
            done += len(links)
        store.add_quote_terms(terms.db.execute("SELECT stem, quote_id FROM terms ORDER BY stem, quote_id"))
    finally:
        terms.close()
    threshold = m.default_threshold(embedder)
    scratch = ScratchDB("storyline-links-", _KEPT_SCHEMA)
    try:
        for page in store.article_id_pages(PAGE):
            redo = sorted(q for q, row in store.quote_index(article_ids=page).items() if row.matchable)
            # A pair is scored in the page of its earlier article (ids sort as their articles do).
            mine = set(redo)
            pairs = {(a, b) for a, b in _candidate_pairs(store, redo) if a in mine}
            if not pairs:
                continue
            qs, scored = _score(store, pairs, embedder, threshold)
            # Under the margin a pair can neither match nor support; the words compared are
            # not kept (they are found again for the pairs that match).
            scratch.db.executemany(
                "INSERT INTO kept VALUES (?, ?, ?, ?)",
                (
                    (qs[pair.a].id, qs[pair.b].id, sim, int(pair.cross))
                    for pair, sim in scored
                    if sim >= threshold - m._SUPPORT_MARGIN
                ),
            )
        _decide_kept(store, scratch.db, threshold)
    finally:
        scratch.close()
    return done


_KEPT_SCHEMA = """
CREATE TABLE kept (a TEXT, b TEXT, sim REAL, cross INTEGER, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE INDEX kept_b ON kept (b);
CREATE TABLE entries (quote_id TEXT, match TEXT);
"""
DECIDE_CHUNK = 5000  # kept pairs decided at a time


def _decide_kept(store: Store, kept: sqlite3.Connection, threshold: float) -> None:
    """Which of the pairs kept by ``link_all`` match, written with the strong partners: a
    chunk of pairs at a time, as ``match.decide`` takes it over all pairs at once. A pair
    reads only its own quotes, the strong pairs of its quotes' neighbours (a support) and
    its quotes' cross-script pairs (an agreement), looked up in the scratch file."""

    def is_strong(x: str, y: str) -> bool:
        hit = kept.execute(
            "SELECT 1 FROM kept WHERE a = ? AND b = ? AND sim >= ?", (*m.pair_key(x, y), threshold)
        )
        return hit.fetchone() is not None

    after = ("", "")
    while chunk := kept.execute(
        "SELECT a, b, sim, cross FROM kept WHERE (a, b) > (?, ?) ORDER BY a, b LIMIT ?",
        (*after, DECIDE_CHUNK),
    ).fetchall():
        after = (chunk[-1][0], chunk[-1][1])
        _decide_chunk(store, kept, chunk, threshold, is_strong)
    _write_decided(store, kept, threshold)


def _decide_chunk(
    store: Store,
    kept: sqlite3.Connection,
    chunk: list[tuple[str, str, float, int]],
    threshold: float,
    is_strong: Callable[[str, str], bool],
) -> None:
    """Decide one chunk of kept pairs; the matches go to the scratch file's entries."""
    cross_of: dict[str, list[tuple[float, str]]] = {}
    for q in {q for a, b, sim, cross in chunk if cross and sim >= threshold for q in (a, b)}:
        cross_of[q] = [
            (sim, other)
            for other, sim in kept.execute(
                "SELECT b, sim FROM kept WHERE a = ? AND cross = 1 AND sim >= ? "
                "UNION ALL SELECT a, sim FROM kept WHERE b = ? AND cross = 1 AND sim >= ?",
                (q, threshold, q, threshold),
            )
        ]
    # Neighbours are read only for the pairs a support could carry over the threshold.
    margin = {q for a, b, sim, cross in chunk if not cross and sim < threshold for q in (a, b)}
    involved = sorted(
        {q for a, b, *_ in chunk for q in (a, b)} | {o for found in cross_of.values() for _, o in found}
    )
    index = store.quote_index(quote_ids=involved, article_ids=sorted({quote_article(q) for q in margin}))
    light = [
        m._Q(
            id=q,
            article=quote_article(q),
            kind="",
            speaker=None,
            start=index[q].start,
            words=[],
            lower=[],
            stems=[],
        )
        for q in involved
    ]
    at = {q.id: i for i, q in enumerate(light)}
    cross: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for q, found in cross_of.items():
        cross[at[q]] = [(sim, at[o]) for sim, o in found]
    scored = [
        (m._Pair(a=at[a], b=at[b], lexical=0.0, a_words=[], b_words=[], cross=bool(c)), sim)
        for a, b, sim, c in chunk
    ]
    margin_articles = {quote_article(q) for q in margin}
    near = _neighbours(row for row in index.values() if row.article_id in margin_articles)
    decided = list(m.decide(scored, light, threshold, near, is_strong, cross))
    # The compared words, found again for the pairs that match (``match._pair`` is a
    # function of the two quotes).
    texts = {q for p, _ in decided for q in (light[p.a].id, light[p.b].id)}
    full = {qid: m.prepare((qid, quote, None)) for qid, quote in store.iter_quotes(sorted(texts))}
    rows = []
    for p, sim in decided:
        qa, qb = full[light[p.a].id], full[light[p.b].id]
        for qid, entry in m.match_entries(qa, qb, m.compared(qa, qb), sim):
            rows.append((qid, json.dumps(asdict(entry), ensure_ascii=False)))
    kept.executemany("INSERT INTO entries VALUES (?, ?)", rows)


def _write_decided(store: Store, kept: sqlite3.Connection, threshold: float) -> None:
    """Each quote's matches and strong partners from the scratch file, a page at a time."""
    kept.execute("CREATE INDEX entries_quote ON entries (quote_id)")
    strong = kept.execute(
        "SELECT a, b FROM kept WHERE sim >= ? UNION ALL SELECT b, a FROM kept WHERE sim >= ? ORDER BY 1, 2",
        (threshold, threshold),
    )
    for page in _grouped(strong, 1000):
        store.update_quote_links({}, page, [])
    entries = kept.execute("SELECT quote_id, match FROM entries ORDER BY quote_id")
    for page_of in _grouped(entries, 1000):
        links = store.quote_links(page_of)
        for qid, found in page_of.items():
            links[qid].matches = sorted((_match(f) for f in found), key=m.match_order)
        store.update_quote_links(links, {}, [])


def _grouped(rows: Iterable[tuple[str, str]], size: int) -> Iterator[dict[str, list[str]]]:
    """Rows sorted by their first column, as pages of ``size`` keys with their values."""
    page: dict[str, list[str]] = {}
    for key, value in rows:
        if key not in page and len(page) >= size:
            yield page
            page = {}
        page.setdefault(key, []).append(value)
    if page:
        yield page


def _match(text: str) -> QuoteMatch:
    found = json.loads(text)
    return QuoteMatch(
        quote_id=found["quote_id"],
        similarity=found["similarity"],
        changes=[Change(**c) for c in found["changes"]],
    )


def _score(
    store: Store, pairs: set[tuple[str, str]], embedder: Embedder | None, threshold: float
) -> tuple[list[m._Q], list[tuple[m._Pair, float]]]:
    """The quotes of these candidate pairs, prepared, and each pair's similarity
    (``match.score_pairs``: only pairs that can still match)."""
    quoted = sorted({q for pair in pairs for q in pair})
    index = store.quote_index(quote_ids=quoted)
    qs = [m.prepare((qid, quote, index[qid].speaker)) for qid, quote in store.iter_quotes(quoted)]
    at = {q.id: i for i, q in enumerate(qs)}
    scored = m.score_pairs(
        qs,
        ((at[a], at[b]) for a, b in sorted(pairs)),
        embedder=embedder,
        threshold=threshold,
        stats=m.MatchStats(),
    )
    return qs, scored


def _neighbours(rows: Iterable[QuoteIndexRow]) -> Callable[[m._Q], Iterator[str]]:
    """``near`` for ``match.decide``: the matchable quotes of these rows beside a quote
    (same article, within ``_SUPPORT_CHARS``)."""
    by_article: dict[str, list[QuoteIndexRow]] = defaultdict(list)
    for row in rows:
        if row.matchable:
            by_article[row.article_id].append(row)

    def near(q: m._Q) -> Iterator[str]:
        return (
            r.quote_id
            for r in by_article[q.article]
            if r.quote_id != q.id and abs(r.start - q.start) <= m._SUPPORT_CHARS
        )

    return near


def _candidate_pairs(store: Store, redo: list[str]) -> set[tuple[str, str]]:
    """Every candidate pair (ids, ``pair_key`` order) with a quote of ``redo``, found
    through the store's index: one speaker block, or enough shared rare stems."""
    redo_set = set(redo)
    index = store.quote_index(quote_ids=redo, stems=True)
    rare = store.quote_term_postings({s for q in redo for s in index[q].stems}, m._MAX_DF)
    blocks = store.quote_blocks({s for q in redo if (s := index[q].speaker) is not None}, m._BLOCK_MAX)
    shared: dict[str, Counter[str]] = {}
    for q in redo:
        count: Counter[str] = Counter()
        for stem in index[q].stems:
            count.update(p for p in rare.get(stem, ()) if p != q)
        shared[q] = count
    # A partner sharing one rare stem with a quote of more than SHORT_QUOTE stems pairs only
    # if it is short itself: only such partners' rows are read (most share one stem by chance).
    needed = {p for b in blocks.values() for p in b}
    short_only: set[str] = set()
    for q in redo:
        short = index[q].size <= m.SHORT_QUOTE
        for p, n in shared[q].items():
            (needed if n >= 2 or short else short_only).add(p)
    index.update(store.quote_index(quote_ids=needed - redo_set))
    index.update(store.quote_index(quote_ids=short_only - needed - redo_set, max_size=m.SHORT_QUOTE))
    pairs: set[tuple[str, str]] = set()
    for q in redo:
        row = index[q]
        partners = set(blocks.get(row.speaker, ())) if row.speaker is not None else set()
        # A partner not read is one of more than SHORT_QUOTE stems sharing one: no pair.
        partners |= {
            p for p, n in shared[q].items() if p in index and m.words_pair(n, row.size, index[p].size)
        }
        for p in partners:
            if p != q and _comparable(row, index[p]):
                pairs.add(m.pair_key(q, p))
    return pairs


def link_changed(store: Store, embedder: Embedder | None, changed: list[str], touched: list[str]) -> int:
    """Relink the quotes ``changed`` articles (results) and ``touched`` ones (entities)
    reach (see the module docstring); the caller runs it in one write session. Returns
    how many quotes' pairs were recomputed."""
    changed_set = set(changed)
    articles = sorted(changed_set | set(touched))
    old = store.quote_index(article_ids=articles, stems=True)
    new: dict[str, QuoteIndexRow] = {}
    speaker_of: dict[str, str | None] = {}
    for page in _pages(articles):
        found = Speakers(store, page)
        for qid, quote in store.quotes_of(page):
            speaker = speaker_of[qid] = found.of(quote)
            new[qid] = _row(qid, quote, found.block(speaker))
    removed = set(old) - set(new)
    seeds = {
        qid
        for qid in new.keys() | old.keys()
        if quote_article(qid) in changed_set or _differs(old.get(qid), new.get(qid))
    }

    # Which stems and blocks cross their caps: counted before the index changes.
    stems: Counter[str] = Counter()
    blocks: Counter[str] = Counter()
    for qid in seeds:
        for row, sign in ((old.get(qid), -1), (new.get(qid), 1)):
            if row is not None and row.matchable:
                for stem in row.stems:
                    stems[stem] += sign
                if row.speaker is not None:
                    blocks[row.speaker] += sign
    # A count beyond cap + |change| stays beyond the cap: counted no further than that.
    crossed = _crossing(
        store.quote_term_counts((s for s, d in stems.items() if d), _reach(stems, m._MAX_DF)),
        stems,
        m._MAX_DF,
    )
    crossed_blocks = _crossing(
        store.quote_block_sizes((b for b, d in blocks.items() if d), _reach(blocks, m._BLOCK_MAX)),
        blocks,
        m._BLOCK_MAX,
    )

    for row in new.values():  # what a quote not redone matched strongly still stands
        if (before := old.get(row.quote_id)) is not None:
            row.strong = before.strong
    store.replace_quote_index(new.values(), articles)
    del old, new

    affected = seeds - removed
    affected |= {q for ids in store.quote_term_postings(crossed, _ALL).values() for q in ids}
    affected |= {q for ids in store.quote_blocks(crossed_blocks, _ALL).values() for q in ids}
    # Fragments beside an affected quote may gain or lose its support.
    by_article: dict[str, list[QuoteIndexRow]] = defaultdict(list)
    for row in store.quote_index(article_ids={quote_article(q) for q in affected}).values():
        if row.matchable:
            by_article[row.article_id].append(row)
    redo = set()
    for rows in by_article.values():
        hit = [r for r in rows if r.quote_id in affected]
        redo |= {r.quote_id for r in rows if any(_near(r, h) for h in hit)}
    return _rematch(store, embedder, sorted(redo), seeds | removed, removed, speaker_of)


def _differs(a: QuoteIndexRow | None, b: QuoteIndexRow | None) -> bool:
    if a is None or b is None:
        return a is not b
    return (a.matchable, a.speaker, a.start, a.stems) != (b.matchable, b.speaker, b.start, b.stems)


def _reach(delta: Counter[str], cap: int) -> int:
    """How far a count must be read to tell whether ``delta`` moves it across ``cap``."""
    return cap + max((abs(d) for d in delta.values()), default=0) + 1


def _crossing(before: dict[str, int], delta: Counter[str], cap: int) -> list[str]:
    """The keys whose count moves across ``cap`` (at most ``cap`` on one side only)."""
    return sorted(
        k for k, d in delta.items() if d and (before.get(k, 0) <= cap) != (before.get(k, 0) + d <= cap)
    )


def _near(a: QuoteIndexRow, b: QuoteIndexRow) -> bool:
    return a.article_id == b.article_id and abs(a.start - b.start) <= m._SUPPORT_CHARS


def _rematch(
    store: Store,
    embedder: Embedder | None,
    redo: list[str],
    dropped: set[str],
    removed: set[str],
    speaker_of: dict[str, str | None],
) -> int:
    """Recompute every pair with a quote of ``redo`` and write the links that change:
    ``dropped`` quotes lose every stored match (``removed`` ones, gone from their
    articles, lose their rows too)."""
    redo_set = set(redo)
    pairs = _candidate_pairs(store, redo)
    quoted = sorted({q for pair in pairs for q in pair})
    threshold = m.default_threshold(embedder)
    qs, scored = _score(store, pairs, embedder, threshold)
    new_strong = {m.pair_key(qs[p.a].id, qs[p.b].id) for p, sim in scored if sim >= threshold}
    # Fragments beside either side: the quotes of their articles, as the index has them.
    around = store.quote_index(article_ids={quote_article(q) for q in quoted})
    near = _neighbours(around.values())

    def is_strong(a: str, b: str) -> bool:
        if a in redo_set or b in redo_set:
            return m.pair_key(a, b) in new_strong
        row = around.get(a)
        return row is not None and b in row.strong

    gone = redo_set | dropped
    added: dict[str, list[QuoteMatch]] = defaultdict(list)
    for pair, sim in m.decide(scored, qs, threshold, near, is_strong):
        for qid, found in m.match_entries(qs[pair.a], qs[pair.b], pair, sim):
            added[qid].append(found)
    strong_added: dict[str, list[str]] = defaultdict(list)
    for a, b in new_strong:
        strong_added[a].append(b)
        strong_added[b].append(a)

    # Rows to write: the redone quotes, their partners old and new, the removed quotes'
    # partners, and every quote whose speaker was read again.
    old_links = store.quote_links(gone | speaker_of.keys())
    touched = set(redo_set) | set(added) | (speaker_of.keys() - removed)
    for qid in gone:
        if (link := old_links.get(qid)) is not None:
            touched |= {x.quote_id for x in link.matches}
    touched -= removed
    old_links.update(store.quote_links(touched - old_links.keys()))
    strong_rows = store.quote_index(quote_ids=touched)
    links: dict[str, QuoteLinks] = {}
    strong: dict[str, list[str]] = {}
    for qid in sorted(touched):
        before = old_links.get(qid, QuoteLinks())
        kept = [] if qid in gone else [x for x in before.matches if x.quote_id not in gone]
        matches = sorted([*kept, *added.get(qid, [])], key=m.match_order)
        speaker = speaker_of.get(qid, before.speaker_entity_id)
        links[qid] = QuoteLinks(speaker_entity_id=speaker, matches=matches)
        if qid in strong_rows:
            held = [] if qid in gone else [x for x in strong_rows[qid].strong if x not in gone]
            strong[qid] = sorted({*held, *strong_added.get(qid, [])})
    store.update_quote_links(links, strong, removed)
    return len(redo)


def _comparable(a: QuoteIndexRow, b: QuoteIndexRow) -> bool:
    if a.article_id == b.article_id or not b.matchable:
        return False
    return a.speaker is None or b.speaker is None or a.speaker == b.speaker


def link_store(store: Store, embedder: Embedder | None, stage: str, others: Iterable[str]) -> int | None:
    """Bring the quote links up to date under ``stage``'s marks (``others``: the marks of
    other embedders, dropped: their links are replaced). Returns the quotes redone, or None
    when nothing changed."""
    changed, token = store.changes_since(stage)
    touched, entity_token = store.changes_since(stage, "entities")
    if changed == [] and touched == []:
        return None
    if (
        changed is None
        or touched is None
        or len(set(changed) | set(touched)) > FULL_SHARE * store.count_articles()
    ):
        for name in (stage, *others):
            store.forget_stage(name)
        done = link_all(store, embedder)
    else:
        with store.write_session(every=1 << 30):  # the links and the marks land together
            done = link_changed(store, embedder, changed, touched)
            store.mark_done(stage, token)
            store.mark_done(stage, entity_token, "entities")
        return done
    store.mark_done(stage, token)
    store.mark_done(stage, entity_token, "entities")
    return done
