"""Framing evidence in one article: scare quotes, hedges, distancing, loaded words, voices.

Every item points at the exact characters of the article (``text[start:end] ==
evidence.text``). Each detector also says how much the item weighs in the stance
(``Scored.weight``, signed: >0 supportive, <0 critical or doubting) so the rule in
``stance`` can be read off the evidence it returns. Weights shrink with distance
from the target: same sentence as a target mention, the sentence after, elsewhere.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.framing import lexicon
from storyline.model import WordTag
from storyline.stages import stage

if TYPE_CHECKING:
    from spacy.tokens import Doc

Range = tuple[int, int]

# How much a cue weighs by where it stands relative to the target's mentions.
NEAR_WEIGHT = 1.0  # same sentence as a target mention
NEXT_WEIGHT = 0.6  # the sentence right after one (its subject is usually still the target)
FAR_WEIGHT = 0.3  # elsewhere: doubt cues only; loaded words there are not counted

# Base strength of each doubt cue (the evidence's polarity is minus this).
SCARE_QUOTE_WEIGHT = 0.5
HEDGE_WEIGHT = 0.3
DISTANCING_WEIGHT = 0.4
ACCORDING_TO_WEIGHT = 0.2

# A quoted word is the speaker's, not the outlet's: shown at this weight, scored through its voice.
QUOTED_WEIGHT = 0.3
# A voice's say in the stance is its polarity times its share of the quoted text, times these.
VOICE_WEIGHT = 1.0
TARGET_VOICE_WEIGHT = 0.25  # the target praising itself is its claim, relayed; not the outlet's judgement
VOICE_ROLE_POLARITY = 0.3  # |polarity| from which a voice is called a critic or a supporter
# A quoted phrase of at most this many words, not speech, is a scare quote.
SCARE_QUOTE_MAX_WORDS = 4

_QUOTE_PAIRS = re.compile(
    r"“(?P<a>[^“”\n]{1,300})”|\"(?P<b>[^\"\n]{1,300})\"|«(?P<c>[^«»\n]{1,300})»|„(?P<d>[^„“”\n]{1,300})[“”]"
    r"|(?<!\w)‘(?P<e>[^‘’\n]{1,300}?)’(?!\w)"
)
_SO_CALLED = re.compile(r"\bso[- ]called\s+", re.I)
_HEDGE = re.compile(r"\b(?:" + "|".join(lexicon.HEDGES) + r")\b", re.I)
_DISTANCING = re.compile(r"\b(?:" + "|".join(lexicon.DISTANCING) + r")\b", re.I)
_ACCORDING_TO = re.compile(r"\b" + lexicon.ACCORDING_TO + r"\b", re.I)
# Between a target mention and its verb: at most three words, no punctuation.
_TARGET_ACT = re.compile(r"\s+(?:[\w’'-]+\s+){0,3}")
_TITLE_WORDS = frozenset(
    ["president", "prime", "minister", "mr", "ms", "mrs", "dr", "sir", "the", "of", "government"]
)


@dataclass(slots=True, kw_only=True)
class FramingEvidence:
    """One reason for a stance, pointing at the article's characters.

    For ``omission`` the text is a claim other outlets report, and ``article_id``
    names the article whose text ``start``/``end`` index.
    """

    kind: str  # scare_quote | hedge | distancing | loaded | marked | voice | omission
    text: str
    start: int
    end: int
    polarity: float = 0.0  # <0 critical/negative towards the target, >0 supportive, 0 neutral
    note: str = ""
    article_id: str | None = None
    # outlet: the outlet's own language (narration, headline, scare quotes); quoted: a voice it quotes
    voice: str = "outlet"
    part: str = "text"  # the string start/end index: the article's clean text, or its title
    # False: shown as the outlet's language, not counted in the stance (``stance.frame_article``)
    counted: bool = True


@dataclass(slots=True, kw_only=True)
class QuoteSpan:
    """A quote the quote stage found: the quoted words and who said them, as written."""

    kind: str  # direct | indirect | phrase (a short scare-quoted phrase)
    start: int
    end: int
    speaker: str | None


@dataclass(slots=True, kw_only=True)
class Scored:
    """An evidence item and its signed weight in the stance (0: shown, not counted)."""

    evidence: FramingEvidence
    weight: float


class Page:
    """One article's text with what the detectors look up: sentences, target, quotes."""

    def __init__(
        self,
        *,
        text: str,
        sentences: list[Range],
        target: str,
        target_spans: list[Range],
        quotes: list[QuoteSpan],
        headline: bool = False,
        tags: Iterable[WordTag] | None = None,
    ) -> None:
        self.text = text
        # Universal part-of-speech tag by word start offset (``word_tags``), when parsed.
        self.tags = {t.start: t.pos for t in tags or ()}
        # A headline is about the story's subject throughout, named in it or not.
        self.headline = headline
        self.sentences = sorted(sentences)
        self._starts = [s for s, _ in self.sentences]
        self.target_sentences = {i for i in (self.sentence_of(s) for s, _ in target_spans) if i is not None}
        self.speech = sorted((q for q in quotes if q.kind != "phrase"), key=lambda q: q.start)
        self.phrases = sorted((q for q in quotes if q.kind == "phrase"), key=lambda q: q.start)
        # Quoted spans the quote stage did not report still hold someone else's words.
        self.marked = [_inner(text, m) for m in _QUOTE_PAIRS.finditer(text)]
        self.target_spans = sorted(target_spans)
        names = [target, *(text[s:e] for s, e in target_spans)]
        self.target_words = {w.lower() for n in names for w in lexicon.WORD.findall(n)} - _TITLE_WORDS

    def sentence_of(self, pos: int) -> int | None:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and pos < self.sentences[i][1]:
            return i
        return None

    def proximity(self, pos: int) -> float:
        """How close ``pos`` is to the target: ``NEAR_WEIGHT``, ``NEXT_WEIGHT`` or ``FAR_WEIGHT``."""
        i = self.sentence_of(pos)
        return (self.about(i) if i is not None else 0.0) or FAR_WEIGHT

    def speech_at(self, start: int, end: int) -> QuoteSpan | None:
        """The reported quote holding ``start:end``, if any."""
        return next((q for q in self.speech if q.start <= start and end <= q.end), None)

    def quoted(self, start: int, end: int) -> bool:
        """Inside someone's words: a reported quote, or any text between quote marks."""
        if self.speech_at(start, end) is not None:
            return True
        return any(s <= start and end <= e for s, e in self.marked)

    def about(self, i: int) -> float:
        """How much sentence ``i`` is about the target: ``NEAR_WEIGHT``, ``NEXT_WEIGHT`` or 0."""
        if i in self.target_sentences or self.headline:
            return NEAR_WEIGHT
        return NEXT_WEIGHT if i - 1 in self.target_sentences else 0.0

    def target_acts(self, pos: int) -> bool:
        """Is the word at ``pos`` the target's own act of evaluation ("X praised", "X strongly welcomes")?

        Then the opinion is the target's, not the outlet's view of it. Only attitude verbs
        right after a mention count (adverbs and auxiliaries between): "X dumped waste" and
        "X's bold plan" stay the outlet's words.
        """
        m = lexicon.WORD.match(self.text, pos)
        if m is None:
            return False
        if m.group().endswith("ly"):  # "X warmly welcomed": the adverb goes with its verb
            verb = lexicon.WORD.search(self.text, m.end(), m.end() + 40)
            return (
                verb is not None
                and not self.text[m.end() : verb.start()].strip()
                and self.target_acts(verb.start())
            )
        if not lexicon.is_attitude_verb(m.group()):
            return False
        for _, end in self.target_spans:
            if end <= pos and pos - end < 40 and not self.text.startswith(("'s", "’s"), end):
                between = self.text[end:pos]
                words = [w.lower() for w in between.split()]
                fillers = all(w.endswith("ly") or w in lexicon.VERB_FILLERS for w in words)
                if _TARGET_ACT.fullmatch(between) and fillers:
                    return True
        return False

    def is_target(self, speaker: str | None) -> bool:
        words = {w.lower() for w in lexicon.WORD.findall(speaker or "") if w[0].isupper()}
        return bool(words & self.target_words)


