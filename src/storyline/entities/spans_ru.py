"""Span fixes for natasha's Russian NER: where its spans end, and what they miss.

Each rule reads the span, its neighbouring tokens (morphology) and the
dictionary (pymorphy3) only; none names a person, place or organisation:

- marks at the edges (quotes, dashes, brackets) stay outside; a span stops at a
  line break and at an opening bracket ("Ма Лин (..." ); an opened «quote» is closed;
- people: a first word that cannot be in the case of the last one is not part of
  the name ("Норландии Ерлан Жумабаев": the place after a title, split off);
  glued initials join ("Дж.Коми", "Б.Обама"); a courtesy title joins
  ("миссис X"); an office word opening the span leaves it ("Принц Филипп" ->
  "Филипп", the office is a role); a name natasha tags ORG right after an
  occupation word is a person ("певице Aaliyah");
- organisations take their genitive tails: a place or organisation in the
  genitive right after ("Верховный суд Испании", "Следственного управления
  Следственного комитета"), and "по ..." phrases ("суд по правам человека");
- names NER missed that the article vouches for: a word of a person's name seen
  elsewhere in the article (in any case form), and a name's original spelling in
  brackets after it ("Брендт Кристенсен (Brendt Christensen)");
- place adjectives (``NORP``): an adjective whose stem names a place in the
  dictionary ("британской" -> Британия, "московскому" -> Москва).
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Token

from storyline.entities.labels import vote_labels
from storyline.entities.spans import Span
from storyline.morph import morph as _morph

# Marks natasha sometimes takes into a span: quotes, dashes and brackets stay outside.
EDGE_MARKS = frozenset('«»"“”„()[],.;:!?—–-')
# Courtesy titles that belong to the name ("миссис Обама"), as NER sets tag them.
COURTESY = frozenset({"миссис", "мистер", "мисс", "сэр", "леди", "мадам", "месье", "фрау", "герр"})
# Lemmas of nouns that name a body: with a named place or organisation in the genitive
# after them they are that body's name ("правительство Польши", "пресс-служба МВД").
INSTITUTIONS = frozenset(
    [
        "служба",
        "пресс-служба",
        "полиция",
        "администрация",
        "власть",
        "власти",
        "правительство",
        "министерство",
        "ведомство",
        "парламент",
        "сенат",
        "конгресс",
        "суд",
        "прокуратура",
        "факультет",
        "совет",
        "комитет",
        "комиссия",
        "управление",
        "департамент",
        "посольство",
        "консульство",
        "мэрия",
        "армия",
        "войско",
        "кабинет",
        "аппарат",
        "штаб",
        "руководство",
        "дума",
        "палата",
        "агентство",
        "партия",
        "федерация",
        "ассоциация",
        "сборная",
        "спецслужба",
        "разведка",
    ]
)
# Kinds of settlement a capitalised sentence start puts into a place's span.
PLACE_KINDS = frozenset(["город", "село", "деревня", "посёлок", "поселок", "станица", "аул", "остров"])
# Legal forms written before a quoted name: "ООО «Альфа»" is the organisation «Альфа».
LEGAL_FORMS = frozenset(["ООО", "ОАО", "ЗАО", "ПАО", "АО", "НП", "НКО", "АНО", "ФГУП", "ГУП", "МУП", "ИП"])
_MAX_TAIL = 12
# Adjectives that say when or which, not what: "новое правительство X" is "правительство X".
_NOT_NAME_ADJ = frozenset(
    ["новый", "бывший", "нынешний", "прежний", "местный", "этот", "тот", "весь", "наш", "ваш", "свой"]
)
_COMPASS = (
    "северо",
    "юго",
    "южно",
    "западно",
    "восточно",
    "центрально",
)  # tokens an organisation's tail may add


def ner_spans_ru(doc: Doc) -> list[Span]:
    """The NER spans with their fixes, plus place adjectives; no two overlap."""
    from storyline.entities.roles_ru import is_title_head

    spans: list[Span] = []
    for ent in doc.ents:
        s = _trimmed(doc, ent.start, ent.end, ent.label_)
        if s is not None:
            spans.append(s)
    spans = _join_initials(doc, spans)
    spans = _split_leading_oblique(doc, spans)
    for s in spans:
        if s.label == "PERSON":
            if s.j - s.i >= 2 and is_title_head(doc[s.i]) and doc[s.i + 1].text[:1].isupper():
                s.i += 1
            if s.i > 0 and doc[s.i - 1].lower_ in COURTESY:
                s.i -= 1
        elif s.label == "ORG" and s.i > 0 and is_title_head(doc[s.i - 1]) and _latin_name(doc, s):
            s.label, s.person_evidence = "PERSON", True
        elif (
            s.label == "GPE"
            and s.j - s.i >= 2
            and doc[s.i].lemma_ in PLACE_KINDS
            and doc[s.i + 1].text[:1].isupper()
        ):
            s.i += 1  # "Город Павия" at a sentence start: the kind of place is not its name
    spans = _org_tails(doc, spans)
    spans = _legal_forms(doc, spans)
    spans.extend(_place_adjectives(doc, spans))
    spans = _institutions(doc, spans)
    spans.extend(_originals(doc, spans))
    spans.extend(_repeats(doc, spans))
    spans = _join_initials(doc, spans)  # again, for the names just recovered
    vote_labels(doc, spans)
    spans.sort(key=lambda s: (s.i, -s.j))
    out: list[Span] = []
    for s in spans:
        if not out or s.i >= out[-1].j:
            out.append(s)
    return out


def _trimmed(doc: Doc, i: int, j: int, label: str) -> Span | None:
    # A span never crosses a line break (a headline run into the next line) or a bracket.
    for k in range(i, j):
        if (doc[k].is_space and "\n" in doc[k].text) or doc[k].text == "(" or "\n" in doc[k].whitespace_:
            j = k if doc[k].is_space or doc[k].text == "(" else k + 1
            break
    while i < j and (doc[i].text in EDGE_MARKS or doc[i].is_space):
        i += 1
    while j > i and (doc[j - 1].text in EDGE_MARKS or doc[j - 1].is_space):
        j -= 1
    if i >= j:
        return None
    # «Останкино: a quote opened inside the span is closed right after it.
    inner = [t.text for t in doc[i:j]]
    nxt = doc[j].text if j < len(doc) else ""
    if (inner.count("«") > inner.count("»") and nxt == "»") or (inner.count('"') % 2 and nxt == '"'):
        j += 1
    return Span(i=i, j=j, label=label)


def _initial(doc: Doc, k: int) -> bool:
    """Tokens ``k``, ``k+1`` are an initial: "Дж" "." (a capital and at most two more letters)."""
    t = doc[k].text
    return (
        k + 1 < len(doc)
        and doc[k + 1].text == "."
        and 1 <= len(t) <= 3
        and t[0].isupper()
        and t.isalpha()
        and not doc[k].whitespace_
    )


def _join_initials(doc: Doc, spans: list[Span]) -> list[Span]:
    """Initials right before a person's name join it: "Б.Обама", "Дж.Коми", "А. С. Пушкин"."""
    drop: set[int] = set()
    for s in spans:
        if s.label != "PERSON":
            continue
        while s.i >= 2 and _initial(doc, s.i - 2):
            s.i -= 2
            before = next((o for o in spans if o is not s and o.i <= s.i < o.j), None)
            if before is not None:  # "Дж" tagged alone: one name with the rest
                drop.add(id(before))
                s.i = min(s.i, before.i)
    return [s for s in spans if id(s) not in drop]


