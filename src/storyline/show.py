"""Plain-text rendering of one article for `storyline show`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storyline.model import Article

Style = Callable[..., str]


def _plain(text: str, **_: Any) -> str:
    return text


def render_article(
    article: Article, sources: list[str], *, removed: bool = True, style: Style = _plain
) -> str:
    """Metadata block, then the clean text; removed lines stand where they were, marked ``[-]``."""
    published = article.published or "none"
    if article.published:
        published += f" ({article.published_precision}, from {article.published_how})"
    elif article.published_window:
        lo, hi = article.published_window
        published += f" (window {lo or '?'} to {hi or '?'})"
    head = [
        ("id", article.id),
        ("title", article.title),
        ("outlet", article.outlet),
        ("author", article.author),
        ("dateline", article.dateline),
        ("published", published),
        ("language", _language(article.language)),
        # Only when it matters: some bytes were replaced or read in a second charset.
        ("decoded", article.encoding if article.encoding and "(" in article.encoding else None),
        ("url", article.url),
        ("source", "\n          ".join(sources) or article.source),
    ]
    lines = [style(f"{k:<9} ", bold=True) + str(v) for k, v in head if v]
    lines.append(style(f"{len(article.text)} characters, {len(article.removed)} lines removed", dim=True))
    lines.append("")
    if not removed:
        lines.append(article.text)
        return "\n".join(lines)
    pos = 0
    text = article.text
    for line in sorted(article.removed, key=lambda r: r.at):
        # Removed lines are anchored at paragraph starts; flush the text up to there first.
        if line.at > pos:
            lines.append(text[pos : line.at].rstrip("\n"))
            pos = line.at
        lines.append(style(f"[-] {line.text}", fg="red", dim=True) + style(f"  ({line.reason})", dim=True))
    if pos < len(text):
        lines.append(text[pos:])
    return "\n".join(lines)


def _language(language: str | None) -> str | None:
    """The page's language, and what it goes without when no pipeline here parses it."""
    from storyline.analyzer import skipped_analyses

    skipped = skipped_analyses(language) if language else None
    return f"{language} ({skipped})" if skipped else language
