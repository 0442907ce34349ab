"""Who said it: cue and speaker spans around a quote, and what a pronoun or title stands for.

Attribution reads the parse near the quote: a speech verb right after the closing
mark ("…,” she said", "…,” said Zeya") or before the opening one ("Zeya said, “…"),
its subject as the speaker, and a relaying clause as the channel ("…, the press
service of the Kazakh MFA informs"; "the Kazakh Foreign Ministry quotes X").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storyline.quotes import cues

Range = tuple[int, int]

_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# Words that end a speaker read after a cue: "said Zeya at the meeting", "said Zeya, who ...".
_STOP_AFTER = {
    "at", "in", "on", "during", "who", "which", "after", "before", "when", "while", "to", "from",
    "about", "as", "with", "that", "and", "but", "adding", "referring", "told", "last", "this",
    "yesterday", "today", "tuesday", "monday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "earlier", "later", "by", "via", "through", "because", "since", "if",
}  # fmt: skip
_RELATIVE = {"who", "which", "that"}
_SENT_END = re.compile(r"[.!?][\"”’»]?\s+(?=[A-Z“\"«‘(])")


@dataclass(slots=True, kw_only=True)
class Attribution:
    cue: Range
    speaker: Range | None
    channel: Range | None = None
    how: str = "after"  # after | before | according | dash | inherited | colon


def tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
    if span is None:
        return []
    return [t for t in span if t.idx >= start and t.idx + len(t.text) <= end]


_ABBREVIATIONS = frozenset(
    [
        "mr",
        "ms",
        "mrs",
        "dr",
        "st",
        "jr",
        "sr",
        "gen",
        "col",
        "sen",
        "rep",
        "gov",
        "lt",
        "sgt",
        "no",
        "vs",
        "prof",
        "rev",
        # more titles written before names ("Del. Stacey …", "Adm. …")
        "del",
        "adm",
        "capt",
        "maj",
        "cmdr",
        "sens",
        "reps",
        "atty",
        "amb",
        "hon",
    ]
)


def _is_boundary(text: str, i: int) -> bool:
    """Does the '.'/'!'/'?' at ``i`` end a sentence? Not after "U.S" or "Mr"."""
    if text[i] != ".":
        return True
    m = re.search(r"(\w+)$", text[max(0, i - 12) : i])
    word = m.group(1) if m else ""
    if len(word) == 1 and word.isupper():
        return False  # U.S., W. Kelly
    return word.lower() not in _ABBREVIATIONS


_BOUNDARY = re.compile(r"[.!?](?=[\"”’»]?(?:\s|$))")


def sentence_start(text: str, pos: int, floor: int) -> int:
    """Start of the sentence holding ``pos`` (not before ``floor``), by punctuation."""
    last = floor
    # +1: the lookahead must see the first letter of the sentence at ``pos``
    for m in _SENT_END.finditer(text, floor, min(len(text), pos + 1)):
        if _is_boundary(text, m.start()):
            last = m.end()
    return last


def sentence_end(text: str, pos: int, ceil: int) -> int:
    for m in _BOUNDARY.finditer(text, pos, ceil):
        if _is_boundary(text, m.start()):
            return m.end()
    return ceil


def _capitalised_word(t: Token) -> bool:
    # a capitalised "After" or "But" opening a sentence names nobody
    return t.text[:1].isupper() and t.pos_ not in {"ADP", "SCONJ", "CCONJ", "DET", "ADV", "PART"}


def _trim(toks: list[Token]) -> Range | None:
    """Char range of ``toks`` without edge punctuation and filler ("also", "further")."""
    while toks and (toks[0].is_punct or toks[0].is_space or toks[0].lower_ in cues.SPEAKER_EDGE_WORDS):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].lower_ in cues.SPEAKER_EDGE_WORDS):
        toks = toks[:-1]
    if not toks or not any(t.pos_ in {"NOUN", "PROPN", "PRON"} or _capitalised_word(t) for t in toks):
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, looking through "and insists", "adding" and the like."""
    tok = verb
    for _ in range(4):
        subjects = [c for c in tok.children if c.dep_ in _SUBJECT_DEPS]
        if subjects:
            # two subjects is a mis-parse of one phrase ("Acme chief Ann Lee said"): the name wins
            named = [c for c in subjects if c.ent_type_ == "PERSON"]
            # else the nearest: "“My view, that was wrong,” the adviser said" parses
            # "view" as a second subject, inside the quote
            pick = named[0] if named else min(subjects, key=lambda c: abs(c.i - tok.i))
            if pick.lower_ in _RELATIVE and tok.dep_ == "relcl":
                return tok.head  # "Trump, who said …": the noun the clause hangs on
            return pick
        if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.pos_ in {"PROPN", "NOUN"}:
            return tok.head  # "footage of Ann Lee asking, “…”": the noun the participle is on
        if tok.dep_ in {"conj", "advcl", "xcomp", "ccomp"} and tok.head is not tok:
            tok = tok.head
            continue
        return None
    return None


