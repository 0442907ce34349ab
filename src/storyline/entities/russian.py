"""Per-article stage for Russian pages: mentions, their nominative forms, chains and roles.

Reads a parse from ``nlp_ru`` (natasha's NER in ``doc.ents``, its morphology and
tree on the tokens) and gives the records the English stage gives:

1. NER spans, with span fixes (``spans_ru``);
2. each mention's nominative in context (``Mention.norm``: "Муратом Нуртлеу" ->
   "Мурат Нуртлеу"), by natasha's own normaliser on the tagged tokens: people and
   places word by word, organisations through the tree (only the head and its
   agreeing words inflect: "Министерства иностранных дел" -> "Министерство
   иностранных дел");
3. roles (``roles_ru``): "президент Казахстана X", "глава МИД X", "X, министр ...";
4. chains: the same nominative key; a one-word person joins the one full name
   that ends with it ("Токаева" -> "Касым-Жомарт Токаев");
5. the watch list, as for English.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from storyline.entities.keys import person_tokens, type_key
from storyline.entities.mentions import _watch_spans, mention_record, role_records
from storyline.entities.resolve import type_group
from storyline.entities.roles_ru import find_roles_ru
from storyline.entities.spans import Span
from storyline.entities.spans_ru import ner_spans_ru
from storyline.model import Article, ArticleEntities
from storyline.stages import stage


@stage("entities_ru", requires=["article", "doc"], assigns=["mentions", "roles"])
def extract_entities_ru(
    article: Article, doc: Doc, watch: list[tuple[str, str]] | None = None
) -> ArticleEntities:
    """Mentions (chained within the article, each with its nominative) and roles of a Russian page."""
    if doc.text != article.text:
        raise ValueError(f"article {article.id}: the parse is not of this article's text")
    spans = ner_spans_ru(doc)
    hits = find_roles_ru(doc, spans)
    if watch:
        spans.extend(_watch_spans(doc, article.text, spans, watch))
    spans.sort(key=lambda s: s.offsets(doc))
    norms = [normal_form(doc, s) for s in spans]
    _surnames_in_context(doc, spans, norms)
    _chain(spans, [n or doc[s.i : s.j].text for s, n in zip(spans, norms, strict=True)])
    mentions = [mention_record(article, doc, s, n) for s, n in zip(spans, norms, strict=True)]
    return ArticleEntities(article_id=article.id, mentions=mentions, roles=role_records(article, doc, hits))


@dataclass(slots=True)
class _Tok:
    """What natasha's normaliser reads of a token."""

    text: str
    pos: str
    feats: dict[str, str]
    id: str
    head_id: str
    start: int
    stop: int


def _adapt(tok: Token, base: int) -> _Tok:
    feats = {k: v for k, _, v in (f.partition("=") for f in str(tok.morph).split("|")) if v}
    return _Tok(
        text=tok.text,
        pos=tok.pos_,
        feats=feats,
        id=str(tok.i - base),
        head_id=str(tok.head.i - base),
        start=tok.idx,
        stop=tok.idx + len(tok),
    )


def normal_form(doc: Doc, s: Span) -> str | None:
    """The span's name in the nominative, or None when it already is (or is a watch name)."""
    if s.chars is not None:
        return None
    if s.label == "NORP":  # a place adjective: its dictionary form, whatever its gender
        lemma = doc[s.i].lemma_
        return lemma if lemma != doc[s.i].text else None
    from natasha.norm import recover_shapes, recover_spaces, select_inflectable

    from storyline.nlp_ru import get_ru

    vocab = get_ru().vocab
    tokens = [_adapt(t, s.i) for t in doc[s.i : s.j]]
    # An organisation inflects only its head and the words agreeing with it
    # ("Министерства иностранных дел": "дел" stays); names inflect word by word.
    ids = set(select_inflectable(tokens)) if s.label == "ORG" else {t.id for t in tokens}
    words = [_nominative(vocab, t) if t.id in ids else t.text for t in tokens]
    norm = str(recover_spaces(recover_shapes(words, tokens), tokens))
    text = doc[s.i : s.j].text
    # "Пётр" read as "Петр" is the same form: keep the text, with its ё.
    return norm if norm and norm != text.replace("ё", "е").replace("Ё", "Е") else None


