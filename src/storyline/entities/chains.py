"""In-article chains: which mentions of one article stand for the same thing.

Rules, in order (a union-find over spans):
1. the same name up to case, hyphens and possessives ("Kassym-Jomart" = "Kassym Jomart");
2. multi-word person names that are transliteration variants ("Kassym-Jomart" / "Kassym-Zhomart Tokayev");
3. a one-word person mention joins the full name that ends or starts with it, only
   when exactly one full-name chain does (two "... Karimov"s leave "Karimov" alone);
4. an acronym joins the expansion it was defined with ("X (ABC)" or "ABC (X)");
5. title-only references ("the president") join a person, see ``title_mentions``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from storyline.entities.institutions import institution_key
from storyline.entities.roles import RoleHit
from storyline.entities.spans import (
    TITLE_HEADS,
    TITLE_MODIFIERS,
    Span,
    is_cap,
    name_key,
    span_text,
    translit_key,
)

# Heads generic enough that "the official" may mean anyone holding a role.
GENERIC_HEADS = frozenset({"official", "diplomat", "envoy"})


def _acronym_token(text: str) -> bool:
    core = text.replace(".", "").replace("&", "")
    return 2 <= len(core) <= 10 and core.isalpha() and core.isupper()


def find_acronyms(doc: Doc, spans: list[Span]) -> dict[str, Span]:
    """Acronyms defined in the text, with the span they expand to.

    "the National Council of Public Trust (NCPC)" and "NCPC (National Council of
    Public Trust)"; when the model found no entity there, a run of capitalised
    words (with of/for/and/the inside) stands in as an ORG expansion.
    """
    by_end = {s.j: s for s in spans}
    by_start = {s.i: s for s in spans}
    defined: dict[str, Span] = {}
    n = len(doc)
    for k in range(1, n - 1):
        if doc[k].text != "(":
            continue
        # expansion (ACRONYM)
        if k + 2 < n and doc[k + 2].text == ")" and _acronym_token(doc[k + 1].text):
            exp = by_end.get(k) or _capitalised_run_before(doc, k)
            if exp is not None and exp.j - exp.i >= 2:
                defined.setdefault(doc[k + 1].text, exp)
                if exp not in spans:
                    spans.append(exp)
            continue
        # ACRONYM (expansion)
        if _acronym_token(doc[k - 1].text):
            exp = by_start.get(k + 1)
            if exp is not None and exp.j < n and doc[exp.j].text == ")" and exp.j - exp.i >= 2:
                defined.setdefault(doc[k - 1].text, exp)
    return defined


def _capitalised_run_before(doc: Doc, k: int) -> Span | None:
    i = k
    while i > 0 and (is_cap(doc[i - 1]) or (doc[i - 1].lower_ in ("of", "for", "and", "on") and i < k)):
        i -= 1
    while i < k and (not is_cap(doc[i]) or doc[i].lower_ in ("the", "a", "an")):
        i += 1
    return Span(i=i, j=k, label="ORG") if k - i >= 2 else None


def title_mentions(doc: Doc, spans: list[Span], hits: list[RoleHit]) -> list[Span]:
    """Title-only references ("the president", "the senior official") that name one person.

    A reference joins a person when exactly one person in the article holds a role
    with the same head noun that a bare title can stand for: no complement, or
    only a country ("President", "President of Kazakhstan"; not "president of the
    public fund"). A generic head ("official", "diplomat") joins when exactly one
    person in the article holds any role. "The <title> of <organisation>" ("the
    representative of the State Department") joins the one person whose role names
    that organisation ("Uzra Zeya, Deputy Head of the US State Department"), whatever
    the title's words. Otherwise it is skipped: no guessing.
    """
    heads: dict[str, set[int]] = {}
    holders: set[int] = set()
    taken: set[int] = set()
    for hit in hits:
        root = _root(hit.span)
        if _bare(doc, hit):
            heads.setdefault(doc[hit.head].lower_, set()).add(root)
        holders.add(root)
        taken.update(range(hit.i, hit.j))
    for s in spans:
        taken.update(range(s.i, s.j))
    out: list[Span] = []
    if not holders:
        return out
    n = len(doc)
    for k in range(n - 1):
        if doc[k].lower_ != "the" or k + 1 in taken:
            continue
        h = k + 1
        while h < n and h - k <= 4 and h not in taken and doc[h].lower_ not in TITLE_HEADS:
            tok = doc[h]
            if not (tok.lower_ in TITLE_MODIFIERS or tok.ent_type_ == "NORP" or tok.pos_ == "ADJ"):
                break
            h += 1
        if h >= n or h in taken or doc[h].lower_ not in TITLE_HEADS:
            continue
        if doc[h].pos_ != "NOUN" and not is_cap(doc[h]):
            continue
        nxt = doc[h + 1] if h + 1 < n else None
        if nxt is not None and nxt.lower_ == "of":
            person = _member_of(doc, h + 2, spans, hits)
            if person is not None:
                out.append(Span(i=k + 1, j=h + 1, label="PERSON", kind="title", chain=person))
            continue
        # "the president of X" is a description, "the president Y" a title-before: neither is a bare reference.
        if nxt is not None and (nxt.lower_ in ("for", "-") or (is_cap(nxt) and nxt.pos_ == "PROPN")):
            continue
        head = doc[h].lower_
        people = heads.get(head, set())
        if not people and head in GENERIC_HEADS:
            people = holders
        if len(people) != 1:
            continue
        person = next(iter(people))
        out.append(Span(i=k + 1, j=h + 1, label="PERSON", kind="title", chain=person))
    return out


_ORG_LABELS = frozenset({"ORG", "GPE", "FAC"})


def _member_of(doc: Doc, at: int, spans: list[Span], hits: list[RoleHit]) -> int | None:
    """The chain of the one person whose role names the organisation starting at token
    ``at`` (after an optional "the"), else None."""
    if at < len(doc) and doc[at].lower_ == "the":
        at += 1
    org = _org_at(at, spans)
    if org is None:
        return None
    wanted = _org_keys(span_text(doc, org.i, org.j))
    people = {
        _root(hit.span)
        for hit in hits
        for s in spans
        if s.label in _ORG_LABELS
        and hit.i <= s.i
        and s.j <= hit.j
        and _same_org(wanted, _org_keys(span_text(doc, s.i, s.j)))
    }
    return next(iter(people)) if len(people) == 1 else None


def _org_at(at: int, spans: list[Span]) -> Span | None:
    return next((s for s in spans if s.i == at and s.label in _ORG_LABELS), None)


def _org_keys(name: str) -> tuple[str, tuple[str, str] | None]:
    return name_key(name), institution_key(name)


def _same_org(a: tuple[str, tuple[str, str] | None], b: tuple[str, tuple[str, str] | None]) -> bool:
    """One name of an organisation for another: equal, or one government body whose
    country one of them leaves out ("State Department", "US State Department")."""
    if a[0] == b[0]:
        return True
    if a[1] is None or b[1] is None or a[1][1] != b[1][1]:
        return False
    return not a[1][0] or not b[1][0] or a[1][0] == b[1][0]


def _bare(doc: Doc, h: RoleHit) -> bool:
    """Can "the <head>" stand for this title? Only when it adds nothing but a country."""
    rest = doc[h.head + 1 : h.j]
    if len(rest) == 0:
        return True
    return rest[0].lower_ == "of" and all(t.lower_ == "the" or t.ent_type_ == "GPE" for t in rest[1:])


def _root(s: Span) -> int:
    """Chain root id of a span after ``assign_chains`` set ``chain`` to the root's id."""
    return s.chain


def assign_chains(doc: Doc, spans: list[Span]) -> None:
    """Give each span a chain id (an index into ``spans`` of the chain's first span)."""
    parent = list(range(len(spans)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    index = {id(s): n for n, s in enumerate(spans)}
    texts = [span_text(doc, s.i, s.j) for s in spans]
    by_key: dict[tuple[str, str], int] = {}
    for n, s in enumerate(spans):
        if s.kind == "title":
            continue
        key = (name_key(texts[n]), s.label)
        if key in by_key:
            union(by_key[key], n)
        else:
            by_key[key] = n
    # Transliteration variants of full person names.
    by_translit: dict[tuple[str, int], int] = {}
    for n, s in enumerate(spans):
        words = texts[n].split()
        if s.label == "PERSON" and len(words) >= 2 and s.kind != "title":
            key2 = (translit_key(texts[n]), len(words))
            if key2 in by_translit:
                union(by_translit[key2], n)
            else:
                by_translit[key2] = n
    # One-word person mentions -> the single full name that ends or starts with them.
    edges: dict[str, set[int]] = {}
    for n, s in enumerate(spans):
        words = texts[n].split()
        if s.label == "PERSON" and len(words) >= 2 and s.kind != "title":
            for w in (words[0], words[-1]):
                edges.setdefault(name_key(w), set()).add(n)
    for n, s in enumerate(spans):
        if s.label == "PERSON" and len(texts[n].split()) == 1 and s.kind != "title":
            owners = {find(m) for m in edges.get(name_key(texts[n]), set())}
            if len(owners) == 1:
                union(next(iter(owners)), n)
    for n, s in enumerate(spans):
        if s.acronym_of is not None and id(s.acronym_of) in index:
            union(index[id(s.acronym_of)], n)
    for n, s in enumerate(spans):
        if s.kind != "title":
            s.chain = find(n)


def number_chains(spans: list[Span]) -> None:
    """Renumber chains 0, 1, 2 ... in order of first appearance (spans sorted by position)."""
    seen: dict[int, int] = {}
    for s in spans:
        s.chain = seen.setdefault(s.chain, len(seen))
