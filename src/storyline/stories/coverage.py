"""Coverage matrix of a story: which articles state which claims.

Corpus stage, a pure function of the story's articles (text and sentence spans).
A *claim* is one fact as several articles state it: at most one sentence per
article, a row of the matrix. Choices:
- Boilerplate-like sentences are skipped (under ``_MIN_WORDS`` words, Title-Case or
  number-heavy lines, bylines, cookie and subscription notices); a leading all-caps
  dateline ("PARIS, May 2 (Wire) -", "NUR-SULTAN. AGENCY") is trimmed off the span, so
  spans may be narrower than the sentence spans given.
- A sentence is a set of terms: words lower-cased, spaCy stop words and reporting
  verbs ("said", "according") dropped, a crude suffix strip then the first ``_STEM``
  letters (so "democratizing" and "democratic", "Kazakh" and "Kazakhstan" meet:
  translations rarely agree on word forms), numbers as digits ("2,051" = "2051",
  "three" = "3"). A term written capitalised mid-sentence, or a number, is a *name*.
- Similarity is the cosine of binary term vectors weighted by IDF over the story's
  kept sentences: names, numbers and rare words decide, words every sentence shares
  (the country, the event) barely count. A pair is a candidate at ``THRESHOLD`` if it
  also shares ``_MIN_SHARED`` terms and the cosine over the terms that are not names
  in both reaches ``_CONTENT_FLOOR`` (the same people doing something else share
  only names). When one sentence is negated ("has not carried out") and the other is
  not, the pair needs ``THRESHOLD + _NEGATION_MARGIN``.
- Thresholds were set on the pairs in ``tests/stories/test_coverage.py`` and the
  translated example pair: same-fact paraphrases and translations score 0.31-0.89
  (content 0.23-0.88); different facts about the same actors 0.29 and below, or
  0.38 with a content cosine of 0.13; a negated restatement 0.48. Lexical overlap
  cannot tell "the court ruled" from "the government will ask the court to review its
  ruling" (0.63): such pairs do merge. A translation that shares only a list of
  adjectives ("stable, prosperous and democratic", 0.19) does not.
- Greedy clustering: pairs of sentences of different articles at or above the
  threshold, best first; two groups merge when no article is in both (a claim holds
  one sentence per article) and their mean cross similarity is at least
  ``_LINK_FLOOR`` (stops chains A~B~C where A and C say different things).
- Every kept sentence ends in some claim, single-article ones included, so ``only``
  lists what no other article reports.
- The pair similarities are an N×N float32 matrix over the story's kept sentences
  (2,000 sentences: 16 MB); shared-term products are added per term for rare terms and
  by one matrix product for the few frequent ones, so the cost stays near linear in
  the postings.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from storyline.script import script_of

THRESHOLD = 0.3
_LINK_FLOOR = 0.2
_NEGATION_MARGIN = 0.2
_MIN_SHARED = 2
_CONTENT_FLOOR = 0.2
_MIN_WORDS = 5
_STEM = 6
# Terms in more sentences than this go through one dense product instead of a
# per-term update: their postings are long, and there are few of them.
_DENSE_DF = 48
_BLOCK = 1024

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*")
# Reporting verbs: every news sentence has one, and they say nothing about the fact.
_REPORTING = frozenset(
    [
        "said",
        "says",
        "say",
        "saying",
        "told",
        "tells",
        "according",
        "added",
        "adds",
        "noted",
        "stated",
        "reported",
        "informs",
        "informed",
        "underlined",
        "stressed",
    ]
)
# Number words read as digits: one outlet writes "three days", another "3 days".
_NUMBERS = {
    w: str(n)
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {
    w: str(10 * n)
    for n, w in enumerate(["thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], start=3)
}
_NEGATIONS = frozenset(["not", "no", "never", "n't", "nor", "neither", "cannot", "without"])
_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ed", "es", "s", "ly", "e")
# One piece of an all-caps dateline or agency tag before the sentence proper:
# "NUR-SULTAN. KAZINFORM «", "LONDON, May 2 (Reuters) - ", "ANKARA (AP) — ".
_DATELINE_PIECE = re.compile(
    r"([A-Z][A-Z.'’\-]*[A-Z.]|\([^()\n]{1,30}\)|[A-Z][a-z]{2,8}\.? \d{1,2}|[-–—:,.])\s*"
)
_OPENING_QUOTE = "«“\"‘'„"
_BYLINE = re.compile(
    r"^\s*(?:by|author|authors|photo|photos|image|credit|source|written by|reporting by|"
    r"edited by|posted by|published|updated)\b\s*:?",
    re.IGNORECASE,
)
_NOTICE = re.compile(
    r"\b(?:cookies?|all rights reserved|subscribe|newsletter|sign up|click here|read more|"
    r"privacy policy|terms of use|required fields|leave a reply|share this)\b",
    re.IGNORECASE,
)


@dataclass(slots=True, kw_only=True)
class StoryArticle:
    """What coverage reads of one article of the story."""

    article_id: str
    outlet: str | None  # None when unknown; display as the article id's first 8 chars
    title: str | None
    text: str  # the clean text; all offsets index into it
    sentences: list[tuple[int, int]]  # sentence spans from spaCy (given)
    published: str | None = None  # YYYY-MM-DD or None


@dataclass(slots=True, kw_only=True)
class Claim:
    """One fact as several articles state it: a row of the coverage matrix.

    ``text`` is the rendering of ``article_id``: the first-published article stating
    it, then the one where it comes earliest.
    """

    id: int
    text: str
    spans: dict[str, tuple[int, int]]  # article_id -> the span that states it there
    article_id: str  # whose sentence ``text`` is
    position: int  # earliest rank of the claim among its articles' kept sentences (0 = a lead)
    outlets: int  # distinct outlets stating it (an unknown outlet counts once per article)
    similarity: float  # mean pairwise similarity of its sentences (1.0 for one sentence)

    @property
    def reports(self) -> int:
        """How many articles state it."""
        return len(self.spans)


@dataclass(slots=True, kw_only=True)
class Coverage:
    """Claims × articles. Claim ids are row indices."""

    claims: list[Claim]  # rows, most-reported first
    articles: list[str]  # columns (article ids), in input order
    only: dict[str, list[int]]  # article_id -> claim ids only it reports
    omits: dict[str, list[int]]  # article_id -> claim ids most other articles report and it doesn't


@dataclass(slots=True, kw_only=True)
class _Sentence:
    article: int  # index into the input list
    rank: int  # order among the article's kept sentences
    start: int
    end: int
    terms: frozenset[str]
    names: frozenset[str]  # the terms that are names or numbers here
    negated: bool  # says "not", "never", "no" ...


def outlet_name(article: StoryArticle) -> str:
    """The outlet as displayed: its name, or the article id's first 8 characters."""
    return article.outlet or article.article_id[:8]


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Crude stem of a lower-cased word: one suffix off, then a ``_STEM``-letter prefix."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:_STEM]


