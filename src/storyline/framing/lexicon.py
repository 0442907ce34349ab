"""Lexicons for framing: evaluative words, hedges, distancing cues, speech cues.

Evaluative valences are VADER's (Hutto & Gilbert 2014, ``vader_lexicon.txt``
shipped with vaderSentiment 3.3.2; scale -4..+4), corrected for political news:
``DOMAIN_VALENCE`` adds words VADER lacks and overrides a few, ``NEWS_NEUTRAL``
drops entries that name things rather than judge them ("United", "party", "war").

The outlet's loaded language (``loaded``) is a news lexicon, not a general sentiment
lexicon alone: the hand-written ``DOMAIN_VALENCE`` and ``LOADED_TERMS`` (labels for actors,
attack verbs, judgements), ``INTENSIFIERS``, and only the strongly valenced VADER words
(``VADER_LOADED_MIN``); ``TOPICAL`` words (war, crime, death) describe events and never count.
No list here is learned from an evaluation set.
"""

from __future__ import annotations

import math
import re
from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
from wordfreq import zipf_frequency

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

# Loaded language of news writing that a general sentiment lexicon misses or scores for
# social media: labels an outlet chooses for actors, attack and boast verbs of reporting,
# and judgements of size or worth. Hand-written general English (families of Recasens et
# al. 2013: report verbs, subjective and sentiment words; style guides' "words to watch",
# e.g. AP Stylebook on "regime", "slammed", "claimed"), on VADER's scale like ``DOMAIN_VALENCE``.
LOADED_TERMS: dict[str, float] = {
    # labels for actors
    "regime": -1.2, "regimes": -1.2, "strongman": -1.8, "radical": -1.5, "radicals": -1.5,
    "extremist": -2.2, "extremists": -2.2, "extreme": -1.5, "militant": -1.5, "hardline": -1.2,
    "hardliner": -1.2, "hardliners": -1.2, "far-left": -1.5, "far-right": -1.5, "leftist": -1.2,
    "leftists": -1.2, "zealot": -2.0, "zealots": -2.0, "fanatic": -2.0, "fanatics": -2.0,
    "thug": -2.5, "thugs": -2.5, "mob": -1.8, "puppet": -1.8, "cronies": -2.0, "cronyism": -2.0,
    "elites": -1.0, "elitist": -1.5, "demagogue": -2.2, "tyrant": -2.8, "despot": -2.8,
    "junta": -1.8, "apologist": -1.8, "apologists": -1.8, "ideologue": -1.5, "ideologues": -1.5,
    "agitator": -1.8, "agitators": -1.8, "so-called": -1.2, "self-proclaimed": -1.2,
    "self-styled": -1.2, "embattled": -1.2, "beleaguered": -1.2, "disgraced": -2.0,
    "notorious": -1.9, "infamous": -1.9, "controversial": -1.2, "divisive": -1.5, "partisan": -1.2,
    # attack and boast verbs where "said" or "criticised" would do
    "slammed": -1.8, "slams": -1.8, "blasted": -1.8, "blasts": -1.8, "lashed": -1.8,
    "ripped": -1.5, "rips": -1.5, "railed": -1.8, "bashed": -1.8, "bashing": -1.8,
    "mocked": -1.5, "ridiculed": -1.8, "derided": -1.8, "scoffed": -1.5, "smeared": -2.0,
    "smear": -2.0, "vilified": -2.2, "vilifying": -2.2, "demonized": -2.2, "demonizing": -2.2,
    "demonised": -2.2, "boasted": -1.2, "boasts": -1.2, "bragged": -1.5, "touted": -1.2,
    "touting": -1.2, "peddled": -1.8, "peddling": -1.8, "spewed": -2.2, "spewing": -2.2,
    "ranted": -2.0, "fumed": -1.5, "whined": -2.0, "dodged": -1.2, "meddling": -1.5,
    "flip-flopped": -1.5, "caved": -1.5, "pandering": -2.0, "grandstanding": -1.8,
    "rammed": -1.5, "scrambled": -1.2, "lurched": -1.2,
    # base forms, for other inflections ("slamming", "touts"); ambiguous bases ("rip", "rail") left out
    "slam": -1.8, "blast": -1.8, "bash": -1.8, "mock": -1.5, "ridicule": -1.8, "deride": -1.8,
    "vilify": -2.2, "demonize": -2.2, "demonise": -2.2, "boast": -1.2, "brag": -1.5, "tout": -1.2,
    "peddle": -1.8, "spew": -2.2, "whine": -2.0, "pander": -2.0, "grandstand": -1.8,
    # nouns that judge what they name
    "tirade": -2.0, "rant": -1.8, "screed": -2.0, "diatribe": -2.0, "meltdown": -1.8,
    "stunt": -1.5, "ploy": -1.5, "scheme": -1.2, "hoax": -2.2, "witch-hunt": -2.2,
    "rhetoric": -1.0, "onslaught": -1.5, "debacle": -2.2, "fiasco": -2.2, "boondoggle": -2.0,
    "hysteria": -1.9, "hysterical": -1.9, "alarmist": -1.8, "fearmongering": -2.0,
    "propaganda": -2.0, "agenda": -0.8, "crusade": -1.2, "handouts": -1.2, "giveaway": -1.2,
    # adjectives of worth, size and extremity
    "absurd": -2.0, "ridiculous": -2.0, "outrageous": -2.0, "egregious": -2.2, "draconian": -2.2,
    "reckless": -1.7, "radically": -1.5, "disgraceful": -2.5, "shameful": -2.3, "heinous": -3.0,
    "despicable": -3.0, "deranged": -2.5, "unhinged": -2.5, "baseless": -1.8, "bogus": -2.0,
    "discredited": -1.8, "debunked": -1.8, "dubious": -1.5, "shoddy": -1.8, "lavish": -1.2,
    "sweeping": 1.0, "staggering": -1.2, "stunning": 1.2, "massive": -1.0, "drastic": -1.2,
    "sweetheart": -1.2, "cynical": -1.8, "hypocritical": -2.0, "hypocrisy": -2.0,
    "brazen": -1.8, "brazenly": -1.8, "blatant": -1.8, "blatantly": -1.8, "shocking": -1.8,
    "shockingly": -1.8, "chaotic": -1.8, "disastrous": -2.9, "catastrophic": -2.9,
    "racist": -3.0, "bigoted": -2.8, "xenophobic": -2.8, "misogynistic": -2.8, "hateful": -2.8,
    "heroic": 2.2, "visionary": 2.0, "courageous": 2.2, "champion": 1.8, "stellar": 2.2,
}  # fmt: skip

