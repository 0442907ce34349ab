"""Per-article quote extraction: direct, dash, indirect and scare-quoted phrases.

Choices (see also the module docstrings of direct/indirect/speakers/resolve):
- A quotation split by its attribution ("“A,” she said. “B.”") gives two quotes
  with the same speaker and cue: each keeps exact offsets and no attribution text.
- A quotation running over paragraphs gives one quote per paragraph, all sharing
  the attribution found in any of them.
- Quotes nested in another quote (‘…’ inside “…”, marks inside dash speech) are
  part of the outer quote, not quotes of their own.
- A short scare-quoted phrase (≤ 4 words, no verb, not itself attributed, and
  either modifying a noun outside it or under no speech verb) is kind="phrase";
  a short quoted proper name (“American Pie”) is dropped.
- Layered attribution ("he said, “…,” the office said"): a cue right before the
  opening mark names whose words they are and wins over the reporting frame after.
- A quotation with no speaker found is kept (speaker None); dash paragraphs and
  indirect clauses with no speaker are refused.
- An indirect clause overlapping a direct quote is dropped: a partial quote in
  reported speech ("says that the authorities “are not …”") is the direct quote,
  attributed through the same cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from storyline.model import Quote
from storyline.quotes import cues
from storyline.quotes.direct import RawQuote, dash_spans, paragraphs, quote_mark_spans
from storyline.quotes.indirect import RawIndirect, find_indirect
from storyline.quotes.resolve import Resolver, Said
from storyline.quotes.speakers import (
    Attribution,
    Range,
    attribute_after,
    attribute_before,
    attribute_dash,
    attribute_previous,
    attribute_signed,
    colon_intro,
    sentence_start,
    tokens_between,
)
from storyline.stages import stage

_PHRASE_MAX_WORDS = 4
_WORD = re.compile(r"\w+")


@dataclass(slots=True, kw_only=True)
class _Found:
    kind: str
    span: Range
    att: Attribution | None


def _next_opener(marks: list[RawQuote], pos: int, limit: int) -> int:
    return min((q.outer_start for q in marks if pos <= q.outer_start < limit), default=limit)


def _attribute_group(
    doc: Doc, text: str, pieces: list[RawQuote], marks: list[RawQuote], paras: list[Range]
) -> Attribution | None:
    first = pieces[0]
    ps, _ = paras[first.para]
    skip = [(q.outer_start, q.outer_end) for q in marks if ps <= q.outer_end <= first.outer_start]
    before = _unquoted(attribute_before(doc, text, first.outer_start, ps, skip), marks)
    if before is not None and before.how == "before" and _introduces(text, before, first):
        # "he said, “…,” the office said": whose words they are, not who reports them
        return before
    for piece in pieces:
        ps, pe = paras[piece.para]
        closed = piece.outer_end < pe or text[piece.outer_end - 1] in "”\"»“’'"
        if not closed:
            continue
        signed = attribute_signed(text, piece.outer_end, pe)
        if signed is not None:
            return signed
        limit = _next_opener(marks, piece.outer_end, pe)
        att = _unquoted(attribute_after(doc, text, piece.outer_end, limit), marks)
        if att is not None and _plausible_after(text, piece, att):
            return att
    return before


def _unquoted(att: Attribution | None, marks: list[RawQuote]) -> Attribution | None:
    """Refuse a speaker that lies inside a quotation: words quoted are not who speaks
    (a parse taking “Fox and Friends” in "said on “Fox and Friends.”" as the subject)."""
    if att is None or att.speaker is None:
        return att
    s, e = att.speaker
    return None if any(q.outer_start <= s and e <= q.outer_end for q in marks) else att


def _introduces(text: str, att: Attribution, q: RawQuote) -> bool:
    """The cue ends right before the opening mark ("she said, “…", "he wrote: “…")."""
    return text[att.cue[1] : q.outer_start].strip() in {",", ":"}


def _plausible_after(text: str, piece: RawQuote, att: Attribution) -> bool:
    """“…” followed by a new sentence ("“Done.” He said he …") is not attributed by it,
    unless the sentence is just the attribution ("“Done.” Zeya said.")."""
    if text[piece.end - 1 : piece.end] not in {".", "!", "?"}:
        return True
    tail = text[piece.outer_end : att.cue[1] + 1].strip()
    return not tail[:1].isupper() or len(tail.split()) <= 4


_TITLE_SMALL_WORDS = frozenset(
    ["a", "an", "the", "of", "and", "in", "on", "to", "for", "at", "by", "with", "from", "or"]
)


def _is_name(text: str, q: RawQuote) -> bool:
    """A quoted name or title (“American Pie”, "The End of Time.")."""
    words = [
        w
        for w in _WORD.findall(text[q.start : q.end])
        if w.lower() not in _TITLE_SMALL_WORDS or w[0].isupper()
    ]
    return 0 < len(words) <= 8 and all(w[0].isupper() or w[0].isdigit() for w in words)


def _is_phrase(doc: Doc, text: str, q: RawQuote, att: Attribution | None, paras: list[Range]) -> bool:
    """A scare-quoted label rather than someone's words (see module docstring)."""
    if len(_WORD.findall(text[q.start : q.end])) > _PHRASE_MAX_WORDS:
        return False
    if att is not None and att.how in {"after", "dash", "according"}:
        return False
    ps = paras[q.para][0]
    if sentence_start(text, q.outer_start, ps) == q.outer_start and text[q.end - 1] in ".!?":
        return False  # a whole sentence in quotes is speech however short
    toks = tokens_between(doc, q.start, q.end)
    inside = {t.i for t in toks}
    if not toks or any(t.dep_ in {"nsubj", "nsubjpass", "expl"} and t.head.i in inside for t in toks):
        return False
    heads = [t for t in toks if t.head.i not in inside]
    if not heads:
        return True
    head = heads[0]
    if head.dep_ in {"amod", "compound", "nmod", "appos", "oprd"} and head.head.pos_ in {"NOUN", "PROPN"}:
        return True
    if any(t.head.i not in inside and t.dep_ in {"amod", "compound"} and t.head.pos_ == "NOUN" for t in toks):
        return True  # “quasi-state” territories
    # Under a speech verb ("called it “a disaster”", "insists that “…”") it is a quotation.
    return not any(cues.is_speech_cue(a) or cues.is_according_to(a) for a in head.ancestors)


