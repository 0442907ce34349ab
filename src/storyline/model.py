"""Records shared by all stages.

Every record is a ``dataclass(slots=True, kw_only=True)``; offsets (``start``,
``end``) always index into ``Article.text``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

DocKind = Literal["text", "html"]
Precision = Literal["day", "month", "year"]
PublishedHow = Literal["page", "url", "byline", "inferred", "none"]
# A window is [from, to] as YYYY-MM-DD; either end may be None when only one bound is known.
Window = tuple[str | None, str | None]


def content_id(content: str) -> str:
    """Content-addressed id: the same page text always gets the same id."""
    normalised = " ".join(content.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True, kw_only=True)
class RawDocument:
    """One page as read from disk, before cleaning.

    ``source`` names where it came from, precise enough to find it again:
    a file path, plus ``#L12`` for a JSON line or ``#record-3`` for a WARC record.
    ``hints`` carries metadata the container already states (JSONL fields,
    WARC headers): keys ``title``, ``date``, ``outlet``, ``author``, ``language``.
    """

    source: str
    kind: DocKind
    content: str
    url: str | None = None
    container: str = "file"  # file | gzip | warc | jsonl
    encoding: str | None = None
    hints: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return content_id(self.content)


@dataclass(slots=True, kw_only=True)
class InputFailure:
    """An input that could not be read; ``reason`` says why in one line."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(slots=True, kw_only=True)
class RemovedLine:
    """A boilerplate line dropped from the page, and where it stood.

    ``at`` is the offset in the clean text where the line would have been.
    """

    text: str
    at: int
    reason: str


@dataclass(slots=True, kw_only=True)
class Extraction:
    """What a body extractor (text dump or HTML) found on one page."""

    text: str
    removed: list[RemovedLine] = field(default_factory=list)
    # Lines the extractor saw before the body (already in ``removed``), kept in
    # order so metadata rules can read headers, datelines and bylines.
    header: list[str] = field(default_factory=list)
    # Metadata an extractor read from markup (trafilatura: title, author,
    # date, sitename, url, description); absent keys mean "not found".
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class PageMeta:
    """Page metadata as inferred by ``clean.metadata``."""

    title: str | None = None
    outlet: str | None = None
    outlet_how: str | None = None  # site|agency|wire|url|hint
    author: str | None = None
    dateline: str | None = None
    language: str | None = None
    published: str | None = None
    published_precision: Precision | None = None
    published_how: PublishedHow = "none"
    published_window: Window | None = None
    window_how: str | None = None  # text (dated events it reports) | tenure | events (corpus)


@dataclass(slots=True, kw_only=True)
class Article:
    """A cleaned page: the unit every later stage reads."""

    id: str
    source: str
    text: str
    format: str = "text"  # text | html | warc | jsonl
    url: str | None = None
    outlet: str | None = None
    outlet_how: str | None = None
    title: str | None = None
    author: str | None = None
    dateline: str | None = None
    language: str | None = None
    published: str | None = None
    published_precision: Precision | None = None
    published_how: PublishedHow = "none"
    published_window: Window | None = None
    # text: bounded by dates the page itself states; events: by other pages dating an event it reports
    window_how: str | None = None
    # How the bytes were decoded; says so when some were replaced ("utf-8 (2 bytes replaced)").
    encoding: str | None = None
    removed: list[RemovedLine] = field(default_factory=list)
    story_id: str | None = None


@dataclass(slots=True, kw_only=True)
class ArticleMeta:
    """An article without its text or removed lines: what listings and corpus stages read."""

    id: str
    source: str
    format: str = "text"
    url: str | None = None
    outlet: str | None = None
    outlet_how: str | None = None
    title: str | None = None
    author: str | None = None
    dateline: str | None = None
    language: str | None = None
    published: str | None = None
    published_precision: Precision | None = None
    published_how: PublishedHow = "none"
    published_window: Window | None = None
    window_how: str | None = None
    encoding: str | None = None
    story_id: str | None = None
    chars: int = 0  # length of the clean text


# -- entities -------------------------------------------------------------

EntityType = str  # PERSON | ORG | GPE | LOC | NORP | EVENT | LAW | FAC | PRODUCT | WORK_OF_ART