@functools.lru_cache(maxsize=65536)
def _term(token: str) -> str | None:
    """The term a token stands for, or None for a stop word."""
    if token[0].isdigit():
        return token.replace(",", "")
    lower = token.lower().replace("’", "'")
    if lower.endswith("'s"):
        lower = lower[:-2]
    if lower in _NUMBERS:
        return _NUMBERS[lower]
    if len(lower) < 3 or lower in STOP_WORDS or lower in _REPORTING:
        return None
    return stem(lower)


def content_terms(text: str) -> frozenset[str]:
    """The terms of a sentence or title (see the module docstring)."""
    return _terms(text)[0]


def _terms(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """All terms, and the subset that are names or numbers (written capitalised after
    the first word, or digits) everywhere they occur in ``text``."""
    terms: set[str] = set()
    lowered: set[str] = set()
    for n, token in enumerate(_WORD.findall(text)):
        term = _term(token)
        if term is None:
            continue
        terms.add(term)
        if not term[0].isdigit() and (n == 0 or not token[0].isupper()):
            lowered.add(term)
    return frozenset(terms), frozenset(terms - lowered)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace and a leading all-caps dateline."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return _skip_dateline(text, start, end), end


def _skip_dateline(text: str, start: int, end: int) -> int:
    """Where the sentence proper starts after a dateline, or ``start`` if there is none.

    A dateline needs a capitals word of three letters or more ("U.S. officials said" has
    none) and ends at a dash, colon, full stop, agency tag or opening quote ("NASA said"
    has none); a comma alone is not enough ("NATO, EU agree").
    """
    pos, cut, caps = start, start, False
    while found := _DATELINE_PIECE.match(text, pos, end):
        piece = found.group(1)
        if piece[0].isupper() and not piece[-1].isdigit():  # a word in capitals
            caps = caps or sum(c.isalpha() for c in piece) >= 3
            if caps and piece[-1] == ".":
                cut = found.end()
        elif caps and (piece[0] == "(" or piece in "-–—:."):
            cut = found.end()
        pos = found.end()
    if caps and pos < end and text[pos] in _OPENING_QUOTE:
        cut = pos
    # Only a real prefix counts: a sentence in capitals throughout is left to ``_boilerplate``.
    return cut if any(c.islower() for c in text[cut:end]) else start


def _boilerplate(sentence: str) -> bool:
    """True for sentences that state no fact: too short, headline- or menu-like, bylines, notices."""
    tokens = _WORD.findall(sentence)
    if len(tokens) < _MIN_WORDS:
        return True
    if (_BYLINE.match(sentence) and len(tokens) <= 12) or _NOTICE.search(sentence):
        return True
    words = [t for t in tokens if not t[0].isdigit()]
    if len(words) < 0.6 * len(tokens):  # tickers, scores, tables
        return True
    # No lower-case content word (Title Case or capitals): a headline, menu or tag line.
    if not any(w[0].islower() and len(w) >= 3 and w not in STOP_WORDS for w in words):
        return True
    if sentence[-1] in ".!?\"”»'’":
        return False
    # Unpunctuated: a heading, caption or ticker unless it is long and mostly lower case.
    capitalised = sum(1 for w in words if w[0].isupper())
    return len(tokens) < 10 or capitalised >= 0.7 * len(words)


def _sentences(articles: list[StoryArticle]) -> list[_Sentence]:
    out: list[_Sentence] = []
    for a, article in enumerate(articles):
        rank = 0
        for s, e in article.sentences:
            start, end = trim_span(article.text, s, e)
            text = article.text[start:end]
            if _boilerplate(text):
                continue
            terms, names = _terms(text)
            if len(terms) < 2:
                continue
            negated = any(w.lower() in _NEGATIONS for w in _WORD.findall(text))
            out.append(
                _Sentence(
                    article=a, rank=rank, start=start, end=end, terms=terms, names=names, negated=negated
                )
            )
            rank += 1
    return out


def _similarities(sents: list[_Sentence]) -> tuple[np.ndarray, dict[str, float]]:
    """Cosine of IDF-weighted binary term vectors (zero within an article), and the
    squared weight of each term."""
    n = len(sents)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sents):
        for t in s.terms:
            postings[t].append(i)
    sq = {t: (math.log((1 + n) / (1 + len(p))) + 1.0) ** 2 for t, p in postings.items()}
    norms = np.zeros(n, dtype=np.float64)
    for t, p in postings.items():
        norms[p] += sq[t]
    # Terms in 2.._DENSE_DF sentences: every pair of their postings, built in one go and
    # summed with bincount. Each posting position g of a term with postings [s, s+d)
    # pairs with positions s..s+d-1.
    shared = [t for t, p in postings.items() if 2 <= len(p) <= _DENSE_DF]
    post = np.asarray([i for t in shared for i in postings[t]], dtype=np.int64)
    size = np.asarray([len(postings[t]) for t in shared], dtype=np.int64)
    weight = np.asarray([sq[t] for t in shared], dtype=np.float64)
    per = np.repeat(size, size)  # for each posting, its term's posting count
    first = np.repeat(np.cumsum(size) - size, size)  # and where its term's postings start
    rows = np.repeat(post, per)
    ends = np.cumsum(per)
    cols = post[
        np.repeat(first, per) + np.arange(int(ends[-1]) if len(ends) else 0) - np.repeat(ends - per, per)
    ]
    flat = np.bincount(rows * n + cols, weights=np.repeat(np.repeat(weight, size), per), minlength=n * n)
    sim = flat.astype(np.float32).reshape(n, n)
    frequent = [t for t, p in postings.items() if len(p) > _DENSE_DF]
    if frequent:
        dense = np.zeros((n, len(frequent)), dtype=np.float32)
        for k, t in enumerate(frequent):
            dense[postings[t], k] = math.sqrt(sq[t])
        sim += dense @ dense.T
    root = np.sqrt(norms).astype(np.float32)
    root[root == 0] = 1.0
    sim /= root[:, None]
    sim /= root[None, :]
    # Sentences of one article are contiguous: blank each article's diagonal block.
    lo = 0
    for hi in range(1, n + 1):
        if hi == n or sents[hi].article != sents[lo].article:
            sim[lo:hi, lo:hi] = 0.0
            lo = hi
    return sim, sq


