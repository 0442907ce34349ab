"""What a story shows, read by id: the one query behind `storyline story` and the web's story page."""

from __future__ import annotations

from dataclasses import dataclass

from storyline.model import ArticleFraming, ArticleMeta, Story
from storyline.store import Store


@dataclass(slots=True, kw_only=True)
class StoryView:
    """A story with its articles' text-free records and their framing (by article id)."""

    story: Story
    articles: dict[str, ArticleMeta]
    framing: dict[str, ArticleFraming]


def story_view(store: Store, ref: str) -> StoryView:
    """The story with this id (or unique id prefix) and only its own articles' records;
    raises ``NoSuchStory``."""
    story = store.get_story(ref)
    return StoryView(
        story=story,
        articles={a.id: a for a in store.iter_article_meta(story.article_ids)},
        framing={f.article_id: f for f in store.iter_framing(story.id)},
    )