@dataclass(slots=True, kw_only=True)
class Mention:
    """A name (or a surname, title or acronym standing for one) in one article.

    Mentions of one thing within an article share ``chain``; the corpus stage
    links chains across articles into entities.
    """

    article_id: str
    start: int
    end: int
    text: str
    label: EntityType
    kind: str = "name"  # name | surname | title | acronym | watch
    chain: int = -1
    # The name in its dictionary form when the text inflects it ("Токаева" -> "Токаев",
    # read in context): what resolution keys and names; None when it is ``text``.
    norm: str | None = None


@dataclass(slots=True, kw_only=True)
class Role:
    """A role or title a person holds, as one article states it."""

    article_id: str
    chain: int  # the person's chain in that article
    person: str  # the person's name as written next to the role
    title: str
    start: int  # offsets of ``title`` in the article text
    end: int
    how: str  # apposition | title-before | dash | leader-of | deputy-of | ...


@dataclass(slots=True, kw_only=True)
class ArticleEntities:
    """What the per-article entity stage adds to one article."""

    article_id: str
    mentions: list[Mention] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class EntityRole:
    title: str
    article_id: str
    start: int
    end: int


@dataclass(slots=True, kw_only=True)
class Entity:
    """One real-world thing across the corpus, with every name it goes by."""

    id: str
    type: EntityType
    name: str  # canonical: the most complete common form
    aliases: list[str] = field(default_factory=list)
    roles: list[EntityRole] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    mentions: int = 0
    # (article_id, chain) pairs that make up the entity
    members: list[tuple[str, int]] = field(default_factory=list)


# -- time -----------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class TimeExpr:
    """A time expression in one article, normalised TimeML-style.

    ``value`` follows TIMEX3: 2022-06-05, 2022-06, 2022-W24, 2022, 2022-Q1,
    PRESENT_REF, PAST_REF, FUTURE_REF, P2Y, XXXX-06-05 when no year can be known.
    """

    article_id: str
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str
    anchored: str = "none"  # published | window | none: what relative values were resolved against


# -- quotes ---------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Quote:
    """A statement attributed to someone in one article.

    ``start``/``end`` cover the quoted words (without the quote marks for a
    direct quote; the reported clause for an indirect one); the cue and the
    speaker have their own offsets so every part points back into the text.
    """

    article_id: str
    kind: str  # direct | indirect | phrase (a short scare-quoted phrase, kept for framing)
    text: str
    start: int
    end: int
    cue: str | None = None  # "said", "added", "according to", "-" for dash speech
    cue_start: int | None = None
    cue_end: int | None = None
    speaker: str | None = None  # as written ("she", "Zeya", "the senior American official")
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_resolved: str | None = None  # the name a pronoun or title stands for, from the same article
    channel: str | None = None  # who relays it: "the Kazakh Foreign Ministry quotes ..."
    channel_start: int | None = None
    channel_end: int | None = None


@dataclass(slots=True, kw_only=True)
class Change:
    """One word-level edit between two renderings of a statement."""

    op: str  # add | remove | replace
    old: str  # words of the first version ("" for add)
    new: str  # words of the other version ("" for remove)


@dataclass(slots=True, kw_only=True)
class QuoteMatch:
    """Another article's rendering of the same statement."""

    quote_id: str
    similarity: float  # 0..1
    changes: list[Change] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Event:
    """A clause that says something happened (or will happen) at a stated time."""

    article_id: str
    start: int  # the clause (or sentence) in the article text
    end: int
    text: str
    time_start: int  # the time expression it is dated by
    time_end: int
    value: str  # that expression's TimeML value (XXXX-06-05 when the year is unknown)
    tense: str | None = None  # past | future | None
    participants: list[int] = field(default_factory=list)  # in-article entity chains inside the clause


@dataclass(slots=True, kw_only=True)
class Evidence:
    article_id: str
    start: int
    end: int


@dataclass(slots=True, kw_only=True)
class TimelineEntry:
    """One event of the corpus timeline, merged across the articles that report it."""

    id: str
    date: str  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str  # day | month | year
    text: str
    article_ids: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    entity_ids: list[str] = field(default_factory=list)
    # Other dates some outlets give for what looks like the same event: kept, not merged.
    conflicts: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class WordTag:
    """A word whose part of speech framing weighs: ``text[start:end]`` is the word
    (hyphenated compounds whole), ``pos`` the universal tag of its head (its last part)."""

    start: int
    end: int
    pos: str  # ADJ | ADV | VERB | NOUN


