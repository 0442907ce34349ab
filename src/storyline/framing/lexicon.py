"""Lexicons for framing: evaluative words, hedges, distancing cues, speech cues.

Evaluative valences are VADER's (Hutto & Gilbert 2014, ``vader_lexicon.txt``
shipped with vaderSentiment 3.3.2; scale -4..+4), corrected for political news:
``DOMAIN_VALENCE`` adds words VADER lacks and overrides a few, ``NEWS_NEUTRAL``
drops entries that name things rather than judge them ("United", "party", "war").
"""

from __future__ import annotations

import math
import re
from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

# Political-news words VADER lacks or scores for social media, on VADER's scale.
# Hand-written for this project, each by analogy with a VADER entry of similar force
# (e.g. "sham" ~ "fake" -2.1, "landmark" ~ "important" boosted); review with examples.
DOMAIN_VALENCE: dict[str, float] = {
    # negative: repression and the vocabulary of illegitimacy
    "crackdown": -2.5, "clampdown": -2.5, "repression": -2.8, "repressive": -2.8, "authoritarian": -2.3,
    "authoritarianism": -2.3, "autocrat": -2.5, "autocratic": -2.5, "dictator": -3.0, "dictatorship": -3.0,
    "strongman": -1.8, "regime": -1.2, "rigged": -2.5, "sham": -2.5, "cosmetic": -1.5, "whitewash": -2.0,
    "propaganda": -2.0, "persecution": -2.8, "persecuted": -2.8, "censorship": -2.3, "intimidation": -2.5,
    "undemocratic": -2.3, "falsified": -2.5, "irregularities": -1.5, "jailed": -2.0, "condemn": -2.2,
    "condemns": -2.2, "condemned": -2.2, "concern": -1.2, "concerns": -1.2, "concerned": -1.2,
    "superficial": -1.2, "superficially": -1.2, "allegations": -1.2,
    # positive: endorsement and the vocabulary of reform
    "landmark": 2.0, "historic": 1.8, "bold": 1.5, "democratization": 1.5, "democratizing": 1.5,
    "modernization": 1.2, "welcome": 1.8, "welcomes": 1.8, "welcomed": 1.8, "praise": 2.2, "praises": 2.2,
    "praised": 2.2, "commend": 2.0, "commends": 2.0, "commended": 2.0, "lauded": 2.2, "hailed": 2.0,
    "unwavering": 1.8, "achievements": 1.8, "tangible": 1.0, "impetus": 1.2,
}  # fmt: skip

# VADER entries that in news name a topic or an institution rather than judge it.
NEWS_NEUTRAL: frozenset[str] = frozenset({
    "united", "party", "parties", "please", "like", "likes", "yes", "no", "ok", "okay", "want", "wants",
    "death", "dead", "penalty", "war", "wars", "kill", "killed", "killing", "care", "cares", "share",
    "shares", "join", "joined", "joins", "interest", "interests", "security", "reach", "pretty", "well",
    "play", "matter", "god", "hand", "hard", "chance", "chances", "credit", "mission", "cancer", "fire",
    # acts reported as facts, not judged: "promised to", "created in 2019", "signed agreements"
    "promise", "promises", "promised", "create", "created", "creating", "agreement", "agreements",
    # people, not judgements: "critics say" is distancing, counted there
    "critic", "critics",
})  # fmt: skip

# Below this |valence| (VADER scale) a word is too weak to be evaluative in news
# ("important" 0.8, "cut" -1.1, "resigned" -1.0 report facts more than they judge).
LOADED_MIN_VALENCE = 1.2

# Words that flip the next evaluative word within ``NEGATION_WINDOW`` tokens; the flip
# scales by VADER's N_SCALAR (-0.74): "not fair" is less negative than "unfair".
NEGATIONS: frozenset[str] = frozenset({
    "not", "no", "never", "nor", "neither", "without", "hardly", "n't", "cannot", "lack", "lacks",
    "lacking", "absence",
})  # fmt: skip
NEGATION_WINDOW = 3
NEGATION_SCALAR = -0.74

# Epistemic hedges (Hyland 2005, "Metadiscourse", hedge list; Recasens et al. 2013,
# "Linguistic Models for Analyzing and Detecting Biased Language"): the outlet
# withholds commitment to what follows.
HEDGES: tuple[str, ...] = (
    r"allegedly", r"alleged", r"reportedly", r"purportedly", r"purported", r"supposedly", r"ostensibly",
    r"apparently", r"(?:seems?|seemed|appears?|appeared) to", r"(?:is|are|was|were) said to",
    r"it remains to be seen", r"it is (?:not )?(?:unclear|not clear)", r"unconfirmed", r"unverified",
)  # fmt: skip

