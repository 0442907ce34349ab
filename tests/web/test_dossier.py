"""The dossier's answers agree with brute force over the store, and it reads only what is asked."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Iterator

import pytest

from storyline.store import Store, open_store
from storyline.web.dossier import CACHE_SIZE, Dossier, _Lazy, load_dossier


@pytest.fixture
def store(web_db: str) -> Iterator[Store]:
    with open_store(web_db, read_only=True) as s:
        yield s


def test_cooccurrence_and_quote_indexes(store: Store) -> None:
    d = load_dossier(store)
    entities = list(store.iter_entities())
    assert d.articles and entities and set(d.entities) == {e.id for e in entities}
    entity_of = {member: e.id for e in entities for member in e.members}
    mentions = {ae.article_id: ae.mentions for ae in store.iter_article_entities()}
    quotes = list(store.iter_quotes())
    for entity in entities:
        mine = set(entity.article_ids)
        brute = Counter(
            {
                o.id: len(mine & set(o.article_ids))
                for o in entities
                if o.id != entity.id and mine & set(o.article_ids)
            }
        )
        assert d.together(entity.id) == brute, entity.name
        about = [
            qid
            for qid, q in quotes
            if any(
                q.start <= m.start and m.end <= q.end and entity_of.get((q.article_id, m.chain)) == entity.id
                for m in mentions.get(q.article_id, [])
            )
        ]
        assert d.quotes_about(entity.id) == about, entity.name
    links = store.quote_links()
    by: dict[str, list[str]] = defaultdict(list)
    for qid, _ in quotes:
        if qid in links and links[qid].speaker_entity_id:
            by[links[qid].speaker_entity_id].append(qid)
    assert {e.id: d.quotes_by.get(e.id, []) for e in entities if by.get(e.id)} == dict(by)
    assert any(d.quotes_about(e.id) for e in entities)


def test_sentence_of_finds_the_sentence(store: Store) -> None:
    d = load_dossier(store)
    aid, spans = next((a, s) for a in d.articles if len(s := store.get_sentences(a)) > 3)
    for i, (start, end) in enumerate(spans):
        assert d.sentence_of(aid, start) == i
        assert d.sentence_of(aid, end - 1) == i


def test_entries_about_matches_a_scan(store: Store) -> None:
    d = load_dossier(store)
    for story in store.iter_stories():
        members = set(story.article_ids)
        whole = store.iter_timeline()
        assert d.entries_about(story.article_ids) == [e for e in whole if members & set(e.article_ids)]


def test_it_holds_no_text_until_a_page_asks(store: Store) -> None:
    d = load_dossier(store)
    assert not hasattr(next(iter(d.articles.values())), "text")
    aid = next(iter(d.articles))
    article = d.article(aid)
    assert article is not None and article == store.get_article(aid)
    assert d.article("0" * 16) is None
    assert d.articles[aid].chars == len(article.text)


def test_lazy_mappings_load_once_and_stay_bounded() -> None:
    calls: Counter[int] = Counter()

    def load(k: int) -> str | None:
        calls[k] += 1
        return None if k < 0 else str(k)

    lazy: _Lazy[int, str] = _Lazy(load)
    assert lazy[3] == "3" and lazy.get(3) == "3" and calls[3] == 1
    assert lazy.get(-1) is None and -1 not in lazy and calls[-1] == 1  # a miss is remembered too
    for k in range(CACHE_SIZE + 10):
        lazy.get(k)
    assert len(lazy._cache) == CACHE_SIZE
    with pytest.raises(TypeError, match="cannot list"):
        list(lazy)


def test_each_thread_reads_through_its_own_connection(web_db: str) -> None:
    opened: list[int] = []

    def opener() -> Store:
        opened.append(threading.get_ident())
        return open_store(web_db, read_only=True)

    with open_store(web_db, read_only=True) as store:
        d = Dossier(store, opener)
    ids = list(d.articles)
    seen: dict[str, int] = {}

    def read(aid: str) -> None:
        article = d.article(aid)
        seen[aid] = len(article.text) if article else -1

    threads = [threading.Thread(target=read, args=(aid,)) for aid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {aid: d.articles[aid].chars for aid in ids}
    assert len(opened) == len(ids)  # one connection per thread, none shared