def _inner(text: str, m: re.Match[str]) -> Range:
    """The quoted words of a quote-mark match, without the marks and edge spaces."""
    group = next(g for g in "abcde" if m.group(g) is not None)
    start, end = m.span(group)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _item(
    page: Page, kind: str, start: int, end: int, polarity: float, note: str, voice: str = "outlet"
) -> FramingEvidence:
    return FramingEvidence(
        kind=kind, text=page.text[start:end], start=start, end=end, polarity=polarity, note=note, voice=voice
    )


def scare_quotes(page: Page) -> list[Scored]:
    """Short quoted phrases that are nobody's speech, and "so-called X"."""
    out: list[Scored] = []
    for q in page.phrases:
        w = SCARE_QUOTE_WEIGHT * page.proximity(q.start)
        ev = _item(
            page,
            "scare_quote",
            q.start,
            q.end,
            -SCARE_QUOTE_WEIGHT,
            f"scare quotes: '{page.text[q.start : q.end]}'",
        )
        out.append(Scored(evidence=ev, weight=-w))
    taken = [(q.start, q.end) for q in page.phrases]
    for start, end in page.marked:
        if any(s < end and start < e for s, e in taken) or not _is_scare_quote(page, start, end):
            continue
        ev = _item(
            page, "scare_quote", start, end, -SCARE_QUOTE_WEIGHT, f"scare quotes: '{page.text[start:end]}'"
        )
        out.append(Scored(evidence=ev, weight=-SCARE_QUOTE_WEIGHT * page.proximity(start)))
    for m in _SO_CALLED.finditer(page.text):
        end = _phrase_end(page.text, m.end())
        if end > m.end() and not page.quoted(m.start(), end):
            ev = _item(
                page, "scare_quote", m.start(), end, -SCARE_QUOTE_WEIGHT, "distancing label: 'so-called'"
            )
            out.append(Scored(evidence=ev, weight=-SCARE_QUOTE_WEIGHT * page.proximity(m.start())))
    return out


