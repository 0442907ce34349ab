"""Page contexts and rendering, shared by the web app and the report (only links differ)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from storyline.entities.query import rank_cooccurring
from storyline.errors import BadQuery, StorylineError
from storyline.model import Article, ArticleFraming, ArticleMeta, FramingItem
from storyline.store import HIT_CLOSE, HIT_OPEN, SearchHit
from storyline.timeline import date_bounds, entry_span
from storyline.web.chart import Point, outlet_chart
from storyline.web.dossier import UNKNOWN_OUTLET, Dossier
from storyline.web.marks import Anchor, Mark, diff_markup, highlight, safe_href

Mode = Literal["app", "report"]
EVIDENCE_SHOWN = 6
# Actors shown in a story's outlets x actors table, the most often judged first.
ACTOR_COLUMNS = 6
TOP_ENTITIES = 25
RESULTS_SHOWN = 100
# The search form offers the most mentioned entities (and the one filtered on).
ENTITY_CHOICES = 300
# Timeline entries per page in the app (the report holds them all).
TIMELINE_PAGE = 200
# The overview lists the newest stories; the rest are one search away (filter by story).
STORIES_SHOWN = 200


class NotFound(StorylineError):
    """No page at this address."""


class BadRequest(StorylineError):
    """A page was asked for with parameters it cannot use."""


@dataclass(slots=True, kw_only=True)
class Filters:
    """Search and listing filters; empty fields do not filter."""

    q: str = ""
    outlet: str = ""
    date_from: str = ""
    date_to: str = ""
    entity: str = ""
    story: str = ""

    def any(self) -> bool:
        return any((self.q, self.outlet, self.date_from, self.date_to, self.entity, self.story))

    def dates(self) -> tuple[dt.date, dt.date]:
        """The first and last day the date filters allow; raises ValueError saying why a date is bad."""
        low = date_bounds(self.date_from, "from")[0] if self.date_from else dt.date.min
        high = date_bounds(self.date_to, "to")[1] if self.date_to else dt.date.max
        return low, high


@dataclass(slots=True, kw_only=True)
class Site:
    """Renders pages of one dossier; ``mode`` decides what links look like."""

    dossier: Dossier
    mode: Mode = "app"
    env: Environment = field(init=False)
    # The overview reads every article's metadata: made once per dossier, then reused.
    _overview: str | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.env = Environment(
            loader=PackageLoader("storyline.web", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(site=self, d=self.dossier)

    # -- links ----------------------------------------------------------

    def url(self, kind: str, ref: str = "", **params: str) -> str:
        """Where a page lives: a path in the app, a section id in the report."""
        query = urlencode({k: v for k, v in params.items() if v})
        if self.mode == "report":
            target = "overview" if kind == "overview" else f"{kind}-{ref}" if ref else kind
            return "#" + quote(target, safe="-_.") + (f"?{query}" if query else "")
        path = "/" if kind == "overview" else f"/{kind}/{quote(ref, safe='')}" if ref else f"/{kind}"
        return path + (f"?{query}" if query else "")

    def at(self, article_id: str, offset: int) -> str:
        """A link to the sentence of an article holding ``offset``."""
        anchor = sentence_anchor(article_id, self.dossier.sentence_of(article_id, offset))
        return ("" if self.mode == "report" else self.url("article", article_id)) + "#" + anchor

    def render(self, template: str, kind: str, ref: str = "", **context: Any) -> str:
        layout = "fragment.html" if self.mode == "report" else "page.html"
        section = "overview" if kind == "overview" else f"{kind}-{ref}" if ref else kind
        return self.env.get_template(template).render(layout=layout, section=section, **context)

    def outlets_of(self, article_ids: list[str]) -> str:
        return ", ".join(dict.fromkeys(self.dossier.outlet(aid) for aid in article_ids))

    # -- pages ----------------------------------------------------------

    def overview(self) -> str:
        if self._overview is None:
            self._overview = self._make_overview()
        return self._overview

    def _make_overview(self) -> str:
        d = self.dossier
        outlets = d.outlets()
        points = []
        undated = 0
        for a in d.articles.values():
            day = published_day(a)
            if day is None:
                undated += 1
                continue
            points.append(
                Point(outlet=d.outlet(a.id), day=day, title=a.title or a.id, href=self.url("article", a.id))
            )
        rows = []
        by_outlet: dict[str, list[str]] = {}
        for aid in d.articles:
            by_outlet.setdefault(d.outlet(aid), []).append(aid)
        for name, count in outlets:
            members = by_outlet[name]
            types = Counter(d.framing_heads[aid][0] for aid in members if aid in d.framing_heads)
            stances = Counter(d.framing_heads[aid][1] for aid in members if aid in d.framing_heads)
            rows.append(
                {"name": name, "count": count, "types": types, "stances": stances, "first": members[0]}
            )
        return self.render(
            "overview.html",
            "overview",
            title="Overview",
            outlets=rows,
            chart=outlet_chart(points, [name for name, _ in outlets]),
            undated=undated,
            stories=d.story_heads[:STORIES_SHOWN],
            stories_total=len(d.story_heads),
            entities=d.entity_heads.top(TOP_ENTITIES),
        )

    def story(self, story_id: str) -> str:
        d = self.dossier
        if story_id not in d.stories:  # ids only: a prefix is for the command line
            raise NotFound(f"no story {story_id!r}")
        view = d.story(story_id)
        story = view.story
        columns: list[dict[str, Any]] = []
        for aid in story.article_ids:
            article = view.articles.get(aid)
            if article is None:
                continue
            framing = view.framing.get(aid)
            items = [e for e in framing.evidence if e.kind != "omission"] if framing else []
            columns.append(
                {
                    "article": article,
                    "framing": framing,
                    # the outlet's own words behind its stance, apart from the voices it quotes
                    # and from its other language (marked words, loaded words elsewhere)
                    "evidence": self.evidence([e for e in items if e.voice != "quoted" and e.counted]),
                    "language": self.evidence([e for e in items if e.voice != "quoted" and not e.counted]),
                    "quoted": self.evidence([e for e in items if e.voice == "quoted"]),
                    "omissions": [e for e in framing.evidence if e.kind == "omission"] if framing else [],
                    "source": framing.source_evidence if framing else None,
                }
            )
        shown = [aid for aid in story.article_ids if aid in view.articles]
        claims = story.coverage.get("claims", [])
        matrix = []
        if isinstance(claims, list):
            for claim in claims:
                spans = claim.get("spans", {})
                matrix.append(
                    {
                        "text": claim.get("text", ""),
                        "cells": [self.at(aid, spans[aid][0]) if spans.get(aid) else None for aid in shown],
                    }
                )
        timeline = d.entries_about(story.article_ids)
        quotes = [qid for aid in story.article_ids for qid in d.quotes_of.get(aid, [])]
        actors = self.actor_table(shown, view.framing)
        return self.render(
            "story.html",
            "story",
            story.id,
            title=story.title or story.id,
            story=story,
            columns=columns,
            matrix=matrix,
            timeline=timeline,
            quotes=[qid for qid in quotes if d.quotes[qid].kind != "phrase"],
            actors=actors,
        )

    def actor_table(self, article_ids: list[str], framing: Mapping[str, ArticleFraming]) -> dict[str, Any]:
        """Outlets x actors: each article's stance towards the actors most articles judge."""
        seen: Counter[str] = Counter(
            a.entity_id for aid in article_ids if aid in framing for a in framing[aid].actors
        )
        ids = [eid for eid, _ in seen.most_common(ACTOR_COLUMNS)]
        heads = self.dossier.entity_heads.of(ids)
        rows = []
        for aid in article_ids:
            stances = {a.entity_id: a for a in framing[aid].actors} if aid in framing else {}
            rows.append({"article_id": aid, "cells": [stances.get(eid) for eid in ids]})
        return {"actors": [(eid, heads[eid].name if eid in heads else eid) for eid in ids], "rows": rows}

    def evidence(self, items: list[FramingItem]) -> list[dict[str, Any]]:
        """Framing items grouped by sentence, each sentence once with all its items highlighted."""
        groups: dict[tuple[str, int, int], list[FramingItem]] = {}
        for item in items:
            if item.part == "title":
                lo, hi = -1, -1
            else:
                lo, hi = self.sentence_bounds(item.article_id, item.start, item.end)
            groups.setdefault((item.article_id, lo, hi), []).append(item)
        out = []
        for (aid, lo, hi), members in groups.items():
            article = self.dossier.article(aid)
            text = article.text if article else ""
            if lo < 0:  # the headline: its items index the title
                title = (article.title or "") if article else ""
                marks = [
                    Mark(start=e.start, end=e.end, kind=_mark_kind(e), title=f"{e.kind}: {e.note}")
                    for e in members
                ]
                out.append(
                    {"found": members, "html": highlight(title, marks, offset=0), "href": self.at(aid, 0)}
                )
                continue
            marks = [
                Mark(start=e.start, end=e.end, kind=_mark_kind(e), title=f"{e.kind}: {e.note}")
                for e in members
            ]
            out.append(
                {
                    "found": members,
                    "html": highlight(text[lo:hi], marks, offset=lo),
                    "href": self.at(aid, members[0].start),
                }
            )
        return out

    def sentence_bounds(self, article_id: str, start: int, end: int) -> tuple[int, int]:
        spans = self.dossier.sentences.get(article_id) or []
        lo = max((s for s, _ in spans if s <= start), default=max(0, start - 120))
        hi = min((e for _, e in spans if e >= end), default=end + 120)
        return lo, min(hi, self.dossier.articles[article_id].chars)

    def quote(self, quote_id: str) -> str:
        d = self.dossier
        base = d.quotes.get(quote_id)
        if base is None:
            raise NotFound(f"no quote {quote_id!r}")
        link = d.links.get(quote_id)
        versions = [{"id": quote_id, "quote": base, "similarity": None, "html": highlight(base.text, [])}]
        for m in link.matches if link else []:
            other = d.quotes.get(m.quote_id)
            if other is not None:
                versions.append(
                    {
                        "id": m.quote_id,
                        "quote": other,
                        "similarity": m.similarity,
                        "html": diff_markup(base.text, other.text),
                    }
                )
        speaker = link.speaker_entity_id if link and link.speaker_entity_id in d.entities else None
        return self.render(
            "quote.html",
            "quote",
            quote_id,
            title=f"Quote {quote_id}",
            base=base,
            qid=quote_id,
            versions=versions,
            speaker=speaker,
        )

    def entity(self, entity_id: str) -> str:
        d = self.dossier
        entity = d.entities.get(entity_id)
        if entity is None:
            raise NotFound(f"no entity {entity_id!r}")
        together = d.together(entity.id)
        by = d.quotes_by.get(entity.id, [])
        mine = set(by)
        about = [qid for qid in d.quotes_about(entity.id) if qid not in mine]
        return self.render(
            "entity.html",
            "entity",
            entity.id,
            title=entity.name,
            entity=entity,
            together=rank_cooccurring(together, d.entity_heads.of(together), 15),
            by=[q for q in by if d.quotes[q].kind != "phrase"],
            about=[q for q in about if d.quotes[q].kind != "phrase"],
        )

    def timeline(self, filters: Filters | None = None, page: int = 1) -> str:
        d = self.dossier
        entries = []
        outlet_ids = {name: f"o{i}" for i, (name, _) in enumerate(d.outlets())}
        outlet_names = {oid: name for name, oid in outlet_ids.items()}
        f = filters or Filters()
        # The report holds every entry (its script filters them); the app reads one page.
        limit = None if self.mode == "report" else TIMELINE_PAGE
        page = max(1, page)
        offset = 0 if limit is None else (page - 1) * limit
        outlet = outlet_names.get(f.outlet, f.outlet) if f.outlet else None
        if outlet == UNKNOWN_OUTLET:
            outlet = ""  # the store's name for "no outlet stated"
        wanted = {"entity_id": f.entity or None, "outlet": outlet, "offset": offset, "limit": limit}
        # The page script filters as you type; the server filters too, so the form works without it.
        try:
            shown, total = d.timeline_page(date_from=f.date_from or None, date_to=f.date_to or None, **wanted)
            error = ""
        except ValueError as exc:
            shown, total = d.timeline_page(**wanted)
            error = str(exc)
            f = Filters(entity=f.entity, outlet=f.outlet)
        for e in shown:
            first, last = entry_span(e)
            outlets = {outlet_ids[d.outlet(a)] for a in e.article_ids if a in d.articles}
            entries.append(
                {
                    "entry": e,
                    "first": first.isoformat(),
                    "last": last.isoformat(),
                    "outlets": " ".join(sorted(outlets)),
                }
            )
        choices = d.entity_heads.top(ENTITY_CHOICES)
        if f.entity in d.entity_heads and all(h.id != f.entity for h in choices):
            choices.append(d.entity_heads[f.entity])
        form = {"from": f.date_from, "to": f.date_to, "entity": f.entity, "outlet": f.outlet}
        pages = {
            "first": offset + 1,
            "last": offset + len(shown),
            "total": total,
            "previous": self.url("timeline", **form, page=str(page - 1)) if page > 1 else "",
            "next": self.url("timeline", **form, page=str(page + 1)) if offset + len(shown) < total else "",
            "start": self.url("timeline", **form) if not shown and total else "",
        }
        return self.render(
            "timeline.html",
            "timeline",
            title="Timeline",
            entries=entries,
            outlet_ids=outlet_ids,
            entity_options=sorted(choices, key=lambda h: h.name.casefold()),
            filters=f,
            error=error,
            pages=pages,
        )

    def article(self, article_id: str) -> str:
        d = self.dossier
        article = d.article(article_id)
        if article is None:
            raise NotFound(f"no article {article_id!r}")
        return self.render(
            "article.html",
            "article",
            article.id,
            title=article.title or article.id,
            article=article,
            href=safe_href(article.url),
            framing=d.framing.get(article.id),
            pieces=self.article_pieces(article),
            story=d.stories.get(article.story_id or ""),
        )

    def article_pieces(self, article: Article) -> list[dict[str, Any]]:
        """The clean text, highlighted, cut where removed lines stood (shown on demand)."""
        d = self.dossier
        aid = article.id
        marks = []
        for m in d.mentions.get(aid, []):
            eid = d.entity_of(aid, m.chain)
            entity = d.entity_heads.get(eid or "")
            title = f"{m.label}: {entity.name}" if entity else m.label
            marks.append(
                Mark(
                    start=m.start,
                    end=m.end,
                    kind="entity",
                    title=title,
                    href=self.url("entity", eid) if eid else None,
                )
            )
        for t in d.times.get(aid, []):
            marks.append(Mark(start=t.start, end=t.end, kind="time", title=f"{t.type} {t.value}"))
        for qid in d.quotes_of.get(aid, []):
            q = d.quotes[qid]
            kind = "quote" if q.kind != "phrase" else "phrase"
            title = f"{q.kind} quote: {d.speaker_of(qid)}" + (f" ({q.cue})" if q.cue else "")
            marks.append(Mark(start=q.start, end=q.end, kind=kind, title=title, href=self.url("quote", qid)))
        framing = d.framing.get(aid)
        for e in framing.evidence if framing else []:
            if e.kind != "omission" and e.article_id == aid and e.part != "title":
                # the outlet's language the stance does not count is marked apart, lighter
                marks.append(
                    Mark(
                        start=e.start,
                        end=e.end,
                        kind=_mark_kind(e),
                        title=f"{e.kind}: {e.note}".rstrip(": ") + ("" if e.counted else " (not counted)"),
                    )
                )
        anchors = [
            Anchor(at=s, id=sentence_anchor(aid, i)) for i, (s, _) in enumerate(d.sentences.get(aid, []))
        ]
        if not anchors:
            anchors = [Anchor(at=0, id=sentence_anchor(aid, 0))]
        cuts = sorted({r.at for r in article.removed if 0 < r.at < len(article.text)})
        bounds = [0, *cuts, len(article.text)]
        pieces = []
        for lo, hi in itertools.pairwise(bounds):
            removed = [r for r in article.removed if r.at == lo or (lo == 0 and r.at <= 0)]
            pieces.append(
                {"removed": removed, "html": highlight(article.text[lo:hi], marks, anchors, offset=lo)}
            )
        tail = [r for r in article.removed if r.at >= len(article.text) > 0]
        if tail:
            pieces.append({"removed": tail, "html": Markup("")})
        return pieces

    def search(self, filters: Filters, hits: list[SearchHit] | None, error: str = "") -> str:
        d = self.dossier
        results = []
        span = filters.dates() if not error else (dt.date.min, dt.date.max)
        if filters.entity:
            entity = d.entities.get(filters.entity)
            in_entity: set[str] | None = set(entity.article_ids) if entity else set()
        else:
            in_entity = None
        if hits is not None:
            for hit in hits:
                if hit.article_id in d.articles and self.matches(hit.article_id, filters, span, in_entity):
                    results.append(
                        {"article": d.articles[hit.article_id], "snippet": snippet_markup(hit.snippet)}
                    )
        elif filters.any() and not error:
            results = [
                {"article": a, "snippet": Markup("")}
                for a in d.articles.values()
                if self.matches(a.id, filters, span, in_entity)
            ]
        choices = d.entity_heads.top(ENTITY_CHOICES)
        if filters.entity in d.entity_heads and all(h.id != filters.entity for h in choices):
            choices.append(d.entity_heads[filters.entity])
        return self.render(
            "search.html",
            "search",
            title="Search",
            entity_choices=choices,
            filters=filters,
            results=results[:RESULTS_SHOWN],
            total=len(results),
            error=error,
            searched=filters.any() and not error,
        )

    def matches(
        self, article_id: str, f: Filters, span: tuple[dt.date, dt.date], in_entity: set[str] | None = None
    ) -> bool:
        """Whether an article passes the filters (``in_entity``: the filtered entity's articles)."""
        d = self.dossier
        article = d.articles[article_id]
        if f.outlet and d.outlet(article_id) != f.outlet:
            return False
        if f.story and article.story_id != f.story:
            return False
        if f.entity:
            found = (
                article_id in in_entity if in_entity is not None else f.entity in d.entity_ids_in(article_id)
            )
            if not found:
                return False
        if f.date_from or f.date_to:
            if not article.published:
                return False
            first, last = date_bounds(article.published[:10])
            return first <= span[1] and span[0] <= last
        return True

    def run_search(self, filters: Filters, search: Any) -> str:
        """The search page for ``filters``; ``search`` is the store's full-text search function."""
        try:
            filters.dates()
        except ValueError as exc:
            return self.search(filters, None, str(exc))
        if not filters.q.strip():
            return self.search(filters, None)
        try:
            hits = search(filters.q)
        except BadQuery as exc:
            return self.search(filters, None, str(exc))
        return self.search(filters, hits)

    def error(self, status: int, message: str) -> str:
        return self.render("error.html", "error", title=f"{status}", status=status, message=message)


def sentence_anchor(article_id: str, index: int) -> str:
    return f"a-{article_id}-s{index}"


def published_day(article: Article | ArticleMeta) -> dt.date | None:
    if not article.published or article.published_precision != "day":
        return None
    try:
        return dt.date.fromisoformat(article.published[:10])
    except ValueError:
        return None


def snippet_markup(snippet: str) -> Markup:
    """A search snippet, escaped, with its hit markers as <mark>."""
    html = str(escape(snippet))
    return Markup(html.replace(HIT_OPEN, "<mark>").replace(HIT_CLOSE, "</mark>"))


def _mark_kind(e: FramingItem) -> str:
    """Evidence the stance counts is marked ``ev-``; the outlet's other language, lighter, ``lang-``."""
    return f"ev-{e.kind}" if e.counted else f"lang-{e.kind}"