def entity_at(tok: Token) -> Span | None:
    """The named entity ``tok`` is part of, found from its neighbours: ``doc.ents``
    walks the whole document, which a long page cannot afford once per quote."""
    if tok.ent_iob_ == "O" or not tok.ent_type_:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=tok.ent_type_)


def entities_in(span: Span) -> list[Span]:
    """The named entities wholly inside ``span`` (``Span.ents`` walks every entity of the doc)."""
    out = []
    for tok in span:
        if tok.ent_iob_ == "B" and (ent := entity_at(tok)) is not None and ent.end <= span.end:
            out.append(ent)
    return out


def noun_phrase(tok: Token) -> Range:
    """The subject as written: its left part, its head, and an "of ..." chain
    ("the press service of the Kazakh MFA"), never its relative clauses."""
    left = tok.left_edge.i
    right = tok.i
    for child in tok.rights:
        named = (
            child.dep_ == "appos"
            and child.pos_ == "PROPN"
            and child.left_edge.i == right + 1
            and not child.left_edge.is_punct
        )
        if child.dep_ == "prep" and child.lower_ == "of":
            # "the President of Kazakhstan, Kassym-Zhomart Tokayev": stop at the comma
            comma = next((t.i for t in child.subtree if t.text == ","), None)
            right = max(right, (comma - 1) if comma is not None else child.right_edge.i)
        elif named or child.dep_ in {"compound", "flat", "nummod", "cc", "conj"}:
            right = max(right, child.right_edge.i)
        else:
            break
    doc = tok.doc
    toks = [t for t in doc[left : right + 1]]
    # Keep a name whole even if the parse split it ("Zhanbolat Mamay").
    ent = entity_at(tok)
    if ent is not None:
        toks = [t for t in doc[min(left, ent.start) : max(right + 1, ent.end)]]
    rng = _trim(toks)
    return rng if rng is not None else (tok.idx, tok.idx + len(tok.text))


def _title_stop(doc: Doc, t: Token) -> bool:
    """A '.' closing a short capitalised abbreviation before a name ("Gov. Ann Lee")."""
    if t.text != "." or t.i == 0 or t.i + 1 >= len(doc):
        return False
    prev, nxt = doc[t.i - 1], doc[t.i + 1]
    return (
        prev.idx + len(prev.text) == t.idx
        and prev.text.isalpha()
        and prev.text[:1].isupper()
        and len(prev.text) <= 4
        and nxt.text[:1].isupper()
    )


def _name_after(doc: Doc, i: int, end: int) -> Range | None:
    """A speaker written after an inverted cue: "said Uzra Zeya, Under-Secretary ..."."""
    toks: list[Token] = []
    while i < len(doc) and doc[i].idx < end and len(toks) < 8:
        t = doc[i]
        if _title_stop(doc, t):
            # "said Del. Stacey Plaskett": the period of an abbreviated title
            toks.append(t)
            i += 1
            continue
        if (
            (t.is_punct and t.text != "-")
            or (toks and t.lower_ in _STOP_AFTER)
            or (not toks and t.lower_ in _STOP_AFTER - {"the"})
        ):
            break
        toks.append(t)
        i += 1
    return _trim(toks)