def _is_scare_quote(page: Page, start: int, end: int) -> bool:
    """1-4 quoted words inside a sentence, not nested in a longer quote, with no speech cue near."""
    words = lexicon.WORD.findall(page.text[start:end])
    if not 1 <= len(words) <= SCARE_QUOTE_MAX_WORDS or all(w[0].isupper() for w in words):
        return False  # too long for a phrase, or a name ("Ar.Rukh.Khak", a newspaper's title)
    said = page.speech_at(start, end)
    if said is not None and (said.end - said.start > end - start or said.speaker is not None):
        return False  # a phrase inside someone's quote is theirs; a quote with a speaker is speech
    if any(s <= start and end <= e and (s, e) != (start, end) for s, e in page.marked):
        return False
    i = page.sentence_of(start)
    s_start, s_end = page.sentences[i] if i is not None else (start - 1, end + 1)
    before, after = page.text[s_start : start - 1], page.text[end + 1 : s_end]
    if not lexicon.WORD.search(before + " " + after):
        return False  # the whole sentence is quoted: speech, or a headline
    context = {w.lower() for w in lexicon.WORD.findall(before + " " + after)}
    return not context & lexicon.SPEECH_CUES


def _phrase_end(text: str, pos: int) -> int:
    """End of the up-to-3-word phrase after "so-called", stopping at punctuation or a function word."""
    end = pos
    for n, m in enumerate(re.finditer(r"[\"“«‘]?[\w’'-]+[\"”»’]?", text[pos : pos + 80])):
        if n == 3 or m.group().strip('"“”«»‘’').lower() in lexicon.PHRASE_STOPS:
            break
        if text[end : pos + m.start()].strip():
            break  # punctuation between words ends the phrase
        end = pos + m.end()
    return end