# Intensifiers and subjective adverbs: the outlet's own emphasis, evaluative whichever way
# the sentence leans (Quirk et al. 1985 amplifiers; Hyland 2005 boosters). They count as
# loaded language at ``INTENSIFIER_STRENGTH`` but never push a stance.
INTENSIFIERS: frozenset[str] = frozenset({
    "extremely", "incredibly", "utterly", "outrageously", "wildly", "hugely", "massively",
    "enormously", "tremendously", "remarkably", "astonishingly", "staggeringly", "absolutely",
    "truly", "deeply", "fiercely", "bitterly", "harshly", "vehemently", "furiously",
    "desperately", "aggressively", "relentlessly", "openly", "deliberately", "notoriously",
    "infamously", "conveniently", "predictably", "dramatically", "radically", "grossly",
    "woefully", "painfully", "clearly", "obviously", "undeniably", "unquestionably",
    "certainly", "indeed",
})  # fmt: skip
INTENSIFIER_STRENGTH = 1.0

# Words that name events, not attitudes: a war, a crime, a death is reported, not judged
# (topical, in the sense of the "merely topical" words). Never counted as loaded,
# whatever a sentiment lexicon scores them.
TOPICAL: frozenset[str] = frozenset({
    "war", "wars", "warfare", "crime", "crimes", "criminal", "criminals", "death", "deaths", "dead",
    "die", "died", "dies", "dying", "kill", "killed", "killing", "killings", "kills", "murder",
    "murdered", "murders", "attack", "attacks", "attacked", "shooting", "shootings", "shot",
    "violence", "violent", "victim", "victims", "injured", "injury", "injuries", "wounded",
    "arrest", "arrested", "arrests", "prison", "prisoner", "prisoners", "jail", "terrorism",
    "terrorist", "terrorists", "disease", "virus", "pandemic", "cancer", "illness", "sick",
    "hospital", "emergency", "fire", "flood", "abuse", "assault", "rape", "fraud",
    "illegal", "illegally", "guilty", "charged", "charges", "lawsuit", "sued", "conflict",
    "crisis", "protest", "protests", "protesters", "riot", "riots", "poverty", "unemployment",
    "debt", "tax", "taxes", "threat", "threats", "risk", "risks", "fear", "fears", "lost", "loss",
    "losses", "win", "won", "wins", "victory", "defeat", "defeated", "vote", "votes", "support",
    "supports", "supported", "supporters", "oppose", "opposed", "opposition", "against",
    "problem", "problems", "gun", "guns", "weapon", "weapons", "bomb", "bombing",
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
# Adjectives of attitude: "X is critical of Y" reports X's view of Y, like an attitude verb.
ATTITUDE_ADJECTIVES: frozenset[str] = frozenset({
    "critical", "supportive", "skeptical", "sceptical", "hostile", "wary", "opposed", "favourable",
    "favorable", "appreciative", "dismissive",
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


# A word only VADER lists is loaded news language from this |valence| up: below it,
# general sentiment words mostly report events and acts ("help", "refused", "ban",
# "justice"); chosen on half a of the BABE evaluation (bench/eval_framing.py --tune).
VADER_LOADED_MIN = 2.0


@cache
def news_terms() -> dict[str, float]:
    """The hand-written news lexicon: ``DOMAIN_VALENCE`` and ``LOADED_TERMS``."""
    return {**DOMAIN_VALENCE, **LOADED_TERMS}


def loaded(
    word: str, min_valence: float = VADER_LOADED_MIN, reported: bool = False, pos: str | None = None
) -> float | None:
    """The valence of ``word`` as an outlet's loaded language; None when it is not loaded.

    The news lexicon counts as listed; a word only VADER lists counts from
    ``min_valence`` up. Never counted: topical words (``TOPICAL``), ``NEWS_NEUTRAL``, and
    attitude verbs, which report an actor's attitude ("X condemned", "Y welcomed"), not the
    outlet's, unless ``reported`` (a stance towards a target counts who is reported
    praising or condemning it, as it counts who is quoted). Intensifiers return 0.0: evaluative, leaning nowhere. Regular inflections
    fall back to a base form ("slamming" -> "slam", "smears" -> "smear"). With a part of
    speech (``pos``, universal tags), a frequent noun only VADER lists names a topic
    ("justice", "racism", "freedom"), not a judgement: not loaded (``COMMON_NOUN_ZIPF``).
    """
    low = word.lower().replace("’", "'")
    if low in INTENSIFIERS:
        return 0.0
    attitude = is_attitude_verb(low) or low in ATTITUDE_ADJECTIVES or low.startswith("concern")
    if attitude and not reported:
        return None
    if attitude:
        # someone's reported attitude counts as its voice would, at the general floor
        min_valence = min(min_valence, LOADED_MIN_VALENCE)
    terms, vader = news_terms(), valences()
    forms = _forms(low)
    # an inflection of a topical word is topical too ("assaulting", "bombed")
    if any(form in TOPICAL or form in NEWS_NEUTRAL for form in forms):
        return None
    for form in forms:
        if form in terms:
            return terms[form]
        v = vader.get(form)
        if v is not None:
            if pos == "NOUN" and zipf(low) >= COMMON_NOUN_ZIPF:
                return None
            return v if abs(v) >= min_valence else None
    return None


# Marked word choice (Recasens et al. 2013 found bias words rarer than their neutral
# alternatives: "slammed" for "criticised", "crony" for "ally"): an adjective or adverb
# rarer in English at large than ``MARKED_ZIPF`` (wordfreq's Zipf scale, 3.0 = once per
# million words), or a verb or noun rarer still, is the writer's choice of an unusual
# word, a cue of evaluation that leans nowhere. Other parts of speech never are.
# The thresholds were chosen on half a of BABE (bench/eval_framing.py --tune).
MARKED_ZIPF: dict[str, float] = {"ADJ": 4.0, "ADV": 4.0, "VERB": 3.0, "NOUN": 3.0}
# A marked word weighs as an intensifier does (VADER scale): one is enough to show.
MARKED_STRENGTH = 1.0
# From this Zipf frequency up, a noun that only VADER scores is a topic (see ``loaded``).
COMMON_NOUN_ZIPF = 4.0


@cache
def zipf(word: str) -> float:
    """How common ``word`` is in English at large (wordfreq, Zipf scale 0..8)."""
    return float(zipf_frequency(word.lower(), "en"))


def marked(word: str, pos: str | None, thresholds: dict[str, float] | None = None) -> float | None:
    """The Zipf frequency of ``word`` when it is a marked (unusually rare) word choice for
    its part of speech ``pos`` (universal tags); None otherwise, or without ``pos``.

    Never marked: topical and news-neutral words and their inflections, attitude verbs
    and adjectives (someone's reported attitude, not the outlet's: "X is wary of"), and words that are not letters
    (hyphens allowed: a coined compound, "gun-toting", is a word choice too).
    """
    limit = (thresholds or MARKED_ZIPF).get(pos or "")
    low = word.lower().replace("’", "'")
    if limit is None or not low.replace("-", "").isalpha():
        return None
    forms = _forms(low)
    if (
        any(f in TOPICAL or f in NEWS_NEUTRAL for f in forms)
        or is_attitude_verb(low)
        or low in ATTITUDE_ADJECTIVES
    ):
        return None
    z = zipf(low)
    return z if z < limit else None


# The analyze stage records the part of speech of words rarer than this (the highest
# ``MARKED_ZIPF``): raising a threshold above it needs stored articles redone.
TAG_ZIPF = max(MARKED_ZIPF.values())


def reads_pos(word: str, pos: str, limit: float = TAG_ZIPF) -> bool:
    """Does framing read ``word``'s part of speech ``pos``? A marked-word candidate (an
    adjective, adverb, verb or noun rarer than ``limit``), or a noun VADER scores (a
    frequent one names a topic, ``loaded``). Other words read the same without a tag."""
    if pos not in MARKED_ZIPF:
        return False
    low = word.lower().replace("’", "'")
    if zipf(low) < limit:
        return True
    return pos == "NOUN" and any(form in valences() for form in _forms(low))


def strength(v: float) -> float:
    """How much one loaded word weighs in an outlet's loaded language (VADER scale / 4)."""
    return abs(v) / 4 if v else INTENSIFIER_STRENGTH / 4


def _forms(low: str) -> list[str]:
    """``low`` and the base forms it may be an inflection of."""
    forms = [low]
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"),
                         ("ing", ""), ("ing", "e"), ("ly", "")):  # fmt: skip
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            base = low[: len(low) - len(suffix)]
            forms.append(base + repl)
            if suffix in ("ed", "ing") and base[-1] == base[-2]:  # "slammed", "slamming"
                forms.append(base[:-1])
    return forms
