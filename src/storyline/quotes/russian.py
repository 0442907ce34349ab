"""Quotes in Russian conventions, from the text, its sentence spans and its name mentions.

Choices (the English extractor's, where Russian allows; see quotes/extract.py):
- Quote marks « », „ “ and " " (a „ “ nested in « » is part of the outer quote);
  unclosed marks are refused (``direct.quote_mark_spans``).
- Dash speech: a paragraph opened by a dash, split at «, — сказал X, —» into
  speech pieces that share the attribution; each piece is its own quote.
- Attribution after a quote («…», — заявил X. / «…», сказал он.), before it
  (X заявил: «…» / X отметил, что «…» / По словам X, «…»), or inherited from the
  quotation before it in the same paragraph, or from the paragraph before a dash line.
- Indirect speech per sentence: «По словам X, …», «Как заявил X, …», «X заявил(а/и),
  что …», «…, сообщил X.»; a sentence holding a direct quote gives no indirect one.
- A short quoted run (≤ 4 words, not a sentence, not attributed) is a name when it
  starts with a capital («Газпром», «Единая Россия»: dropped) and a scare-quoted
  phrase otherwise (kind "phrase").
- Speakers are the mentions given (PER/PERSON first, then ORG), else «он/она», else
  a short description («в пресс-службе ведомства»); a pronoun resolves to the subject
  person of the sentence before, else the nearest earlier person whose gender (from
  the verb after the name) does not differ; a name resolves to its fullest form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.model import Mention, Quote
from storyline.quotes.cues_ru import (
    ACCORDING_RE,
    CUE_RE,
    PERSON_LABELS,
    PRONOUNS,
    TITLE_STEMS,
    Attribution,
    Range,
    gender_after,
    name_gender,
    name_key,
    nominative,
    pick_speaker,
)
from storyline.quotes.direct import RawQuote, paragraphs, quote_mark_spans
from storyline.quotes.extract import quote_record

_PHRASE_MAX_WORDS = 4
_WORD = re.compile(r"\w+")
_DASH_OPEN = re.compile(r"[—–-]\s+")
# A spaced dash after , . ! ? … separates speech from its attribution inside a dash paragraph.
_DASH_SPLIT = re.compile(r"(?<=[,.!?…])\s+[—–]\s+")
# After a closing mark: «…», — сказал X / «…», сказал X / «…» — сказал X.
_AFTER_LEAD = re.compile(r"[,!?…]?\s*[—–]\s+|,\s+")
_ZONE_END = re.compile(r"[.!?;:«„“\"]|,\s*[—–]|\s[—–]\s")
_THAT = re.compile(r"\s*(?:о\s+том\s*)?,\s*(?:что|будто)(?!\w)", re.IGNORECASE)


@dataclass(slots=True, kw_only=True)
class _Found:
    kind: str
    span: Range
    att: Attribution | None


def extract_quotes_ru(
    article_id: str, text: str, sentences: list[Range], people: list[Mention]
) -> list[Quote]:
    """Quotes of one Russian article, in text order, with exact offsets for quote, cue and speaker.

    ``sentences`` are (start, end) spans of ``text``; ``people`` are person
    (PER or PERSON) and organisation (ORG) mentions with offsets into ``text``.
    """
    paras = paragraphs(text)
    people = sorted(people, key=lambda m: m.start)
    dash_found, dash_paras = _dash_speech(text, paras, people)
    marks = [q for q in quote_mark_spans(text) if not any(s <= q.outer_start < e for s, e in dash_paras)]
    found = _marked(text, marks, paras, sentences, people)
    found += _fill_dash(text, dash_found, paras, found, people)
    # Only speech blocks reported speech around it: a quoted name («Северный порт») does not.
    direct = [f.span for f in found if f.kind == "direct"]
    blocked = [(q.outer_start, q.outer_end) for q in marks if any(q.start <= s < q.end for s, _ in direct)]
    blocked += dash_paras
    found += _indirect(text, sentences, people, blocked)
    found.sort(key=lambda f: f.span)
    quoted = [(q.outer_start, q.outer_end) for q in marks] + dash_paras
    return _build(article_id, text, found, people, sentences, quoted)


# -- dash speech -------------------------------------------------------------------


def _dash_speech(
    text: str, paras: list[Range], people: list[Mention]
) -> tuple[list[tuple[int, list[Range], Attribution | None]], list[Range]]:
    """Dash paragraphs: (paragraph index, speech pieces, attribution found in the paragraph)."""
    out: list[tuple[int, list[Range], Attribution | None]] = []
    for p, (ps, pe) in enumerate(paras):
        m = _DASH_OPEN.match(text, ps)
        if m is None or len(_WORD.findall(text, m.end(), pe)) < 3:
            continue
        bounds = [m.end()]
        for sep in _DASH_SPLIT.finditer(text, m.end(), pe):
            bounds += [sep.start(), sep.end()]
        bounds.append(pe)
        segments = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
        pieces: list[Range] = [segments[0]]
        att: Attribution | None = None
        after_attribution = False
        for seg in segments[1:]:
            if _is_attribution(text, seg):
                att = att or _attribution_in(text, seg, people, "dash", first_words=4)
                after_attribution = True
            elif after_attribution:
                pieces.append(seg)  # «— A, — сказал он. — B.»: B is a new piece
                after_attribution = False
            else:
                pieces[-1] = (pieces[-1][0], seg[1])  # no cue: a dash inside the speech
        stripped = [_strip(text, s, e) for s, e in pieces]
        out.append((p, [r for r in stripped if r[1] > r[0]], att))
    return out, [paras[p] for p, _, _ in out]


def _is_attribution(text: str, seg: Range) -> bool:
    """A short segment with a cue among its first four words («сказал министр», «Иванов сказал»)."""
    words = list(_WORD.finditer(text, *seg))
    cue = CUE_RE.search(text, *seg)
    return cue is not None and len(words) <= 12 and sum(1 for w in words if w.start() < cue.start()) < 4


def _attribution_in(
    text: str, zone: Range, people: list[Mention], how: str, first_words: int = 10
) -> Attribution | None:
    """A cue among the first words of ``zone`` and the speaker it names there."""
    zs, ze = zone
    while ze > zs and text[ze - 1] in " .,:!;":
        ze -= 1
    words = list(_WORD.finditer(text, zs, ze))
    if not words or len(words) > 12:
        return None
    cue = CUE_RE.search(text, zs, ze)
    if cue is None or sum(1 for w in words if w.start() < cue.start()) >= first_words:
        return None
    speaker = pick_speaker(text, (zs, ze), cue.span(), people)
    if speaker is None:
        return None
    return Attribution(cue=cue.span(), speaker=speaker, how=how)


def _fill_dash(
    text: str,
    dashes: list[tuple[int, list[Range], Attribution | None]],
    paras: list[Range],
    marked: list[_Found],
    people: list[Mention],
) -> list[_Found]:
    """Dash pieces with their attribution, else the one before: the previous dash line,
    a paragraph ending in a colon, or the last attributed quote of the paragraph before."""
    out: list[_Found] = []
    prev: tuple[int, Attribution] | None = None
    for p, pieces, att in dashes:
        if att is None and p > 0:
            if prev is not None and prev[0] == p - 1:
                att = _inherit(prev[1])
            if att is None:
                att = _colon_intro(text, paras[p - 1], people)
            if att is None:
                ps, pe = paras[p - 1]
                before = [f for f in marked if ps <= f.span[0] < pe and f.att is not None and f.att.speaker]
                att = _inherit(before[-1].att) if before else None
        if att is None:
            continue  # a dash line with no speaker near: a list item, not speech
        out += [_Found(kind="direct", span=r, att=att) for r in pieces]
        prev = (p, att)
    return out


def _colon_intro(text: str, para: Range, people: list[Mention]) -> Attribution | None:
    """«Министр ответил на вопросы журналистов:» introduces the dash lines after it."""
    ps, pe = para
    if not text[ps:pe].rstrip().endswith(":"):
        return None
    start = max([ps] + [ps + m.end() for m in re.finditer(r"[.!?…]\s+", text[ps:pe])])
    cues = list(CUE_RE.finditer(text, start, pe))
    if not cues:
        return None
    cue = cues[-1]
    speaker = pick_speaker(text, (start, pe - 1), cue.span(), people)
    return Attribution(cue=cue.span(), speaker=speaker, how="colon") if speaker else None


def _inherit(att: Attribution | None) -> Attribution | None:
    if att is None:
        return None
    return Attribution(cue=att.cue, speaker=att.speaker, how="inherited")


def _strip(text: str, start: int, end: int) -> Range:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


# -- quotation marks ----------------------------------------------------------------


def _sentence_of(sentences: list[Range], pos: int) -> Range | None:
    return next(((s, e) for s, e in sentences if s <= pos < e), None)


def _marked(
    text: str, marks: list[RawQuote], paras: list[Range], sentences: list[Range], people: list[Mention]
) -> list[_Found]:
    groups: dict[int, list[RawQuote]] = {}
    for q in marks:
        groups.setdefault(q.group, []).append(q)
    order = sorted(groups, key=lambda g: groups[g][0].start)
    atts: dict[int, Attribution | None] = {}
    for g in order:
        pieces = groups[g]
        atts[g] = _before(text, pieces[0], marks, paras, sentences, people)
        for piece in pieces:
            if atts[g] is not None:
                break
            atts[g] = _after(text, piece, marks, paras, people)
    out: list[_Found] = []
    last: tuple[int, Attribution] | None = None  # paragraph and attribution of the last speech
    for g in order:
        pieces, att = groups[g], atts[g]
        first = pieces[0]
        inner = _inner_attribution(text, first, people) if len(pieces) == 1 else None
        if inner is not None:
            (a, b), inner_att = inner
            out += [
                _Found(kind="direct", span=_strip(text, first.start, a), att=att or inner_att),
                _Found(kind="direct", span=_strip(text, b, first.end), att=att or inner_att),
            ]
            last = (first.para, att or inner_att)
            continue
        short = len(_WORD.findall(text, first.start, first.end)) <= _PHRASE_MAX_WORDS
        if len(pieces) == 1 and att is None and short and not _whole_sentence(text, first, paras, sentences):
            if not text[first.start].isupper():
                out.append(_Found(kind="phrase", span=(first.start, first.end), att=None))
            continue  # a capitalised short run is a name: «Газпром», «Единая Россия»
        if att is None and last is not None and last[0] in {first.para, first.para - 1}:
            # «…», — сказал он. «…»: the next quotation speaks on (same or next paragraph)
            att = _inherit(last[1])
        out += [_Found(kind="direct", span=(q.start, q.end), att=att) for q in pieces]
        if att is not None:
            last = (pieces[-1].para, att)
    return out


# «A, — сказал он. — B»: the attribution set inside one pair of marks, between dashes.
_INNER = re.compile(r"(?<=[,.!?…])\s+[—–]\s+(?P<attr>[^—–«»„“\"]{3,100}?)[.,:]?\s+[—–]\s+")


def _inner_attribution(text: str, q: RawQuote, people: list[Mention]) -> tuple[Range, Attribution] | None:
    """Where an attribution splits a quotation («A, — сказал он. — B») and what it says."""
    for m in _INNER.finditer(text, q.start, q.end):
        if _is_attribution(text, m.span("attr")):
            att = _attribution_in(text, m.span("attr"), people, "inner", first_words=4)
            if att is not None:
                return (m.start(), m.end()), att
    return None


def _whole_sentence(text: str, q: RawQuote, paras: list[Range], sentences: list[Range]) -> bool:
    """The quotation is a sentence of its own (or ends one with its own full stop)."""
    if text[q.end - 1] in ".!?…":
        return True
    sent = _sentence_of(sentences, q.outer_start)
    start = sent[0] if sent else paras[q.para][0]
    return (
        not text[start : q.outer_start].strip(" —–-")
        and q.outer_end >= (sent[1] if sent else q.outer_end) - 1
    )


def _before(
    text: str,
    q: RawQuote,
    marks: list[RawQuote],
    paras: list[Range],
    sentences: list[Range],
    people: list[Mention],
) -> Attribution | None:
    """X заявил: «…» / X отметил, что «…» / По словам X, «…» / Как сообщил X, «…»."""
    ps, _ = paras[q.para]
    sent = _sentence_of(sentences, q.outer_start)
    start = max([ps, sent[0] if sent else ps] + [m.outer_end for m in marks if m.outer_end <= q.outer_start])
    stretch = text[start : q.outer_start].rstrip()
    end = start + len(stretch)
    if not stretch:
        return None
    according = [m for m in ACCORDING_RE.finditer(text, start, end)]
    if according and stretch.endswith(","):
        m = according[-1]
        speaker = pick_speaker(text, (m.end(), end - 1), m.span(), people)
        return Attribution(cue=m.span(), speaker=speaker, how="according") if speaker else None
    that = re.search(r",\s*(?:что|будто)$", stretch) if stretch.endswith(("что", "будто")) else None
    if not stretch.endswith(":") and that is None:
        return None
    zone_end = start + that.start() if that else end - 1
    cues = list(CUE_RE.finditer(text, start, zone_end))
    if not cues:
        if that is None:
            return _colon_name(text, (start, zone_end), people)
        return None
    cue = cues[-1]
    speaker = pick_speaker(text, (start, zone_end), cue.span(), people)
    return Attribution(cue=cue.span(), speaker=speaker, how="before") if speaker else None


def _colon_name(text: str, zone: Range, people: list[Mention]) -> Attribution | None:
    """«Иванов: „…“» (a headline's or a list's attribution): a short zone that is a person's name."""
    named = [m for m in people if zone[0] <= m.start and m.end <= zone[1] and m.label in PERSON_LABELS]
    if not named or len(_WORD.findall(text, *zone)) > 4:
        return None
    colon = zone[1]
    return Attribution(cue=(colon, colon + 1), speaker=(named[-1].start, named[-1].end), how="colon")


