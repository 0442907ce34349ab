"""The dossier loader's indexes agree with the store they were read from."""

from __future__ import annotations

from collections import Counter

from storyline.store import open_store
from storyline.web.dossier import load_dossier


def test_cooccurrence_and_quote_indexes(web_db: str) -> None:
    with open_store(web_db) as store:
        d = load_dossier(store)
        links = store.quote_links()
    assert d.articles and d.entities and d.quotes
    for entity in d.entities.values():
        mine = set(entity.article_ids)
        brute = Counter(
            {
                o.id: len(mine & set(o.article_ids))
                for o in d.entities.values()
                if o.id != entity.id and mine & set(o.article_ids)
            }
        )
        assert d.together(entity.id) == brute, entity.name
        for qid in d.quotes_about(entity.id):
            q = d.quotes[qid]
            assert any(
                q.start <= m.start
                and m.end <= q.end
                and d.entity_of.get((q.article_id, m.chain)) == entity.id
                for m in d.mentions[q.article_id]
            )
    by = {qid for qids in d.quotes_by.values() for qid in qids}
    assert by == {qid for qid, link in links.items() if link.speaker_entity_id}
    assert any(d.quotes_about(e) for e in d.entities)


def test_sentence_of_finds_the_sentence(web_db: str) -> None:
    with open_store(web_db) as store:
        d = load_dossier(store)
    aid, spans = next((a, s) for a, s in d.sentences.items() if len(s) > 3)
    for i, (start, end) in enumerate(spans):
        assert d.sentence_of(aid, start) == i
        assert d.sentence_of(aid, end - 1) == i


def test_entries_about_matches_a_scan(web_db: str) -> None:
    with open_store(web_db) as store:
        d = load_dossier(store)
    for story in d.stories.values():
        members = set(story.article_ids)
        assert d.entries_about(story.article_ids) == [e for e in d.timeline if members & set(e.article_ids)]
