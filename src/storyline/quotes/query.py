"""Looking quotes up in the store and rendering their versions side by side."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any

from storyline.errors import StorylineError
from storyline.model import Quote
from storyline.script import script_of
from storyline.store import Store, parse_quote_id

WORDS = re.compile(r"\w[\w'’-]*|[^\w\s]")


class NoSuchQuote(StorylineError):
    """No quote has that id."""


def find_quote(store: Store, ref: str) -> tuple[str, Quote]:
    """The quote with id ``ref``; the article part may be shortened to a unique prefix (``a55d7dc9-q0``)."""
    parsed = parse_quote_id(ref)
    if parsed is None:
        raise NoSuchQuote(
            f"{ref!r} is not a quote id: ids look like ARTICLE-qN, as `storyline quotes` lists them"
        )
    article_part, seq = parsed
    hits = store.find_quotes(article_part, seq)
    if not hits:
        raise NoSuchQuote(f"no quote with id {ref!r}: `storyline quotes` lists them")
    if len(hits) > 1:
        raise NoSuchQuote(f"quote id {ref!r} matches several quotes: give more of the article id")
    return hits[0]


Span = tuple[int, int]


def word_runs(old: str, new: str) -> list[tuple[str, list[Span], list[Span]]]:
    """(op, word spans in ``old``, word spans in ``new``) runs; op is equal, replace, delete or insert.

    Words compare case-insensitively; spans let callers show either text as written.
    """
    a = [m.span() for m in WORDS.finditer(old)]
    b = [m.span() for m in WORDS.finditer(new)]
    matcher = difflib.SequenceMatcher(
        a=[old[s:e].casefold() for s, e in a], b=[new[s:e].casefold() for s, e in b], autojunk=False
    )
    return [(op, a[i1:i2], b[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes()]


def mark_changes(old: str, new: str, style: Callable[..., str]) -> str:
    """``new`` with the words that differ from ``old`` marked: [-removed-] {+added+}."""
    out: list[str] = []
    for op, old_spans, new_spans in word_runs(old, new):
        removed = [old[s:e] for s, e in old_spans]
        added = [new[s:e] for s, e in new_spans]
        if op == "equal":
            out.extend(added)
            continue
        if removed:
            out.append(style("[-" + " ".join(removed) + "-]", fg="red"))
        if added:
            out.append(style("{+" + " ".join(added) + "+}", fg="green"))
    return re.sub(r" (?=[,.;:!?»”)])", "", " ".join(out))


def _plain(text: str, **_: Any) -> str:
    return text


def render_versions(store: Store, qid: str, quote: Quote, style: Callable[..., str] = _plain) -> str:
    """The statement, then every other rendering with the words that changed marked."""
    links = store.quote_links([qid]).get(qid)
    quotes = dict(store.iter_quotes([qid, *(m.quote_id for m in (links.matches if links else []))]))
    wanted = {quote.article_id} | {quotes[m.quote_id].article_id for m in (links.matches if links else [])}
    articles = {a.id: a for a in store.iter_article_meta(wanted)}

    def head(q_id: str, q: Quote) -> str:
        article = articles.get(q.article_id)
        outlet = (article.outlet or "-") if article else "-"
        date = (article.published or "undated") if article else ""
        speaker = q.speaker_resolved or q.speaker or "unattributed"
        via = f" via {q.channel}" if q.channel else ""
        return style(f"{q_id}  {outlet}, {date}  {q.kind}  {speaker}{via}  ({q.cue or '-'})", bold=True)

    lines = [head(qid, quote), f"  {quote.text}"]
    if links and links.speaker_entity_id:
        lines.append(style(f"  speaker entity: {links.speaker_entity_id}", dim=True))
    if not links or not links.matches:
        lines.append("")
        lines.append("no other article renders this statement")
        return "\n".join(lines)
    for match in sorted(links.matches, key=lambda m: -m.similarity):
        other = quotes[match.quote_id]
        lines.append("")
        lines.append(head(match.quote_id, other) + f"  similarity {match.similarity:.2f}")
        if script_of(quote.text) != script_of(other.text):
            # A rendering in another language shares no word: a word diff would mark them all.
            lines.append(f"  {other.text}")
            lines.append(style("    (another language: no word diff)", dim=True))
        else:
            lines.append("  " + mark_changes(quote.text, other.text, style))
        for change in match.changes:
            lines.append(style(f"    {change.op}: {change.old!r} -> {change.new!r}", dim=True))
    return "\n".join(lines)