# Distancing: the outlet marks a statement as someone's claim, or hands judgement to
# others (AP Stylebook on "said" versus "claimed"/"insisted"; Recasens et al. 2013).
DISTANCING: tuple[str, ...] = (
    r"claim(?:s|ed)?(?: that)?", r"insist(?:s|ed)?(?: that)?", r"allege(?:s|d)? that",
    r"what (?:it|he|she|they|the \w+) (?:calls?|called|terms?|termed|describes? as|described as)",
    r"(?:critics|opponents|sceptics|skeptics) (?:say|said|argue|argued|note|noted|warn|warned|contend)",
)  # fmt: skip

# "according to" is ordinary attribution once; repeated, it keeps the outlet at a distance.
ACCORDING_TO = r"according to"
ACCORDING_TO_REPEAT = 2

# Words that, in the same sentence, make a quoted phrase someone's speech rather than
# the outlet's scare quote; a subset of ``storyline.quotes.cues.SPEECH_VERBS`` in written forms.
SPEECH_CUES: frozenset[str] = frozenset({
    "said", "says", "say", "told", "tells", "added", "adds", "stated", "states", "noted", "notes",
    "according", "calling", "called", "calls", "call", "insisted", "insists", "declared", "announced",
    "wrote", "writes", "described", "describes", "stressed", "underlined", "emphasized", "emphasised",
    "quoted", "quotes", "asked", "urged", "claimed", "claims", "argued", "argues", "termed", "dubbed",
})  # fmt: skip

# Words that end the noun phrase after "so-called".
PHRASE_STOPS: frozenset[str] = frozenset({
    "of", "in", "on", "at", "for", "to", "from", "by", "with", "and", "or", "but", "that", "which", "who",
    "as", "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "may",
    "might", "must", "should", "shall", "do", "does", "did",
})  # fmt: skip

# Verbs of attitude: with the target as subject ("X praised ...", "X strongly welcomes ..."),
# the evaluation is the target's own, not the outlet's view of the target (opinion holder
# versus opinion target, as in MPQA's annotation scheme, Wiebe et al. 2005).
ATTITUDE_VERBS: frozenset[str] = frozenset({
    "praise", "welcome", "appreciate", "commend", "hail", "laud", "applaud", "support", "endorse",
    "thank", "congratulate", "celebrate", "hope", "condemn", "criticize", "criticise", "denounce",
    "deplore", "reject", "regret", "blame", "accuse", "warn", "fear", "worry", "slam", "attack",
})  # fmt: skip
# Words that may stand between the target and its verb: "X has also strongly welcomed".
VERB_FILLERS: frozenset[str] = frozenset({
    "also", "has", "have", "had", "will", "would", "did", "does", "again", "then", "once", "further",
})  # fmt: skip

WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")


@cache
def valences() -> dict[str, float]:
    """Word -> valence (VADER scale), built once: VADER, minus ``NEWS_NEUTRAL``, plus ``DOMAIN_VALENCE``."""
    lexicon: dict[str, float] = dict(SentimentIntensityAnalyzer().lexicon)
    for word in NEWS_NEUTRAL:
        lexicon.pop(word, None)
    lexicon.update(DOMAIN_VALENCE)
    return lexicon


def valence(word: str) -> float:
    """The evaluative valence of one word, 0.0 when it is not evaluative enough."""
    v = valences().get(word.lower().replace("’", "'"), 0.0)
    return v if abs(v) >= LOADED_MIN_VALENCE else 0.0


def normalise(total: float, alpha: float = 15.0) -> float:
    """VADER's squashing of a valence sum into -1..1 (``vaderSentiment.normalize``)."""
    return total / math.sqrt(total * total + alpha)


def is_attitude_verb(word: str) -> bool:
    """Is ``word`` an inflection of an attitude verb ("praised", "welcomes", "criticizing")?"""
    low = word.lower()
    for suffix in ("", "s", "es", "d", "ed", "ing"):
        stem = low[: len(low) - len(suffix)] if suffix else low
        if low.endswith(suffix) and (stem in ATTITUDE_VERBS or stem + "e" in ATTITUDE_VERBS):
            return True
    return low in {"worried", "worries"}
