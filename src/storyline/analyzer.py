"""The per-article map: everything that needs one article's text, from one parse.

``ArticleAnalyzer`` loads the language pipeline and its settings once (in its
constructor) and turns a batch of clean articles into results: entities and
roles, times, events, quotes, sentences and story features. It never reads or
writes a store, so a local run and a distributed one call the same class; the
caller writes what it returns.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.model import Analysis, Article, ArticleEntities, ArticleResult, StoryFeatures, TimeExpr
from storyline.stages import check_order, stage
from storyline.stories.features import article_features

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from storyline.entities.aliases import AliasTable

# Bump when a language stage's output changes, so stored articles are redone.
NLP_STAGE_VERSION = "7"  # 5: word tags for framing; 6: Russian pages parsed by natasha, other languages not parsed; 7: an unparsed page dated by its publication day, Kazakh words not read as Russian


@dataclass(slots=True, kw_only=True, frozen=True)
class _Parser:
    many: Callable[[list[str]], Iterable[Doc]]
    missing: tuple[str, ...] = ()  # analyses this language does not get yet


def _english(texts: list[str]) -> Iterable[Doc]:
    from storyline.nlp import parse_many

    return parse_many(texts)


def _russian(texts: list[str]) -> Iterable[Doc]:
    from storyline.nlp_ru import parse_many_ru

    return parse_many_ru(texts)


# Languages parsed, by ISO 639-1 code; pages in any other are stored unparsed (``route``).
PARSERS = {"en": _Parser(many=_english), "ru": _Parser(many=_russian)}
# What a page in a language with no parser does without.
LANGUAGE_STAGES = ("entities", "times", "events", "quotes", "sentences")
# The map: per-article stages in the order ``analyze_article`` runs them.
ARTICLE_ORDER = ("parse", "entities", "times", "events", "quotes", "sentences", "word_tags", "story_features")


class ArticleAnalyzer:
    """Analyse batches of articles: ``ArticleAnalyzer(aliases)(articles) -> results``.

    Needs: an article's clean text and metadata. Adds: sentences, mentions, roles,
    times, events, quotes (``Analysis``) and story features. Each page is parsed by
    its language's pipeline (``route``: English, Russian); a page in another language
    is not parsed and its result says what was ``skipped``. A page whose analysis
    raises gets an empty result with ``failure`` set; the batch goes on.
    """

    needs = frozenset({"article"})

    def __init__(self, aliases: AliasTable | None = None) -> None:
        from storyline.nlp import get_nlp

        get_nlp()  # loaded here, once per process or worker, never shipped with a batch
        self.adds = frozenset(check_article_order())
        self.watch = list(aliases.watch) if aliases else None
        self.version = nlp_stage_version(aliases)

    def __call__(self, articles: Iterable[Article]) -> list[ArticleResult]:
        batch = list(articles)
        docs: list[Doc | BaseException | None] = [None] * len(batch)
        # Each language's pages parsed together by its own pipeline; others not at all.
        for language in PARSERS:
            picked = [k for k, a in enumerate(batch) if route(a.language) == language]
            if picked:
                for k, doc in zip(picked, _parse_all(language, [batch[k].text for k in picked]), strict=True):
                    docs[k] = doc
        return [self._one(article, doc) for article, doc in zip(batch, docs, strict=True)]

    def _one(self, article: Article, doc: Doc | BaseException | None) -> ArticleResult:
        if doc is None:
            return _not_parsed(article)
        try:
            if isinstance(doc, BaseException):
                raise doc
            analysis = analyze_article(article, doc, self.watch)
        except Exception as exc:  # one broken page must not stop a batch
            reason = (
                f"language analysis failed ({type(exc).__name__}: {exc}); "
                "kept without entities, times or quotes, please report it"
            )
            empty = Analysis(article_id=article.id, entities=ArticleEntities(article_id=article.id))
            return ArticleResult(
                article_id=article.id,
                analysis=empty,
                features=_dated_only(article),
                failure=" ".join(reason.split()),
            )
        try:
            features = article_features(article, analysis.times)
        except Exception as exc:
            reason = f"story features failed ({type(exc).__name__}: {exc}); placed on its dates alone, please report it"
            return ArticleResult(
                article_id=article.id,
                analysis=analysis,
                features=_dated_only(article),
                failure=" ".join(reason.split()),
            )
        return ArticleResult(
            article_id=article.id, analysis=analysis, features=features, skipped=_skipped(article)
        )


def check_article_order() -> set[str]:
    """What the map produces; raises ``StageOrderError`` when ``ARTICLE_ORDER`` breaks a declaration."""
    import storyline.entities.mentions
    import storyline.framing.evidence
    import storyline.nlp
    import storyline.quotes.extract
    import storyline.temporal.events
    import storyline.temporal.times  # noqa: F401  (registers the stages)

    return check_order(ARTICLE_ORDER, {"article"}, "article")


@stage("sentences", requires=["doc"], assigns=["sentences"])
def sentence_spans(text: str, doc: Doc) -> list[tuple[int, int]]:
    """Sentence spans of the parse that hold more than white space."""
    return [(s.start_char, s.end_char) for s in doc.sents if text[s.start_char : s.end_char].strip()]


def _dated_only(article: Article) -> StoryFeatures:
    published = article.published if article.published_precision == "day" else None
    return StoryFeatures(article_id=article.id, published=published)


def route(language: str | None) -> str | None:
    """The parser a page in ``language`` gets: English for English and for pages whose
    language is unknown (as before languages were told apart), Russian for Russian,
    none for any other (never the wrong language's model)."""
    if language is None or language == "en":
        return "en"
    return language if language in PARSERS else None


def _parse_all(language: str, texts: list[str]) -> list[Doc | BaseException]:
    try:
        return list(PARSERS[language].many(texts))
    except Exception:
        # One page broke the batch: parse them one by one to find it.
        return [_parse_one(language, text) for text in texts]


def _parse_one(language: str, text: str) -> Doc | BaseException:
    try:
        return next(iter(PARSERS[language].many([text])))
    except Exception as exc:
        return exc


def _not_parsed(article: Article) -> ArticleResult:
    """A page in a language no pipeline here parses: stored, cleaned and given story
    features (words, copies, embeddings) but no language analysis; a skip, not a failure."""
    analysis = Analysis(article_id=article.id, entities=ArticleEntities(article_id=article.id))
    try:
        features = article_features(article, [])
    except Exception:
        features = _dated_only(article)
    # Its dates are not read: the day it was published stands in for the day of the event
    # it reports (news reports an event days after it at most), so the date decay still
    # tells a minister's two statements weeks apart from one another.
    features.event_date = features.published
    return ArticleResult(
        article_id=article.id,
        analysis=analysis,
        features=features,
        skipped=skipped_analyses(article.language),
    )


def _skipped(article: Article) -> str | None:
    return skipped_analyses(article.language)


def skipped_analyses(language: str | None) -> str | None:
    """What a page in ``language`` goes without, and why; None when it gets every analysis.
    A function of the stored language alone, so a report can say it for any stored page."""
    parser = route(language)
    if parser is None:
        parsed = ", ".join(sorted(PARSERS))
        return (
            f"language {language!r} is not parsed (only {parsed} are): {', '.join(LANGUAGE_STAGES)} skipped"
        )
    missing = PARSERS[parser].missing
    return f"no {' or '.join(missing)} rules for language {language!r} yet" if missing else None


def nlp_stage_version(aliases: AliasTable | None) -> str:
    """The language stages' code version plus their settings (the watch-list)."""
    watch = sorted(aliases.watch) if aliases else []
    digest = hashlib.sha1(repr(watch).encode()).hexdigest()[:8]
    return f"{NLP_STAGE_VERSION}:{digest}"


def anchor_of(article: Article) -> tuple[str | None, str]:
    """The date relative expressions are resolved against, and where it came from.

    An undated page is anchored on its window's upper end (the crawl date) when
    it has one, else on a lower bound set by a dated event it reports; a bound
    from a bare year the page mentions says too little to anchor "last week" on.
    """
    if article.published and article.published_precision == "day":
        return article.published, "published"
    if article.published_window and article.published_window[1]:
        return article.published_window[1], "window"
    if article.published_window and article.window_how == "events" and article.published_window[0]:
        # The page reports an event other pages date: news is written soon after
        # what it reports, so "March 16" there means the March 16 before that event.
        return article.published_window[0], "window-from"
    return None, "none"


def analyze_article(article: Article, doc: Doc, watch: list[tuple[str, str]] | None = None) -> Analysis:
    """Every language stage on one parsed article: a pure function of the article."""
    if route(article.language) == "ru":
        return analyze_russian(article, doc, watch)
    from storyline.entities.mentions import extract_entities
    from storyline.framing.evidence import word_tags
    from storyline.quotes.extract import extract_quotes
    from storyline.temporal.events import extract_events
    from storyline.temporal.times import find_times

    entities = extract_entities(article, doc, watch=watch)
    anchor, anchored = anchor_of(article)
    times = find_times(article.text, anchor=anchor, article_id=article.id, doc=doc, anchored=anchored)
    if anchored == "window-from":
        times = _fill_years_only(article, doc, times)
    events = extract_events(article.id, article.text, doc, times, entities.mentions)
    quotes = extract_quotes(article.id, article.text, doc)
    sentences = sentence_spans(article.text, doc)
    return Analysis(
        article_id=article.id,
        entities=entities,
        times=times,
        events=events,
        quotes=quotes,
        sentences=sentences,
        word_tags=word_tags(article.text, doc),
    )


def analyze_russian(article: Article, doc: Doc, watch: list[tuple[str, str]] | None = None) -> Analysis:
    """The Russian stages on one article parsed by ``nlp_ru``: entities, times and quotes
    by Russian rules, events by the clause rules (they read the parse, not words)."""
    from storyline.entities.russian import extract_entities_ru
    from storyline.quotes.russian import extract_quotes_ru
    from storyline.temporal.events import extract_events
    from storyline.temporal.times_ru import find_times_ru

    entities = extract_entities_ru(article, doc, watch=watch)
    sentences = sentence_spans(article.text, doc)
    anchor, anchored = anchor_of(article)
    times = find_times_ru(article.text, anchor=anchor, article_id=article.id, anchored=anchored)
    speakers = [m for m in entities.mentions if m.label in ("PERSON", "ORG")]
    quotes = extract_quotes_ru(article.id, article.text, sentences, speakers)
    events = extract_events(article.id, article.text, doc, times, entities.mentions)
    return Analysis(
        article_id=article.id,
        entities=entities,
        times=times,
        events=events,
        quotes=quotes,
        sentences=sentences,
    )


def _fill_years_only(article: Article, doc: Doc, anchored: list[TimeExpr]) -> list[TimeExpr]:
    """Against a lower bound, trust only the year it gives a month and day ("March 16").

    Deictic expressions ("last week", "yesterday") need the real publication
    date, which a lower bound is not: they keep their unanchored values.
    """
    from storyline.temporal.times import find_times

    loose = find_times(article.text, anchor=None, article_id=article.id, doc=doc, anchored="none")
    by_span = {(t.start, t.end): t for t in anchored}
    out = []
    for t in loose:
        fixed = by_span.get((t.start, t.end))
        if fixed is not None and _PARTIAL_DATE.match(t.value):
            fixed.anchored = "window"
            out.append(fixed)
        else:
            out.append(t)
    return out


_PARTIAL_DATE = re.compile(r"^XXXX-\d\d(-\d\d)?$")