def hedges(page: Page) -> list[Scored]:
    """Hedges and distancing cues in the outlet's own words (not inside quotes)."""
    out: list[Scored] = []
    taken: list[Range] = []
    for kind, pattern, base in (
        ("distancing", _DISTANCING, DISTANCING_WEIGHT),
        ("hedge", _HEDGE, HEDGE_WEIGHT),
    ):
        for m in pattern.finditer(page.text):
            if page.quoted(m.start(), m.end()) or any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append(m.span())
            ev = _item(page, kind, m.start(), m.end(), -base, f"{kind}: '{m.group().lower()}'")
            out.append(Scored(evidence=ev, weight=-base * page.proximity(m.start())))
    according = [m for m in _ACCORDING_TO.finditer(page.text) if not page.quoted(m.start(), m.end())]
    if len(according) >= lexicon.ACCORDING_TO_REPEAT:
        for m in according:
            note = f"distancing: 'according to', {len(according)} times"
            ev = _item(page, "distancing", m.start(), m.end(), -ACCORDING_TO_WEIGHT, note)
            out.append(Scored(evidence=ev, weight=-ACCORDING_TO_WEIGHT * page.proximity(m.start())))
    return out


def _word_valences(
    text: str, start: int, end: int, floor: int, news: bool = False
) -> list[tuple[re.Match[str], float]]:
    """Evaluative words in ``text[start:end]`` with their valence, negation applied.

    ``news``: the outlet's loaded language (``lexicon.loaded``, reported attitudes
    included); otherwise general sentiment, for how a quoted voice speaks. Capitalised
    words after the sentence start (``floor``) are skipped: they are parts of names
    ("United States", "Freedom House"), not judgements.
    """
    out: list[tuple[re.Match[str], float]] = []
    recent: list[str] = []
    for m in lexicon.WORD.finditer(text, start, end):
        word = m.group()
        low = word.lower().replace("’", "'")
        v = (lexicon.loaded(low, reported=True) or 0.0) if news else lexicon.valence(low)
        named = word[0].isupper() and _inside_sentence(text, floor, m.start())
        critical_to = low == "critical" and re.match(r"\s+(?:to|for)\b", text[m.end() : m.end() + 5])
        if v and not named and not critical_to:
            if any(w in lexicon.NEGATIONS or w.endswith("n't") for w in recent[-lexicon.NEGATION_WINDOW :]):
                v *= lexicon.NEGATION_SCALAR
            out.append((m, v))
        recent.append(low)
    return out


def _inside_sentence(text: str, floor: int, pos: int) -> bool:
    """Is ``pos`` after the first word of its sentence (so a capital there marks a name)?"""
    before = text[floor:pos].rstrip()
    return bool(lexicon.WORD.search(before)) and before[-1] not in '.!?:;“"«‘-–—'


def loaded_words(page: Page, ironic: list[Range]) -> list[Scored]:
    """Evaluative words in sentences about the target (a mention, or the sentence after one).

    A word inside a reported quote, or between quote marks that are not a scare quote,
    is the speaker's (``voice="quoted"``): it is shown at ``QUOTED_WEIGHT`` and counted
    only through its voice; words under scare quotes or "so-called" (``ironic``) are
    irony, not praise.
    """
    out: list[Scored] = []
    for i, (s_start, s_end) in enumerate(page.sentences):
        near = page.about(i)
        if not near:
            continue
        # no common-noun rule here: said of the target, "a disaster" judges it, topic or not
        for m, v in _word_valences(page.text, s_start, s_end, s_start, news=True):
            if any(s <= m.start() < e for s, e in ironic):
                continue
            said = page.speech_at(m.start(), m.end())
            note = f"loaded: '{m.group()}' ({v:+.1f})"
            if said is not None:
                who = said.speaker or "an unnamed speaker"
                ev = _item(
                    page,
                    "loaded",
                    m.start(),
                    m.end(),
                    v / 4 * QUOTED_WEIGHT,
                    f"{note} in a quote by {who}",
                    "quoted",
                )
                out.append(Scored(evidence=ev, weight=0.0))
            elif page.quoted(m.start(), m.end()):
                ev = _item(
                    page,
                    "loaded",
                    m.start(),
                    m.end(),
                    v / 4 * QUOTED_WEIGHT,
                    f"{note} in quote marks",
                    "quoted",
                )
                out.append(Scored(evidence=ev, weight=0.0))
            elif page.target_acts(m.start()):
                ev = _item(page, "loaded", m.start(), m.end(), v / 4, f"{note} by the target itself")
                out.append(Scored(evidence=ev, weight=v / 4 * near * TARGET_VOICE_WEIGHT))
            else:
                ev = _item(page, "loaded", m.start(), m.end(), v / 4, note)
                out.append(Scored(evidence=ev, weight=v / 4 * near))
    return out


