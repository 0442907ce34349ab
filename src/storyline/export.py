"""Exports of the contract in DESIGN.md: JSON, JSON Lines and CSV.

Field names are fixed: add fields freely, never rename.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from storyline.errors import UnknownFormat
from storyline.model import (
    Article,
    ArticleEntities,
    ArticleFraming,
    Entity,
    FramingItem,
    Quote,
    Story,
    TimelineEntry,
)
from storyline.store import QuoteLinks, Store

FORMATS = ("json", "jsonl", "csv")
TABLES = ("articles", "stories", "entities", "mentions", "quotes", "times", "timeline", "framing")
# Articles whose mentions are read at once for the mentions table.
MENTION_PAGE = 500

# Column order of each table (CSV headers; JSON objects follow the same order).
COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (
        "id", "source", "outlet", "url", "title", "author", "dateline", "language",
        "published", "published_precision", "published_how", "published_window",
        "text", "removed", "story_id",
        # additions beyond the contract
        "format", "outlet_how", "window_how", "sources", "removed_detail", "encoding",
    ),
    "stories": (
        "id", "title", "article_ids", "first_date", "last_date", "summary",
        "topic_id", "stance", "stance_evidence", "duplicates", "coverage",
    ),
    "entities": ("id", "type", "name", "aliases", "roles", "article_ids", "mentions"),
    "mentions": ("entity_id", "article_id", "text", "start", "end", "type", "kind"),
    "quotes": (
        "id", "article_id", "kind", "text", "start", "end", "cue",
        "speaker", "speaker_entity_id", "matches",
        "speaker_resolved", "channel", "cue_start", "cue_end", "speaker_start", "speaker_end",
        "channel_start", "channel_end",
    ),
    "times": ("id", "article_id", "text", "start", "end", "type", "value", "anchored"),
    "timeline": ("id", "date", "precision", "text", "article_ids", "evidence", "entity_ids", "conflicts"),
    "framing": (
        "article_id", "stance", "target", "evidence", "actors",
        "story_id", "score", "source_type", "source_how", "source_evidence",
    ),
}  # fmt: skip


def article_record(article: Article, sources: list[str]) -> dict[str, Any]:
    """An article as the export contract spells it."""
    return {
        "id": article.id,
        "source": article.source,
        "outlet": article.outlet,
        "url": article.url,
        "title": article.title,
        "author": article.author,
        "dateline": article.dateline,
        "language": article.language,
        "published": article.published,
        "published_precision": article.published_precision,
        "published_how": article.published_how,
        "published_window": list(article.published_window) if article.published_window else None,
        "text": article.text,
        "removed": [r.text for r in article.removed],
        "story_id": article.story_id,
        "format": article.format,
        "outlet_how": article.outlet_how,
        "window_how": article.window_how,
        "sources": sources,
        "removed_detail": [{"text": r.text, "at": r.at, "reason": r.reason} for r in article.removed],
        "encoding": article.encoding,
    }


def entity_record(entity: Entity) -> dict[str, Any]:
    """An entity as the export contract spells it."""
    return {
        "id": entity.id,
        "type": entity.type,
        "name": entity.name,
        "aliases": entity.aliases,
        "roles": [
            {"title": r.title, "article_id": r.article_id, "start": r.start, "end": r.end}
            for r in entity.roles
        ],
        "article_ids": entity.article_ids,
        "mentions": entity.mentions,
    }


def quote_record(qid: str, quote: Quote, link: QuoteLinks | None) -> dict[str, Any]:
    """A quote as the export contract spells it, plus the offsets of its cue, speaker and channel."""
    link = link or QuoteLinks()
    record: dict[str, Any] = {
        "id": qid,
        "article_id": quote.article_id,
        "kind": quote.kind,
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "cue": quote.cue,
        "speaker": quote.speaker,
        "speaker_entity_id": link.speaker_entity_id,
        "matches": [
            {
                "quote_id": m.quote_id,
                "similarity": round(m.similarity, 3),
                "changes": [{"op": c.op, "old": c.old, "new": c.new} for c in m.changes],
            }
            for m in link.matches
        ],
        "speaker_resolved": quote.speaker_resolved,
        "channel": quote.channel,
    }
    for part in ("cue", "speaker", "channel"):
        record[f"{part}_start"] = getattr(quote, f"{part}_start")
        record[f"{part}_end"] = getattr(quote, f"{part}_end")
    return record


def timeline_record(entry: TimelineEntry) -> dict[str, Any]:
    """A timeline entry as the export contract spells it."""
    return {
        "id": entry.id,
        "date": entry.date,
        "precision": entry.precision,
        "text": entry.text,
        "article_ids": entry.article_ids,
        "evidence": [{"article_id": e.article_id, "start": e.start, "end": e.end} for e in entry.evidence],
        "entity_ids": entry.entity_ids,
        "conflicts": entry.conflicts,
    }


def story_record(story: Story) -> dict[str, Any]:
    """A story as the export contract spells it (summary sentences cite their articles)."""
    return {
        "id": story.id,
        "title": story.title,
        "article_ids": story.article_ids,
        "first_date": story.first_date,
        "last_date": story.last_date,
        "summary": [
            {"text": c.text, "article_id": c.article_id, "start": c.start, "end": c.end, "support": c.support}
            for c in story.summary
        ],
        "topic_id": story.topic_id,
        "stance": story.stance,
        "stance_evidence": [_evidence(e) for e in story.stance_evidence],
        "duplicates": [
            {"article_id": d.article_id, "of": d.of, "similarity": d.similarity} for d in story.duplicates
        ],
        "coverage": story.coverage,
    }


def _evidence(e: FramingItem) -> dict[str, Any]:
    return {
        "kind": e.kind,
        "text": e.text,
        "start": e.start,
        "end": e.end,
        "article_id": e.article_id,
        "polarity": e.polarity,
        "note": e.note,
        "voice": e.voice,
        "part": e.part,
        "counted": e.counted,
    }


def framing_record(framing: ArticleFraming) -> dict[str, Any]:
    """One article's framing as the export contract spells it."""
    return {
        "article_id": framing.article_id,
        "stance": framing.stance,
        "target": framing.target,
        "evidence": [_evidence(e) for e in framing.evidence],
        "actors": [
            {
                "entity_id": a.entity_id,
                "stance": a.stance,
                "score": a.score,
                "evidence": [_evidence(e) for e in a.evidence],
            }
            for a in framing.actors
        ],
        "story_id": framing.story_id,
        "score": framing.score,
        "source_type": framing.source_type,
        "source_how": framing.source_how,
        "source_evidence": _evidence(framing.source_evidence) if framing.source_evidence else None,
    }


