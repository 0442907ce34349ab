"""Corpus stage: link in-article chains across articles into canonical entities.

A chain is every mention in one article with the same ``chain`` number. Chains
are linked with union-find, each rule looking chains up by key (never all
pairs), in four passes; every pass decides from the state the previous one
left, so the result does not depend on the order of the articles:

1. equal keys (``keys.type_key``) of same-typed chains; ORG, GPE, LOC and FAC
   chains also link across those types when their ``plain_key`` is equal (NER
   confuses them), and through ``[[same]]`` entries of the alias file.
   People link here only on names of two or more words.
2. people: a two-word name links to the one longer name with the same first
   and last word; a surname-only chain links to the one multi-word person
   with that surname, to other surname-only chains when nobody has it, and
   to nobody when two people share it.
3. acronyms: an all-caps name links to the one same-typed name elsewhere
   whose initials it is. An acronym of a translated name (initials in another
   language) cannot match this way: the alias file can merge those.
4. organisations: a one-word ORG name links to the one ORG whose longer
   names start with it ("Acme" -> "Acme Rail Company"); with two such ORGs
   ("Acme Rail", "Acme Bank") it links to neither. A name of two or more words
   links the same way to the one ORG that continues it with "of", "for" or "on"
   ("National Council" -> "National Council of Public Trust"). Government bodies
   (``institutions.institution_key``) link in pass 1 when their country and body
   are equal ("Kazakh Foreign Ministry" = "Foreign Ministry of Kazakhstan",
   "State Department" = "Department of State"); a body named without a country
   links here to the one country's body of that name in the corpus, and to none
   when two countries have one.

``[[distinct]]`` entries of the alias file veto any union that would put two
of their names in one entity. Chains made only of titles ("the minister")
never link: a title is not a name.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import repeat

from storyline.entities.aliases import AliasTable
from storyline.entities.institutions import english_country, institution_key
from storyline.entities.keys import acronym, initials, person_tokens, plain_key, type_key
from storyline.model import ArticleEntities, Entity, EntityRole
from storyline.script import has_cyrillic
from storyline.stages import stage

_NAME_KINDS = ("name", "watch", "acronym")
MentionKey = tuple[str, str, str]  # (text stripped, label, kind)
_ORG_LIKE = frozenset({"ORG", "GPE", "LOC", "FAC"})


def type_group(label: str) -> str:
    """Types whose chains may link: people with people; ORG/GPE/LOC/FAC together; the rest alone."""
    return "ORG_LIKE" if label in _ORG_LIKE else label


def majority_label(labels: Iterable[str]) -> str:
    """Most frequent label; PERSON wins ties, then alphabetical order."""
    counts = Counter(labels)
    return min(counts, key=lambda label: (-counts[label], label != "PERSON", label))


@dataclass(slots=True, kw_only=True)
class Chain:
    """One in-article chain with what linking needs."""

    article_id: str
    chain: int
    # Its mentions as (text stripped, label, kind) -> how many: all that linking and
    # naming read of them, and a fraction of the Mention records at corpus scale.
    counts: dict[MentionKey, int]
    names: list[str]  # texts that define it (see ``_defining_names``)
    type: str
    names_from: str  # name | surname | title: the mention kind ``names`` come from
    tags: dict[int, set[str]] = field(default_factory=dict)  # distinct entry -> which of its names

    @property
    def member(self) -> tuple[str, int]:
        return (self.article_id, self.chain)

    @property
    def size(self) -> int:
        return sum(self.counts.values())

    def labels(self) -> Iterator[str]:
        """The label of each mention (repeated as often as it occurs)."""
        for (_, label, _), n in self.counts.items():
            yield from repeat(label, n)


def build_chains(articles: Iterable[ArticleEntities], aliases: AliasTable | None) -> list[Chain]:
    """Chains of every article, sorted by (article_id, chain); reads ``articles`` once,
    keeping no Mention record.

    Mentions without a chain (``chain == -1``) are grouped per article by label
    group and ``name_key`` into chains numbered -1, -2, ... in text order.
    """
    chains = []
    for record in articles:
        grouped: dict[int, dict[MentionKey, int]] = defaultdict(dict)
        loose: dict[tuple[str, str], int] = {}
        for mention in sorted(record.mentions, key=lambda m: (m.start, m.end, m.text)):
            number = mention.chain
            if number == -1:
                key = (type_group(mention.label), type_key(mention.norm or mention.text, mention.label))
                number = loose.setdefault(key, -1 - len(loose))
            counts = grouped[number]
            # An inflected name (Russian case forms) is linked and named by its nominative.
            mkey = ((mention.norm or mention.text).strip(), mention.label, mention.kind)
            counts[mkey] = counts.get(mkey, 0) + 1
        for number, counts in sorted(grouped.items()):
            names, names_from = _defining_names(counts)
            chain = Chain(
                article_id=record.article_id,
                chain=number,
                counts=counts,
                names=names,
                type="",
                names_from=names_from,
            )
            chain.type = majority_label(chain.labels())
            if aliases is not None:
                for name in names:
                    for index, which in aliases.distinct_tags(name):
                        chain.tags.setdefault(index, set()).add(which)
            chains.append(chain)
    chains.sort(key=lambda c: (c.article_id, c.chain))
    return chains


def _defining_names(counts: dict[MentionKey, int]) -> tuple[list[str], str]:
    """Names from name/watch/acronym mentions, else from surnames, else from titles."""
    for source, kinds in (("name", _NAME_KINDS), ("surname", ("surname",))):
        names = sorted({text for text, _, kind in counts if kind in kinds and text})
        if names:
            return names, source
    return sorted({text for text, _, _ in counts if text}), "title"


class _Links:
    """Union-find over chain indexes; the smaller index is the root; ``distinct`` vetoes unions."""

    def __init__(self, chains: list[Chain]) -> None:
        self.parent = list(range(len(chains)))
        self.tags = [{k: set(v) for k, v in c.tags.items()} for c in chains]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = sorted((self.find(a), self.find(b)))
        if ra == rb:
            return True
        ta, tb = self.tags[ra], self.tags[rb]
        if any(ta[k].isdisjoint(tb[k]) for k in ta.keys() & tb.keys()):
            return False
        for k, v in tb.items():
            ta.setdefault(k, set()).update(v)
        self.parent[rb] = ra
        return True


@stage("resolve", kind="corpus", requires=["mentions", "roles"], assigns=["entities"])
def resolve(articles: Iterable[ArticleEntities], aliases: AliasTable | None = None) -> list[Entity]:
    """One Entity per real-world thing, with aliases, roles, articles and mention counts.

    ``articles`` is read once (a store's stream will do): only compact chains and
    roles are kept, never every mention.
    """
    entities = [e for e, _ in resolve_with_keys(articles, aliases)]
    unique_ids(entities)
    entities.sort(key=lambda e: (-e.mentions, e.name, e.id))
    return entities


def resolve_with_keys(
    articles: Iterable[ArticleEntities],
    aliases: AliasTable | None,
    keep: Container[tuple[str, int]] | None = None,
    saturated: frozenset[int] = frozenset(),
) -> list[tuple[Entity, set[tuple[object, ...]]]]:
    """Each entity (its id still the name's, before ``unique_ids``) with the link keys
    of its chains (``link_keys``); only the chains in ``keep`` when given. A lookup key
    in ``saturated`` (``key_hash``, role bits cleared) already names two or more
    entities outside these chains: whatever looks it up links to none."""
    roles: dict[tuple[str, int], list[EntityRole]] = defaultdict(list)
    chains = build_chains(collect_roles(articles, roles), aliases)
    if keep is not None:
        chains = [c for c in chains if c.member in keep]
    return resolve_chains(chains, roles, aliases, saturated)


def resolve_chains(
    chains: list[Chain],
    roles: Mapping[tuple[str, int], list[EntityRole]],
    aliases: AliasTable | None,
    saturated: frozenset[int] = frozenset(),
) -> list[tuple[Entity, set[tuple[object, ...]]]]:
    """``resolve_with_keys`` on chains already built (sorted by member), with their roles."""
    links = _Links(chains)
    _link_equal_keys(chains, links, aliases)
    full = _saturation(saturated)
    _link_people(chains, links, full)
    _link_acronyms(chains, links, full)
    _link_org_short_forms(chains, links, full)
    clusters: dict[int, list[Chain]] = defaultdict(list)
    for index, chain in enumerate(chains):
        clusters[links.find(index)].append(chain)
    return [
        (_entity(members, roles, aliases), set().union(*(link_keys(c, aliases) for c in members)))
        for members in clusters.values()
    ]


_ROLE_BITS = {"file": 0, "look": 1, "=": 3}


def key_hash(key: tuple[object, ...]) -> int:
    """A ``link_keys`` key as a non-negative 63-bit integer (what the store indexes):
    its two lowest bits say its role (0 filed under, 1 looked up by, 3 an equal
    name), the rest hash the key itself, so one side is found from the other."""
    role, *content = key
    digest = hashlib.blake2b(repr(content).encode(), digest_size=8).digest()
    return (int.from_bytes(digest, "big") >> 3) << 2 | _ROLE_BITS[str(role)]


_Saturation = Callable[..., bool]


def _saturation(saturated: frozenset[int]) -> _Saturation:
    """Is a lookup key (its parts after the role) among the saturated ones?"""
    if not saturated:
        return lambda *key: False
    return lambda *key: key_hash(("file", *key)) in saturated


def link_keys(chain: Chain, aliases: AliasTable | None) -> set[tuple[object, ...]]:
    """Every key a linking rule files this chain under or looks it up by, as
    ``(role, *key)``: role ``=`` for the keys of equal names (pass 1), ``file`` and
    ``look`` for the keys the other passes file chains under and look them up by.

    Two chains can only be linked, or change how a third is linked ("the one
    person with that surname"), through a key: both holding an equal key, or one
    looking up a key the other is filed under (chains filed under the same key
    meet only through a chain that looks it up). So the chains of one connected
    component of this graph resolve the same alone as among the whole corpus, and
    adding articles redoes only the components they touch. Mirrors the passes
    below; a rule added there must add its keys here.
    """
    if chain.names_from == "title":
        return set()  # a title chain never links
    keys: set[tuple[object, ...]] = set()
    group = type_group(chain.type)
    if chain.type == "PERSON":
        words_of = [person_tokens(n) for n in chain.names]
        multi = [w for w in words_of if len(w) >= 2]
        for words in multi:
            keys.add(("=", "PERSON", " ".join(words)))
            keys.add(("file" if len(words) >= 3 else "look", "long", words[0], words[-1]))
            keys.add(("file", "surname", words[-1]))
        if not multi:
            keys.update(("look", "surname", w[0]) for w in words_of if w)
    else:
        org_words = []
        for name in chain.names:
            keys.add(("=", chain.type, type_key(name, chain.type)))
            if group == "ORG_LIKE":
                keys.update(("=", group, key) for key in _place_keys(name))
            if letters := acronym(name):
                keys.add(("look", "acronym", chain.type, letters))
            else:
                org_words.append(type_key(name, "ORG").split())
            keys.update(("file", "acronym", chain.type, form) for form in initials(name))
        if chain.type == "ORG":
            short = bool(org_words) and all(len(w) == 1 for w in org_words)
            keys.update(
                ("look" if short else "file", "org", w[0]) for w in org_words if w and (short or len(w) >= 2)
            )
            for words in org_words:
                keys.update(("file", "orgpre", prefix) for prefix in _continued_prefixes(words))
                if _looks_up_continuation(words):
                    keys.add(("look", "orgpre", " ".join(words)))
        if group == "ORG_LIKE":
            bodies = _bodies(chain)
            for country, body in bodies:
                keys.add(("=", "inst", country, body))
                if country:
                    keys.add(("file", "inst", body))
            if bodies and not any(country for country, _ in bodies):
                keys.update(("look", "inst", body) for _, body in bodies)
    if aliases is not None:
        for name in chain.names:
            for entry in aliases.groups_of(name):
                wanted = aliases.same[entry].type
                if wanted is None or type_group(wanted) == group:
                    keys.add(("=", "alias", entry, group))
    return {k for k in keys if k[-1] != ""}


def _link_equal_keys(chains: list[Chain], links: _Links, aliases: AliasTable | None) -> None:
    index: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for i, chain in enumerate(chains):
        if chain.names_from == "title":
            continue
        group = type_group(chain.type)
        for name in chain.names:
            if chain.type == "PERSON":
                words = person_tokens(name)
                if len(words) >= 2:
                    index[("PERSON", " ".join(words))].append(i)
            else:
                index[(chain.type, type_key(name, chain.type))].append(i)
                if group == "ORG_LIKE":
                    for place in _place_keys(name):
                        index[(group, place)].append(i)
                    body = institution_key(name)
                    if body is not None:
                        index[("inst", *body)].append(i)
            if aliases is not None:
                for entry in aliases.groups_of(name):
                    wanted = aliases.same[entry].type
                    if wanted is None or type_group(wanted) == group:
                        index[("alias", entry, group)].append(i)
    for key, members in sorted(index.items(), key=lambda item: item[1]):
        if key[-1] == "":
            continue  # a name of punctuation only says nothing
        for other in members[1:]:
            links.union(members[0], other)


def _place_keys(name: str) -> list[str]:
    """The keys an organisation or place links on across its types: its plain key, and a
    Russian country name's English one («США» -> "united states")."""
    english = english_country(name)
    return [plain_key(name)] + ([plain_key(english)] if english else [])


def _link_people(chains: list[Chain], links: _Links, full: _Saturation) -> None:
    people = [(i, c) for i, c in enumerate(chains) if c.type == "PERSON" and c.names_from != "title"]
    words_of = {i: [person_tokens(n) for n in c.names] for i, c in people}
    # First and last word of three-plus-word names -> roots: "John Smith" vs "John Robert Smith".
    long_names: dict[tuple[str, str], set[int]] = defaultdict(set)
    for i, _ in people:
        for words in words_of[i]:
            if len(words) >= 3:
                long_names[(words[0], words[-1])].add(links.find(i))
    pending = []
    for i, _ in people:
        for words in words_of[i]:
            roots = long_names.get((words[0], words[-1]), set()) if len(words) == 2 else set()
            if len(roots) == 1 and not full("long", words[0], words[-1]):
                pending.append((i, next(iter(roots))))
    for a, b in pending:
        links.union(a, b)

    # Surnames: last word of multi-word names -> roots of the people who have it.
    surnames: dict[str, set[int]] = defaultdict(set)
    short: list[tuple[int, set[str]]] = []
    for i, _ in people:
        multi = [w for w in words_of[i] if len(w) >= 2]
        for words in multi:
            surnames[words[-1]].add(links.find(i))
        if not multi:
            keys = {w[0] for w in words_of[i] if w}
            if keys:
                short.append((i, keys))
    orphans: dict[str, list[int]] = defaultdict(list)
    pending = []
    for i, keys in short:
        roots = set().union(*(surnames.get(k, set()) for k in keys))
        if any(full("surname", k) for k in keys):
            continue  # two people outside these chains have it: refuse to guess
        if len(roots) == 1:
            pending.append((i, next(iter(roots))))
        elif not roots:
            orphans[min(keys)].append(i)
        # two or more people share the surname: refuse to guess
    for a, b in pending:
        links.union(a, b)
    for _, members in sorted(orphans.items()):
        for other in members[1:]:
            links.union(members[0], other)


def _link_acronyms(chains: list[Chain], links: _Links, full: _Saturation) -> None:
    expansions: dict[tuple[str, str], set[int]] = defaultdict(set)
    wanted: list[tuple[int, str, str]] = []
    for i, chain in enumerate(chains):
        if chain.names_from == "title" or chain.type == "PERSON":
            continue
        for name in chain.names:
            letters = acronym(name)
            if letters:
                wanted.append((i, chain.type, letters))
            for form in initials(name):
                expansions[(chain.type, form)].add(links.find(i))
    pending = []
    for i, label, letters in wanted:
        roots = expansions.get((label, letters), set())
        if len(roots) == 1 and not full("acronym", label, letters):
            pending.append((i, next(iter(roots))))
    for a, b in pending:
        links.union(a, b)


def _link_org_short_forms(chains: list[Chain], links: _Links, full: _Saturation) -> None:
    """A one-word ORG name links to the one ORG whose longer names start with it ("Acme" ->
    "Acme Rail"); a longer one to the one ORG that continues it with "of", "for" or "on"
    ("National Council" -> "National Council of Public Trust"); a government body named
    without a country to the one country's body of that name."""
    longer: dict[str, set[int]] = defaultdict(set)
    continued: dict[str, set[int]] = defaultdict(set)
    qualified: dict[str, set[int]] = defaultdict(set)
    short: list[tuple[int, set[str]]] = []
    partial: list[tuple[int, set[str]]] = []
    bare: list[tuple[int, set[str]]] = []
    for i, chain in enumerate(chains):
        if type_group(chain.type) != "ORG_LIKE" or chain.names_from == "title":
            continue
        bodies = _bodies(chain)
        for country, body in bodies:
            if country:
                qualified[body].add(links.find(i))
        if bodies and not any(country for country, _ in bodies):
            bare.append((i, {body for _, body in bodies}))
        if chain.type != "ORG":
            continue
        words = [type_key(n, "ORG").split() for n in chain.names if acronym(n) is None]
        for w in words:
            if len(w) >= 2:
                longer[w[0]].add(links.find(i))
            for prefix in _continued_prefixes(w):
                continued[prefix].add(links.find(i))
        if words and all(len(w) == 1 for w in words):
            short.append((i, {w[0] for w in words}))
        wanted = {" ".join(w) for w in words if _looks_up_continuation(w)}
        if wanted:
            partial.append((i, wanted))
    pending = []
    for found, lookups, kind in (
        (longer, short, "org"),
        (continued, partial, "orgpre"),
        (qualified, bare, "inst"),
    ):
        for i, keys in lookups:
            roots = set().union(*(found.get(k, set()) for k in keys))
            if len(roots) == 1 and not any(full(kind, k) for k in keys):
                pending.append((i, next(iter(roots))))
    for a, b in pending:
        links.union(a, b)


# Words after which a longer name goes on to say what the body is of or for.
_CONTINUATIONS = frozenset({"of", "for", "on"})


def _continued_prefixes(words: list[str]) -> list[str]:
    """The two-plus-word beginnings of an ORG name that it continues with "of", "for" or "on"."""
    return [" ".join(words[:k]) for k in range(2, len(words) - 1) if words[k] in _CONTINUATIONS]


def _looks_up_continuation(words: list[str]) -> bool:
    return len(words) >= 2 and not _CONTINUATIONS & set(words) and "and" not in words


def _bodies(chain: Chain) -> set[tuple[str, str]]:
    """The government bodies the chain's names name, as (country code or "", body key)."""
    return {key for key in map(institution_key, chain.names) if key is not None}


def collect_roles(
    articles: Iterable[ArticleEntities], out: dict[tuple[str, int], list[EntityRole]]
) -> Iterator[ArticleEntities]:
    """Each record, after filing its roles in ``out`` by their person's chain (a role
    whose chain has no mention is never looked up, so it is dropped)."""
    for record in articles:
        for role in record.roles:
            out[(role.article_id, role.chain)].append(
                EntityRole(title=role.title, article_id=role.article_id, start=role.start, end=role.end)
            )
        yield record


def _entity(
    members: list[Chain], roles: Mapping[tuple[str, int], list[EntityRole]], aliases: AliasTable | None
) -> Entity:
    label = majority_label(lab for c in members for lab in c.labels())
    name = _canonical(members, label, aliases)
    surface = {
        text for c in members if c.names_from != "title" for text, _, kind in c.counts if kind != "title"
    }
    found = {(r.title, r.article_id, r.start, r.end): r for c in members for r in roles.get(c.member, [])}
    return Entity(
        id=base_id(label, name),
        type=label,
        name=name,
        aliases=sorted(surface - {name, ""}),
        roles=[found[k] for k in sorted(found, key=lambda k: (k[1], k[2], k[3], k[0]))],
        article_ids=sorted({c.article_id for c in members}),
        mentions=sum(c.size for c in members),
        members=sorted(c.member for c in members),
    )


def _canonical(members: list[Chain], label: str, aliases: AliasTable | None) -> str:
    """The alias file's name, else a Latin-script name over a Cyrillic one (the English form),
    then the longest name seen twice, else the longest; then the most frequent."""
    mention_count: Counter[str] = Counter()
    articles: dict[str, set[str]] = defaultdict(set)
    for chain in members:
        for (text, _, _), n in chain.counts.items():
            mention_count[text] += n
            articles[text].add(chain.article_id)
    # Full names when there are any; surnames or titles only when nothing else names the entity.
    best = min(("name", "surname", "title").index(c.names_from) for c in members)
    candidates = sorted(
        {n for c in members if c.names_from == ("name", "surname", "title")[best] for n in c.names}
    )
    # A lone "Sadykov" seen often is a surname, not a more common full name.
    full = [n for n in candidates if len(person_tokens(n)) >= 2]
    if label == "PERSON" and full:
        candidates = full
    if aliases is not None:
        votes: Counter[str] = Counter()
        for name in candidates:
            for entry in aliases.groups_of(name):
                votes[aliases.same[entry].name] += mention_count[name] or 1
        if votes:
            return min(votes, key=lambda n: (-votes[n], n))

    def rank(name: str) -> tuple[bool, bool, int, int, str]:
        common = len(articles[name]) >= 2 or mention_count[name] >= 2
        # The English (Latin) form names an entity also written in Cyrillic.
        return (has_cyrillic(name), not common, -len(plain_key(name).split()), -mention_count[name], name)

    return min(candidates, key=rank)


def base_id(label: str, name: str) -> str:
    """Stable across runs and as articles arrive: depends only on the type and the name's key."""
    return "e" + hashlib.sha1(f"{label}|{type_key(name, label)}".encode()).hexdigest()[:12]


def unique_ids(entities: list[Entity]) -> None:
    """Entities kept apart with the same type and name key: all but the first (by members) get a member-based id."""
    by_id: dict[str, list[Entity]] = defaultdict(list)
    for entity in entities:
        by_id[entity.id].append(entity)
    for same in by_id.values():
        for entity in sorted(same, key=lambda e: e.members)[1:]:
            entity.id = member_id(entity)


def member_id(entity: Entity) -> str:
    """The id of an entity whose name id an earlier one (by members) already has."""
    article_id, chain = entity.members[0]
    seed = f"{entity.id}|{article_id}|{chain}"
    return "e" + hashlib.sha1(seed.encode()).hexdigest()[:12]
