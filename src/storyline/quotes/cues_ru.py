"""Russian speech cues and speakers: verbs of saying in every gender, «по словам», pronouns.

Character-level, no parse: the speaker is picked from the person and organisation
mentions given (natasha's NER or any other) inside a short attribution zone, else
a pronoun, else the zone's words when they are few (a description: «глава МИД»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from storyline.model import Mention
from storyline.morph import morph as _morph

Range = tuple[int, int]

# Past stems (the form before -л/-ла/-ли/-ло) of verbs of saying.
_PAST_STEMS = """
заяви сказа сообщи отмети подчеркну добави поясни указа замети призна рассказа написа уточни счита
говори полага призва предупреди напомни ответи возрази объясни констатирова резюмирова утвержда
настаива прокомментирова пообеща обеща завери допусти высказа акцентирова уверя заверя передава
процитирова сообща отмеча добавля поясня указыва замеча уточня напомина отвеча заявля подчеркива увери
подчёркива цитирова спроси сформулирова выступи
"""
# Reflexive and irregular pasts, present tense (3rd person) and short adjectives.
_OTHER_FORMS = """
признался призналась признались высказался высказалась высказались опроверг опровергла опровергли
заявляет заявляют считает считают говорит говорят отмечает отмечают подчеркивает подчеркивают
подчёркивает подчёркивают пишет пишут сообщает сообщают полагает полагают утверждает утверждают
добавляет добавляют поясняет поясняют указывает указывают настаивает настаивают признает признаёт
признают уточняет уточняют напоминает напоминают уверен уверена уверены убежден убеждена убеждены
убеждён убеждена цитирует цитируют передает передаёт передают отвечает отвечают заверяет заверяют
"""
CUE_FORMS = frozenset(
    [s + end for s in _PAST_STEMS.split() for end in ("л", "ла", "ли", "ло")] + _OTHER_FORMS.split()
)
_CUE_ALT = "|".join(sorted(CUE_FORMS, key=len, reverse=True))
CUE_RE = re.compile(r"(?<!\w)(?:" + _CUE_ALT + r")(?!\w)", re.IGNORECASE)
# «по словам X», «как заявил X», «как сообщает X», «со слов X».
ACCORDING_RE = re.compile(
    r"(?<!\w)(?:по\s+словам|со\s+слов|по\s+мнению|как\s+(?:" + _CUE_ALT + r"))(?!\w)",
    re.IGNORECASE,
)
PRONOUNS = {"он": "m", "она": "f", "они": None, "мы": None, "я": None}
_PRONOUN_RE = re.compile(r"(?<!\w)(?:он|она|они)(?!\w)", re.IGNORECASE)
PERSON_LABELS = frozenset({"PER", "PERSON"})
# Person titles in any case (глава/главы, министр/министра, представитель/представителя ...).
TITLE_STEMS = (
    "глав", "министр", "замминистр", "вице-министр", "представител", "пресс-секретар", "директор",
    "руководител", "председател", "посол", "спикер", "советник", "президент", "премьер",
    "губернатор", "мэр", "депутат", "сенатор", "официальн", "сотрудник", "эксперт",
)  # fmt: skip
_TITLE_ALT = "|".join(TITLE_STEMS)
# A title right before an organisation: «глава МИД», «представитель компании».
TITLE_BEFORE_RE = re.compile(
    r"(?<!\w)(?:" + _TITLE_ALT + r")[а-яё]{0,4}(?:\s+[а-яё]+){0,2}\s+[«„\"]?$", re.IGNORECASE
)
ORG_LABELS = frozenset({"ORG"})
# Words of an attribution zone that are not the speaker: addressees, places of speech, times.
_NOT_SPEAKER = frozenset(
    {"журналистам", "репортерам", "репортёрам", "прессе", "также", "еще", "ещё", "позже", "затем", "тогда",
     "вчера", "сегодня", "ранее", "накануне", "уже", "вновь", "снова", "однако"}
)  # fmt: skip
# Endings stripped to compare case forms of one name: Соболев/Соболева/Соболеву/Соболевым.
_ENDINGS = ("ыми", "ими", "ому", "ему", "ого", "его", "ой", "ей", "ым", "им", "ом", "ем", "ую", "юю", "ая")
_SHORT_ENDINGS = ("а", "я", "у", "ю", "е", "ы", "и")
_WORD = re.compile(r"[\w-]+")
# Past-tense verb right after a name: its gender ("Иванова заявила" -> f).
_FEM_VERB = re.compile(r"\s+\w+(?:ла|лась)(?!\w)")
_MASC_VERB = re.compile(r"\s+\w+[аеиоуяыё]л(?:ся)?(?!\w)")


@dataclass(slots=True, kw_only=True)
class Attribution:
    """A cue and who it names, as character ranges; ``how`` says which convention found it."""

    cue: Range
    speaker: Range | None
    how: str  # after | before | dash | according | colon | indirect | inherited


def name_key(word: str) -> str:
    """A case-insensitive stem of a name word, so case forms of one surname compare equal."""
    w = word.lower().replace("ё", "е")
    for end in _ENDINGS:
        if w.endswith(end) and len(w) - len(end) >= 4:
            return w[: -len(end)]
    for end in _SHORT_ENDINGS:
        if w.endswith(end) and len(w) - 1 >= 4:
            return w[:-1]
    return w


def gender_after(text: str, end: int) -> str | None:
    """The gender a past-tense verb right after a name gives it, or None."""
    if _FEM_VERB.match(text, end):
        return "f"
    if _MASC_VERB.match(text, end):
        return "m"
    return None


def pick_speaker(text: str, zone: Range, cue: Range, people: list[Mention]) -> Range | None:
    """Who speaks in an attribution zone: a person mention nearest the cue, then an
    organisation, then a pronoun, then the zone's own words when they are a short phrase."""
    zs, ze = zone
    inside = [m for m in people if zs <= m.start and m.end <= ze]
    for labels in (PERSON_LABELS, ORG_LABELS):
        found = [m for m in inside if m.label in labels]
        if found:
            best = min(found, key=lambda m: min(abs(m.start - cue[1]), abs(cue[0] - m.end)))
            if labels is ORG_LABELS:
                title = TITLE_BEFORE_RE.search(text, max(zs, best.start - 40), best.start)
                if title is not None:
                    # «глава МИД», «представитель компании «X»» (the closing mark too)
                    closed = title.group().endswith(("«", "„", '"')) and text[best.end : best.end + 1] in (
                        "»",
                        "“",
                        '"',
                    )
                    return title.start(), best.end + (1 if closed else 0)
            return best.start, best.end
    pronouns = [m for m in _PRONOUN_RE.finditer(text, zs, ze)]
    if pronouns:
        best_p = min(pronouns, key=lambda m: min(abs(m.start() - cue[1]), abs(cue[0] - m.end())))
        return best_p.start(), best_p.end()
    return _phrase_speaker(text, zone, cue)


