"""What a pronoun, a title or a document stands for, within one article.

Rules (refusing when none applies):
- a name resolves to its fullest earlier form ("Zeya" -> "Uzra Zeya");
- he/she: the subject of the previous sentence when it names a person of that gender,
  looking through sentences whose subject is the same pronoun or that name nobody
  (sentences never run over a paragraph break); else the nearest earlier PERSON,
  outside quotes and not a possessive, whose gender is not known to differ (gender
  from Mr/Ms honorifics and the first he/his or she/her after the name in its
  sentence); I/we/they are not resolved;
- it: the speaker quoted just before, when that is not a person ("…, the ministry
  said. “…,” it added");
- a name inside the speaker's noun phrase wins: a PERSON in it that is no possessive,
  or its apposition ("the firm's lawyer, Ann Lee,");
- a definite description whose head noun was an apposition of a name ("the X
  Coalition, a group of …" … "the group said") stands for that name;
- a description whose head noun is a person title ("the senior American official",
  "the president"): the person introduced with that title word near the name
  ("President Tokayev", "Uzra Zeya, the U.S. Under Secretary"), else the same
  qualified title written out with a name later ("China's ambassador" … "China's
  ambassador to X Liu Y"), else the latest person quoted, else the nearest earlier PERSON;
- a document ("the statement", "the message"): the latest speaker quoted, else
  the nearest earlier organisation.
PERSON names come from ``doc.ents``, plus capitalised 2-3 word names before
"said" that the small model misses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storyline.quotes import cues
from storyline.quotes.speakers import entities_in, entity_at

Range = tuple[int, int]

_NAME_BEFORE_CUE = re.compile(
    r"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2})(?=,? (?:said|says|added|adds|told|stated|noted|explained))"
)
_HONORIFIC = re.compile(r"\b(Mr|Ms|Mrs|Miss|Sir)\.? ((?:[A-Z][\w’'-]+ ?){1,3})")


@dataclass(slots=True, kw_only=True)
class PersonMention:
    start: int
    end: int
    name: str
    key: str  # last name, lower-cased


@dataclass(slots=True, kw_only=True)
class Said:
    """A speaker already attributed earlier in the article."""

    at: int
    name: str
    person: bool


# How many sentences back a pronoun looks for the subject it continues.
_CHAIN_SENTENCES = 3

_LEADING_TITLE = re.compile(
    r"^(?:(?:President|Mr|Ms|Mrs|Dr|Prime Minister|Minister|Senator|Sen|Gov|Rep)\.?\s+)+"
)


def _bare(name: str) -> str:
    """A name without its possessive and leading title: "President Tokayev’s" -> "Tokayev"."""
    return _LEADING_TITLE.sub("", re.sub(r"(’s|'s|’|')$", "", name).strip())


def _key(name: str) -> str:
    words = re.findall(r"[\w-]+", name)
    return words[-1].lower() if words else ""


class Resolver:
    """Built once per article; ``resolve`` is then cheap."""

    def __init__(self, doc: Doc, text: str, quoted: list[Range]) -> None:
        self.doc = doc
        self.text = text
        self.quoted = quoted
        self.persons: list[PersonMention] = []
        self.orgs: list[PersonMention] = []
        self.full: dict[str, str] = {}
        self.gender: dict[str, str] = {}
        self.roles: dict[str, list[tuple[int, str]]] = {}

        def inside_quote(pos: int) -> bool:
            return any(s <= pos < e for s, e in quoted)

        seen: set[int] = set()
        for ent in doc.ents:
            if ent.label_ in {"ORG", "GPE", "NORP"} and not inside_quote(ent.start_char):
                self.orgs.append(PersonMention(start=ent.start_char, end=ent.end_char, name=ent.text, key=""))
            if ent.label_ != "PERSON" or inside_quote(ent.start_char):
                continue
            name = _bare(ent.text)
            if not name or not name[0].isupper():
                continue
            if len(ent) == 1 and ent.end < len(doc) and doc[ent.end].pos_ == "NOUN" and doc[ent.end].is_lower:
                continue  # "the Kazakh government": an adjective the model took for a name
            possessive = (ent.end < len(doc) and doc[ent.end].tag_ == "POS") or ent.text.endswith(
                ("’s", "'s")
            )
            self._add(ent.start_char, ent.start_char + len(name), name, possessive)
            seen.add(ent.start_char)
        for m in _NAME_BEFORE_CUE.finditer(text):
            if m.start(1) not in seen and not inside_quote(m.start(1)):
                first = m.group(1).split()[0]
                determined = re.search(
                    r"\b(?:the|a|an|its|their)\s+$", text[max(0, m.start(1) - 6) : m.start(1)], re.I
                )
                if first.lower() not in {"the", "this", "that", "police", "officials"} and not determined:
                    # "the Swedish Prosecution Authority said": a determiner means no person's name
                    self._add(m.start(1), m.end(1), m.group(1), False)
        self.persons.sort(key=lambda p: p.start)
        for m in _HONORIFIC.finditer(text):
            self.gender.setdefault(_key(m.group(2)), "m" if m.group(1) in {"Mr", "Sir"} else "f")
        self._pronoun_evidence()
        self._role_index()
        self.described: dict[str, list[tuple[int, str]]] = {}
        self._apposition_index(inside_quote)

    def _add(self, start: int, end: int, name: str, possessive: bool) -> None:
        key = _key(name)
        if not key:
            return
        if len(name.split()) > len(self.full.get(key, "").split()):
            self.full[key] = name
        if not possessive:
            self.persons.append(PersonMention(start=start, end=end, name=name, key=key))

    def _pronoun_evidence(self) -> None:
        """Gender by vote: the first he/his or she/her after each mention, in its
        sentence or the next, before any other person is named."""
        votes: dict[str, list[str]] = {}
        starts = {p.start for p in self.persons}
        for p in self.persons:
            span = self.doc.char_span(p.start, p.end, alignment_mode="expand")
            if span is None:
                continue
            sent = span.sent
            stop = sent.end
            if stop < len(self.doc):
                stop = self.doc[stop].sent.end
            for tok in self.doc[span.end : stop]:
                if tok.ent_type_ == "PERSON" and tok.idx in starts:
                    break
                # subject pronouns only: "Anna Berg is his deputy" says nothing of Berg
                g = cues.pronoun_gender(tok.text) if tok.dep_ in {"nsubj", "nsubjpass"} else None
                if g is not None:
                    votes.setdefault(p.key, []).append(g)
                    break
        for key, vs in votes.items():
            if key in self.gender:
                continue
            m, f = vs.count("m"), vs.count("f")
            if m != f:
                self.gender[key] = "m" if m > f else "f"

    def _role_index(self) -> None:
        """Title words written next to a name: the last one just before it ("President
        Tokayev", "star's rep Jack Ketsoyan") and those in an apposition after it
        ("Uzra Zeya, the U.S. Under Secretary for …")."""
        for p in self.persons:
            before = re.findall(r"[a-z]+", self.text[max(0, p.start - 25) : p.start].lower())
            titles = [w for w in before if w in cues.PERSON_TITLES][-1:]
            m = re.match(r",\s*([^,.;]{0,60})", self.text[p.end : p.end + 70])
            if m:
                titles += [w for w in re.findall(r"[a-z]+", m.group(1).lower()) if w in cues.PERSON_TITLES]
            for word in titles:
                self.roles.setdefault(word, []).append((p.start, self.canonical(p.name)))

    def _apposition_index(self, inside_quote: Callable[[int], bool]) -> None:
        """Head nouns introduced as an apposition of a name ("the WeWorkers Coalition,
        a group of employees"), so that "the group" can later stand for the name."""
        for tok in self.doc:
            if tok.dep_ != "appos" or inside_quote(tok.idx):
                continue
            # either order: "the Coalition, a group …" or "The group, WeWorkers Coalition, …"
            noun, named = (tok, tok.head) if tok.pos_ == "NOUN" else (tok.head, tok)
            if noun.pos_ != "NOUN" or named.pos_ != "PROPN":
                continue
            ent = entity_at(named)
            words = re.sub(r"^(?:the|The)\s+", "", ent.text if ent is not None else named.text)
            self.described.setdefault(noun.lemma_.lower(), []).append((tok.idx, self.canonical(words)))

    def canonical(self, name: str) -> str:
        """A lone surname's fullest earlier form; full names stay as written
        (Mahnefah Gray is not Kimani Gray)."""
        if len(name.split()) > 1:
            return name
        full = self.full.get(_key(name))
        return full if full and full.endswith(name.split()[-1]) else name

    def _nearest_person(
        self, before: int, gender: str | None, history: list[Said] | None = None
    ) -> str | None:
        """The nearest earlier person mention or person speaker not known to differ in gender.

        When that mention sits in a sentence whose main subject is another
        compatible person, the main subject wins ("Moffat, who …, is sure that
        Capaldi is the perfect choice. “…,” he said." -> Moffat)."""
        cands = [(p.start, p.name) for p in self.persons if p.start < before]
        cands += [(s.at, s.name) for s in history or [] if s.person and s.at < before]

        def fits(name: str) -> bool:
            g = self.gender.get(_key(name))
            return gender is None or g is None or g == gender

        for at, name in sorted(cands, reverse=True):
            if not fits(name):
                continue
            main = self._main_subject(at)
            if main is not None and main.start < at and fits(main.name) and main.start < before:
                return self.canonical(main.name)
            return self.canonical(name)
        return None

    def _pronoun(
        self, at: int, pronoun: str, gender: str | None, history: list[Said], depth: int = 0
    ) -> str | None:
        if depth < _CHAIN_SENTENCES:
            chained = self._subject_chain(at, pronoun, gender, history, depth)
            if chained is not None:
                return chained
        return self._nearest_person(at, gender, history)

    def _subject_chain(
        self, at: int, pronoun: str, gender: str | None, history: list[Said], depth: int
    ) -> str | None:
        """The main subject of the previous sentence, looking through sentences whose
        subject is the same pronoun ("Ann Lee runs it. She said … “…,” she said")."""
        span = self.doc.char_span(at, at + 1, alignment_mode="expand")
        if span is None:
            return None
        start = self._sentence_start(span.start)

        def fits(name: str) -> bool:
            g = self.gender.get(_key(name))
            return gender is None or g is None or g == gender

        if any(self.doc[start].idx <= p.start < at and fits(p.name) for p in self.persons):
            return None  # "When Ann Lee arrived, she said": the nearest mention decides
        for _ in range(_CHAIN_SENTENCES):
            if start == 0:
                return None
            end, start = start, self._sentence_start(start - 1)
            subj = self._clause_subject(start, end)
            if subj is None and any(s <= self.doc[start].idx < e for s, e in self.quoted):
                continue  # a sentence of the quotation itself
            if subj is not None and subj.lower_ == pronoun:
                # the same pronoun continues: it stands for what that one stands for
                return self._pronoun(subj.idx, pronoun, gender, history, depth + 1)
            person = self._person_in(subj) if subj is not None else None
            if person is not None and fits(person.name):
                return self.canonical(person.name)
            lo, hi = self.doc[start].idx, self.doc[end - 1].idx
            if person is not None or any(lo <= p.start <= hi and fits(p.name) for p in self.persons):
                return None  # someone else is named here: leave it to the nearest mention
            # "Sentencing is set for May.": a sentence naming nobody is looked across
        return None

    def _sentence_start(self, i: int) -> int:
        """Token index where the sentence of token ``i`` starts, never across a paragraph
        break (the parser sometimes runs a sentence over one)."""
        start = self.doc[i].sent.start
        for k in range(i - 1, start - 1, -1):
            if "\n" in self.doc[k].whitespace_ or "\n" in self.doc[k].text:
                return k + 1
        return start

    def _clause_subject(self, start: int, end: int) -> Token | None:
        """The subject of the main verb among tokens ``start``..``end``, outside quotes."""
        for tok in self.doc[start:end]:
            if not (start <= tok.head.i < end) or tok.head.i == tok.i:
                if any(s <= tok.idx < e for s, e in self.quoted):
                    continue
                subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
                if subj is not None and not any(s <= subj.idx < e for s, e in self.quoted):
                    return subj
        return None

    def _person_in(self, subj: Token) -> PersonMention | None:
        """The person a subject names: itself, a name in its left part, or its apposition
        ("Ann Lee's lawyer, Tom Weller," -> Tom Weller)."""
        for p in self.persons:
            if p.start <= subj.idx < p.end:
                return p
        for c in subj.children:
            if c.dep_ == "appos":
                for p in self.persons:
                    if p.start <= c.idx < p.end:
                        return p
        for p in self.persons:
            if subj.left_edge.idx <= p.start <= subj.idx:
                return p
        if subj.pos_ == "PROPN":
            # a surname of a name given in full earlier ("Patrick W. Lee Jr." … "Lee faces")
            full = next((p for p in self.persons if subj.text in p.name.split()[1:]), None)
            if full is not None:
                return full
        said = cues.is_speech_cue(subj.head) and subj.ent_type_ in {"", "PERSON", "ORG"}
        if subj.pos_ == "PROPN" and (_key(subj.text) in self.full or (said and subj.ent_iob_ != "I")):
            # "Lee said …" (a surname the model may tag ORG): a person when a he/she follows
            return PersonMention(
                start=subj.idx, end=subj.idx + len(subj.text), name=subj.text, key=_key(subj.text)
            )
        return None

    def _main_subject(self, at: int) -> PersonMention | None:
        span = self.doc.char_span(at, at + 1, alignment_mode="expand")
        if span is None:
            return None
        root = span.sent.root
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subj is None:
            return None
        for p in self.persons:
            if p.start <= subj.idx < p.end or (subj.left_edge.idx <= p.start <= subj.idx):
                return p
        if subj.pos_ == "PROPN" and (subj.ent_type_ in {"", "PERSON"} or _key(subj.text) in self.full):
            # a name the model did not tag ("The Thick Of It star, Capaldi described …")
            return PersonMention(
                start=subj.idx, end=subj.idx + len(subj.text), name=subj.text, key=_key(subj.text)
            )
        return None

    def resolve(self, speaker: Range, before: int, history: list[Said]) -> str | None:
        """The name ``speaker`` stands for, or None (already a name, or unknown)."""
        words = self.text[speaker[0] : speaker[1]]
        low = words.lower().strip()
        span = self.doc.char_span(speaker[0], speaker[1], alignment_mode="expand")
        if low in {"he", "she", "her", "him"}:
            gender = cues.pronoun_gender(low)
            return self._pronoun(min(before, speaker[0]), low, gender, history)
        if low == "it":
            # "…, the ministry said. “…,” it added": the latest speaker, when not a person
            last = [h for h in history if h.at < before][-1:]
            return last[0].name if last and not last[0].person and last[0].name.lower() != "it" else None
        if span is None or low in {"i", "we", "they", "you"}:
            return None
        for ent in entities_in(span):
            if ent.label_ == "PERSON" and ent.root.dep_ != "poss":
                return self.canonical(_bare(ent.text))
        named = self._named_apposition(span.root)
        if named is not None:
            return named
        head = span[-1]
        for tok in reversed(span):
            if tok.pos_ in {"NOUN", "PROPN"} and tok.dep_ != "pobj":
                head = tok
                break
        # A bare capitalised name the model did not tag ("Zeya", "Mamay").
        if all(t.text[:1].isupper() for t in span if t.is_alpha) and _key(words) in self.full:
            return self.canonical(_bare(words))
        title = head.lower_
        plural = head.tag_ in {"NNS", "NNPS"}
        definite = span[0].lower_ == "the"
        described = [name for at, name in self.described.get(head.lemma_.lower(), []) if at < before]
        if definite and not plural and described:
            return described[-1]  # "the WeWorkers Coalition, a group of …" … "the group said"
        if re.search(r"\d+\s*-?\s*years?\s*-?\s*old", low):
            title, plural = "official", False  # "the 55 - year - old": a person, resolved like a title
        if not plural and (title in cues.PERSON_TITLES or head.lemma_.lower() in cues.PERSON_TITLES):
            key = title if title in cues.PERSON_TITLES else head.lemma_.lower()
            introduced = [name for at, name in self.roles.get(key, []) if at < before]
            if introduced:
                return introduced[-1]
            # "China's envoy said …" before "China's envoy to Chile Ann Lee": the same
            # qualified title written out with the name further on
            qualifiers = [t.text for t in span if t.pos_ == "PROPN" and t.i != head.i]
            later = [
                name
                for at, name in self.roles.get(key, [])
                if at > before
                and qualifiers
                and all(w in self.text[max(0, at - 60) : at] for w in qualifiers)
            ]
            if later:
                return later[0]
            people = [s.name for s in history if s.person and s.at < before]
            if people:
                return people[-1]
            return self._nearest_person(before, None)
        if title in cues.DOCUMENT_NOUNS:
            owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
            if owner is not None:
                return owner.text  # "the NYPD's statement" -> NYPD
            earlier = [s.name for s in history if s.at < before]
            if earlier:
                return earlier[-1]
            orgs = [o.name for o in self.orgs if o.start < before]
            return orgs[-1] if orgs else None
        return None

    def _named_apposition(self, head: Token) -> str | None:
        """A name in apposition to a description: "the company's lawyer, Ann Lee," and
        "China's envoy to Chile Ann Lee" name Ann Lee."""
        for child in head.rights:
            if child.dep_ != "appos":
                continue
            ent = entity_at(child)
            if ent is not None and ent.label_ == "PERSON":
                return self.canonical(_bare(ent.text))
        return None

    def is_person(self, name: str | None, speaker: Range) -> bool:
        """Is the speaker a person? Learns capitalised names the model did not tag."""
        if name is None:
            return False
        if _key(name) in self.full:
            return True
        span = self.doc.char_span(speaker[0], speaker[1], alignment_mode="expand")
        if span is None or any(t.ent_type_ in {"ORG", "GPE", "NORP"} for t in span):
            return False
        words = [t for t in span if t.is_alpha]
        if words and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words) and len(words) <= 3:
            self.full[_key(name)] = name
            return True
        return False