def _latin_name(doc: Doc, s: Span) -> bool:
    words = doc[s.i : s.j]
    return 1 <= len(words) <= 3 and all(
        t.text[:1].isupper() and t.text.isascii() and t.is_alpha for t in words
    )


def _is_gen(tok: Token) -> bool:
    return "Case=Gen" in str(tok.morph)


def _org_tails(doc: Doc, spans: list[Span]) -> list[Span]:
    """An organisation takes the places and organisations in the genitive that follow
    it, and "по ..." phrases: "Верховный суд Испании", "суд по правам человека"."""
    by_start = {s.i: s for s in spans}
    gone: set[int] = set()
    for s in sorted(spans, key=lambda s: s.i):
        if s.label != "ORG" or id(s) in gone:
            continue
        limit = s.j + _MAX_TAIL
        while s.j < min(limit, len(doc)):
            nxt = by_start.get(s.j)
            if (
                nxt is not None
                and nxt.label in ("GPE", "ORG")
                and _is_gen(doc[nxt.i])
                and id(nxt) not in gone
            ):
                gone.add(id(nxt))
                s.j = nxt.j
                continue
            # "Совета директоров «Альфы»": an organisation in quotes, in the genitive.
            quoted = by_start.get(s.j + 1) if doc[s.j].text == "«" else None
            if (
                quoted is not None
                and quoted.label == "ORG"
                and _is_gen(doc[quoted.i])
                and id(quoted) not in gone
                and quoted.j < len(doc)
                and doc[quoted.j].text == "»"
            ):
                gone.add(id(quoted))
                s.j = quoted.j + 1
                continue
            if doc[s.j].lower_ == "по" and doc[s.j - 1].whitespace_:
                end = _po_phrase(doc, s.j + 1, by_start)
                if end is not None:
                    for k in range(s.j, end):
                        if k in by_start:
                            gone.add(id(by_start[k]))
                    s.j = end
                    continue
            break
    return [s for s in spans if id(s) not in gone]


