"""A story's title and extractive summary, read off its coverage matrix.

Corpus stage, a pure function of the articles and their ``Coverage``. Choices:
- Title: the article title that best covers the most-reported claims: overlap of
  its terms with each top claim's terms (all renderings), IDF-weighted over the
  claims, times the claim's report count, over the square root of the title's own
  weight (long titles overlap more by length alone). No title overlapping any top
  claim: the top claim's sentence cut to ``_TITLE_WORDS`` words.
- Summary: claims in coverage order (most articles first, then earliest), each in
  the rendering coverage chose (first-published article, then earliest in it),
  skipping the page's own headline repeated in its text, a sentence whose terms overlap an already chosen one by ``_DUPLICATE``
  (Dice) or more, and sentences over ``_LONG_WORDS`` words (merged paragraphs, lists)
  unless nothing else is left.
"""

from __future__ import annotations

import math
from collections import Counter

from storyline.model import Citation
from storyline.stories.coverage import Claim, Coverage, StoryArticle, content_terms

_TOP = 5  # claims the title must cover
_TITLE_WORDS = 12
_TITLE_MAX_WORDS = 25  # an article "title" longer than this is a lead paragraph
_DUPLICATE = 0.5
_LONG_WORDS = 70


def _claim_terms(claim: Claim, by_id: dict[str, StoryArticle]) -> frozenset[str]:
    out: set[str] = set()
    for article_id, (start, end) in claim.spans.items():
        out |= content_terms(by_id[article_id].text[start:end])
    return frozenset(out)


def _articles(articles: list[StoryArticle], coverage: Coverage) -> dict[str, StoryArticle]:
    by_id = {a.article_id: a for a in articles}
    missing = [c.article_id for c in coverage.claims if c.article_id not in by_id]
    if missing:
        raise ValueError(
            f"coverage cites article {missing[0]!r}, not among the articles given: pass the same list"
        )
    return by_id


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def _cut(text: str, words: int) -> str:
    """The first ``words`` words, quote marks and trailing punctuation dropped, "…" when cut."""
    parts = text.strip().strip("«»“”\"'‘’„").split()
    head = " ".join(parts[:words])
    return head.rstrip(",;:–—-") + "…" if len(parts) > words else head.rstrip(".")


def story_title(articles: list[StoryArticle], coverage: Coverage) -> str:
    """A short headline for the story; never empty."""
    by_id = _articles(articles, coverage)
    multi = [c for c in coverage.claims if c.reports >= 2]
    top = (multi or coverage.claims)[:_TOP]
    terms = [_claim_terms(c, by_id) for c in coverage.claims]
    df = Counter(t for ts in terms for t in ts)
    n = len(terms)

    def weight(t: str) -> float:
        return math.log((1 + n) / (1 + df[t])) + 1.0

    best, best_score = "", 0.0
    for article in articles:
        title = " ".join((article.title or "").split())
        words = content_terms(title)
        if not words or len(title.split()) > _TITLE_MAX_WORDS:
            continue
        # fsum is exact: a plain sum over a set changes in its last bit with the hash
        # seed, which could flip a near tie from one run to the next.
        covered = math.fsum(c.reports * math.fsum(weight(t) for t in words & terms[c.id]) for c in top)
        score = covered / math.sqrt(math.fsum(weight(t) for t in words))
        if score > best_score:  # ties keep the earlier article
            best, best_score = title, score
    if best:
        return best
    # A one-article story is titled by its own headline, even one that shares no
    # word with the body ("Everything is decided by X").
    lone = " ".join((articles[0].title or "").split()) if len(articles) == 1 else ""
    if lone and len(lone.split()) <= _TITLE_MAX_WORDS:
        return lone
    if coverage.claims:
        return _cut(coverage.claims[0].text, _TITLE_WORDS)
    for article in articles:
        for candidate in (article.title or "", article.text):
            if candidate.strip():
                return _cut(candidate, _TITLE_WORDS)
    return "Untitled story"


def summarize(articles: list[StoryArticle], coverage: Coverage, max_sentences: int = 3) -> list[Citation]:
    """Up to ``max_sentences`` sentences, most-reported claims first, each cited with its offsets."""
    by_id = _articles(articles, coverage)
    chosen: list[tuple[Citation, frozenset[str]]] = []
    long: list[tuple[Citation, frozenset[str]]] = []
    for claim in coverage.claims:
        if len(chosen) >= max_sentences:
            break
        start, end = claim.spans[claim.article_id]
        text = by_id[claim.article_id].text[start:end]
        words = content_terms(text)
        # The page's own headline repeated in its text: the title already says it.
        if words == content_terms(by_id[claim.article_id].title or ""):
            continue
        if any(_dice(words, seen) >= _DUPLICATE for _, seen in chosen):
            continue
        sentence = Citation(
            text=text,
            article_id=claim.article_id,
            start=start,
            end=end,
            support=[a for a in claim.spans if a != claim.article_id],
        )
        (long if len(text.split()) > _LONG_WORDS else chosen).append((sentence, words))
    for sentence, words in long:  # only when too few short sentences were found
        if len(chosen) >= max_sentences:
            break
        if not any(_dice(words, seen) >= _DUPLICATE for _, seen in chosen):
            chosen.append((sentence, words))
    return [sentence for sentence, _ in chosen]
