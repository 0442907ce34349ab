"""Stance of an article, and of a story, towards the story's main subject (the target).

The evidence (``evidence.detect``) gives three sums, each item weighted by how close
it stands to a mention of the target:

- ``pos``: supportive evaluation: the outlet's positive loaded words, and voices whose
  quoted words are positive (polarity x share of the quoted text). Quoted words count
  once, through their voice; the target's own praise (its quotes, "X welcomed ...")
  counts at ``evidence.TARGET_VOICE_WEIGHT``;
- ``neg``: the same, negative;
- ``doubt``: scare quotes, hedges and distancing cues, plus ``OMISSION_WEIGHT`` per
  omission (capped at ``OMISSION_CAP``).

``score = pos - neg - doubt``. The label, first rule that applies:

1. neutral: the target is not mentioned, or ``pos + neg + doubt`` (without omissions)
   is below ``MIN_EVIDENCE``;
2. mixed: ``pos`` and ``neg`` both reach ``STRONG`` and the smaller is at least
   ``MIXED_RATIO`` of the larger;
3. critical: ``neg`` reaches ``STRONG``, exceeds ``pos``, and ``neg + doubt`` exceeds ``pos``
   by ``CLEAR_MARGIN`` (doubt cues reinforce negative words, never replace them);
4. skeptical: the article has a doubt cue of its own, ``doubt`` reaches ``DOUBT_MIN`` and
   is at least ``pos``, and ``neg`` stays below ``STRONG`` (doubt without strong negative words);
5. supportive: ``pos`` reaches ``STRONG`` and exceeds ``neg + doubt`` by ``CLEAR_MARGIN``;
6. mixed: ``pos`` and ``neg + doubt`` both reach ``WEAK`` (evidence both ways, neither clear;
   omissions count here, so they can turn a weak supportive into mixed);
7. neutral otherwise.

Every label but neutral is backed by evidence of its own sign; omissions alone never
reach ``MIN_EVIDENCE``, so they only tip a label towards mixed or skeptical.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass

from storyline.framing.evidence import (
    FramingEvidence,
    Page,
    QuoteSpan,
    Scored,
    detect,
    headline,
    outlet_language,
)
from storyline.model import WordTag
from storyline.stages import stage

Range = tuple[int, int]

MIN_EVIDENCE = 0.5
STRONG = 0.6
WEAK = 0.3
MIXED_RATIO = 0.5
CLEAR_MARGIN = 0.4
DOUBT_MIN = 0.5
OMISSION_WEIGHT = 0.15
OMISSION_CAP = 0.3

# A story is mixed when outlets on each side make up at least this share of the
# articles that take a stance; otherwise it takes its most common stance.
STORY_MIXED_SHARE = 0.25
STORY_EVIDENCE_LIMIT = 10

STANCES = ("supportive", "critical", "skeptical", "mixed", "neutral")
_EVALUATIVE = frozenset({"loaded", "voice"})
_DOUBT = frozenset({"scare_quote", "hedge", "distancing"})


@dataclass(slots=True, kw_only=True)
class Actor:
    """One of an article's main actors (a person, organisation or country) and where it is named."""

    entity_id: str
    name: str
    spans: list[Range]


@dataclass(slots=True, kw_only=True)
class ActorStance:
    """How one article positions one actor, from the evidence in sentences about it."""

    entity_id: str
    stance: str  # supportive | critical | skeptical | mixed | neutral
    score: float  # pos - neg - doubt over the actor's evidence
    evidence: list[FramingEvidence]


@dataclass(slots=True, kw_only=True)
class Framing:
    """How one article positions its story's target, and why."""

    article_id: str
    stance: str  # supportive | critical | skeptical | mixed | neutral
    target: str
    evidence: list[FramingEvidence]
    score: float  # pos - neg - doubt (see the module docstring)
    actors: list[ActorStance] = dataclasses.field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class _Sums:
    pos: float = 0.0
    neg: float = 0.0
    doubt: float = 0.0  # the article's own cues
    omitted: float = 0.0


