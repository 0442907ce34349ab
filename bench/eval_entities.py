"""Eval gate: cross-document entity resolution on MEANTIME (../shared/bench-data/time-meantime/cross-doc).

Input: the gold named mentions (``syntactic_type="NAM"``) of the 120 Wikinews
articles. Gold: the cross-document entity instance each one REFERS_TO
(an ``ENTITY`` with an ``instance_id``); named mentions with no such instance
are dropped (the count is printed). Mentions become ``ArticleEntities`` the
way the mention stage would produce them:

- text: MEANTIME extents are whole noun phrases ("U.S. automaker GM"); a
  tagger's span is the name, so we keep the last run of capitalised tokens
  (after a possessive "'s", the part after it); "Name ( ABC" gives the name
  plus an acronym mention in its chain. ``--raw`` keeps whole extents.
- label: PER->PERSON, ORG->ORG, LOC->GPE (MEANTIME's LOC is mostly
  countries and cities), PRO->PRODUCT, FIN->ORG (indices and markets,
  named like organisations), MIX->ORG.
- chains in one article (``chain_document``): equal ``type_key``; a one-word
  person name joins the one longer person name ending with it (kind
  "surname"); an acronym joins the one name with those initials (kind
  "acronym").

``resolve`` then runs over all 120 articles at once and over each corpus
alone, scored with B-cubed precision/recall/F1 over mentions, beside two
baselines built on the same chains: chains linked across articles when they
share an exact name string, and every chain its own entity. Fails (exit 1)
when the all-articles F1 falls below ``entities.meantime_bcubed_f1`` in
``bench/floors.json``.

    python bench/eval_entities.py [--data DIR] [--raw]
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from storyline.entities.keys import acronym, initials, person_tokens, type_key
from storyline.entities.resolve import resolve, type_group
from storyline.model import ArticleEntities, Mention

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "bench-data" / "time-meantime" / "cross-doc"
LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE", "PRO": "PRODUCT", "FIN": "ORG", "MIX": "ORG"}
JOINERS = {"of", "and", "&", "de", "-", "the", "for"}

Item = tuple[str, str]  # (article_id, m_id)


def load_floors() -> dict[str, float]:
    return json.loads((HERE / "floors.json").read_text())["entities"]


@dataclass
class Doc:
    article: ArticleEntities
    gold: dict[Item, str]  # mention -> gold instance
    items: dict[Item, int]  # mention -> index in article.mentions
    dropped: int


def detok(words: list[str]) -> str:
    text = " ".join(words)
    for old, new in (
        (" 's", "'s"),
        (" '", "'"),
        (" - ", "-"),
        (" ,", ","),
        (" .", "."),
        ("`` ", ""),
        (" ''", ""),
    ):
        text = text.replace(old, new)
    return text.strip(" ,`'")


def name_span(words: list[str]) -> tuple[list[str], list[str]]:
    """(name words, acronym words) a tagger would find in a gold noun-phrase extent."""
    acro: list[str] = []
    if "(" in words:
        cut = words.index("(")
        acro = [w for w in words[cut + 1 :] if w != ")"]
        words = words[:cut]
        if len(acro) != 1 or acronym(acro[0]) is None:
            acro = []
    for mark in ("'s", "'"):
        if mark in words[:-1]:
            words = words[len(words) - words[::-1].index(mark) :]
    run: list[str] = []
    best: list[str] = []
    for w in words:
        if any(ch.isupper() or ch.isdigit() for ch in w) or (run and w.casefold() in JOINERS):
            run.append(w)
        else:
            if run:
                best = run
            run = []
    best = run or best
    while best and best[-1].casefold() in JOINERS:
        best = best[:-1]
    while best and best[0].casefold() in JOINERS:
        best = best[1:]
    return (best or words), acro


def read_doc(path: Path, raw: bool) -> Doc:
    root = ET.parse(path).getroot()
    article_id = root.get("doc_name") or path.stem
    words = {t.get("t_id"): t.text or "" for t in root.iter("token")}
    markables = root.find("Markables")
    relations = root.find("Relations")
    assert markables is not None and relations is not None, path
    entities = {e.get("m_id"): e for e in markables.findall("ENTITY")}
    refers: dict[str, str] = {}
    for rel in relations.findall("REFERS_TO"):
        target = rel.find("target")
        for source in rel.findall("source"):
            if target is not None:
                refers[source.get("m_id") or ""] = target.get("m_id") or ""
    record = ArticleEntities(article_id=article_id)
    gold: dict[Item, str] = {}
    items: dict[Item, int] = {}
    dropped = 0
    for m in markables.findall("ENTITY_MENTION"):
        if m.get("syntactic_type") != "NAM":
            continue
        m_id = m.get("m_id") or ""
        entity = entities.get(refers.get(m_id, ""))
        instance = entity.get("instance_id") if entity is not None else None
        if entity is None or not instance:
            dropped += 1
            continue
        label = LABELS.get(entity.get("ent_type") or "", "ORG")
        extent = [words[a.get("t_id")] for a in m.findall("token_anchor")]
        start = int(m.findall("token_anchor")[0].get("t_id") or 0) * 100  # offsets only order mentions
        name, acro = (extent, []) if raw else name_span(extent)
        items[(article_id, m_id)] = len(record.mentions)
        gold[(article_id, m_id)] = instance
        record.mentions.append(
            Mention(article_id=article_id, start=start, end=start + 1, text=detok(name), label=label)
        )
        if acro:  # the acronym in "Name ( ABC" is a mention of its own, scored with the name's item
            record.mentions.append(
                Mention(
                    article_id=article_id,
                    start=start + 1,
                    end=start + 2,
                    text=acro[0],
                    label=label,
                    kind="acronym",
                )
            )
    chain_document(record.mentions)
    return Doc(article=record, gold=gold, items=items, dropped=dropped)


def chain_document(mentions: list[Mention]) -> None:
    """In-article chains as the mention stage would give them (equal key, surname, acronym)."""
    by_key: dict[tuple[str, str], int] = {}
    surnames: dict[str, set[int]] = defaultdict(set)
    by_initials: dict[tuple[str, str], set[int]] = defaultdict(set)
    chains = 0
    pairs: list[tuple[Mention, Mention]] = []
    for m in sorted(mentions, key=lambda m: m.start):
        key = (type_group(m.label), type_key(m.text, m.label))
        if m.kind == "acronym":  # paired with the name just before it
            pairs.append((m, next(x for x in mentions if x.start == m.start - 1)))
            continue
        if key in by_key:
            m.chain = by_key[key]
            continue
        words = person_tokens(m.text)
        letters = acronym(m.text)
        if m.label == "PERSON" and len(words) == 1 and len(surnames[words[0]]) == 1:
            m.chain, m.kind = next(iter(surnames[words[0]])), "surname"
        elif m.label != "PERSON" and letters and len(by_initials[(m.label, letters)]) == 1:
            m.chain, m.kind = next(iter(by_initials[(m.label, letters)])), "acronym"
        else:
            m.chain, chains = chains, chains + 1
        by_key[key] = m.chain
        if m.label == "PERSON" and len(words) >= 2:
            surnames[words[-1]].add(m.chain)
        for form in initials(m.text):
            by_initials[(m.label, form)].add(m.chain)
    for acro, name in pairs:
        acro.chain = name.chain


def bcubed(pred: dict[Item, object], gold: dict[Item, str]) -> dict[str, float]:
    pred_sets: dict[object, set[Item]] = defaultdict(set)
    gold_sets: dict[str, set[Item]] = defaultdict(set)
    for item in gold:
        pred_sets[pred[item]].add(item)
        gold_sets[gold[item]].add(item)
    p = r = 0.0
    for item in gold:
        both = len(pred_sets[pred[item]] & gold_sets[gold[item]])
        p += both / len(pred_sets[pred[item]])
        r += both / len(gold_sets[gold[item]])
    n = len(gold) or 1
    p, r = p / n, r / n
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def chain_of(doc: Doc, item: Item) -> tuple[str, int]:
    return (item[0], doc.article.mentions[doc.items[item]].chain)


def storyline_links(docs: list[Doc]) -> Callable[[Doc, Item], object]:
    entity_of = {member: e.id for e in resolve([d.article for d in docs]) for member in e.members}
    return lambda doc, item: entity_of[chain_of(doc, item)]


def exact_string_links(docs: list[Doc]) -> Callable[[Doc, Item], object]:
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    first: dict[tuple[str, str], tuple[str, int]] = {}
    for doc in docs:
        for m in doc.article.mentions:
            here = (m.article_id, m.chain)
            there = first.setdefault((type_group(m.label), m.text), here)
            a, b = find(here), find(there)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return lambda doc, item: find(chain_of(doc, item))


def own_chain_links(docs: list[Doc]) -> Callable[[Doc, Item], object]:
    return chain_of


SYSTEMS = {
    "every chain its own entity (baseline)": own_chain_links,
    "exact string across articles (baseline)": exact_string_links,
    "storyline resolve": storyline_links,
}


def score(docs: list[Doc], system: Callable[[list[Doc]], Callable[[Doc, Item], object]]) -> dict[str, float]:
    link = system(docs)
    pred: dict[Item, object] = {}
    gold: dict[Item, str] = {}
    for doc in docs:
        for item in doc.gold:
            pred[item] = link(doc, item)
            gold[item] = doc.gold[item]
    return bcubed(pred, gold)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--raw", action="store_true", help="use whole gold extents as mention texts")
    parser.add_argument(
        "--show-errors", action="store_true", help="list wrong merges and missed links of storyline resolve"
    )
    args = parser.parse_args()
    corpora = sorted(p for p in args.data.glob("corpus_*") if p.is_dir())
    if not corpora:
        print(f"eval_entities: no corpus_* folders in {args.data}: pass --data DIR", file=sys.stderr)
        return 2
    docs = {c.name: [read_doc(f, args.raw) for f in sorted(c.glob("*.xml"))] for c in corpora}
    every = [d for ds in docs.values() for d in ds]
    scored = sum(len(d.gold) for d in every)
    print(
        f"{len(every)} articles, {scored} named mentions scored, "
        f"{sum(d.dropped for d in every)} dropped (no cross-document instance)"
    )
    print(f"{'run':<28} {'system':<42} {'P':>6} {'R':>6} {'F1':>6}")
    results = {}
    for run, subset in [("all 120 articles", every), *((f"{name} alone", ds) for name, ds in docs.items())]:
        for name, system in SYSTEMS.items():
            m = score(subset, system)
            results[(run, name)] = m
            print(f"{run:<28} {name:<42} {m['precision']:.3f} {m['recall']:.3f} {m['f1']:.3f}")
    if args.show_errors:
        show_errors(every)
    if args.raw:
        return 0
    ok = True
    floors = load_floors()
    reached = results[("all 120 articles", "storyline resolve")]
    # Recall may only grow through folds that keep precision: both are gated.
    for metric, key in (("f1", "meantime_bcubed_f1"), ("precision", "meantime_bcubed_precision")):
        floor = floors.get(key)
        if floor is None:
            continue
        good = reached[metric] >= floor
        ok &= good
        print(
            f"storyline resolve, all articles: {metric}={reached[metric]:.3f}  floor {floor:.3f} "
            f"{'ok' if good else 'FAILED'}"
        )
    return 0 if ok else 1


def show_errors(docs: list[Doc]) -> None:
    """System entities that hold several gold instances (wrong merges: precision) and gold
    instances split over several system entities (missed links: recall), by their names."""
    link = storyline_links(docs)
    names: dict[object, Counter[str]] = defaultdict(Counter)
    gold_names: dict[str, Counter[str]] = defaultdict(Counter)
    by_system: dict[object, set[str]] = defaultdict(set)
    by_gold: dict[str, set[object]] = defaultdict(set)
    for doc in docs:
        for item, instance in doc.gold.items():
            text = doc.article.mentions[doc.items[item]].text
            entity = link(doc, item)
            names[entity][text] += 1
            gold_names[instance][text] += 1
            by_system[entity].add(instance)
            by_gold[instance].add(entity)
    print("\n## wrong merges (one system entity, several gold instances)")
    for entity, instances in sorted(by_system.items(), key=lambda kv: -len(kv[1])):
        if len(instances) > 1:
            parts = "; ".join(f"{i.split('/')[-1]}: {', '.join(gold_names[i])}" for i in sorted(instances))
            print(f"  {dict(names[entity])} <- {parts}")
    print("\n## missed links (one gold instance, several system entities)")
    for instance, entities in sorted(by_gold.items(), key=lambda kv: -len(kv[1])):
        if len(entities) > 1:
            print(f"  {instance.split('/')[-1]}: " + " | ".join(", ".join(names[e]) for e in entities))


if __name__ == "__main__":
    sys.exit(main())