def _content_cosine(a: _Sentence, b: _Sentence, sq: dict[str, float]) -> float:
    """Cosine over the terms that are not names in both sentences: what is said, not who."""
    both = a.names & b.names
    ca, cb = a.terms - both, b.terms - both
    # fsum is exact, so the result does not depend on a set's order (the hash seed's).
    shared = math.fsum(sq[t] for t in ca & cb)
    return shared / math.sqrt(math.fsum(sq[t] for t in ca) * math.fsum(sq[t] for t in cb)) if shared else 0.0


def _pairs(sim: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j), i < j, at or above ``THRESHOLD``, best first (ties by position: deterministic)."""
    found_i: list[np.ndarray] = []
    found_j: list[np.ndarray] = []
    for lo in range(0, len(sim), _BLOCK):
        rows, cols = np.nonzero(np.triu(sim[lo : lo + _BLOCK], k=lo + 1) >= THRESHOLD)
        found_i.append(rows + lo)
        found_j.append(cols)
    i = np.concatenate(found_i) if found_i else np.zeros(0, dtype=np.int64)
    j = np.concatenate(found_j) if found_j else np.zeros(0, dtype=np.int64)
    order = np.lexsort((j, i, -sim[i, j]))
    return i[order], j[order]


def _cluster(sents: list[_Sentence], sim: np.ndarray, sq: dict[str, float]) -> list[list[int]]:
    """Greedy grouping, best pair first, one sentence per article in a group."""
    group = list(range(len(sents)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(sents))}
    articles: dict[int, set[int]] = {i: {s.article} for i, s in enumerate(sents)}
    best_i, best_j = _pairs(sim)
    for i, j in zip(best_i.tolist(), best_j.tolist(), strict=True):
        gi, gj = group[i], group[j]
        # Cheap tests first: most pairs of a big story fall inside an existing group.
        if gi == gj or articles[gi] & articles[gj]:
            continue
        a, b = sents[i], sents[j]
        if len(a.terms & b.terms) < _MIN_SHARED or _content_cosine(a, b, sq) < _CONTENT_FLOOR:
            continue
        if a.negated != b.negated and sim[i, j] < THRESHOLD + _NEGATION_MARGIN:
            continue
        if float(sim[np.ix_(members[gi], members[gj])].mean()) < _LINK_FLOOR:
            continue
        keep, drop = (gi, gj) if gi < gj else (gj, gi)
        for k in members[drop]:
            group[k] = keep
        members[keep] = sorted(members[keep] + members.pop(drop))
        articles[keep] |= articles.pop(drop)
    return list(members.values())


def coverage(articles: list[StoryArticle]) -> Coverage:
    """Match the articles' sentences into claims and tabulate who reports what."""
    seen = [a.article_id for a in articles]
    if len(set(seen)) < len(seen):
        twice = next(a for a in seen if seen.count(a) > 1)
        raise ValueError(f"article {twice!r} is given twice: pass each article of the story once")
    sents = _sentences(articles)
    sim, sq = _similarities(sents)
    groups = _cluster(sents, sim, sq)

    def rendering(k: int) -> tuple[bool, str, int, int]:
        # First-published article first (unknown dates last), then where it comes earliest.
        published = articles[sents[k].article].published
        return (published is None, published or "", sents[k].rank, sents[k].article)

    ranked: list[tuple[Claim, int]] = []  # with the first article stating it, for ties
    for group in groups:
        members = sorted(group, key=lambda k: sents[k].article)  # spans in input order
        best = min(members, key=rendering)
        article = articles[sents[best].article]
        pairs = [(x, y) for n, x in enumerate(members) for y in members[n + 1 :]]
        claim = Claim(
            id=-1,
            text=article.text[sents[best].start : sents[best].end],
            spans={articles[sents[k].article].article_id: (sents[k].start, sents[k].end) for k in members},
            article_id=article.article_id,
            position=min(sents[k].rank for k in members),
            outlets=len({outlet_name(articles[sents[k].article]) for k in members}),
            similarity=float(np.mean([sim[x, y] for x, y in pairs])) if pairs else 1.0,
        )
        ranked.append((claim, sents[members[0]].article))
    ranked.sort(
        key=lambda x: (-x[0].reports, -x[0].outlets, x[0].position, x[1], x[0].spans[x[0].article_id][0])
    )
    rows = [claim for claim, _ in ranked]
    for n, claim in enumerate(rows):
        claim.id = n

    ids = [a.article_id for a in articles]
    # Sentences are matched by their words, so a page is compared only with the pages in
    # its script: a Russian page alone among English ones reports nothing "alone" and
    # leaves nothing out, as far as words can tell.
    script = {a.article_id: script_of(a.text) for a in articles}
    peers = {a: [b for b in ids if script[b] == script[a]] for a in ids}
    only: dict[str, list[int]] = {a: [] for a in ids}
    omits: dict[str, list[int]] = {a: [] for a in ids}
    for claim in rows:
        same = peers[claim.article_id]
        if claim.reports == 1:
            if len(same) > 1:
                only[claim.article_id].append(claim.id)
        # Reported by more than half of the *other* articles, and by at least two.
        elif claim.reports > (len(same) - 1) / 2:
            for a in same:
                if a not in claim.spans:
                    omits[a].append(claim.id)
    return Coverage(claims=rows, articles=ids, only=only, omits=omits)
