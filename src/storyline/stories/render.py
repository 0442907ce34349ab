"""Plain-text views of stories for the command line (``style`` may add colour)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from storyline.model import Article, ArticleFraming, ArticleMeta, Story
from storyline.store import StoryHead

Style = Callable[..., str]
MATRIX_ROWS = 12
EVIDENCE_PER_ARTICLE = 4


def _plain(text: str, **_: Any) -> str:
    return text


def outlet_label(article: Article | ArticleMeta) -> str:
    return article.outlet or f"[{article.id[:8]}]"


def story_line(story: Story | StoryHead, outlets: list[str]) -> str:
    """One line of `storyline stories`."""
    span = story.first_date or "undated"
    if story.last_date and story.last_date != story.first_date:
        span += f"..{story.last_date}"
    n = len(story.article_ids)
    return (
        f"{story.id:<16} {span:<22} {n:>3} art {len(set(outlets)):>2} out  {story.stance:<10} {story.title}"
    )


def render_story(
    story: Story,
    articles: Mapping[str, Article | ArticleMeta],
    framing: dict[str, ArticleFraming],
    style: Style = _plain,
) -> str:
    """A story with its outlets side by side: what each reports, omits, and how it frames it."""
    out = [
        style(story.title, bold=True),
        f"{story.id}  topic {story.topic_id}  {story.first_date or 'undated'}",
    ]
    if story.last_date and story.last_date != story.first_date:
        out[-1] += f" to {story.last_date}"
    out.append(f"stance of the story: {story.stance}")
    for e in story.stance_evidence[:EVIDENCE_PER_ARTICLE]:
        out.append(f"  {e.kind:<12} {e.text!r}  ({e.article_id[:12]} [{e.start}:{e.end}]) {e.note}")
    out.append("")
    out.append(style("summary", bold=True))
    for c in story.summary:
        support = f" (+{len(c.support)} more)" if c.support else ""
        out.append(f"  {c.text}  [{c.article_id[:12]} {c.start}:{c.end}]{support}")
    columns = [aid for aid in story.article_ids if aid in framing]
    out.append("")
    out.append(style("outlets", bold=True))
    for i, aid in enumerate(columns, 1):
        a, f = articles[aid], framing[aid]
        date = a.published or "undated"
        out.append(
            f"  [{i}] {outlet_label(a)} ({f.source_type}: {f.source_how}), {date}, {f.stance} towards {f.target or '-'}"
        )
        if a.title:
            out.append(f"      {a.title}")
        # what the stance counts first; the outlet's other language (marked words, loaded
        # words not about the target) after it, said so
        shown = sorted((e for e in f.evidence if e.kind != "omission"), key=lambda e: not e.counted)
        for e in shown[:EVIDENCE_PER_ARTICLE]:
            extra = "" if e.counted else " (not counted)"
            out.append(f"      {e.kind:<12} {e.text[:80]!r} [{e.start}:{e.end}] {e.note}{extra}")
    claims = story.coverage.get("claims", [])
    if isinstance(claims, list) and len(columns) > 1:
        out.append("")
        out.append(style("coverage", bold=True) + "  (x = the outlet reports it; most reported first)")
        out.append("  " + " ".join(f"{i:>2}" for i in range(1, len(columns) + 1)))
        for claim in claims[:MATRIX_ROWS]:
            spans = claim.get("spans", {})
            marks = " ".join(f"{'x' if aid in spans else '.':>2}" for aid in columns)
            out.append(f"  {marks}  {str(claim.get('text', ''))[:90]}")
        omits, only = story.coverage.get("omits", {}), story.coverage.get("only", {})
        text_of = {c.get("id"): str(c.get("text", "")) for c in claims if isinstance(c, dict)}
        for i, aid in enumerate(columns, 1):
            alone = only.get(aid) or [] if isinstance(only, dict) else []
            missing = omits.get(aid) or [] if isinstance(omits, dict) else []
            if alone:
                out.append(f"  [{i}] alone reports {len(alone)}, e.g. {text_of.get(alone[0], '')[:80]!r}")
            if missing:
                out.append(
                    f"  [{i}] leaves out {len(missing)} that most others report, e.g. {text_of.get(missing[0], '')[:80]!r}"
                )
    if story.duplicates:
        out.append("")
        out.append(style("copies", bold=True))
        for d in story.duplicates:
            out.append(f"  {d.article_id[:12]} copies {d.of[:12]} (similarity {d.similarity})")
    return "\n".join(out)
