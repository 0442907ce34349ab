"""`analyze`: read and clean inputs, run the per-article map, then the corpus reduces.

Clean articles are committed in groups (``CLEAN_COMMIT_EVERY``) and a document
whose id is already stored is skipped before any work, so a killed run resumes
where it stopped (redoing at most the open group) and a repeated run adds
nothing twice. The map (``ArticleAnalyzer``) records which version ran on which
article, a batch per transaction, so it too picks up exactly what is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from storyline.analyzer import nlp_stage_version
from storyline.clean import clean_document
from storyline.entities.aliases import AliasTable
from storyline.errors import RejectedPage
from storyline.framing.sources import OutletTable, outlet_key, outlet_table
from storyline.ingest import MAX_PAGE_BYTES, expand_paths, read_file
from storyline.ingest.reader import display_path
from storyline.model import Article, ArticleMeta, ArticleResult, InputFailure, RawDocument, Window
from storyline.quotes.embed import DEFAULT_EMBEDDER
from storyline.stages import check_order, stage
from storyline.store import Store
from storyline.stories.stage import build_stories

if TYPE_CHECKING:
    from storyline.quotes.embed import Embedder, Prefetcher

PARSE_BATCH = 32
CLEAN_COMMIT_EVERY = 50
SUMMARY_OUTLETS = 5
MAX_WINDOW_PASSES = 5
# Bump when the timeline's or the quote links' output changes: a store whose articles
# have not changed since they ran skips them, so old results would otherwise stay.
CORPUS_STAGE_VERSION = "1"
TIMELINE_STAGE = f"timeline:{CORPUS_STAGE_VERSION}"
LINKS_VERSION = "2"  # the quote index (quote_links.py) came with 2: older marks redo everything
# The reduce: corpus stages in the order they run (checked against their declarations).
CORPUS_ORDER = ("resolve", "timeline", "quote_links", "stories", "framing")


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
    timeline: int = 0
    stories: int = 0
    duplicates: int = 0
    failures: list[InputFailure] = field(default_factory=list)
    outlets: dict[str, int] = field(default_factory=dict)
    unparsed: dict[str, int] = field(default_factory=dict)  # language no pipeline parses -> pages
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
            # The most frequent first; a daily corpus has a hundred outlets or more.
            named = sorted(self.outlets, key=lambda o: (-self.outlets[o], o.casefold()))
            shown = ", ".join(named[:SUMMARY_OUTLETS])
            if len(named) > SUMMARY_OUTLETS:
                shown += f", and {len(named) - SUMMARY_OUTLETS} more"
            outlets += " (" + shown + ")"
        unparsed = ""
        if self.unparsed:
            # Stored, cleaned and searchable, in stories by their words: a skip, not a failure.
            counts = ", ".join(f"{n} {lang}" for lang, n in sorted(self.unparsed.items()))
            unparsed = f"; {sum(self.unparsed.values())} not parsed ({counts}: no parser for that language)"
        return (
            f"{self.articles} article{'s' * (self.articles != 1)} from {self.files} "
            f"file{'s' * (self.files != 1)} ({self.new} new, {self.existing} already stored); "
            f"{outlets}; {span}; {self.entities} entities; {self.timeline} timeline entries; "
            f"{self.stories} stor{'ies' if self.stories != 1 else 'y'} ({self.duplicates} copies){unparsed}; "
            f"{len(self.failures)} failed; store {self.store}"
        )


def analyze(
    paths: Iterable[str],
    store: Store,
    *,
    max_page_bytes: int = MAX_PAGE_BYTES,
    aliases: AliasTable | None = None,
    progress: Progress | None = None,
    files: list[str] | None = None,
    quote_embedder: str = DEFAULT_EMBEDDER,
    outlets: OutletTable | None = None,
    path_failures: list[InputFailure] | None = None,
    release_models: bool = False,
    engine: MapEngine | None = None,
) -> RunSummary:
    """Analyze every page under ``paths`` into ``store``.

    ``files`` may pass the already expanded file list. ``progress`` hears of
    each stage, each step and each bad input as it happens; the run goes on.
    ``quote_embedder`` names the sentence embedder for quote matching ("none":
    lexical only, several times faster, misses translated paraphrases).
    ``outlets`` is the user's outlets file (source types), over the bundled list.
    Paths that yield no file (missing, empty, a pipe, a broken link) are failures of
    the run like bad pages (``path_failures`` passes those the caller found while
    expanding ``files`` itself); ``NoInputs`` only when no path yields a file.
    ``release_models`` drops the spaCy pipeline once parsing is done, so the corpus
    stages run without it (for a one-shot process such as the CLI's). ``engine`` runs the
    per-article map elsewhere (Ray workers, ``storyline.scale.engine``); the corpus
    reduces run here, and the result is the same.
    """
    progress = progress or _Silent()
    path_failures = list(path_failures or [])
    if files is None:
        files = expand_paths(paths, path_failures)
    summary = RunSummary(files=len(files), store=store.location)
    run_id = store.start_run([display_path(f) for f in files])
    table = outlets or outlet_table()
    seen_outlets = {outlet_key(name): name for name in store.outlet_names()}

    def fail(failure: InputFailure) -> None:
        summary.failures.append(failure)
        store.add_failure(run_id, failure)
        progress.failed(failure)

    for failure in path_failures:
        fail(failure)
    progress.start("clean", len(files))
    if engine is not None:
        # Shards are cleaned and stored by the workers; what each document did comes
        # back in input order, so the run reads the same as one in this process.
        version = nlp_stage_version(aliases)
        for done in engine.clean(
            files, max_page_bytes, table, dict(seen_outlets), aliases, version, progress
        ):
            _account(summary, done, fail)
        if engine.tally is not None:
            summary.parsed += engine.tally.parsed
            for failure in engine.tally.failed_analyses():
                fail(failure)
            _rename_outlets(store, summary, engine.tally.renames())
    else:
        # Clean pages are committed a group at a time: an interruption loses at most the
        # group being cleaned (never stored, so the next run cleans it again).
        with store.write_session(every=CLEAN_COMMIT_EVERY):
            for path in files:
                for item in read_file(path, max_page_bytes=max_page_bytes):
                    _account(summary, clean_one(item, store, table, seen_outlets), fail)
                progress.advance()
    # Quotes are embedded on the core spaCy leaves idle, until the matcher needs them.
    prefetch = _prefetcher(quote_embedder)
    try:
        summary.parsed += run_nlp_stage(store, aliases, progress, fail, prefetch, engine)
        if release_models:
            _release_nlp()
        summary.entities, summary.timeline = _reduce(store, aliases, progress)
        # Pages whose window the timeline just narrowed are re-read against it; what they
        # then report can narrow another page's window, so again until nothing changes (a
        # second run with nothing new must change nothing). The bound stops a cycle.
        for _ in range(MAX_WINDOW_PASSES):
            if not store.articles_needing("nlp", nlp_stage_version(aliases)):
                break
            summary.parsed += run_nlp_stage(store, aliases, progress, fail, prefetch, engine)
            if release_models:
                _release_nlp()
            summary.entities, summary.timeline = _reduce(store, aliases, progress)
    finally:
        if prefetch is not None:
            store.put_vectors(prefetch.embedder.name, prefetch.close())
    # Quotes are linked once, on the final entities: nothing above reads the links.
    progress.start("quote links", 1)
    link_quotes(store, quote_embedder)
    progress.advance()
    progress.start("stories", 1)
    stories = build_stories(store, outlets, fail, cached_embedder(store, quote_embedder))
    progress.advance()
    summary.stories, summary.duplicates = stories.stories, stories.duplicates
    store.finish_run(run_id, new=summary.new, existing=summary.existing)
    return summary


@dataclass(slots=True, kw_only=True)
class Cleaned:
    """What cleaning one document did (for the summary; a worker sends it back)."""

    article_id: str | None = None
    new: bool = False
    outlet: str | None = None  # as stored
    raw_outlet: str | None = None  # as the page gave it (before the outlets table)
    url: str | None = None
    published: str | None = None
    language: str | None = None
    failure: InputFailure | None = None
    rejected: bool = False  # the failure is the cleaner's (a page was read)
    parsed: bool = False  # analyzed by the worker that cleaned it
    parse_failure: InputFailure | None = None


def clean_one(
    item: RawDocument | InputFailure, store: Store, table: OutletTable, seen_outlets: dict[str, str]
) -> Cleaned:
    """Clean one document and store it (a copy of a stored one adds its source only)."""
    if isinstance(item, InputFailure):
        return Cleaned(failure=item)
    if store.has_article(item.id):
        store.add_source(item.id, item.source)
        meta = next(store.iter_article_meta([item.id]))
        return Cleaned(
            article_id=item.id, outlet=meta.outlet, published=meta.published, language=meta.language
        )
    try:
        article = clean_document(item)
    except RejectedPage as exc:
        return Cleaned(failure=InputFailure(source=exc.source, reason=exc.reason), rejected=True)
    except Exception as exc:  # one broken page must not stop a batch
        reason = f"internal error while cleaning ({type(exc).__name__}: {exc}); please report it"
        failure = InputFailure(source=item.source, reason=reason.replace("\n", " "))
        return Cleaned(failure=failure, rejected=True)
    raw = article.outlet
    article.outlet = table.canonical(article.outlet, article.url, seen_outlets)
    done = Cleaned(
        article_id=article.id,
        outlet=article.outlet,
        raw_outlet=raw,
        url=article.url,
        published=article.published,
        language=article.language,
    )
    if store.add_article(article):
        done.new = True
    else:
        # Another run stored it while this one was cleaning it: count it as found.
        store.add_source(article.id, article.source)
    return done


def _account(summary: RunSummary, done: Cleaned, fail: Callable[[InputFailure], None]) -> None:
    if done.rejected or done.failure is None:
        summary.documents += 1  # a page the reader gave (a file it could not read is none)
    if done.failure is not None:
        fail(done.failure)
        return
    if done.new:
        summary.new += 1
    else:
        summary.existing += 1
    _count(summary, done)


Position = tuple[int, int]  # (input file, document in it)


@dataclass(slots=True)
class Tally:
    """What the driver keeps of a distributed map, in whatever order shards finish: no
    record per document. Stored documents are counted as they come; failures are kept
    with their input position and given back in input order; of each outlet name (by
    its key) only the spellings workers stored and the first one in input order, which
    a one-process run would have given every page (workers saw only their shard's)."""

    table: OutletTable
    parsed: int = 0
    failures: list[tuple[Position, Cleaned]] = field(default_factory=list)
    parse_failures: list[tuple[Position, InputFailure]] = field(default_factory=list)
    first: dict[str, tuple[Position, str]] = field(default_factory=dict)
    spellings: dict[str, set[str]] = field(default_factory=dict)

    def add(self, position: Position, done: Cleaned) -> Cleaned | None:
        """Note one document; it back when it can be counted now (failures wait)."""
        self.parsed += done.parsed
        if done.parse_failure is not None:
            self.parse_failures.append((position, done.parse_failure))
        if done.failure is not None:
            self.failures.append((position, done))
            return None
        if done.new and done.outlet and self.table.match(done.raw_outlet, done.url) is None:
            key = outlet_key(done.outlet)
            self.spellings.setdefault(key, set()).add(done.outlet)
            if key not in self.first or position < self.first[key][0]:
                self.first[key] = (position, done.outlet)
        return done

    def failed(self) -> list[Cleaned]:
        return [done for _, done in sorted(self.failures, key=lambda pair: pair[0])]

    def failed_analyses(self) -> list[InputFailure]:
        return [f for _, f in sorted(self.parse_failures, key=lambda pair: pair[0])]

    def renames(self) -> dict[str, str]:
        """Each spelling a worker stored that is not its outlet's first: that first one."""
        return {
            spelling: self.first[key][1]
            for key, spellings in self.spellings.items()
            for spelling in sorted(spellings)
            if spelling != self.first[key][1]
        }


def _rename_outlets(store: Store, summary: RunSummary, renames: dict[str, str]) -> None:
    if renames:
        store.rename_outlets(renames)
    for old, new in renames.items():
        summary.outlets[new] = summary.outlets.get(new, 0) + summary.outlets.pop(old, 0)


class MapEngine(Protocol):
    """Runs the per-article map somewhere else (``storyline.scale.engine``): cleaning
    shards of the inputs and parsing batches of articles, each written by the worker."""

    tally: Tally | None  # what clean() kept of the documents, once it has run

    def clean(
        self,
        files: list[str],
        max_page_bytes: int,
        table: OutletTable,
        seen_outlets: dict[str, str],
        aliases: AliasTable | None,
        version: str,
        progress: Progress,
    ) -> Iterable[Cleaned]:
        """Clean and store the inputs, and analyze the new articles (``version``): what
        each document did, stored ones as they come, then the failures in input order."""

    def parse(
        self, ids: list[str], aliases: AliasTable | None, version: str, progress: Progress
    ) -> Iterable[InputFailure]:
        """Analyze these stored articles and store the results; the articles that failed."""


def _reduce(store: Store, aliases: AliasTable | None, progress: Progress) -> tuple[int, int]:
    progress.start("entities and timeline", 1)
    done = resolve_and_date(store, aliases)
    progress.advance()
    return done


def _release_nlp() -> None:
    from storyline.nlp import release_nlp

    release_nlp()


def run_nlp_stage(
    store: Store,
    aliases: AliasTable | None,
    progress: Progress | None = None,
    fail: Callable[[InputFailure], None] | None = None,
    prefetch: Prefetcher | None = None,
    engine: MapEngine | None = None,
) -> int:
    """Parse (once) and analyze every article that lacks this version's results.

    An article whose analysis raises is reported through ``fail`` in one line and
    stored with no language results for this version (so later runs do not stop on
    it again); the other articles and the corpus stages go on. A ``prefetch`` gets
    the quotes found, to embed them meanwhile; its finished vectors are stored.
    """
    from storyline.analyzer import ArticleAnalyzer

    progress = progress or _Silent()
    version = nlp_stage_version(aliases)
    todo = store.articles_needing("nlp", version)
    if not todo:
        return 0
    progress.start("language", len(todo))
    if engine is not None:
        # Workers write their batches; quotes are embedded later, when they are linked.
        for failure in engine.parse(todo, aliases, version, progress):
            (fail or progress.failed)(failure)
        return len(todo)
    analyzer = ArticleAnalyzer(aliases)
    for i in range(0, len(todo), PARSE_BATCH):
        ids = todo[i : i + PARSE_BATCH]
        found = store.get_articles(ids)
        batch = [found[aid] for aid in ids if aid in found]
        results = analyzer(batch)
        for article, result in zip(batch, results, strict=True):
            if result.failure:
                (fail or progress.failed)(InputFailure(source=article.source, reason=result.failure))
        # One transaction per batch: an interrupted run keeps every batch written before it.
        store.put_results(results, version)
        if prefetch is not None:
            _prefetch(store, prefetch, results)
        progress.advance(len(batch))
    return len(todo)


def _prefetcher(name: str) -> Prefetcher | None:
    from storyline.quotes.embed import EmbedderMissing, Prefetcher, get_embedder

    try:
        embedder = get_embedder(name)
    except EmbedderMissing:
        return None  # the matcher says so, where the embedder is needed
    return Prefetcher(embedder) if embedder is not None else None


def _prefetch(store: Store, prefetch: Prefetcher, results: list[ArticleResult]) -> None:
    """Queue the batch's quotes not yet embedded; store what the prefetcher finished."""
    from storyline.quotes.embed import text_key
    from storyline.quotes.match import prefetch_texts

    first, then = prefetch_texts(q for r in results for q in r.analysis.quotes)
    keys = {t: text_key(t) for t in first + then}
    known = store.get_vectors(prefetch.embedder.name, sorted(set(keys.values())))
    prefetch.submit(t for t in first if keys[t] not in known)
    prefetch.submit((t for t in then if keys[t] not in known), later=True)
    if done := prefetch.take():
        store.put_vectors(prefetch.embedder.name, done)


def check_corpus_order() -> None:
    """Raises ``StageOrderError`` when ``CORPUS_ORDER`` runs a stage before what it needs."""
    from storyline.analyzer import check_article_order
    from storyline.entities.resolve import resolve
    from storyline.framing.stance import frame_article
    from storyline.timeline import build_timeline

    del resolve, frame_article, build_timeline  # imported to register their stages
    check_order(CORPUS_ORDER, check_article_order() | {"article_meta"}, "corpus")


def run_corpus_stages(
    store: Store, aliases: AliasTable | None, quote_embedder: str = DEFAULT_EMBEDDER
) -> tuple[int, int]:
    """Entities, the timeline (and narrower windows for undated pages), then quote links:
    (entities, timeline entries). They read small stored records, never article text,
    so adding pages re-links the corpus without re-parsing anything."""
    entities, entries = resolve_and_date(store, aliases)
    link_quotes(store, quote_embedder)
    return entities, entries


def resolve_and_date(store: Store, aliases: AliasTable | None) -> tuple[int, int]:
    """Entities (redone where articles changed), then the timeline, then narrower windows
    for undated pages (whose language stages are marked to run again):
    (entities, timeline entries)."""
    from storyline.entities.incremental import resolve_store
    from storyline.timeline import rebuild_timeline

    check_corpus_order()

    resolve_store(store, aliases)
    # Its inputs (events, dates, entities) change only with an article's results.
    changed, token = store.changes_since(TIMELINE_STAGE)
    if changed == []:
        return store.count_entities(), store.count_timeline()
    year_hints = rebuild_timeline(store)
    narrowed: dict[str, Window | None] = {}
    for article in store.iter_article_meta([aid for aid, hints in year_hints.items() if hints]):
        if article.published:
            continue
        lo, hi = article.published_window or (None, None)
        # A page reports events that happened before it: the latest one bounds it below.
        bound = max(h[:10] for h in year_hints[article.id])
        if (lo is None or bound > lo) and (hi is None or bound <= hi):
            narrowed[article.id] = (bound, hi)
    # Relative dates in those pages were resolved against the old window: the map redoes them.
    store.set_windows(narrowed, "events", redo=["nlp"])
    store.mark_done(TIMELINE_STAGE, token)
    return store.count_entities(), store.count_timeline()


@stage("quote_links", kind="corpus", requires=["quotes", "mentions", "entities"], assigns=["quote_links"])
def link_quotes(store: Store, embedder_name: str = DEFAULT_EMBEDDER) -> int | None:
    """Speakers to entities, and each statement to its renderings in other articles,
    redone where changed articles reach (``storyline.quotes.links``): quotes redone, or
    None when nothing changed."""
    from storyline.quotes.embed import EMBEDDERS
    from storyline.quotes.links import link_store

    # The links depend on the embedder too, so each embedder has its own marks.
    stage_of = {name: f"quote_links:{name}:{CORPUS_STAGE_VERSION}.{LINKS_VERSION}" for name in EMBEDDERS}
    stage_name = stage_of.get(embedder_name, embedder_name)
    cached = cached_embedder(store, embedder_name)
    return link_store(store, cached, stage_name, [s for s in stage_of.values() if s != stage_name])


def cached_embedder(store: Store, name: str) -> Embedder | None:
    """The named embedder with its vectors kept in the store; None for "none"."""
    from storyline.quotes.embed import CachedEmbedder, get_embedder

    embedder = get_embedder(name)
    return CachedEmbedder(embedder, store) if embedder is not None else None


def _count(summary: RunSummary, article: Article | ArticleMeta | Cleaned) -> None:
    from storyline.analyzer import route

    if article.language and route(article.language) is None:
        summary.unparsed[article.language] = summary.unparsed.get(article.language, 0) + 1
    if article.outlet:
        summary.outlets[article.outlet] = summary.outlets.get(article.outlet, 0) + 1
    if article.published:
        if summary.first_date is None or article.published < summary.first_date:
            summary.first_date = article.published
        if summary.last_date is None or article.published > summary.last_date:
            summary.last_date = article.published