def _channel_after(doc: Doc, cue: Token, end: int, speaker: Range | None) -> Range | None:
    """ "…, the press service of the Kazakh MFA informs": a later relaying clause."""
    for t in doc[cue.i + 1 :]:
        if t.idx >= end:
            break
        # "…, the press service informs." — the small model may tag a clause-final "informs" NNS
        final = (
            t.i + 1 < len(doc)
            and doc[t.i + 1].text in {".", "!"}
            and t.lower_ in {"informs", "reports", "writes"}
        )
        if t is not cue and (cues.is_relay_verb(t) or final) and (speaker is None or t.idx > speaker[1]):
            subj = subject_of(t)
            if subj is not None and subj.i < t.i:
                return noun_phrase(subj)
            # no subject in the parse: the words between the last comma and the verb
            toks: list[Token] = []
            for k in range(t.i - 1, cue.i, -1):
                if doc[k].text == ",":
                    break
                toks.insert(0, doc[k])
            return _trim(toks)
    return None


_SHORT_WINDOW = 12
_NOMINAL = {"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM"}
_LONG_WINDOW = 30


def _nominal(tok: Token) -> bool:
    # the small model tags a capitalised name right after a quote as a verb at times
    return tok.pos_ in _NOMINAL or tok.text[:1].isupper()


def _opening_mark(text: str, close_end: int) -> int:
    """Where the quotation closing at ``close_end`` opened (the nearest opening mark)."""
    return max(text.rfind(m, 0, close_end - 1) for m in ("“", '"', "«", "''"))


def _subject_between(cue: Token, close_end: int) -> bool:
    subj = subject_of(cue)
    return subj is not None and close_end <= subj.idx and subj.i < cue.i


def attribute_after(doc: Doc, text: str, close_end: int, limit: int) -> Attribution | None:
    """A cue just after the quote: "…,” she said." / "…,” said Zeya." / "…,” X quotes Y."."""
    end = sentence_end(text, close_end, limit)
    toks = [t for t in tokens_between(doc, close_end, end) if not t.is_space]
    words = [t for t in toks if not t.is_punct]
    # “…,” with its comma promises an attribution, however long the speaker's
    # apposition ("“…,” Ann Lee, the attorney general of a state suing the agency, said")
    window = _LONG_WINDOW if text[:close_end].rstrip("”\"’'»").endswith(",") else _SHORT_WINDOW
    for k, tok in enumerate(words[:window]):
        if cues.is_according_to(tok) and tok.i + 2 < len(doc):
            # "…,” according to X.": the source follows the cue
            source = _name_after(doc, tok.i + 2, end)
            if source is None:
                return None
            return Attribution(cue=(tok.idx, doc[tok.i + 1].idx + 2), speaker=source, how="according")
        if not cues.is_speech_cue(tok) and not (k > 0 and cues.is_relay_verb(tok)):
            continue
        if tok.dep_ in {"acl", "amod"} and tok.head.idx < close_end:
            continue  # “… the deal” announced in May, said X: a participle of the quote's noun
        if k >= _SHORT_WINDOW and not _subject_between(tok, close_end):
            continue  # far from the quote, only a cue whose own subject follows the quote
        cue = (tok.idx, tok.idx + len(tok.text))
        before = [t for t in toks if t.i < tok.i]
        if cues.is_relay_verb(tok) and not cues.is_speech_cue(tok) and before:
            # "the Kazakh Foreign Ministry quotes the representative State Department"
            source = _name_after(doc, tok.i + 1, end)
            if source is not None:
                return Attribution(cue=cue, speaker=source, channel=_trim(before), how="after")
        speaker: Range | None
        if before:
            subj = subject_of(tok)
            if subj is not None and subj.i < before[0].i and subj.idx > _opening_mark(text, close_end):
                # a subject inside the quote is a mis-parse ("“We will win,” Chief Ann
                # Lee said" with "said" hung on "win"): the words before the cue speak
                speaker = _subject_fallback(text, before) if _nominal(before[0]) else None
                if speaker is None:
                    return None
                return Attribution(cue=cue, speaker=speaker, how="after")
            if subj is not None and subj.i < before[0].i:
                # "X said, “…” at the release, adding …": the cue's subject precedes the
                # quote, so the words in between are no speaker (attribute_before finds X)
                return None
            if subj is not None and subj.idx >= close_end and subj.i < tok.i:
                speaker = noun_phrase(subj)
            elif subj is not None and subj.i > tok.i and _nominal(before[0]):
                # a noun phrase before the cue and a subject after it is a mis-parse
                # ("“…,” Flynn, an adviser, said on “Fox and Friends.”"); not so
                # "“…” announced in May, said Ann Lee"
                speaker = _subject_fallback(text, before)
            elif subj is not None and subj.idx >= close_end:
                speaker = noun_phrase(subj)
            else:
                speaker = _trim(before)
        else:
            speaker = _name_after(doc, tok.i + 1, end)
        if speaker is None:
            return None
        return Attribution(
            cue=cue, speaker=speaker, channel=_channel_after(doc, tok, end, speaker), how="after"
        )
    return None