def iter_records(store: Store, table: str) -> Iterator[dict[str, Any]]:
    """The records of one table, in a stable order."""
    if table == "articles":
        for article in store.iter_articles():
            yield article_record(article, store.sources(article.id))
    elif table == "entities":
        for entity in store.iter_entities():
            yield entity_record(entity)
    elif table == "mentions":
        yield from _mention_records(store)
    elif table == "times":
        seq: dict[str, int] = {}
        for t in store.iter_times():
            n = seq[t.article_id] = seq.get(t.article_id, -1) + 1
            yield {
                "id": f"{t.article_id}-t{n}",
                "article_id": t.article_id,
                "text": t.text,
                "start": t.start,
                "end": t.end,
                "type": t.type,
                "value": t.value,
                "anchored": t.anchored,
            }
    elif table == "quotes":
        links = store.quote_links()
        for qid, quote in store.iter_quotes():
            yield quote_record(qid, quote, links.get(qid))
    elif table == "timeline":
        for entry in store.iter_timeline():
            yield timeline_record(entry)
    elif table == "stories":
        for story in store.iter_stories():
            yield story_record(story)
    elif table == "framing":
        for framing in store.iter_framing():
            yield framing_record(framing)


def _mention_records(store: Store) -> Iterator[dict[str, Any]]:
    """Every mention of an entity with its offsets (by article, then position): a page of
    articles at a time, with only that page's chain-to-entity links."""
    page: list[ArticleEntities] = []
    for ents in store.iter_article_entities():
        page.append(ents)
        if len(page) == MENTION_PAGE:
            yield from _mentions_of(store, page)
            page = []
    yield from _mentions_of(store, page)


def _mentions_of(store: Store, page: list[ArticleEntities]) -> Iterator[dict[str, Any]]:
    entity_of = store.entity_members(e.article_id for e in page)
    for ents in page:
        for m in sorted(ents.mentions, key=lambda m: (m.start, m.end)):
            entity_id = entity_of.get((ents.article_id, m.chain))
            if entity_id is not None:
                yield {
                    "entity_id": entity_id,
                    "article_id": ents.article_id,
                    "text": m.text,
                    "start": m.start,
                    "end": m.end,
                    "type": m.label,
                    "kind": m.kind,
                }


def export(store: Store, fmt: str, out: TextIO | None = None, *, directory: Path | None = None) -> int:
    """Write the whole dossier in ``fmt``; returns the number of records written.

    JSON and JSONL go to ``out``; CSV writes one file per table into ``directory``.
    """
    if fmt not in FORMATS:
        raise UnknownFormat(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    count = 0
    if fmt == "json":
        assert out is not None
        return _write_json(store, out)
    if fmt == "jsonl":
        assert out is not None
        for table in TABLES:
            for record in iter_records(store, table):
                out.write(json.dumps({"table": table, **record}, ensure_ascii=False) + "\n")
                count += 1
        return count
    assert directory is not None
    directory.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        count += write_csv(iter_records(store, table), COLUMNS[table], directory / f"{table}.csv")
    return count


def _write_json(store: Store, out: TextIO) -> int:
    """One JSON object of tables, written a record at a time (the same bytes as
    ``json.dump(..., indent=2)`` of the whole dossier, without holding it)."""
    count = 0
    out.write("{")
    for t, table in enumerate(TABLES):
        out.write(("," if t else "") + f"\n  {json.dumps(table)}: [")
        first = True
        for record in iter_records(store, table):
            text = json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n    ")
            out.write(("\n    " if first else ",\n    ") + text)
            first = False
            count += 1
        out.write("]" if first else "\n  ]")
    out.write("\n}\n" if TABLES else "}\n")
    return count


def write_csv(records: Iterator[dict[str, Any]], columns: tuple[str, ...], path: Path) -> int:
    """One table as CSV; list and dict cells are JSON-encoded so nothing is lost."""
    count = 0
    # Written to a temporary name first so an interrupted export never leaves half a file.
    tmp = path.with_suffix(path.suffix + ".part")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for record in records:
            writer.writerow([_cell(record.get(c)) for c in columns])
            count += 1
    tmp.replace(path)
    return count


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