@stage(
    "quotes",
    requires=["article", "doc"],
    assigns=["quotes"],
)
def extract_quotes(article_id: str, text: str, doc: Doc) -> list[Quote]:
    """Quotes of one article, in text order, with exact offsets for quote, cue and speaker."""
    if doc.text != text:
        raise ValueError(f"article {article_id}: the parse is not of this article's text")
    paras = paragraphs(text)
    dashes = dash_spans(text, [])
    marks = [
        q for q in quote_mark_spans(text) if not any(d.outer_start <= q.start < d.outer_end for d in dashes)
    ]
    found = _direct(doc, text, marks, paras)
    found += _dash(doc, text, dashes, paras, found)
    direct = {f.span for f in found if f.kind == "direct"}
    blocked = [(q.outer_start, q.outer_end) for q in marks if (q.start, q.end) in direct]
    blocked += [(q.outer_start, q.outer_end) for q in dashes]
    found += [
        _Found(
            kind="indirect",
            span=(r.start, r.end),
            att=Attribution(cue=r.cue, speaker=r.speaker, how="indirect"),
        )
        for r in _keep_indirect(find_indirect(doc), blocked)
    ]
    found.sort(key=lambda f: f.span)
    return _build(article_id, doc, text, found, blocked)


def _direct(doc: Doc, text: str, marks: list[RawQuote], paras: list[Range]) -> list[_Found]:
    groups: dict[int, list[RawQuote]] = {}
    for q in marks:
        groups.setdefault(q.group, []).append(q)
    out: list[_Found] = []
    by_group: dict[int, Attribution | None] = {}
    order = sorted(groups, key=lambda g: groups[g][0].start)
    for g in order:
        pieces = groups[g]
        by_group[g] = _attribute_group(doc, text, pieces, marks, paras)
    # Second pass: quotes with no attribution of their own inherit one, from the
    # neighbouring quotations that are speech (a quoted title in between is skipped:
    # "“A,” she said on “Meet the Press.” “B.”").
    speech = [g for g in order if not _is_title(text, groups[g], paras)]
    for n, g in enumerate(speech):
        if by_group[g] is not None:
            continue
        first = groups[g][0]
        prev = groups[speech[n - 1]] if n else None
        nxt = groups[speech[n + 1]] if n + 1 < len(speech) else None
        starts_sentence = sentence_start(text, first.outer_start, paras[first.para][0]) == first.outer_start
        if prev and prev[-1].para == first.para and by_group[speech[n - 1]] and starts_sentence:
            by_group[g] = _inherit(by_group[speech[n - 1]])  # “A,” she said. “B.”
        elif nxt and nxt[0].para == first.para and by_group[speech[n + 1]] and _opens_paragraph(first, paras):
            by_group[g] = _inherit(by_group[speech[n + 1]])  # “A.” “B,” she said.
        elif starts_sentence and (
            att := attribute_previous(doc, text, first.outer_start, paras[first.para][0])
        ):
            by_group[g] = att  # "…, Ann Lee said. “…”"
        elif _opens_paragraph(first, paras) and first.para > 0:
            before = paras[first.para - 1]
            att = colon_intro(doc, text, before)
            if att is None and prev and prev[-1].para == first.para - 1 and by_group[speech[n - 1]]:
                att = _inherit(by_group[speech[n - 1]])  # a paragraph of quote continuing the speaker
            by_group[g] = att
    for g in order:
        pieces, att = groups[g], by_group[g]
        if len(pieces) == 1 and (att is None or att.how == "before"):
            if _is_name(text, pieces[0]) and not _is_speech_sentence(text, pieces[0], paras):
                continue
            if _is_phrase(doc, text, pieces[0], att, paras):
                out.append(_Found(kind="phrase", span=(pieces[0].start, pieces[0].end), att=None))
                continue
        out.extend(_Found(kind="direct", span=(p.start, p.end), att=att) for p in pieces)
    return out