# Cases the tagger confuses on names it has not seen: a masculine animate accusative
# is the genitive's form, and an unknown surname is often tagged either.
_CLOSE_CASES = {"Acc": ("Gen",), "Gen": ("Acc",)}


def _nominative(vocab: Any, tok: _Tok) -> str:
    """One word in the nominative: natasha's rule (the dictionary form with the tagged
    part of speech, gender, number and case), then the same with a close case, then
    any gender when the dictionary reads the word in that case as one word only."""
    word = tok.text.lower().replace("ё", "е")
    case = tok.feats.get("Case")
    parts = word.split("-")
    if len(parts) > 1 and all(p.isalpha() for p in parts):
        # A double name declines part by part, each in the token's case ("Анны-Марии",
        # "Жан-Поля"); a part the dictionary reads only in another case stays as it is.
        return "-".join(_nominative(vocab, dataclasses.replace(tok, text=p)) for p in parts)
    if tok.pos not in ("PROPN", "NOUN", "ADJ") or case in (None, "Nom") or not word.isalpha():
        return word
    try:
        forms = vocab(word)
    except Exception:  # pymorphy has no reading of it
        return word
    pos = "NOUN" if tok.pos == "PROPN" else tok.pos
    gender, number = tok.feats.get("Gender"), tok.feats.get("Number")

    def fits(form: Any, cases: tuple[str | None, ...]) -> bool:
        fpos = "NOUN" if form.pos == "PROPN" else form.pos
        f = form.feats
        return (
            fpos == pos and f.get("Gender") == gender and f.get("Number") == number and f.get("Case") in cases
        )

    for cases in ((case,), _CLOSE_CASES.get(case, ())):
        for form in forms:
            if cases and fits(form, cases):
                nominative = form.inflect({"Nom"})
                if nominative is not None:
                    return str(nominative.word).replace("ё", "е")
    # The tagger's gender is a guess on names it has not seen ("Астраханью" tagged
    # masculine): one dictionary word read in the tagged case settles it.
    same = [
        f for f in forms if f.feats.get("Case") == case and ("NOUN" if f.pos == "PROPN" else f.pos) == pos
    ]
    if same and len({f.normal for f in same}) == 1:
        nominative = same[0].inflect({"Nom"})
        if nominative is not None:
            return str(nominative.word).replace("ё", "е")
    return word


def _surnames_in_context(doc: Doc, spans: list[Span], norms: list[str | None]) -> None:
    """A one-word person whose form could be a case of the surname of one full name in
    the article takes that surname as its nominative: the tagger misreads the gender
    and case of surnames it has not seen ("Варенцовой" tagged masculine), the article's
    full name ("Ольга Варенцова") settles them."""
    from storyline.entities.spans_ru import nominatives

    full: dict[str, set[str]] = {}
    for s, norm in zip(spans, norms, strict=True):
        words = (norm or doc[s.i : s.j].text).split()
        if s.label == "PERSON" and len(words) >= 2:
            full.setdefault(words[-1].lower().replace("ё", "е"), set()).add(words[-1])
    for k, s in enumerate(spans):
        if s.label != "PERSON" or s.j - s.i != 1 or not full:
            continue
        text = doc[s.i].text
        hits = {f for f in nominatives(text) if f in full} | ({text.lower()} & full.keys())
        if len(hits) == 1:
            surname = min(full[hits.pop()])  # as the full name writes it
            norms[k] = surname if surname != text else None


def _chain(spans: list[Span], names: list[str]) -> None:
    """Number chains: equal keys of the nominative; a one-word person joins the one
    multi-word person whose last word it is (two such people: it stays alone)."""
    chains: dict[tuple[str, str], int] = {}
    surnames: dict[str, set[int]] = {}
    for s, name in zip(spans, names, strict=True):
        if s.label == "PERSON" and len(words := person_tokens(name)) >= 2:
            number = chains.setdefault(("PERSON", " ".join(words)), len(chains))
            surnames.setdefault(words[-1], set()).add(number)
            s.chain = number
    for s, name in zip(spans, names, strict=True):
        if s.chain >= 0:
            continue
        if s.label == "PERSON":
            words = person_tokens(name)
            holders = surnames.get(words[-1], set()) if words else set()
            if len(holders) == 1:
                s.chain = next(iter(holders))
                continue
            key = ("PERSON", " ".join(words))
        else:
            key = (type_group(s.label), type_key(name, s.label))
        s.chain = chains.setdefault(key, len(chains))