def _po_phrase(doc: Doc, k: int, by_start: dict[int, Span]) -> int | None:
    """End of "по" + adjectives + a dative noun (+ genitive words): "по правам человека",
    "по Гегаркуникской области"; None when no such phrase follows."""
    n = len(doc)
    while k < n and doc[k].pos_ == "ADJ" and "Case=Dat" in str(doc[k].morph):
        k += 1
    if k >= n or doc[k].pos_ not in ("NOUN", "PROPN") or "Case=Dat" not in str(doc[k].morph):
        return None
    k += 1
    while k < n and doc[k].pos_ in ("NOUN", "PROPN", "ADJ") and _is_gen(doc[k]) and k - 1 not in by_start:
        k += 1
    return k


@lru_cache(maxsize=1 << 14)
def place_of_adjective(lemma: str) -> str | None:
    """The place an adjective's lemma is made from ("британский" -> "британия"), when
    the dictionary knows a geographical name of one of the usual derivations."""
    if not lemma.endswith(("ский", "цкий")) or len(lemma) < 7:
        return None
    for prefix in _COMPASS:  # "северокорейский": the place is Корея
        if lemma.startswith(prefix) and len(lemma) > len(prefix) + 6:
            return place_of_adjective(lemma[len(prefix) :])
    stem = lemma[:-4]
    for cand in (
        stem,
        stem + "ия",
        stem + "а",
        stem + "ь",
        stem[:-1] + "я",
        stem[:-1],
        stem[:-1] + "а",
        stem[:-2] + "а",
        stem[:-2] + "ва",
        stem[:-2] + "ения",
        stem[:-3] + "ия",
        stem + "ша",
        stem[:-1] + "ия",
        stem[:-1] + "гия",
    ):
        if not _morph().word_is_known(cand):
            continue  # the dictionary's guesses for unknown words say Geox too freely
        for p in _morph().parse(cand):
            if "Geox" in p.tag and p.tag.POS == "NOUN" and p.normal_form == cand:
                return cand
    return None


def _place_adjectives(doc: Doc, spans: list[Span]) -> list[Span]:
    covered = {k for s in spans for k in range(s.i, s.j)}
    out = []
    for tok in doc:
        if tok.pos_ != "ADJ" or tok.i in covered or not tok.is_alpha:
            continue
        if tok.text[0].isupper() and not tok.is_sent_start:
            continue  # part of a name ("Северный альянс") the NER left out: not a bare adjective
        if place_of_adjective(tok.lemma_) is None:
            continue
        out.append(Span(i=tok.i, j=tok.i + 1, label="NORP"))
    return out