def _sums(scored: list[Scored], omissions: int) -> _Sums:
    sums = _Sums(omitted=min(OMISSION_WEIGHT * omissions, OMISSION_CAP))
    for s in scored:
        if s.evidence.kind in _EVALUATIVE:
            sums.pos += max(s.weight, 0.0)
            sums.neg += max(-s.weight, 0.0)
        elif s.evidence.kind in _DOUBT:
            sums.doubt += abs(s.weight)
    return sums


def label(sums: _Sums) -> str:
    """The stance for these sums (rules in the module docstring)."""
    pos, neg = sums.pos, sums.neg
    doubt = sums.doubt + sums.omitted
    if pos + neg + sums.doubt < MIN_EVIDENCE:
        return "neutral"
    if pos >= STRONG and neg >= STRONG and min(pos, neg) >= MIXED_RATIO * max(pos, neg):
        return "mixed"
    if neg >= STRONG and neg > pos and neg + doubt - pos >= CLEAR_MARGIN:
        return "critical"
    if sums.doubt > 0 and doubt >= DOUBT_MIN and doubt >= pos and neg < STRONG:
        return "skeptical"
    if pos >= STRONG and pos - neg - doubt >= CLEAR_MARGIN:
        return "supportive"
    if pos >= WEAK and neg + doubt >= WEAK:
        return "mixed"
    return "neutral"


@stage(
    "framing",
    kind="corpus",
    requires=["article", "sentences", "word_tags", "mentions", "entities", "quotes", "stories"],
    assigns=["framing"],
)
def frame_article(
    *,
    article_id: str,
    text: str,
    sentences: list[Range],
    target: str,
    target_spans: list[Range],
    quotes: list[QuoteSpan],
    omissions: list[FramingEvidence] | None = None,
    title: str | None = None,
    actors: list[Actor] | None = None,
    tags: list[WordTag] | None = None,
) -> Framing:
    """The article's stance towards ``target`` with its evidence (title, text order, omissions last).

    ``title``, when the clean text does not hold it, is read for the outlet's own cues
    too: a headline's scare quotes are framing. ``actors``: the article's main actors,
    each given its own stance (``frame_actors``). ``tags``: the analyze stage's
    ``word_tags``, for marked words and the common-noun rule (without them, neither).

    The evidence also holds the rest of the outlet's language (``outlet_language``:
    loaded words in sentences not about the target, marked words, intensifiers) with
    ``counted=False``: shown, never part of the stance. The stance's own reading is
    unchanged by ``tags``: a frequent noun said of the target ("a disaster") still counts.
    """
    page = Page(
        text=text, sentences=sentences, target=target, target_spans=target_spans, quotes=quotes, tags=tags
    )
    # Some cleaners keep the headline as the text's first line: read it once.
    own = title is not None and bool(title.strip()) and not text.lstrip().startswith(title.strip())
    found = detect(page)
    scored = (headline(title) if own and title else []) + _with_language(page, found)
    omitted = list(omissions or [])
    sums = _sums(scored, len(omitted))
    stance = label(sums) if target_spans else "neutral"
    score = sums.pos - sums.neg - sums.doubt - sums.omitted
    return Framing(
        article_id=article_id,
        stance=stance,
        target=target,
        evidence=[s.evidence for s in scored] + omitted,
        score=round(score, 3),
        actors=frame_actors(text=text, sentences=sentences, quotes=quotes, actors=actors or []),
    )


def _with_language(page: Page, found: list[Scored]) -> list[Scored]:
    """``found`` (the stance's evidence) plus the outlet's other language, uncounted, in text order."""
    shown = {(s.evidence.start, s.evidence.end, s.evidence.kind) for s in found}
    extra = []
    for s in outlet_language(page):
        if (s.evidence.start, s.evidence.end, s.evidence.kind) not in shown:
            s.evidence.counted = False
            extra.append(Scored(evidence=s.evidence, weight=0.0))
    return sorted(found + extra, key=lambda s: (s.evidence.start, s.evidence.end, s.evidence.kind))


