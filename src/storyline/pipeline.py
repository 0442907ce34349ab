"""`analyze`: read inputs, run the per-article stages, then the corpus stages.

Each article is committed as soon as it is clean, and a document whose id is
already stored is skipped before any work, so a killed run resumes where it
stopped and a repeated run adds nothing twice. Per-article stages record which
version ran on which article, so they too pick up exactly what is missing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from storyline.clean import clean_document
from storyline.entities.aliases import AliasTable
from storyline.errors import RejectedPage
from storyline.ingest import MAX_PAGE_BYTES, expand_paths, read_file
from storyline.model import Article, InputFailure
from storyline.store import Store

# Bump when the entity stage's output changes, so stored articles are redone.
ENTITY_STAGE_VERSION = "1"
PARSE_BATCH = 32


class Progress(Protocol):
    """What the library reports while it works; the CLI draws it as progress bars."""

    def start(self, stage: str, total: int) -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def failed(self, failure: InputFailure) -> None: ...


class _Silent:
    def start(self, stage: str, total: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def failed(self, failure: InputFailure) -> None:
        pass


@dataclass(slots=True, kw_only=True)
class RunSummary:
    """What one `analyze` run did, for the summary line and the exit code."""

    files: int = 0
    documents: int = 0
    new: int = 0
    existing: int = 0
    parsed: int = 0
    entities: int = 0
    failures: list[InputFailure] = field(default_factory=list)
    outlets: dict[str, int] = field(default_factory=dict)
    first_date: str | None = None
    last_date: str | None = None
    store: str = ""

    @property
    def articles(self) -> int:
        return self.new + self.existing

    def line(self) -> str:
        """The one summary line a run ends with."""
        span = (
            f"published {self.first_date} to {self.last_date}"
            if self.first_date and self.last_date and self.first_date != self.last_date
            else f"published {self.first_date}"
            if self.first_date
            else "no publication dates"
        )
        outlets = f"{len(self.outlets)} outlet{'s' * (len(self.outlets) != 1)}"
        if self.outlets:
            outlets += " (" + ", ".join(sorted(self.outlets)) + ")"
        return (
            f"{self.articles} article{'s' * (self.articles != 1)} from {self.files} "
            f"file{'s' * (self.files != 1)} ({self.new} new, {self.existing} already stored); "
            f"{outlets}; {span}; {self.entities} entities; {len(self.failures)} failed; store {self.store}"
        )


def analyze(
    paths: Iterable[str],
    store: Store,
    *,
    max_page_bytes: int = MAX_PAGE_BYTES,
    aliases: AliasTable | None = None,
    progress: Progress | None = None,
    files: list[str] | None = None,
) -> RunSummary:
    """Analyze every page under ``paths`` into ``store``.

    ``files`` may pass the already expanded file list. ``progress`` hears of
    each stage, each step and each bad input as it happens; the run goes on.
    """
    progress = progress or _Silent()
    files = files if files is not None else expand_paths(paths)
    summary = RunSummary(files=len(files), store=store.location)
    run_id = store.start_run(files)

    def fail(failure: InputFailure) -> None:
        summary.failures.append(failure)
        store.add_failure(run_id, failure)
        progress.failed(failure)

    progress.start("clean", len(files))
    for path in files:
        for item in read_file(path, max_page_bytes=max_page_bytes):
            if isinstance(item, InputFailure):
                fail(item)
                continue
            summary.documents += 1
            if store.has_article(item.id):
                store.add_source(item.id, item.source)
                summary.existing += 1
                _count(summary, store.get_article(item.id))
                continue
            try:
                article = clean_document(item)
            except RejectedPage as exc:
                fail(InputFailure(source=exc.source, reason=exc.reason))
                continue
            except Exception as exc:  # one broken page must not stop a batch
                reason = f"internal error while cleaning ({type(exc).__name__}: {exc}); please report it"
                fail(InputFailure(source=item.source, reason=reason.replace("\n", " ")))
                continue
            summary.new += 1 if store.add_article(article) else 0
            _count(summary, article)
        progress.advance()
    summary.parsed = run_entity_stage(store, aliases, progress)
    summary.entities = resolve_entities(store, aliases)
    store.finish_run(run_id, new=summary.new, existing=summary.existing)
    return summary


def entity_stage_version(aliases: AliasTable | None) -> str:
    """The stage's code version plus its settings (the watch-list)."""
    watch = sorted(aliases.watch) if aliases else []
    digest = hashlib.sha1(repr(watch).encode()).hexdigest()[:8]
    return f"{ENTITY_STAGE_VERSION}:{digest}"


def run_entity_stage(store: Store, aliases: AliasTable | None, progress: Progress | None = None) -> int:
    """Parse and extract entities for every article that lacks this version's results."""
    from storyline.entities.mentions import extract_entities
    from storyline.nlp import parse_many

    progress = progress or _Silent()
    version = entity_stage_version(aliases)
    todo = store.articles_needing("entities", version)
    if not todo:
        return 0
    watch = list(aliases.watch) if aliases else None
    progress.start("entities", len(todo))
    for i in range(0, len(todo), PARSE_BATCH):
        batch = [store.get_article(aid) for aid in todo[i : i + PARSE_BATCH]]
        for article, doc in zip(batch, parse_many(a.text for a in batch), strict=True):
            store.put_article_entities(extract_entities(article, doc, watch=watch), version)
            progress.advance()
    return len(todo)


def resolve_entities(store: Store, aliases: AliasTable | None) -> int:
    """Corpus stage: re-link every article's chains into entities (small records only)."""
    from storyline.entities.resolve import resolve

    entities = resolve(list(store.iter_article_entities()), aliases)
    store.replace_entities(entities)
    return len(entities)


def _count(summary: RunSummary, article: Article) -> None:
    if article.outlet:
        summary.outlets[article.outlet] = summary.outlets.get(article.outlet, 0) + 1
    if article.published:
        if summary.first_date is None or article.published < summary.first_date:
            summary.first_date = article.published
        if summary.last_date is None or article.published > summary.last_date:
            summary.last_date = article.published