def _after(
    text: str, q: RawQuote, marks: list[RawQuote], paras: list[Range], people: list[Mention]
) -> Attribution | None:
    """«…», — заявил X. / «…», сказал он. / «…» — добавила она."""
    _, pe = paras[q.para]
    lead = _AFTER_LEAD.match(text, q.outer_end, pe)
    if lead is None:
        return None
    nxt = min((m.outer_start for m in marks if lead.end() <= m.outer_start < pe), default=pe)
    stop = _ZONE_END.search(text, lead.end(), nxt)
    zone = (lead.end(), stop.start() if stop else nxt)
    att = _attribution_in(text, zone, people, "after", first_words=3)
    return att


# -- indirect speech --------------------------------------------------------------


def _indirect(text: str, sentences: list[Range], people: list[Mention], blocked: list[Range]) -> list[_Found]:
    out: list[_Found] = []
    for s, e in sentences:
        if any(b[0] < e and s < b[1] for b in blocked):
            continue  # a sentence with a direct quote: that quote is the statement
        found = _according_clause(text, s, e, people) or _that_clause(text, s, e, people)
        found = found or _tail_clause(text, s, e, people)
        if found is not None:
            out.append(found)
    return out


def _clause(text: str, start: int, end: int) -> Range | None:
    start, end = _strip(text, start, end)
    while end > start and text[end - 1] in ".!?…;":
        end -= 1
    return (start, end) if len(_WORD.findall(text, start, end)) >= 2 else None


