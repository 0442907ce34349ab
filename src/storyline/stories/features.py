"""What story clustering reads of one article: a pure function of its title, text and times.

Two bags of terms, kept apart because they say different things: content words
(what kind of event) and names and numbers (which event: who, where, how many).
The article's lead event date (the first day-precise date in its first half)
says when the event it reports happened. A MinHash signature of word 5-shingles
finds copies and re-posts.

A page in Cyrillic (Russian, or Kazakh written in Cyrillic) gives terms that meet an
English page's where they can: names in the nominative (pymorphy3) and romanised as
English-language news spells them (``script.latin``: «Токтосуновой» -> toktosunova),
numbers with the decimal comma read as a point (2,1 -> 2.1); its content words are
Russian lemmas past spaCy's Russian stop list, which meet only other Russian pages.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.lang.ru.stop_words import STOP_WORDS as RU_STOP_WORDS

from storyline.model import Article, StoryFeatures, TimeExpr
from storyline.morph import morph as _morph
from storyline.script import has_cyrillic, is_kazakh, latin, script_of
from storyline.stages import stage

NUM_PERM = 64
SHINGLE = 5
# A news report states the day of the event it reports early; later dates are background.
LEAD_SHARE = 0.5
# Tokens starting with a capital that do not start a sentence or a line are names.
_TOKEN = re.compile(r"[A-Za-z][\w'’-]*|\d[\d,.]*\d|\d")
# On a Cyrillic page: words of any script, and numbers with a decimal comma or a point.
_TOKEN_ANY = re.compile(r"[^\W\d_][\w'’-]*|\d[\d,.]*\d|\d")
_STOP_ANY = frozenset(RU_STOP_WORDS | STOP_WORDS)
_DECIMAL_COMMA = re.compile(r"^(\d+),(\d{1,2})$")
_SENTENCE_END = re.compile(r"(?:[.!?]['\"”’)]*\s*|\n\s*|[\"“‘(]\s*)$")
# Russian quotes open with « or „ and dash speech with a dash: a capital after them opens a sentence.
_SENTENCE_END_RU = re.compile(r"(?:[.!?…]['\"”’)»“]*\s*|\n\s*|[\"“‘(«„]\s*|[—–]\s+)$")
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
    if script_of((title or "") + " " + text[:2000]) == "cyrillic":
        _cyrillic_terms(title, text, words, names, kazakh=is_kazakh((title or "") + " " + text[:2000]))
    else:
        _latin_terms(title, text, words, names)
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


def _is_name(
    part: str, match: re.Match[str], stop: frozenset[str] | set[str], ends: re.Pattern[str] = _SENTENCE_END
) -> bool:
    """A capitalised token that does not open a sentence or a line."""
    token = match.group()
    return (
        token[0].isupper()
        and match.start() > 0
        and not ends.search(part[max(0, match.start() - 4) : match.start()])
        and token.lower() not in stop
    )


def _latin_terms(title: str | None, text: str, words: Counter[str], names: Counter[str]) -> None:
    for part, weight in ((title or "", 2), (text, 1)):
        for match in _TOKEN.finditer(part):
            token = match.group()
            lower = token.lower().replace("’", "'")
            if token[0].isdigit():
                names[lower.replace(",", "")] += weight
                continue
            if _is_name(part, match, STOP_WORDS):
                names[lower] += weight
                continue
            if len(lower) >= 3 and lower not in STOP_WORDS:
                words[_stem(lower)] += weight


def _cyrillic_terms(
    title: str | None, text: str, words: Counter[str], names: Counter[str], kazakh: bool = False
) -> None:
    """Terms of a Cyrillic page. A Kazakh page's content words are kept as written: the
    Russian dictionary would turn them into Russian words they are not («суармалы» ->
    «суармаленький»)."""
    for part, weight in ((title or "", 2), (text, 1)):
        for match in _TOKEN_ANY.finditer(part):
            token = match.group()
            lower = token.lower().replace("’", "'")
            if token[0].isdigit():
                names[_DECIMAL_COMMA.sub(r"\1.\2", lower).replace(",", "")] += weight
                continue
            if _is_name(part, match, _STOP_ANY, _SENTENCE_END_RU):
                names[latin(_name_form(token)).lower()] += weight
                continue
            if len(lower) >= 3 and lower not in _STOP_ANY:
                words[lower if kazakh else _lemma(lower)] += weight


_NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn"})


@lru_cache(maxsize=1 << 16)
def _lemma(word: str) -> str:
    """A Russian word's dictionary form («реформы» -> «реформа»); other words as given."""
    if not has_cyrillic(word):
        return _stem(word)
    return str(_morph().parse(word)[0].normal_form).replace("ё", "е")


@lru_cache(maxsize=1 << 16)
def _name_form(word: str) -> str:
    """A Russian name in the nominative, its gender kept («Петровой» -> «Петрова»,
    «Бухары» -> «Бухара»); a word pymorphy3 does not know as a name is left as written."""
    if not has_cyrillic(word):
        return word
    parses = [p for p in _morph().parse(word) if _NAME_TAGS & set(p.tag.grammemes)]
    # A form that may already be the nominative is kept: «Петрова» is her nominative
    # as well as his genitive, and her English spelling is Petrova.
    if not parses or any("nomn" in p.tag for p in parses):
        return word
    form = parses[0].inflect({"nomn"})
    new = str(form.word) if form is not None else word
    return new[:1].upper() + new[1:]


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