@dataclass(slots=True, kw_only=True)
class Analysis:
    """Everything the language stages add to one article from its single parse."""

    article_id: str
    entities: ArticleEntities
    times: list[TimeExpr] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    # Candidate words of framing's marked-word and common-noun rules, with their POS.
    word_tags: list[WordTag] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class ArticleResult:
    """What the per-article map adds to one article; ``failure`` says what it lacks and why
    (else None); ``skipped`` names the analyses its language does not get."""

    article_id: str
    analysis: Analysis
    features: StoryFeatures
    failure: str | None = None
    # Analyses not run, and why ("language kk is not parsed: ..."): a skip, not a failure.
    skipped: str | None = None


# -- stories --------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class StoryFeatures:
    """Term counts, dates and a MinHash signature of one article."""

    article_id: str
    published: str | None = None  # YYYY-MM-DD when the page states it
    event_date: str | None = None  # the lead event's day, when the text states one (XXXX-MM-DD: year unknown)
    words: dict[str, int] = field(default_factory=dict)
    names: dict[str, int] = field(default_factory=dict)
    signature: bytes = b""

    @property
    def date(self) -> str | None:
        """The best single date for ordering: publication, else the lead event (with its year)."""
        return feature_date(self.published, self.event_date)


def feature_date(published: str | None, event_date: str | None) -> str | None:
    """``StoryFeatures.date`` from its two fields (the store reads them without the terms)."""
    if published:
        return published
    return event_date if event_date and event_date[0].isdigit() else None


@dataclass(slots=True, kw_only=True)
class Topic:
    """Stories about one subject; ``centroid`` holds its heaviest terms."""

    id: str
    members: list[str] = field(default_factory=list)  # article ids
    centroid: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Citation:
    """A sentence of a summary and the article characters it is taken from."""

    text: str
    article_id: str
    start: int
    end: int
    support: list[str] = field(default_factory=list)  # other articles reporting the same claim


@dataclass(slots=True, kw_only=True)
class Duplicate:
    """``article_id`` is a copy of ``of`` (the earliest page of its group)."""

    article_id: str
    of: str
    similarity: float


@dataclass(slots=True, kw_only=True)
class FramingItem:
    """One piece of framing evidence; offsets index the text of ``article_id``."""

    kind: str  # scare_quote | hedge | distancing | loaded | marked | voice | omission
    text: str
    start: int
    end: int
    article_id: str
    polarity: float = 0.0
    note: str = ""
    voice: str = "outlet"  # outlet: the outlet's own language; quoted: a voice it quotes
    part: str = "text"  # what start/end index: the article's clean text, or its title
    # False: the outlet's language shown, not counted in the stance (not about the
    # target, or a marked word, which leans nowhere)
    counted: bool = True


@dataclass(slots=True, kw_only=True)
class ActorFraming:
    """How one article positions one of its main actors (an entity), and why."""

    entity_id: str
    stance: str  # supportive | critical | skeptical | mixed | neutral
    score: float = 0.0
    evidence: list[FramingItem] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class ArticleFraming:
    """How one article frames its story, and what kind of source it is."""

    article_id: str
    story_id: str
    stance: str  # supportive | critical | skeptical | mixed | neutral
    target: str
    score: float = 0.0
    evidence: list[FramingItem] = field(default_factory=list)
    source_type: str = "unknown"  # state | government | wire | independent | unknown
    source_how: str = "no signal"
    source_evidence: FramingItem | None = None
    actors: list[ActorFraming] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Story:
    """Articles reporting one event, with what they share and where they differ.

    ``coverage`` is the claim matrix: rows ``{"id", "text", "spans": {article_id:
    [start, end]}}``, plus ``only``/``omits`` (article id -> claim ids).
    """

    id: str
    topic_id: str
    title: str = ""
    article_ids: list[str] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None
    summary: list[Citation] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    stance: str = "neutral"
    stance_evidence: list[FramingItem] = field(default_factory=list)
    coverage: dict[str, object] = field(default_factory=dict)