def _institution(tok: Token) -> bool:
    """A body noun naming one body ("правительства"); plurals name a kind ("ведомства"),
    except "власти", which is plural when it means the authorities."""
    if tok.pos_ not in ("NOUN", "PROPN") or not (tok.lemma_ in INSTITUTIONS or tok.lower_ in INSTITUTIONS):
        return False
    return "Number=Plur" not in str(tok.morph) or tok.lemma_ in ("власть", "власти")


def _legal_forms(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "ЗАО «Медиа-Мост»" -> «Медиа-Мост»: the legal form and the quotes stay outside."""
    for s in spans:
        quoted = s.j - s.i >= 4 and doc[s.i + 1].text == "«" and doc[s.j - 1].text == "»"
        if s.label == "ORG" and doc[s.i].text in LEGAL_FORMS and quoted:
            s.i, s.j = s.i + 2, s.j - 1
    return spans


def _institutions(doc: Doc, spans: list[Span]) -> list[Span]:
    """A body named by what it is of: "правительство Польши", "пресс-служба полиции
    Армении", "российские власти" become one organisation, as NER sets mark them."""
    by_start = {s.i: s for s in spans}
    gone: set[int] = set()
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: s.i):
        if id(s) in gone:
            continue
        if s.label == "NORP" and s.j < len(doc) and _institution(doc[s.j]) and doc[s.j].is_lower:
            j = s.j + 1
            nxt = by_start.get(j)
            if nxt is not None and nxt.label in ("GPE", "ORG") and _is_gen(doc[nxt.i]):
                gone.add(id(nxt))
                j = nxt.j
            out.append(Span(i=s.i, j=j, label="ORG"))
            continue
        # The name must be in the genitive ("правительства Польши"); an abbreviation does not
        # decline; a name in apposition ("корпорации Lockheed Martin") is the name alone.
        if s.label in ("GPE", "ORG") and (
            _is_gen(doc[s.i]) or (s.label == "ORG" and _abbreviation(doc[s.i]))
        ):
            i = _institution_start(doc, s.i)
            if i is not None:
                for k in range(i, s.i):
                    if k in by_start:
                        gone.add(id(by_start[k]))
                out = [o for o in out if o.j <= i]
                out.append(Span(i=i, j=s.j, label="ORG"))
                continue
        out.append(s)
    return out


def _institution_start(doc: Doc, k: int) -> int | None:
    """Walk left from a name over genitive nouns to the farthest body noun right before it
    ("пресс-служба полиции" before "РА"), with the adjectives that agree with it."""
    start = None
    i = k - 1
    while i >= 0 and k - i <= 6:
        tok = doc[i]
        if not tok.whitespace_ or tok.is_punct:
            break
        if _institution(tok):
            start = i
        elif not (tok.pos_ == "NOUN" and _is_gen(tok) and tok.is_lower):
            break
        i -= 1
    if start is None:
        return None
    case = doc[start].morph.get("Case", [])
    while (
        start > 0
        and doc[start - 1].pos_ == "ADJ"
        and doc[start - 1].morph.get("Case", []) == case
        and doc[start - 1].whitespace_
    ):
        if doc[start - 1].lemma_ in _NOT_NAME_ADJ:
            break
        start -= 1
    return start


def _abbreviation(tok: Token) -> bool:
    return tok.text.isupper() and tok.is_alpha and len(tok.text) >= 2 and not tok.text.isascii()