def voices(page: Page) -> list[Scored]:
    """Who is quoted, how much (share of quoted characters) and how (polarity of their words)."""
    by_speaker: dict[str, list[QuoteSpan]] = {}
    for q in page.speech:
        by_speaker.setdefault((q.speaker or "").strip().lower(), []).append(q)
    total = sum(q.end - q.start for q in page.speech)
    out: list[Scored] = []
    for spans in by_speaker.values():
        speaker = spans[0].speaker
        share = sum(q.end - q.start for q in spans) / total if total else 0.0
        # floor=q.start: a capital at the start of a quote opens its sentence
        found = [v for q in spans for _, v in _word_valences(page.text, q.start, q.end, q.start)]
        polarity = lexicon.normalise(sum(found)) if found else 0.0
        itself = page.is_target(speaker)
        relevant = itself or any(page.proximity(q.start) > FAR_WEIGHT for q in spans)
        weight = polarity * share * VOICE_WEIGHT * (TARGET_VOICE_WEIGHT if itself else 1.0)
        weight *= 1.0 if relevant else FAR_WEIGHT
        longest = max(spans, key=lambda q: q.end - q.start)
        who = f"{speaker or 'an unnamed speaker'} ({_role(polarity, itself)})"
        note = f"quotes {who}, {share:.0%} of quoted text, {len(spans)} quote(s)"
        ev = _item(page, "voice", longest.start, longest.end, round(polarity, 3), note, "quoted")
        out.append(Scored(evidence=ev, weight=weight))
    return out


def _role(polarity: float, itself: bool) -> str:
    if itself:
        return "the target"
    if abs(polarity) < VOICE_ROLE_POLARITY:
        return "neutral"
    return "critic" if polarity < 0 else "supporter"


def pos_tags(doc: Doc) -> dict[int, str]:
    """Universal part-of-speech tags of a parsed text by token start offset.

    Words inside a named entity count as proper nouns ("Black Lives Matter",
    "Affordable Care Act"): a name is not the writer's word choice.
    """
    return {t.idx: "PROPN" if t.ent_type_ else t.pos_ for t in doc}


@stage("word_tags", requires=["doc"], assigns=["word_tags"])
def word_tags(text: str, doc: Doc, limit: float = lexicon.TAG_ZIPF) -> list[WordTag]:
    """The words whose part of speech framing reads (``lexicon.reads_pos``), for ``Page.tags``.

    The framing stage runs without the parse, so the map keeps these few (rare content
    words, and nouns VADER scores) with their offsets. A word is ``lexicon.WORD``'s
    (a hyphenated compound whole) and takes its head's tag, the last part's: "placard-waving"
    is a VERB. ``limit``: the Zipf frequency below which content words are kept (tuning).
    """
    pos = pos_tags(doc)
    out = []
    for m in lexicon.WORD.finditer(text):
        tag = pos.get(m.start() + m.group().rfind("-") + 1)
        if tag is not None and lexicon.reads_pos(m.group(), tag, limit):
            out.append(WordTag(start=m.start(), end=m.end(), pos=tag))
    return out


_POS_NAMES = {"ADJ": "adjective", "ADV": "adverb", "VERB": "verb", "NOUN": "noun"}