def _according_clause(text: str, s: int, e: int, people: list[Mention]) -> _Found | None:
    """«По словам X, …» / «Как заявил X, …» within the sentence's first words."""
    m = ACCORDING_RE.search(text, s, e)
    if m is None:
        return None
    comma = text.find(",", m.end(), e)
    if comma == -1:
        return None
    speaker = pick_speaker(text, (m.end(), comma), m.span(), people)
    # Set inside the sentence («Тариф, по словам X, вырастет»), it frames the whole sentence.
    opening = not _WORD.search(text, s, m.start())
    clause = _clause(text, comma + 1 if opening else s, e)
    if speaker is None or clause is None:
        return None
    return _Found(
        kind="indirect", span=clause, att=Attribution(cue=m.span(), speaker=speaker, how="indirect")
    )


def _that_clause(text: str, s: int, e: int, people: list[Mention]) -> _Found | None:
    """«X заявил(а/и), что …» / «X сообщил о том, что …»."""
    for cue in CUE_RE.finditer(text, s, e):
        that = _THAT.match(text, cue.end(), e)
        if that is None:
            # the subject may follow the verb: «заявил в среду министр, что …»
            comma = text.find(",", cue.end(), e)
            that = _THAT.match(text, comma, e) if comma != -1 and comma - cue.end() < 60 else None
        if that is None:
            continue
        speaker = pick_speaker(text, (s, that.start()), cue.span(), people)
        clause = _clause(text, that.end(), e)
        if speaker is None or clause is None:
            return None
        return _Found(
            kind="indirect", span=clause, att=Attribution(cue=cue.span(), speaker=speaker, how="indirect")
        )
    return None


