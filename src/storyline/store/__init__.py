"""Storage behind one small interface, with a factory keyed on the location's scheme.

SQLite (embedded, the default) ships with the package; server backends are
extras whose imports are guarded so a missing driver gives a clear message.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from types import TracebackType

from storyline.errors import StoreError
from storyline.model import (
    Analysis,
    Article,
    ArticleEntities,
    ArticleFraming,
    ArticleMeta,
    ArticleResult,
    Duplicate,
    Entity,
    Event,
    InputFailure,
    Quote,
    QuoteMatch,
    Story,
    StoryFeatures,
    TimeExpr,
    TimelineEntry,
    Topic,
    Window,
    WordTag,
)


@dataclass(slots=True, kw_only=True)
class RunRecord:
    """One `analyze` run as kept in the store."""

    id: int
    started: str
    finished: str | None = None
    inputs: list[str] = field(default_factory=list)
    new: int = 0
    existing: int = 0
    failures: list[InputFailure] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class QuoteLinks:
    """What the corpus stage adds to a quote: its speaker's entity and other renderings."""

    speaker_entity_id: str | None = None
    matches: list[QuoteMatch] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class QuoteIndexRow:
    """What the quote linker keeps of a quote between runs (see ``storyline.quotes.links``)."""

    quote_id: str
    article_id: str
    start: int
    matchable: bool
    speaker: str | None = None  # the speaker entity when a person: the block it is matched in
    stems: list[str] = field(default_factory=list)  # content stems, sorted (read on request)
    size: int = 0  # how many content stems
    strong: list[str] = field(default_factory=list)  # partners matched at full strength


@dataclass(slots=True, kw_only=True)
class EntityHead:
    """An entity's name and counts, without its members: what lists and links show."""

    id: str
    type: str
    name: str
    mentions: int
    articles: int


@dataclass(slots=True, kw_only=True)
class StoryHead:
    """A story without its summary, coverage or evidence: what lists show."""

    id: str
    topic_id: str
    title: str
    article_ids: list[str]
    first_date: str | None
    last_date: str | None
    stance: str


@dataclass(slots=True, kw_only=True)
class SearchHit:
    """One article found by full-text search; ``snippet`` marks matched words with HIT_OPEN/HIT_CLOSE."""

    article_id: str
    snippet: str
    rank: float


# Private-use characters: they never reach a page unescaped, and clean text does not contain them.
HIT_OPEN, HIT_CLOSE = "\ue000", "\ue001"


def quote_id(article_id: str, seq: int) -> str:
    """Quote ids name their article, so they stay stable as the corpus grows."""
    return f"{article_id}-q{seq}"


def parse_quote_id(qid: str) -> tuple[str, int] | None:
    """(article id or prefix, sequence number) of ``ARTICLE-qN``; None when it is not one."""
    article_part, sep, seq = qid.strip().lower().rpartition("-q")
    if not sep or not article_part or not seq.isdigit():
        return None
    return article_part, int(seq)


def quote_article(qid: str) -> str:
    """The id of the article a quote id names."""
    return qid.rpartition("-q")[0]