def _is_title(text: str, pieces: list[RawQuote], paras: list[Range]) -> bool:
    return len(pieces) == 1 and _is_name(text, pieces[0]) and not _is_speech_sentence(text, pieces[0], paras)


def _is_speech_sentence(text: str, q: RawQuote, paras: list[Range]) -> bool:
    """The quote is a whole sentence of its paragraph ("“CAPALDI!”"), not a title inside one."""
    return sentence_start(text, q.outer_start, paras[q.para][0]) == q.outer_start


def _opens_paragraph(q: RawQuote, paras: list[Range]) -> bool:
    return q.outer_start == paras[q.para][0]


def _inherit(att: Attribution | None) -> Attribution | None:
    if att is None:
        return None
    return Attribution(cue=att.cue, speaker=att.speaker, channel=att.channel, how="inherited")


def _dash(
    doc: Doc, text: str, dashes: list[RawQuote], paras: list[Range], direct: list[_Found]
) -> list[_Found]:
    out: list[_Found] = []
    prev: tuple[int, Attribution] | None = None
    for q in dashes:
        att = (
            attribute_dash(doc, text, (q.attr_start, q.attr_end))
            if q.attr_start is not None and q.attr_end is not None
            else None
        )
        end = q.end
        if att is None and q.attr_start is not None:
            end = paras[q.para][1]  # the trailing words held no cue: they are speech too
            while end > q.start and text[end - 1] in " ,":
                end -= 1
        if att is None and q.para > 0:
            att = colon_intro(doc, text, paras[q.para - 1])
            if att is None and prev is not None and prev[0] == q.para - 1:
                att = _inherit(prev[1])
            if att is None:
                att = _from_paragraph(doc, text, direct, paras[q.para - 1])
        if att is None:
            continue  # a dash line with no speaker anywhere near: a list item, not speech
        out.append(_Found(kind="direct", span=(q.start, end), att=att))
        prev = (q.para, att)
    return out


def _from_paragraph(doc: Doc, text: str, found: list[_Found], para: Range) -> Attribution | None:
    """The last attributed quote of the preceding paragraph speaks on."""
    inside = [f for f in found if para[0] <= f.span[0] < para[1] and f.att is not None and f.att.speaker]
    return _inherit(inside[-1].att) if inside else None


def _keep_indirect(raw: list[RawIndirect], blocked: list[Range]) -> list[RawIndirect]:
    """Drop clauses overlapping direct quotes, then those nested in another clause."""

    def overlaps(a: Range, b: Range) -> bool:
        return a[0] < b[1] and b[0] < a[1]

    kept = [
        r for r in raw if not any(overlaps((r.start, r.end), b) or b[0] <= r.cue[0] < b[1] for b in blocked)
    ]
    kept.sort(key=lambda r: (r.start, -r.end))
    out: list[RawIndirect] = []
    for r in kept:
        if any(o.start <= r.start and r.end <= o.end for o in out):
            continue
        out.append(r)
    return out


def _build(article_id: str, doc: Doc, text: str, found: list[_Found], quoted: list[Range]) -> list[Quote]:
    resolver = Resolver(doc, text, quoted)
    history: list[Said] = []
    quotes: list[Quote] = []
    for f in found:
        att = f.att
        q = quote_record(
            article_id, text, f.span, f.kind, att.cue if att else None, att.speaker if att else None
        )
        if att is not None:
            if att.speaker is not None:
                at = min(f.span[0], att.speaker[0])
                q.speaker_resolved = resolver.resolve(att.speaker, at, history)
                name = q.speaker_resolved or text[att.speaker[0] : att.speaker[1]]
                history.append(Said(at=at, name=name, person=resolver.is_person(name, att.speaker)))
            if att.channel is not None:
                q.channel = text[att.channel[0] : att.channel[1]]
                q.channel_start, q.channel_end = att.channel
        quotes.append(q)
    return quotes


def quote_record(
    article_id: str, text: str, span: Range, kind: str, cue: Range | None, speaker: Range | None
) -> Quote:
    """A found quotation as a record: its words, cue and speaker as written, with offsets."""
    q = Quote(article_id=article_id, kind=kind, text=text[span[0] : span[1]], start=span[0], end=span[1])
    if cue is not None:
        q.cue, q.cue_start, q.cue_end = text[cue[0] : cue[1]], cue[0], cue[1]
        if speaker is not None:
            q.speaker, q.speaker_start, q.speaker_end = text[speaker[0] : speaker[1]], speaker[0], speaker[1]
    return q
