"""Per-article stage: named-entity mentions, in-article chains and roles.

Order of work (each step a linear pass over tokens or spans):
1. NER spans of the kept types, trimmed of "the" and possessives;
2. acronym definitions ("X (ABC)", "ABC (X)");
3. label fixes (``labels``): person context, merged title+name spans, polity words;
4. cheap recovery of names NER missed: repeats of names seen elsewhere in the
   article, bare surnames of people, defined acronyms, names right after a title;
5. roles (``roles``), which also mark the spans they attach to as people;
6. one label per surface string, then the watch list;
7. chains (``chains``) and title-only references.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from storyline.entities.chains import assign_chains, find_acronyms, number_chains, title_mentions
from storyline.entities.labels import (
    demote_non_persons,
    mark_person_evidence,
    split_merged_persons,
    vote_labels,
)
from storyline.entities.roles import RoleHit, find_roles
from storyline.entities.spans import (
    DETERMINERS,
    HONORIFICS,
    KEPT_LABELS,
    POSSESSIVE,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    Span,
    is_cap,
    person_shaped,
    span_text,
)
from storyline.model import Article, ArticleEntities, Mention, Role
from storyline.stages import stage

# Types a watch entry may carry; anything else is a user error worth refusing.
WATCH_LABELS = KEPT_LABELS


@stage(
    "entities",
    requires=["article", "doc"],
    assigns=["mentions", "roles"],
)
def extract_entities(
    article: Article, doc: Doc, watch: list[tuple[str, str]] | None = None
) -> ArticleEntities:
    """Mentions (chained within the article) and roles of one parsed article."""
    if doc.text != article.text:
        raise ValueError(f"article {article.id}: the parse is not of this article's text")
    spans = _ner_spans(doc)
    acronyms = find_acronyms(doc, spans)
    defined = set(acronyms)
    mark_person_evidence(doc, spans, defined)
    demote_non_persons(doc, spans)
    spans = split_merged_persons(doc, spans, defined)
    spans = _without_overlaps(spans)
    spans.extend(_recover(doc, spans, acronyms))
    hits = find_roles(doc, spans)
    vote_labels(doc, spans)
    if watch:
        spans.extend(_watch_spans(doc, article.text, spans, watch))
    spans = _drop_portfolios(doc, spans, hits)
    assign_chains(doc, spans)
    spans.extend(title_mentions(doc, spans, hits))
    spans.sort(key=lambda s: s.offsets(doc))
    number_chains(spans)
    return ArticleEntities(
        article_id=article.id,
        mentions=[mention_record(article, doc, s) for s in spans],
        roles=role_records(article, doc, hits),
    )


def _ner_spans(doc: Doc) -> list[Span]:
    spans: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS:
            continue
        i, j = ent.start, ent.end
        # "Following Kazakhstan-US": a sentence-initial verb swallowed by the entity.
        while i < j and (
            doc[i].lower_ == "the" or doc[i].is_punct or (doc[i].pos_ == "VERB" and doc[i].is_sent_start)
        ):
            i += 1
        # "Organization of Islamic Cooperation (OIC": the bracketed acronym is its own mention.
        j = next((k for k in range(i, j) if doc[k].text == "("), j)
        while j > i and (doc[j - 1].text in POSSESSIVE or doc[j - 1].is_punct):
            j -= 1
        # Names are capitalised; the small model tags adjectives like "democratic" NORP.
        if i < j and any(is_cap(t) for t in doc[i:j]):
            spans.append(Span(i=i, j=j, label=ent.label_))
    return spans


def _without_overlaps(spans: list[Span]) -> list[Span]:
    """Keep the first, longest span where spans overlap."""
    out: list[Span] = []
    last = -1
    for s in sorted(spans, key=lambda s: (s.i, s.i - s.j)):
        if s.i >= last:
            out.append(s)
            last = s.j
    return out


def _last_word_start(doc: Doc, i: int, j: int) -> int:
    k = j - 1
    while k > i and not doc[k - 1].whitespace_:
        k -= 1
    return k


def _recover(doc: Doc, spans: list[Span], acronyms: dict[str, Span]) -> list[Span]:
    """Names NER missed that the article itself vouches for. One pass over the tokens."""
    covered = bytearray(len(doc))
    for s in spans:
        covered[s.i : s.j] = b"\x01" * (s.j - s.i)
    table: dict[str, list[tuple[tuple[str, ...], str, str, Span | None]]] = {}

    def learn(toks: tuple[str, ...], label: str, kind: str, of: Span | None = None) -> None:
        entries = table.setdefault(toks[0], [])
        if all(e[0] != toks for e in entries):
            entries.append((toks, label, kind, of))

    for s in spans:
        if s.kind == "name" and s.j - s.i >= 2 and span_text(doc, s.i, s.j) not in acronyms:
            learn(tuple(t.text for t in doc[s.i : s.j]), s.label, "name")
    for s in spans:
        if s.label == "PERSON" and len(span_text(doc, s.i, s.j).split()) >= 2:
            k = _last_word_start(doc, s.i, s.j)
            learn(tuple(t.text for t in doc[k : s.j]), "PERSON", "surname")
    for acr, exp in acronyms.items():
        learn((acr,), exp.label, "acronym", exp)
    for s in spans:
        text = span_text(doc, s.i, s.j)
        if text in acronyms and acronyms[text] is not s:
            s.kind, s.label, s.acronym_of = "acronym", acronyms[text].label, acronyms[text]

    found: list[Span] = []
    n = len(doc)
    for k in range(n):
        if covered[k] or not is_cap(doc[k]):
            continue
        for toks, label, kind, of in sorted(table.get(doc[k].text, []), key=lambda e: -len(e[0])):
            j = k + len(toks)
            if j <= n and not any(covered[k:j]) and tuple(t.text for t in doc[k:j]) == toks:
                if j < n and not doc[j - 1].whitespace_ and doc[j].is_alpha:
                    continue  # part of a longer word
                found.append(Span(i=k, j=j, label=label, kind=kind, acronym_of=of))
                covered[k:j] = b"\x01" * (j - k)
                break
    found.extend(_names_after_titles(doc, covered))
    return found


def _names_after_titles(doc: Doc, covered: bytearray) -> list[Span]:
    """ "Senator Aigerim Bekova" where NER saw nothing: a person-shaped run right after a title."""
    out: list[Span] = []
    n = len(doc)
    for k in range(n - 1):
        if doc[k].lower_.rstrip(".") not in TITLE_HEADS and doc[k].lower_.rstrip(".") not in HONORIFICS:
            continue
        j = k + 1
        words = 0
        while j < n and words < 3 and not covered[j] and is_cap(doc[j]):
            j += 1
            while j + 1 < n and doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_:
                j += 2  # hyphenated word: "Abdul-Rahman"
            words += 1
        if j == k + 1 or (j < n and covered[j]):
            continue
        text = span_text(doc, k + 1, j)
        first = text.split()[0].lower()
        if first in TITLE_HEADS or first in TITLE_MODIFIERS or not person_shaped(text):
            continue
        out.append(Span(i=k + 1, j=j, label="PERSON", person_evidence=True))
        covered[k + 1 : j] = b"\x01" * (j - k - 1)
    return out


@lru_cache(maxsize=32)
def _watch_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    # One alternation, longest first, so the text is scanned once whatever the list's size.
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


def _watch_spans(doc: Doc, text: str, spans: list[Span], watch: list[tuple[str, str]]) -> list[Span]:
    """Watch-list names: relabel the mention they overlap, or add a "watch" mention."""
    labels: dict[str, str] = {}
    for name, label in watch:
        if label not in WATCH_LABELS:
            raise ValueError(
                f"watch entry {name!r}: type {label!r} is not one of {', '.join(sorted(WATCH_LABELS))}"
            )
        if name.strip():
            labels[name] = label
    if not labels:
        return []
    starts = sorted((s.offsets(doc), s) for s in spans)
    out: list[Span] = []
    for m in _watch_pattern(tuple(sorted(labels))).finditer(text):
        a, b = m.span()
        label = labels[m.group(0)]
        hit = [s for (sa, sb), s in starts if sa < b and a < sb]  # few spans overlap one match
        if hit:
            for s in hit:
                s.label, s.locked = label, True
            continue
        tok = doc.char_span(a, b, alignment_mode="expand")
        if tok is None:
            continue
        out.append(Span(i=tok.start, j=tok.end, label=label, kind="watch", locked=True, chars=(a, b)))
    # Other mentions with the same surface string follow the watch label.
    for s in spans:
        if not s.locked and span_text(doc, s.i, s.j) in labels:
            s.label, s.locked = labels[span_text(doc, s.i, s.j)], True
    return out


def _drop_portfolios(doc: Doc, spans: list[Span], hits: list[RoleHit]) -> list[Span]:
    """Drop "organisations" inside a title's "for" portfolio ("Under Secretary for Civilian Security").

    "the US State Department" in "Deputy Head of the US State Department" stays: no "for" before it.
    """
    portfolios: list[tuple[int, int, int]] = []
    for h in hits:
        first_for = next((k for k in range(h.i, h.j) if doc[k].lower_ == "for"), -1)
        if first_for >= 0:
            portfolios.append((h.i, h.j, first_for))
    if not portfolios:
        return spans

    def portfolio(s: Span) -> bool:
        # A portfolio follows "for" bare ("for Civilian Security"); "for the creation of the
        # Democratic Party" names a real organisation.
        return any(
            i <= s.i and s.j <= j and f < s.j and not any(t.lower_ in DETERMINERS for t in doc[f + 1 : s.i])
            for i, j, f in portfolios
        )

    return [s for s in spans if s.label in ("PERSON", "GPE", "NORP", "LOC") or s.locked or not portfolio(s)]


def mention_record(article: Article, doc: Doc, s: Span, norm: str | None = None) -> Mention:
    """A span as a Mention with offsets into the article (``norm``: its nominative, Russian)."""
    start, end = s.offsets(doc)
    return Mention(
        article_id=article.id,
        start=start,
        end=end,
        text=article.text[start:end],
        label=s.label,
        kind=s.kind,
        chain=s.chain,
        norm=norm,
    )


def role_records(article: Article, doc: Doc, hits: list[RoleHit]) -> list[Role]:
    """Each person's role hit as a Role with offsets (one per person, title span), in text order."""
    roles: list[Role] = []
    seen: set[tuple[int, int, int]] = set()
    for h in hits:
        if h.span.label != "PERSON" or (h.span.i, h.i, h.j) in seen:
            continue
        seen.add((h.span.i, h.i, h.j))
        start, end = doc[h.i].idx, doc[h.j - 1].idx + len(doc[h.j - 1])
        pstart, pend = h.span.offsets(doc)
        roles.append(
            Role(
                article_id=article.id,
                chain=h.span.chain,
                person=article.text[pstart:pend],
                title=article.text[start:end],
                start=start,
                end=end,
                how=h.how,
            )
        )
    roles.sort(key=lambda r: (r.start, r.end))
    return roles