class Store(ABC):
    """What every stage may ask of storage. Writes are atomic per call."""

    location: str

    @abstractmethod
    def write_session(self, every: int = 100) -> AbstractContextManager[None]:
        """Group writes: inside it, each write is still all-or-nothing, and they are committed
        every ``every`` writes and at the end. An interruption loses only the writes since the
        last commit (never stored; a rerun redoes them); everything committed stays."""

    @abstractmethod
    def has_article(self, article_id: str) -> bool:
        """True when an article with this exact id is stored."""

    @abstractmethod
    def add_article(self, article: Article) -> bool:
        """Store an article and commit; False (and nothing changed) if its id is already stored."""

    @abstractmethod
    def add_source(self, article_id: str, source: str) -> None:
        """Record one more place the same content was found (provenance of copies)."""

    @abstractmethod
    def sources(self, article_id: str) -> list[str]:
        """Every place the article's content was found, first one first."""

    @abstractmethod
    def get_article(self, ref: str) -> Article:
        """The article with this id or unique id prefix; raises NoSuchArticle."""

    @abstractmethod
    def iter_article_meta(self, ids: Iterable[str] | None = None) -> Iterator[ArticleMeta]:
        """Articles without text: all in listing order, or those of ``ids`` that exist in the order given."""

    @abstractmethod
    def get_articles(self, ids: Iterable[str]) -> dict[str, Article]:
        """The articles of ``ids`` that exist, with text and removed lines, read in bulk."""

    @abstractmethod
    def article_leads(self, ids: Iterable[str], chars: int) -> dict[str, tuple[str | None, str]]:
        """(title, the text's first ``chars`` characters) of the articles of ``ids`` that exist:
        what a lead is made of, without reading whole texts."""

    @abstractmethod
    def iter_articles(self) -> Iterator[Article]:
        """All articles, oldest publication first (undated last), then by id; read a page at a time."""

    @abstractmethod
    def count_articles(self) -> int: ...

    @abstractmethod
    def articles_published_between(self, first: str, last: str, limit: int) -> list[str]:
        """Ids of up to ``limit`` articles published on the days ``first`` to ``last``
        (ISO days, both included), the latest first."""

    @abstractmethod
    def article_id_pages(self, size: int) -> Iterator[list[str]]:
        """Every article id in id order, ``size`` at a time, each page asked after the last
        (no id list of the corpus is held; writes between pages are safe)."""

    @abstractmethod
    def outlet_names(self) -> list[str]:
        """Every outlet name stored, once each."""

    @abstractmethod
    def rename_outlets(self, renames: Mapping[str, str]) -> None:
        """Give every article stored under one of these outlet names its new name, at once."""

    @abstractmethod
    def start_run(self, inputs: list[str]) -> int:
        """Open a run record and return its id."""

    @abstractmethod
    def add_failure(self, run_id: int, failure: InputFailure) -> None: ...

    @abstractmethod
    def finish_run(self, run_id: int, *, new: int, existing: int) -> None: ...

    @abstractmethod
    def last_run(self) -> RunRecord | None: ...

    # -- per-article stage results --------------------------------------

    @abstractmethod
    def articles_needing(self, stage: str, version: str) -> list[str]:
        """Ids of articles the stage has not run on with this version (in store order)."""

    @abstractmethod
    def put_analysis(self, analysis: Analysis, version: str) -> None:
        """Replace what the language stages found in one article and mark them done, atomically."""

    @abstractmethod
    def put_results(self, results: list[ArticleResult], version: str) -> None:
        """Store a batch of the per-article map's results (analyses and story features) at once."""

    @abstractmethod
    def iter_times(self, article_ids: Iterable[str] | None = None) -> Iterator[TimeExpr]:
        """Time expressions of every article (or of ``article_ids``), by article then position."""

    @abstractmethod
    def iter_events(self, article_ids: Iterable[str] | None = None) -> Iterator[Event]:
        """Dated events of every article (or of ``article_ids``), by article then position."""

    @abstractmethod
    def iter_quotes(self, ids: Iterable[str] | None = None) -> Iterator[tuple[str, Quote]]:
        """(quote id, quote) for every quote (or those of ``ids``), by article then position."""

    @abstractmethod
    def find_quotes(self, article_prefix: str, seq: int) -> list[tuple[str, Quote]]:
        """Quotes number ``seq`` of the articles whose id starts with ``article_prefix``."""

    @abstractmethod
    def replace_quote_links(self, links: Mapping[str, QuoteLinks] | Iterable[tuple[str, QuoteLinks]]) -> None:
        """Swap in freshly computed quote links (a mapping, or pairs read once), atomically."""

    @abstractmethod
    def quote_links(self, ids: Iterable[str] | None = None) -> dict[str, QuoteLinks]:
        """Speaker entity and matches of every linked quote (or of those of ``ids``)."""

    @abstractmethod
    def get_vectors(self, model: str, keys: list[str]) -> dict[str, bytes]:
        """Stored float32 vectors for the keys that have one."""

    @abstractmethod
    def put_vectors(self, model: str, vectors: dict[str, bytes]) -> None: ...

    @abstractmethod
    def set_windows(
        self, windows: dict[str, Window | None], how: str | None = "events", redo: Iterable[str] = ()
    ) -> None:
        """Set undated articles' publication windows (``how``: what bounds them) at once, and
        mark the per-article stages ``redo`` as not yet run on them."""

    @abstractmethod
    def iter_article_entities(self, ids: Iterable[str] | None = None) -> Iterator[ArticleEntities]:
        """Every article's mentions and roles (small records: no article text)."""

    # -- corpus stage results ---------------------------------------------

    @abstractmethod
    def changes_since(self, stage: str, feed: str = "results") -> tuple[list[str] | None, int]:
        """Articles changed in ``feed`` since ``stage`` last called ``mark_done`` on it (None
        when it never has: redo everything), and the token to mark. Feeds: "results" (an
        article's language results were written), "entities" (its entity links changed)."""

    @abstractmethod
    def mark_done(self, stage: str, token: int, feed: str = "results") -> None:
        """Record that ``stage`` has taken in every change of ``feed`` up to ``token``."""

    @abstractmethod
    def forget_stage(self, stage: str) -> None:
        """Drop ``stage``'s marks on every feed: its next run redoes everything."""

    @abstractmethod
    def note_entity_changes(self, article_ids: Iterable[str] | None) -> None:
        """Add articles to the "entities" feed; None: every article (each reader's mark is
        dropped, so it redoes everything)."""

    @abstractmethod
    def quote_index(
        self,
        *,
        article_ids: Iterable[str] | None = None,
        quote_ids: Iterable[str] | None = None,
        stems: bool = False,
        max_size: int | None = None,
    ) -> dict[str, QuoteIndexRow]:
        """The quote linker's rows of these articles' (or these) quotes; ``stems`` reads them
        too; ``max_size``: only the rows of at most that many stems."""

    @abstractmethod
    def quote_term_postings(self, stems: Iterable[str], max_df: int) -> dict[str, list[str]]:
        """Stem -> the matchable quotes holding it, for the stems held by at most ``max_df``."""

    @abstractmethod
    def quote_term_counts(self, stems: Iterable[str], limit: int | None = None) -> dict[str, int]:
        """Stem -> how many matchable quotes hold it (absent: none), counted up to ``limit``
        (a stem held by more counts as ``limit``: a common stem's postings are not scanned)."""

    @abstractmethod
    def quote_blocks(self, speakers: Iterable[str], max_size: int) -> dict[str, list[str]]:
        """Speaker entity -> its matchable quotes, for blocks of at most ``max_size`` (larger
        ones are absent: ``quote_block_sizes`` says how large)."""

    @abstractmethod
    def quote_block_sizes(self, speakers: Iterable[str], limit: int | None = None) -> dict[str, int]:
        """Speaker entity -> how many matchable quotes it is the block of, counted up to ``limit``."""

    @abstractmethod
    def replace_quote_index(
        self, rows: Iterable[QuoteIndexRow], articles: Iterable[str] | None, *, terms: bool = True
    ) -> None:
        """Delete the index rows of ``articles`` (None: every row), then write ``rows``;
        ``terms=False`` leaves out their stems (``add_quote_terms`` writes them later)."""

    @abstractmethod
    def add_quote_terms(self, terms: Iterable[tuple[str, str]]) -> None:
        """Write (stem, quote id) rows of the quote index, best sorted so: a bulk load then
        appends, where rows in any order would touch every page of the index."""

    @abstractmethod
    def update_quote_links(
        self, links: Mapping[str, QuoteLinks], strong: Mapping[str, list[str]], remove: Iterable[str]
    ) -> None:
        """Write these quotes' links and strong partners, and delete the links and index
        rows of ``remove`` (quotes gone from their articles)."""

    @abstractmethod
    def replace_entities(
        self, entities: list[Entity], keys: Mapping[str, Iterable[int]] | None = None
    ) -> None:
        """Swap in a freshly resolved entity table (and each entity's lookup keys), atomically."""

    @abstractmethod
    def update_entities(
        self, remove: Iterable[str], entities: list[Entity], keys: Mapping[str, Iterable[int]]
    ) -> None:
        """Drop the entities ``remove`` and add ``entities`` with their keys, atomically."""

    @abstractmethod
    def entities_by_key(self, keys: Iterable[int]) -> dict[int, set[str]]:
        """The entities filed under each of these keys (keys nobody holds left out)."""

    @abstractmethod
    def entity_keys(self, ids: Iterable[str]) -> dict[str, list[int]]:
        """Each of these entities' keys."""

    @abstractmethod
    def iter_entities(self, ids: Iterable[str] | None = None) -> Iterator[Entity]:
        """Entities (all, or those of ``ids``), most-mentioned first."""

    @abstractmethod
    def entity_heads(self, ids: Iterable[str] | None = None, limit: int | None = None) -> list[EntityHead]:
        """Entities' names and counts (all, or those of ``ids``; the first ``limit``),
        most-mentioned first, then by name."""

    @abstractmethod
    def entity_aliases(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """Each of these entities' other names."""

    @abstractmethod
    def count_entities(self) -> int:
        """How many entities the store holds."""

    @abstractmethod
    def count_timeline(self) -> int:
        """How many timeline entries the store holds."""

    @abstractmethod
    def timeline_of(self, article_ids: Iterable[str]) -> list[TimelineEntry]:
        """The timeline entries any of these articles reports, in timeline order."""

    @abstractmethod
    def entity_members(self, article_ids: Iterable[str]) -> dict[tuple[str, int], str]:
        """The entity of each (article, chain) of these articles."""

    @abstractmethod
    def quotes_by_speaker(self, entity_id: str) -> list[str]:
        """Ids of the quotes whose speaker is this entity, by article then position."""

    @abstractmethod
    def replace_timeline(self, entries: Iterable[TimelineEntry]) -> None:
        """Swap in a freshly merged timeline, atomically."""

    @abstractmethod
    def timeline_page(
        self,
        *,
        first: str | None = None,
        last: str | None = None,
        entity_id: str | None = None,
        outlet: str | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> tuple[list[TimelineEntry], int]:
        """One page of the timeline in order (entries covering a day in [first, last],
        ISO days, naming the entity, reported by the outlet: "" for articles naming
        none), and how many match."""

    @abstractmethod
    def iter_timeline(self) -> Iterator[TimelineEntry]:
        """Timeline entries by date."""

    # -- stories --------------------------------------------------------

    @abstractmethod
    def get_sentences(self, article_id: str) -> list[tuple[int, int]]:
        """Sentence spans of one article, from its parse."""

    @abstractmethod
    def get_word_tags(self, article_id: str) -> list[WordTag]:
        """The words of one article framing reads by part of speech (``Analysis.word_tags``)."""

    @abstractmethod
    def story_features(self, ids: Iterable[str] | None = None) -> dict[str, StoryFeatures]:
        """What clustering read of every article it has seen (or of ``ids``), by article id."""

    @abstractmethod
    def story_dates(self, ids: Iterable[str]) -> dict[str, str | None]:
        """The ordering date (``StoryFeatures.date``) of these articles' story features, by
        article id, without their terms: placing sorts a corpus by it."""

    @abstractmethod
    def story_signatures(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The MinHash signatures of these articles' story features (for finding copies)."""

    @abstractmethod
    def articles_without_bands(self) -> list[str]:
        """Originals (in a story, not a copy, with a signature) whose LSH bands are not stored."""

    @abstractmethod
    def put_story_bands(self, rows: Iterable[tuple[int, int, str]]) -> None:
        """Store (band, key, article id) rows."""

    @abstractmethod
    def story_band_articles(self, keys: Iterable[tuple[int, int]]) -> dict[str, bytes]:
        """Originals holding any of these (band, key) pairs, with their signatures."""

    @abstractmethod
    def articles_without_features(self) -> list[str]:
        """Ids of the articles that have no story features yet, in the order they were added."""

    @abstractmethod
    def articles_without_story(self) -> list[str]:
        """Ids of the articles in no story yet, in listing order."""

    @abstractmethod
    def iter_story_members(self) -> Iterator[tuple[str, str, list[str]]]:
        """(story id, topic id, article ids) of every story, in ``iter_stories`` order (no texts)."""

    @abstractmethod
    def quotes_of(self, article_ids: Iterable[str]) -> Iterator[tuple[str, Quote]]:
        """(quote id, quote) of the quotes of these articles, by article then position."""

    @abstractmethod
    def put_story_features(self, features: list[StoryFeatures]) -> None: ...

    @abstractmethod
    def iter_topics(self) -> Iterator[Topic]:
        """Every topic by id, read a page at a time."""

    def topics(self) -> list[Topic]:
        return list(self.iter_topics())

    @abstractmethod
    def topic_count(self) -> int: ...

    @abstractmethod
    def duplicates(self, article_ids: Iterable[str] | None = None) -> list[Duplicate]:
        """Every copy (or those among ``article_ids``), by original then copy."""

    @abstractmethod
    def story_members(
        self, story_ids: Iterable[str] = (), topic_ids: Iterable[str] = ()
    ) -> dict[str, tuple[str, list[str]]]:
        """Story id -> (topic id, article ids) of these stories and of the stories of these topics."""

    @abstractmethod
    def stories_of_articles(self, article_ids: Iterable[str]) -> dict[str, str]:
        """Article id -> story id, for those of ``article_ids`` in a story."""

    @abstractmethod
    def story_count(self) -> int: ...

    @abstractmethod
    def iter_stories(self) -> Iterator[Story]:
        """All stories, newest last event first."""

    @abstractmethod
    def story_heads(self) -> list[StoryHead]:
        """Every story's title, members, dates and stance, in ``iter_stories`` order."""

    @abstractmethod
    def get_story(self, ref: str) -> Story:
        """The story with this id or unique id prefix; raises NoSuchStory."""

    @abstractmethod
    def iter_framing(
        self, story_id: str | None = None, article_ids: Iterable[str] | None = None
    ) -> Iterator[ArticleFraming]:
        """Framing and source type per article (of one story, of some articles, or all)."""

    @abstractmethod
    def framing_heads(self) -> dict[str, tuple[str, str]]:
        """(source type, stance) of every framed article."""

    @abstractmethod
    def save_stories(
        self,
        topics: list[Topic],
        stories: list[Story],
        duplicates: list[Duplicate],
        framing: list[ArticleFraming],
    ) -> None:
        """Replace these topics, stories and their articles' framing, add the copies: one transaction."""

    # -- search ---------------------------------------------------------

    @abstractmethod
    def search(self, query: str, limit: int = 200) -> list[SearchHit]:
        """Articles matching every word (or "quoted phrase") of ``query``, best first; raises BadQuery."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


BACKENDS = ("sqlite", "postgresql")


def stored_results(store: Store, page: int = 500) -> Iterator[ArticleResult]:
    """The per-article map's results as ``store`` holds them, article by article (read a
    page of articles at a time): to copy a store, or to rebuild one from another."""
    ids = [a.id for a in store.iter_article_meta()]
    for start in range(0, len(ids), page):
        chunk = ids[start : start + page]
        ents = {e.article_id: e for e in store.iter_article_entities(chunk)}
        times: dict[str, list[TimeExpr]] = {aid: [] for aid in chunk}
        for t in store.iter_times(chunk):
            times[t.article_id].append(t)
        quotes: dict[str, list[Quote]] = {aid: [] for aid in chunk}
        for _, q in store.quotes_of(chunk):
            quotes[q.article_id].append(q)
        events: dict[str, list[Event]] = {aid: [] for aid in chunk}
        for e in store.iter_events(chunk):
            events[e.article_id].append(e)
        features = store.story_features(chunk)
        for aid in chunk:
            analysis = Analysis(
                article_id=aid,
                entities=ents.get(aid, ArticleEntities(article_id=aid)),
                times=times[aid],
                events=events[aid],
                quotes=quotes[aid],
                sentences=store.get_sentences(aid),
                word_tags=store.get_word_tags(aid),
            )
            found = features.get(aid) or StoryFeatures(article_id=aid)
            yield ArticleResult(article_id=aid, analysis=analysis, features=found)


def redact(location: str) -> str:
    """The location as it may be shown: a database URL without its password."""
    from urllib.parse import urlsplit, urlunsplit

    if "://" not in location:
        return location
    parts = urlsplit(location)
    if parts.password is None:
        return location
    netloc = f"{parts.username}@{parts.hostname or ''}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def open_store(location: str, *, read_only: bool = False) -> Store:
    """Open (creating if needed) the store at ``location``; ``read_only`` refuses every write.

    A plain path or ``sqlite://PATH`` (``sqlite:///abs/path``) opens SQLite;
    ``postgresql://USER@HOST:PORT/DB`` a PostgreSQL database (the ``scale`` extra).
    An unknown scheme lists the valid choices.
    """
    scheme, sep, rest = location.partition("://")
    if not sep:
        scheme, rest = "sqlite", location
    if scheme == "sqlite":
        from storyline.store.sqlite import SQLiteStore

        return SQLiteStore(rest, read_only=read_only)
    if scheme in ("postgresql", "postgres"):
        from storyline.store.postgres import PostgresStore

        return PostgresStore(location, read_only=read_only)
    raise StoreError(
        f"unknown store {location!r}: give a file path, sqlite:///path or postgresql://USER@HOST/DB "
        f"(backends available: {', '.join(BACKENDS)})"
    )