_TAIL = re.compile(r",\s*(?:[—–]\s*)?(?=\w)")


def _tail_clause(text: str, s: int, e: int, people: list[Mention]) -> _Found | None:
    """«Переговоры продолжатся в четверг, сообщил X.»: the cue opens the sentence's last clause."""
    for lead in _TAIL.finditer(text, s, e):
        cue = CUE_RE.match(text, lead.end(), e)
        if cue is None:
            continue
        zone_end = e
        while zone_end > cue.end() and text[zone_end - 1] in " .!…":
            zone_end -= 1
        if len(_WORD.findall(text, cue.end(), zone_end)) > 8 or "," in text[cue.end() : zone_end]:
            return None
        speaker = pick_speaker(text, (cue.end(), zone_end), cue.span(), people)
        clause = _clause(text, s, lead.start())
        if speaker is None or clause is None:
            return None
        return _Found(
            kind="indirect", span=clause, att=Attribution(cue=cue.span(), speaker=speaker, how="indirect")
        )
    return None


# -- records and resolution ---------------------------------------------------------


def _build(
    article_id: str,
    text: str,
    found: list[_Found],
    people: list[Mention],
    sentences: list[Range],
    quoted: list[Range],
) -> list[Quote]:
    names = Names(text, people)
    quotes: list[Quote] = []
    for f in found:
        att = f.att
        q = quote_record(
            article_id, text, f.span, f.kind, att.cue if att else None, att.speaker if att else None
        )
        if att is not None and att.speaker is not None:
            at = min(att.speaker[0], f.span[0])
            q.speaker_resolved = names.resolve(att.speaker, at, sentences, quoted)
        quotes.append(q)
    return quotes


