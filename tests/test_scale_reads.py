"""Stages and queries read only the article text they need, never the whole corpus."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from storyline.model import Article, Duplicate, StoryFeatures
from storyline.pipeline import analyze, run_corpus_stages
from storyline.quotes.query import find_quote, render_versions
from storyline.store.sqlite import SQLiteStore
from storyline.stories.stage import build_stories

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kazakhstan-reforms"

NEW_PAGE = """Dockworkers end strike after pay deal

ROTTERDAM, March 3, 2023 - Dockworkers at the port of Rotterdam ended a five-day strike on
Friday after their union accepted a pay offer of 7 percent, the port authority said.
"The ships are moving again," port spokesman Willem Jansen told reporters.
"""


class TextCountingStore(SQLiteStore):
    """The real SQLite store, counting every article whose text it hands out."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.texts_read: Counter[str] = Counter()
        self.features_read: Counter[str] = Counter()
        self.all_features_read = 0
        self.whole_reads: Counter[str] = Counter()  # every story, or every copy, read at once
        self.stories_read: set[str] = set()

    def story_features(self, ids: Iterable[str] | None = None) -> dict[str, StoryFeatures]:
        if ids is None:
            self.all_features_read += 1
        found = super().story_features(ids)
        self.features_read.update(list(found))
        return found

    def iter_story_members(self) -> Iterator[tuple[str, str, list[str]]]:
        self.whole_reads["stories"] += 1
        yield from super().iter_story_members()

    def duplicates(self, article_ids: Iterable[str] | None = None) -> list[Duplicate]:
        if article_ids is None:
            self.whole_reads["copies"] += 1
        return super().duplicates(article_ids)

    def story_members(
        self, story_ids: Iterable[str] = (), topic_ids: Iterable[str] = ()
    ) -> dict[str, tuple[str, list[str]]]:
        found = super().story_members(story_ids, topic_ids)
        self.stories_read |= set(found)
        return found

    def get_article(self, ref: str) -> Article:
        article = super().get_article(ref)
        self.texts_read[article.id] += 1
        return article

    def get_articles(self, ids: Iterable[str]) -> dict[str, Article]:
        found = super().get_articles(ids)
        self.texts_read.update(list(found))
        return found

    def iter_articles(self) -> Iterator[Article]:
        for article in super().iter_articles():
            self.texts_read[article.id] += 1
            yield article


@pytest.fixture(scope="module")
def example_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reads")
    db = folder / "s.db"
    with TextCountingStore(str(db)) as store:
        analyze([str(EXAMPLE)], store, quote_embedder="none")
    return db


def test_corpus_stages_read_no_text(example_copy: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    shutil.copy(example_copy, db)
    with TextCountingStore(str(db)) as store:
        run_corpus_stages(store, None, quote_embedder="none")
        result = build_stories(store)
        assert result.new_articles == 0
        assert store.texts_read == Counter()


def test_a_new_page_reads_its_own_text_and_its_story_only(example_copy: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    shutil.copy(example_copy, db)
    page = tmp_path / "strike.txt"
    page.write_text(NEW_PAGE, encoding="utf-8")
    with TextCountingStore(str(db)) as store:
        before = {a.id for a in store.iter_article_meta()}
        summary = analyze([str(page)], store, quote_embedder="none")
        whole_reads, stories_read = Counter(store.whole_reads), set(store.stories_read)
        assert summary.new == 1
        (new_id,) = {a.id for a in store.iter_article_meta()} - before
        story = next(s for s in store.iter_stories() if new_id in s.article_ids)
        # Parsed once, featured once, described with its story: nothing else is read.
        assert set(store.texts_read) <= {new_id, *story.article_ids}
        assert not set(store.texts_read) & (before - set(story.article_ids))
        # Term bags: the new page's, and those of the stories of the topic it joined only.
        assert store.all_features_read == 0
        topic = next(t for t in store.topics() if new_id in t.members)
        in_topic = {a for s in store.iter_stories() if s.topic_id == topic.id for a in s.article_ids}
        assert set(store.features_read) <= in_topic | {new_id}
        # Stories: only those of that topic, never every story or every copy.
        assert whole_reads == Counter()
        assert stories_read <= {s.id for s in store.iter_stories() if s.topic_id == topic.id}


def test_showing_a_quote_reads_no_text(example_copy: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    shutil.copy(example_copy, db)
    with TextCountingStore(str(db)) as store:
        qid, _ = next(store.iter_quotes())
        found_id, quote = find_quote(store, qid[:8] + qid[qid.rindex("-q") :])
        assert found_id == qid
        assert quote.text in render_versions(store, qid, quote)
        assert store.texts_read == Counter()