def _originals(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "Анна Ли (Anna Lee)": the bracketed original spelling of a person's name (Latin
    capitalised words or CJK characters, four words at most) is the same person."""
    out = []
    n = len(doc)
    for s in spans:
        if s.label != "PERSON" or s.j + 2 >= n or doc[s.j].text != "(":
            continue
        close = next((k for k in range(s.j + 1, min(n, s.j + 7)) if doc[k].text == ")"), None)
        if close is None or close == s.j + 1:
            continue
        words = [t.text for t in doc[s.j + 1 : close] if not t.is_space]
        latin = all(w[:1].isupper() and w.isascii() and w.replace("-", "").isalpha() for w in words)
        cjk = all(all("\u4e00" <= ch <= "\u9fff" for ch in w) for w in words)
        if len(words) <= 4 and (latin or cjk):
            out.append(Span(i=s.j + 1, j=close, label="PERSON", person_evidence=True))
    return out


def _repeats(doc: Doc, spans: list[Span]) -> list[Span]:
    """Words of people's names NER tagged elsewhere in the article, where it missed them:
    capitalised proper nouns whose form or lemma is one of those words ("Акихито" after
    "Акихито Нарухито"; "Рынской" after "Рынска"); a run of them is one name."""
    known: set[str] = set()
    for s in spans:
        if s.label == "PERSON":
            for t in doc[s.i : s.j]:
                if t.is_alpha and len(t.text) >= 3:
                    known.update((t.lower_, t.lemma_))
    if not known:
        return []
    covered = bytearray(len(doc))
    for s in spans:
        covered[s.i : s.j] = b"\x01" * (s.j - s.i)

    def name_word(k: int) -> bool:
        t = doc[k]
        return (
            not covered[k]
            and t.pos_ == "PROPN"
            and t.text[:1].isupper()
            and (t.lower_ in known or t.lemma_ in known)
        )

    out: list[Span] = []
    k = 0
    n = len(doc)
    while k < n:
        if not name_word(k):
            k += 1
            continue
        j = k + 1
        while j < n and j - k < 3 and name_word(j) and doc[j - 1].whitespace_ == " ":
            j += 1
        # A word right before a person's name joins it ("Мейв" + "Кеннеди").
        nxt = next(
            (s for s in spans if s.i == j and s.label == "PERSON" and doc[j - 1].whitespace_ == " "), None
        )
        if nxt is not None:
            nxt.i = k
        else:
            out.append(Span(i=k, j=j, label="PERSON", kind="name"))
        k = j
    return out


@lru_cache(maxsize=1 << 14)
def nominatives(word: str) -> frozenset[str]:
    """Every nominative singular the dictionary can read ``word`` as (lowercase, ё as е):
    "Варенцовой" -> {"варенцова", "варенцов", ...}; the article decides which."""
    out = set()
    for p in _morph().parse(word.lower()):
        if p.tag.POS != "NOUN":
            continue
        form = p.inflect({"nomn", "sing"}) or p.inflect({"nomn"})
        if form is not None:
            out.add(form.word.replace("ё", "е"))
    return frozenset(out)


def _cases(word: str) -> set[str]:
    """The cases the dictionary reads ``word`` in, as a singular noun."""
    return {
        str(p.tag.case)
        for p in _morph().parse(word.lower())
        if p.tag.POS == "NOUN" and p.tag.number != "plur"
    }


def _split_leading_oblique(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "Норландии Ерлан Жумабаев": a person's span whose first word shares no case with
    its last is a genitive complement (a place, a body) run into the name; it is split off
    as a place, or an organisation when the dictionary reads it as one."""
    out: list[Span] = []
    for s in spans:
        words = [t for t in doc[s.i : s.j] if not t.is_punct]
        if s.label != "PERSON" or len(words) < 3 or not doc[s.i].is_alpha:
            out.append(s)
            continue
        first, last = _cases(doc[s.i].text), _cases(doc[s.j - 1].text)
        if not first or not last or first & last or "nomn" in first:
            out.append(s)
            continue
        tags = {str(p.tag) for p in _morph().parse(doc[s.i].lower_)}
        label = "ORG" if any("Orgn" in t for t in tags) and not any("Geox" in t for t in tags) else "GPE"
        out.append(Span(i=s.i, j=s.i + 1, label=label))
        out.append(Span(i=s.i + 1, j=s.j, label="PERSON"))
    return out