_TITLE_START = re.compile(r"^(" + "|".join(TITLE_STEMS) + r")", re.IGNORECASE)
# A verb before a name in its sentence: the name is not the sentence's subject.
_VERB_BEFORE = re.compile(r"\w{2,}(?:л|ла|ли|ет|ют|ит|ят)(?:ся|сь)?\s")


class Names:
    """The people and organisations of one article: each mention's fullest form and a
    person's gender, computed once (mentions of one name: same chain, or same surname stem)."""

    def __init__(self, text: str, people: list[Mention]) -> None:
        self.text = text
        self.people = people
        groups: dict[tuple[str, object], list[Mention]] = {}
        for m in people:
            key = ("chain", m.chain) if m.chain != -1 else ("key", name_key(m.text.split()[-1]))
            groups.setdefault((m.label, key), []).append(m)
        self._name: dict[tuple[int, int], str] = {}
        self._gender: dict[str, str | None] = {}
        for (label, _), members in groups.items():
            best = max(members, key=lambda m: (len(m.text.split()), -m.start))
            name = nominative(best.text) if label in PERSON_LABELS else best.text
            genders = {name_gender(name)} - {None}
            if not genders:
                genders = {g for m in members for g in [gender_after(text, m.end)] if g}
            self._gender[name] = genders.pop() if len(genders) == 1 else None
            for m in members:
                self._name[(m.start, m.end)] = name

    def canonical(self, m: Mention) -> str:
        return self._name[(m.start, m.end)]

    def resolve(self, speaker: Range, before: int, sentences: list[Range], quoted: list[Range]) -> str | None:
        """The name a speaker stands for: a name's fullest form, a pronoun's person, else None."""
        low = self.text[speaker[0] : speaker[1]].lower()
        if low in {"он", "она"}:
            return self._pronoun(before, PRONOUNS[low], sentences, quoted)
        inside = [m for m in self.people if speaker[0] <= m.start and m.end <= speaker[1]]
        person = next((m for m in inside if m.label in PERSON_LABELS), None)
        if person is not None:
            return self.canonical(person)
        title = _TITLE_START.match(low)
        if title is not None:
            return self._titled(title.group(1), inside, before)
        return self.canonical(inside[0]) if inside else None

    def _titled(self, stem: str, orgs: list[Mention], before: int) -> str | None:
        """«глава МИД» stands for the person introduced earlier with that title (and organisation):
        «Глава МИД Анна Орлова …» … «глава МИД заявил»; refused when nobody was."""
        for m in reversed([m for m in self.people if m.end <= before and m.label in PERSON_LABELS]):
            lead = self.text[max(0, m.start - 60) : m.start].lower()
            if stem in lead and all(o.text.lower() in lead for o in orgs):
                return self.canonical(m)
        return None

    def _pronoun(
        self, before: int, gender: str | None, sentences: list[Range], quoted: list[Range]
    ) -> str | None:
        """The subject person of the sentence before, else the nearest earlier person
        (outside quotes) whose gender is not known to differ."""

        def fits(m: Mention) -> bool:
            if m.label not in PERSON_LABELS or any(s <= m.start < e for s, e in quoted):
                return False
            known = self._gender[self.canonical(m)]
            return gender is None or known is None or gender == known

        here = _sentence_of(sentences, before)
        previous = [r for r in sentences if r[1] <= (here[0] if here else before)]
        if previous:
            ps, pe = previous[-1]
            first = next((m for m in self.people if ps <= m.start < pe and fits(m)), None)
            if first is not None and not _VERB_BEFORE.search(self.text, ps, first.start):
                return self.canonical(first)  # «Иванов встретился с Петровым. Он заявил …»: Иванов
        earlier = [m for m in self.people if m.end <= before and fits(m)]
        return self.canonical(earlier[-1]) if earlier else None
