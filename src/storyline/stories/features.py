"""What story clustering reads of one article: a pure function of its title, text and times.

Two bags of terms, kept apart because they say different things: content words
(what kind of event) and names and numbers (which event: who, where, how many).
The article's lead event date (the first day-precise date in its first half)
says when the event it reports happened. A MinHash signature of word 5-shingles
finds copies and re-posts.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from storyline.model import Article, StoryFeatures, TimeExpr
from storyline.stages import stage

NUM_PERM = 64
SHINGLE = 5
# A news report states the day of the event it reports early; later dates are background.
LEAD_SHARE = 0.5
# Tokens starting with a capital that do not start a sentence or a line are names.
_TOKEN = re.compile(r"[A-Za-z][\w'’-]*|\d[\d,.]*\d|\d")
_SENTENCE_END = re.compile(r"(?:[.!?]['\"”’)]*\s*|\n\s*|[\"“‘(]\s*)$")
_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
# A lead day may lack its year ("April 11" on an undated page): XXXX-04-11.
_LEAD_DAY = re.compile(r"^(?:\d{4}|XXXX)-\d\d-\d\d$")


def story_features(
    article_id: str, title: str | None, text: str, published: str | None, times: list[TimeExpr] | None = None
) -> StoryFeatures:
    """Terms of the title (counted twice: it names the event) and the body, and the
    lead event's day from ``times`` (measured on ECB+, dates as terms did not help)."""
    words: Counter[str] = Counter()
    names: Counter[str] = Counter()
    for part, weight in ((title or "", 2), (text, 1)):
        for match in _TOKEN.finditer(part):
            token = match.group()
            lower = token.lower().replace("’", "'")
            if token[0].isdigit():
                names[lower.replace(",", "")] += weight
                continue
            if (
                token[0].isupper()
                and match.start() > 0
                and not _SENTENCE_END.search(part[max(0, match.start() - 4) : match.start()])
                and lower not in STOP_WORDS
            ):
                names[lower] += weight
                continue
            if len(lower) >= 3 and lower not in STOP_WORDS:
                words[_stem(lower)] += weight
    event_date = None
    for t in sorted(times or [], key=lambda t: t.start):
        if t.type != "DATE":
            continue
        if event_date is None and _LEAD_DAY.match(t.value) and t.start < LEAD_SHARE * len(text):
            event_date = t.value
    return StoryFeatures(
        article_id=article_id,
        published=published[:10] if published and _DAY.match(published[:10]) else None,
        event_date=event_date,
        words=dict(words),
        names=dict(names),
        signature=minhash(text).tobytes(),
    )


def _stem(word: str) -> str:
    """A crude suffix stripper: "elections"/"election", "reforms"/"reformed" meet."""
    for suffix in ("ations", "ation", "ings", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def minhash(text: str) -> np.ndarray:
    """MinHash (datasketch, ``NUM_PERM`` functions, fixed seed) of the word 5-shingles."""
    from datasketch import MinHash

    tokens = re.findall(r"\w+", text.lower())
    shingles = {" ".join(tokens[i : i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1))}
    sketch = MinHash(num_perm=NUM_PERM, seed=1)
    sketch.update_batch([s.encode("utf-8") for s in sorted(shingles)])
    out: np.ndarray = np.asarray(sketch.hashvalues, dtype=np.uint64)
    return out


def jaccard(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures' shingle sets."""
    x, y = np.frombuffer(a, dtype=np.uint64), np.frombuffer(b, dtype=np.uint64)
    return float(np.mean(x == y)) if len(x) == len(y) and len(x) else 0.0


@stage("story_features", requires=["article", "times"], assigns=["story_features"])
def article_features(article: Article, times: list[TimeExpr]) -> StoryFeatures:
    """``story_features`` of a stored article: its publication day only when known to the day."""
    published = article.published if article.published_precision == "day" else None
    return story_features(article.id, article.title, article.text, published, times)