def outlet_language(
    page: Page,
    min_valence: float = lexicon.VADER_LOADED_MIN,
    marked: dict[str, float] | None = None,
) -> list[Scored]:
    """The outlet's loaded and evaluative language anywhere in the text, target or not.

    Loaded words (``lexicon.loaded``), scare quotes, hedges and distancing cues, each
    weighted by its strength (unsigned). When the page is parsed (``page.tags``), also
    marked words (kind ``marked``, ``lexicon.marked``: unusually rare adjectives, adverbs,
    verbs and nouns, at ``lexicon.MARKED_STRENGTH``, leaning nowhere); ``marked`` overrides the
    Zipf thresholds (for tuning). A loaded word inside someone's quote is kept
    with ``voice="quoted"`` and weight 0: shown apart, never counted as the outlet's.
    Words under the outlet's own scare quotes are covered by the scare-quote item.
    """
    scare = scare_quotes(page)
    ironic = [(s.evidence.start, s.evidence.end) for s in scare]
    out = [Scored(evidence=s.evidence, weight=abs(s.evidence.polarity)) for s in scare + hedges(page)]
    taken = ironic + [(s.evidence.start, s.evidence.end) for s in out]
    for s_start, s_end in page.sentences or [(0, len(page.text))]:
        for m in lexicon.WORD.finditer(page.text, s_start, s_end):
            if any(s <= m.start() < e for s, e in taken):
                continue
            if m.group()[0].isupper() and _inside_sentence(page.text, s_start, m.start()):
                continue  # part of a name ("Liberty University")
            pos = page.tags.get(m.start())  # a compound's is its head's (``word_tags``)
            v = lexicon.loaded(m.group(), min_valence, pos=pos)
            z = lexicon.marked(m.group(), pos, marked) if v is None and page.tags else None
            if v is None and z is None:
                continue
            if v is not None:
                kind = "intensifier" if v == 0.0 else f"{v:+.1f}"
                note, polarity, weight = f"loaded: '{m.group()}' ({kind})", v / 4, lexicon.strength(v)
                item_kind = "loaded"
            else:
                note = f"marked: rare {_POS_NAMES.get(pos or '', 'word')} '{m.group()}' (Zipf {z:.1f})"
                polarity, weight = 0.0, lexicon.MARKED_STRENGTH / 4
                item_kind = "marked"
            if page.quoted(m.start(), m.end()):
                ev = _item(
                    page, item_kind, m.start(), m.end(), polarity, f"{note} in a quoted voice", "quoted"
                )
                out.append(Scored(evidence=ev, weight=0.0))
            else:
                ev = _item(page, item_kind, m.start(), m.end(), polarity, note)
                out.append(Scored(evidence=ev, weight=weight))
    return sorted(out, key=lambda s: (s.evidence.start, s.evidence.end, s.evidence.kind))


def headline(title: str) -> list[Scored]:
    """The outlet's own cues in a headline: scare quotes, hedges, distancing, loaded words.

    The title is a separate string from the clean text, so its items say ``part="title"``
    and their offsets index the title. Quoted words in a headline stay the speaker's.
    """
    page = Page(text=title, sentences=[(0, len(title))], target="", target_spans=[], quotes=[], headline=True)
    scare = scare_quotes(page)
    ironic = [(s.evidence.start, s.evidence.end) for s in scare]
    found = scare + hedges(page) + loaded_words(page, ironic)
    for s in found:
        s.evidence.part = "title"
    return sorted(found, key=lambda s: (s.evidence.start, s.evidence.end, s.evidence.kind))


def detect(page: Page) -> list[Scored]:
    """All evidence in the article, in text order."""
    scare = scare_quotes(page)
    ironic = [(s.evidence.start, s.evidence.end) for s in scare]
    found = scare + hedges(page) + loaded_words(page, ironic) + voices(page)
    return sorted(found, key=lambda s: (s.evidence.start, s.evidence.end, s.evidence.kind))