def _subject_fallback(text: str, toks: list[Token]) -> Range | None:
    """No subject in the parse: a short run before the verb ("Some of the protesters
    shouted"), else the last name in it ("On February 25, the President ..., Tokayev, ... said")."""
    rng = _trim(toks)
    if rng is not None and len(text[rng[0] : rng[1]].split()) <= 6:
        return rng
    names = [t for t in toks if t.ent_type_ == "PERSON"]
    if not names:
        subjects = [t for t in toks if t.dep_ in _SUBJECT_DEPS and t.pos_ in {"NOUN", "PROPN"}]
        return noun_phrase(subjects[-1]) if subjects else None
    last = names[-1]
    first = last
    while (
        first.i > 0
        and first.nbor(-1).ent_type_ == "PERSON"
        and first.nbor(-1).ent_iob_ != "O"
        and first.ent_iob_ != "B"
    ):
        first = first.nbor(-1)
    return first.idx, last.idx + len(last.text)


def _governing(doc: Doc, open_at: int) -> set[int]:
    """Indices of the tokens the quote's first word hangs from in the parse."""
    span = doc.char_span(open_at, min(len(doc.text), open_at + 1), alignment_mode="expand")
    if span is None:
        return set()
    i = span.start
    while i < len(doc) and (doc[i].is_punct or doc[i].is_space):
        i += 1
    return {a.i for a in doc[i].ancestors} if i < len(doc) else set()


def attribute_before(doc: Doc, text: str, open_at: int, floor: int, skip: list[Range]) -> Attribution | None:
    """A cue before the quote in the same sentence: "Zeya said, “…", "According to her, X “…".

    Earlier quotations in the sentence (``skip``) are looked across, not into:
    "Washington added that … “A”, as well as … “B”" attributes both to Washington."""
    start = sentence_start(text, open_at, floor)
    toks = [t for t in tokens_between(doc, start, open_at) if not any(a <= t.idx < b for a, b in skip)]
    governing = _governing(doc, open_at)
    for tok in reversed(toks):
        if tok.dep_ in {"relcl", "acl"} and tok.i not in governing:
            # "saying anybody who complains about it “…”": a cue in a clause on a
            # noun that does not govern the quote reports someone else's words
            continue
        if cues.is_according_to(tok):
            obj = tok.nbor(1).nbor(1) if tok.i + 2 < len(doc) else None
            if obj is None:
                return None
            rng = _name_after(doc, obj.i, open_at)
            if rng is None:
                return None
            return Attribution(cue=(tok.idx, tok.nbor(1).idx + 2), speaker=rng, how="according")
        opinion = tok.lower_ in cues.OPINION_NOUNS and tok.head.dep_ == "prep"
        if cues.is_speech_cue(tok) or opinion:
            subj = subject_of(tok.head.head if opinion else tok)
            quoted_subj = subj is not None and any(a <= subj.idx < b for a, b in skip)
            adjunct = tok.tag_ == "VBG" and tok.dep_ in {"advcl", "conj"}  # not "for saying"
            if adjunct and (subj is None or quoted_subj or subj.idx >= open_at):
                # "X denied it -- “A” -- and, pressed later, insisting, “B”": a participle's
                # subject is the sentence's, whatever the parse made of the quotes
                subj = next((t for t in toks if t.dep_ in _SUBJECT_DEPS and t.i < tok.i), None)
                quoted_subj = False
            if subj is not None and (subj.idx >= open_at or quoted_subj):
                continue  # a parse hanging the cue on a quote's own verb: try an earlier cue
            if subj is not None and subj.idx >= start:
                speaker: Range | None = noun_phrase(subj)
            elif subj is None and tok.i > 0 and doc[tok.i - 1].idx >= start:
                speaker = _subject_fallback(text, [t for t in toks if t.i < tok.i])
            else:
                speaker = _name_after(doc, tok.i + 1, open_at)
            if speaker is None:
                continue
            return Attribution(cue=(tok.idx, tok.idx + len(tok.text)), speaker=speaker, how="before")
    if text[start:open_at].rstrip().endswith(":"):
        return _colon_speaker(toks)  # "…, managed a cheeky joke: “…”"
    return None