def _phrase_speaker(text: str, zone: Range, cue: Range) -> Range | None:
    """«сообщили в пресс-службе министерства», «глава ведомства заявил»: the words on the
    side of the cue away from the quote, at most six, without addressees and times."""
    side = (cue[1], zone[1]) if cue[1] < zone[1] and text[cue[1] : zone[1]].strip() else (zone[0], cue[0])
    words = list(_WORD.finditer(text, *side))
    while words and words[0].group().lower() in _NOT_SPEAKER:
        words.pop(0)
    while words and words[-1].group().lower() in _NOT_SPEAKER:
        words.pop()
    if not words or len(words) > 6:
        return None
    if not any(w.group()[0].isalpha() for w in words):
        return None
    return words[0].start(), words[-1].end()


# -- names: gender and nominative form (pymorphy3's dictionary of first names and surnames) --

_NAME_TAGS = ("Name", "Surn", "Patr")


@lru_cache(maxsize=8192)
def _name_parses(word: str) -> tuple[Any, ...]:
    return tuple(p for p in _morph().parse(word) if any(t in p.tag for t in _NAME_TAGS))


def name_gender(name: str) -> str | None:
    """ "m" or "f" from a first name in ``name`` (Олег, Анной), else None: surnames alone are ambiguous."""
    words = name.replace("-", " ").split()
    # A lone word may be a surname that looks like a first name («Соболева»): only a sure parse counts.
    least = 0.9 if len(words) == 1 else 0.2
    for word in words[:-1] or words:
        firsts = [p for p in _name_parses(word) if "Name" in p.tag and p.score >= least]
        if firsts:
            tag = firsts[0].tag
            return "f" if "femn" in tag else "m" if "masc" in tag else None
    return None


def nominative(name: str) -> str:
    """A person's name in the nominative: «Анны Власовой» -> «Анна Власова».

    A word that may already be nominative (of the name's gender) is kept, so a
    surname alone («Соболева»: his genitive or her nominative) is left as written.
    """
    gender = {"m": "masc", "f": "femn"}.get(name_gender(name) or "")
    out: list[str] = []
    for word in name.split():
        parts: list[str] = []
        for part in word.split("-"):
            parses = [
                p for p in _name_parses(part) if "sing" in p.tag and (gender is None or gender in p.tag)
            ]
            if not parses or any("nomn" in p.tag for p in parses):
                parses = []
            form = parses[0].inflect({"nomn"}) if parses else None
            new = form.word if form is not None else part
            parts.append(new[:1].upper() + new[1:] if part[:1].isupper() else new)
        out.append("-".join(parts))
    return " ".join(out)