def frame_actors(
    *, text: str, sentences: list[Range], quotes: list[QuoteSpan], actors: list[Actor]
) -> list[ActorStance]:
    """The article's stance towards each actor, by the same rules as towards the target.

    An actor's evidence is what stands in a sentence naming it or the sentence right
    after, and counts: the outlet's own words and the voices quoted there (quoted words
    count only through their voice). A sentence naming two actors gives its words to
    both: the sentence is the unit, not the clause. An actor not named is left out.
    """
    out: list[ActorStance] = []
    for actor in actors:
        if not actor.spans:
            continue
        page = Page(
            text=text, sentences=sentences, target=actor.name, target_spans=actor.spans, quotes=quotes
        )
        near = [s for s in detect(page) if s.weight and _about(page, s.evidence.start)]
        sums = _sums(near, 0)
        out.append(
            ActorStance(
                entity_id=actor.entity_id,
                stance=label(sums),
                score=round(sums.pos - sums.neg - sums.doubt, 3),
                evidence=[s.evidence for s in near],
            )
        )
    return out


def _about(page: Page, pos: int) -> bool:
    i = page.sentence_of(pos)
    return i is not None and page.about(i) > 0


def _backs(stance: str, ev: FramingEvidence) -> bool:
    """Does this item support the story's label? A quoted word is the speaker's: its voice backs, not it."""
    if (ev.kind == "loaded" and ev.voice == "quoted") or not ev.counted:
        return False
    if stance == "supportive":
        return ev.kind in _EVALUATIVE and ev.polarity > 0
    if stance == "critical":
        return ev.kind in _EVALUATIVE and ev.polarity < 0
    if stance == "skeptical":
        return ev.kind in _DOUBT or ev.kind == "omission"
    if stance == "mixed":
        return ev.kind in _EVALUATIVE and ev.polarity != 0
    return False


def frame_story(framings: list[Framing]) -> tuple[str, list[FramingEvidence]]:
    """The story-level stance (same label set) and the strongest evidence across its articles.

    Outlets on both sides (supportive against critical or skeptical), each at least
    ``STORY_MIXED_SHARE`` of the articles taking a stance, make the story mixed;
    otherwise the most common article stance wins, ties going to the larger total
    ``|score|``. The evidence returned is copied with ``article_id`` set to the article
    whose text its offsets index: items backing the label first, from articles holding
    that label first, stronger (``|polarity|``) first. Uncounted items (``counted=False``:
    the outlet's language outside the stance) are the articles' own, not the story's.
    """
    taking = [f for f in framings if f.stance != "neutral"]
    if not taking:
        stance = "neutral"
    else:
        counts = Counter(f.stance for f in taking)
        favour = counts["supportive"] / len(taking)
        against = (counts["critical"] + counts["skeptical"]) / len(taking)
        if favour >= STORY_MIXED_SHARE and against >= STORY_MIXED_SHARE:
            stance = "mixed"
        else:
            weight: dict[str, float] = {}
            for f in taking:
                weight[f.stance] = weight.get(f.stance, 0.0) + abs(f.score)
            stance = max(counts, key=lambda s: (counts[s], weight[s]))
    ranked: list[tuple[bool, bool, float, FramingEvidence]] = []
    for f in framings:
        for ev in f.evidence:
            if not ev.counted:
                continue
            copy = dataclasses.replace(
                ev, article_id=ev.article_id if ev.kind == "omission" else f.article_id
            )
            # an item backs the label best when its own article holds that label too
            ranked.append((not _backs(stance, ev), f.stance != stance, -abs(ev.polarity), copy))
    ranked.sort(key=lambda r: r[:3])
    return stance, [r[3] for r in ranked[:STORY_EVIDENCE_LIMIT]]