# “…” ― Ann Lee: a name alone after a dash closing the paragraph signs the quote
_SIGNED = re.compile(
    r"\s*(?P<dash>[―—–])\s*(?P<name>[A-Z][\w.’'-]*(?:[ \t\u00a0]+[A-Z][\w.’'-]*){0,5})[\s.]*$"
)


def attribute_signed(text: str, close_end: int, para_end: int) -> Attribution | None:
    """The quote is signed with a dash and a name: "“…” ― Ann Lee"."""
    m = _SIGNED.match(text[close_end:para_end])
    if m is None:
        return None
    name = (close_end + m.start("name"), close_end + m.end("name"))
    while text[name[1] - 1] == ".":
        name = (name[0], name[1] - 1)  # the sentence's period, not an initial's
    dash = (close_end + m.start("dash"), close_end + m.end("dash"))
    return Attribution(cue=dash, speaker=name, how="dash")


def attribute_previous(doc: Doc, text: str, open_at: int, floor: int) -> Attribution | None:
    """A quote opening a sentence right after one closed by its attribution
    ("…, Ann Lee said. “…”"): the same speaker goes on."""
    end = sentence_start(text, open_at, floor)
    if end != open_at or end <= floor:
        return None
    start = sentence_start(text, end - 2, floor)
    words = [t for t in tokens_between(doc, start, end) if not (t.is_punct or t.is_space)]
    for tok in words[-3:]:
        if not cues.is_speech_cue(tok):
            continue
        subj = subject_of(tok)
        comma = text.rfind(",", start, tok.idx)
        if subj is None or subj.idx < comma or comma == -1 or subj.lower_ in _RELATIVE:
            return None
        return Attribution(cue=(tok.idx, tok.idx + len(tok.text)), speaker=noun_phrase(subj), how="inherited")
    return None


def attribute_dash(doc: Doc, text: str, attr: Range) -> Attribution | None:
    """The trailing "Tokayev said" / "says Zhanbolat Mamay" of a dash paragraph."""
    toks = [t for t in tokens_between(doc, *attr) if not t.is_space]
    for tok in toks:
        if cues.is_speech_cue(tok):
            before = [t for t in toks if t.i < tok.i]
            after = [t for t in toks if t.i > tok.i]
            speaker = _trim(before) if before else _trim(after)
            if speaker is None:
                return None
            return Attribution(cue=(tok.idx, tok.idx + len(tok.text)), speaker=speaker, how="dash")
    return None


def _colon_speaker(toks: list[Token]) -> Attribution | None:
    """The subject nearest the colon, preferring a name: "… whilst Karen Gillan was happy …:"."""
    subjects = [t for t in toks if t.dep_ in _SUBJECT_DEPS]
    named = [t for t in subjects if t.pos_ == "PROPN"]
    if not subjects:
        return None
    pick = (named or subjects)[-1]
    return Attribution(
        cue=(pick.head.idx, pick.head.idx + len(pick.head.text)), speaker=noun_phrase(pick), how="colon"
    )


def colon_intro(doc: Doc, text: str, para: Range) -> Attribution | None:
    """A paragraph ending in ':' introduces the next one: "X sent out the following message:"."""
    if not text[para[0] : para[1]].rstrip().endswith(":"):
        return None
    start = sentence_start(text, para[1] - 1, para[0])
    return _colon_speaker(tokens_between(doc, start, para[1]))


def span_tokens(doc: Doc, rng: Range) -> Span | None:
    return doc.char_span(rng[0], rng[1], alignment_mode="expand")
