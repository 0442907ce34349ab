"""Eval gate: Russian entity mentions on NEREL v1.1 dev (../shared/bench-data/ner-ru-nerel-dev).

NEREL annotates 94 Russian news documents in brat format with nested entities
of 29 types. Gold: the entities of the kept types, PER (PERSON), LOC (CITY,
COUNTRY, STATE_OR_PROVINCE) and ORG (ORGANIZATION), outermost among those
kept: a kept entity inside another kept one ("России" in "Министерство
иностранных дел России") is dropped; entities of other types do not hide
them ("России" in the PROFESSION "президент России" stays). Discontinuous
entities (a few) are dropped.

Predictions, scored by exact span and class (precision, recall, F1 per
class and micro-averaged over the three), for two systems in the same run:

- ``storyline``: ``nlp_ru.parse_many_ru`` then ``entities.russian.extract_entities_ru``
  (PERSON -> PER, GPE and LOC -> LOC, ORG -> ORG, NORP -> LOC: its NORP mentions are
  place adjectives, "британской", which NEREL tags COUNTRY or CITY);
- ``natasha``: natasha's own pipeline (segmenter, NER tagger) on each text, PER/LOC/ORG as is.

Roles (printed, not gated): NEREL links a PERSON to a PROFESSION ("президента
США") by WORKS_AS. A role storyline finds is right when some WORKS_AS pair has its
PROFESSION overlapping the role's title and its PERSON overlapping a mention of the
role's person within 80 characters; recall is over the pairs whose two spans are
next to each other (at most a comma and spaces between them: the patterns the
stage reads), found when a role overlaps both. "exact" counts right roles whose
title is exactly the PROFESSION span.

Halves by document: the files sorted by name, half ``a`` the even positions,
``b`` the odd ones (47 each); rules were tuned on ``a``, figures reported on ``b``.
Fails (exit 1) when storyline falls below ``entities_ru`` in ``bench/floors.json``
(checked on the documents run).

NEREL has no stated licence: it is read here, for evaluation only; nothing from
it is copied into the project.

    python bench/eval_entities_ru.py [--data DIR] [--half a|b] [--show-errors [N]]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from storyline.entities.russian import extract_entities_ru
from storyline.model import Article
from storyline.nlp_ru import get_ru, parse_many_ru

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "bench-data" / "ner-ru-nerel-dev"
GOLD_TYPES = {
    "PERSON": "PER",
    "CITY": "LOC",
    "COUNTRY": "LOC",
    "STATE_OR_PROVINCE": "LOC",
    "ORGANIZATION": "ORG",
}
# NORP: place adjectives ("британской"), which NEREL tags COUNTRY or CITY.
OURS = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "ORG": "ORG", "NORP": "LOC"}
CLASSES = ("PER", "LOC", "ORG")

Item = tuple[int, int, str]  # start, end, class


def load_floors() -> dict[str, float]:
    return dict(json.loads((HERE / "floors.json").read_text()).get("entities_ru", {}))


def documents(data: Path, half: str | None) -> list[Path]:
    files = sorted(data.glob("*.txt"))
    if half == "a":
        return files[0::2]
    if half == "b":
        return files[1::2]
    return files


def gold(ann: Path) -> set[Item]:
    """The kept entities, outermost among them."""
    items: list[Item] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        _, spec, _ = line.split("\t", 2)
        kind, _, where = spec.partition(" ")
        if kind not in GOLD_TYPES or ";" in where:
            continue
        start, end = map(int, where.split())
        items.append((start, end, GOLD_TYPES[kind]))
    return {
        a
        for a in items
        if not any(b != a and b[0] <= a[0] and a[1] <= b[1] and b[1] - b[0] > a[1] - a[0] for b in items)
    }


Pair = tuple[tuple[int, int], tuple[int, int]]  # (person span, title span)


def gold_roles(ann: Path) -> set[Pair]:
    """WORKS_AS pairs of a PERSON and a PROFESSION."""
    spans: dict[str, tuple[str, int, int]] = {}
    lines = ann.read_text(encoding="utf-8").splitlines()
    for line in lines:
        if line.startswith("T"):
            tid, spec, _ = line.split("\t", 2)
            kind, _, where = spec.partition(" ")
            if ";" not in where:
                start, end = map(int, where.split())
                spans[tid] = (kind, start, end)
    pairs: set[Pair] = set()
    for line in lines:
        if line.startswith("R") and "\tWORKS_AS " in line:
            _, arg1, arg2 = line.split("\t")[1].split()
            p, q = spans.get(arg1.split(":")[1]), spans.get(arg2.split(":")[1])
            if p and q and p[0] == "PERSON" and q[0] == "PROFESSION":
                pairs.add(((p[1], p[2]), (q[1], q[2])))
    return pairs


def storyline_items(texts: list[str]) -> tuple[list[set[Item]], list[set[Pair]]]:
    """Mentions as scored items, and roles as (person mention, title) pairs."""
    items, roles = [], []
    for k, (text, doc) in enumerate(zip(texts, parse_many_ru(texts), strict=True)):
        article = Article(id=str(k), source="nerel", text=text, language="ru")
        found = extract_entities_ru(article, doc)
        items.append(
            {(m.start, m.end, OURS[m.label]) for m in found.mentions if m.label in OURS and m.kind != "title"}
        )
        pairs = set()
        for r in found.roles:
            for m in found.mentions:
                if m.chain == r.chain and min(abs(m.start - r.end), abs(r.start - m.end)) < 80:
                    pairs.add(((m.start, m.end), (r.start, r.end)))
        roles.append(pairs)
    return items, roles


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def role_scores(
    texts: list[str], golds: list[set[Pair]], ours: list[set[Pair]]
) -> tuple[float, float, float]:
    """(precision, recall over adjacent pairs, share of right titles that are exact)."""
    right = exact = total = found = adjacent = 0
    for text, g, o in zip(texts, golds, ours, strict=True):
        for title in {t for _, t in o}:
            total += 1
            people = [pp for pp, t in o if t == title]
            hits = [q for p, q in g if _overlap(q, title) and any(_overlap(p, pp) for pp in people)]
            right += bool(hits)
            exact += title in hits
        for p, q in g:
            gap = text[min(p[1], q[1]) : max(p[0], q[0])]
            if len(gap) <= 3 and not gap.strip(" ,\u00a0"):
                adjacent += 1
                found += any(_overlap(p, pp) and _overlap(q, t) for pp, t in o)
    return (
        right / total if total else 0.0,
        found / adjacent if adjacent else 0.0,
        exact / right if right else 0.0,
    )


def natasha_items(texts: list[str]) -> list[set[Item]]:
    from natasha import Doc

    models = get_ru()
    out = []
    for text in texts:
        doc = Doc(text)
        doc.segment(models.segmenter)
        doc.tag_ner(models.ner)
        out.append({(s.start, s.stop, s.type) for s in doc.spans if s.type in CLASSES})
    return out


def score(golds: list[set[Item]], preds: list[set[Item]]) -> dict[str, tuple[float, float, float]]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(golds, preds, strict=True):
        for item in p & g:
            tp[item[2]] += 1
        for item in p - g:
            fp[item[2]] += 1
        for item in g - p:
            fn[item[2]] += 1
    out = {}
    for c in (*CLASSES, "micro"):
        t = sum(tp.values()) if c == "micro" else tp[c]
        f_p = sum(fp.values()) if c == "micro" else fp[c]
        f_n = sum(fn.values()) if c == "micro" else fn[c]
        p = t / (t + f_p) if t + f_p else 0.0
        r = t / (t + f_n) if t + f_n else 0.0
        out[c] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


def show_errors(
    names: list[str], texts: list[str], golds: list[set[Item]], preds: list[set[Item]], limit: int
) -> None:
    shown = 0
    for name, text, g, p in zip(names, texts, golds, preds, strict=True):
        for start, end, c in sorted((p - g) | (g - p)):
            side = "missed" if (start, end, c) in g else "extra "
            near = [x for x in (g if side == "extra " else p) if x[0] < end and start < x[1]]
            hint = "; ".join(
                f"{'gold' if side == 'extra ' else 'ours'} {x[2]} {text[x[0] : x[1]]!r}" for x in near
            )
            context = text[max(0, start - 30) : end + 30].replace("\n", " ")
            print(f"{name} {side} {c} {text[start:end]!r}  [{hint}]  ...{context}...")
            shown += 1
            if shown >= limit:
                return


def show_role_errors(texts: list[str], golds: list[set[Pair]], ours: list[set[Pair]]) -> None:
    for text, g, o in zip(texts, golds, ours, strict=True):
        for pp, t in sorted(o):
            if not any(_overlap(q, t) and _overlap(p, pp) for p, q in g):
                print(f"role extra  {text[t[0] : t[1]]!r} -> {text[pp[0] : pp[1]]!r}")
        for p, q in sorted(g):
            gap = text[min(p[1], q[1]) : max(p[0], q[0])]
            if (
                len(gap) <= 3
                and not gap.strip(" ,\u00a0")
                and not any(_overlap(p, pp) and _overlap(q, t) for pp, t in o)
            ):
                print(f"role missed {text[q[0] : q[1]]!r} -> {text[p[0] : p[1]]!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--half", choices=("a", "b"), help="half of the documents (default: all)")
    parser.add_argument("--show-errors", nargs="?", type=int, const=200, default=0, metavar="N")
    args = parser.parse_args()
    files = documents(args.data, args.half)
    if not files:
        print(f"no NEREL documents under {args.data}", file=sys.stderr)
        return 2
    texts = [f.read_text(encoding="utf-8") for f in files]
    golds = [gold(f.with_suffix(".ann")) for f in files]
    ours, our_roles = storyline_items(texts)
    bare = natasha_items(texts)
    print(
        f"NEREL dev, {len(files)} documents (half {args.half or 'all'}); gold: "
        + ", ".join(f"{c} {sum(1 for g in golds for x in g if x[2] == c)}" for c in CLASSES)
    )
    results = {"storyline": score(golds, ours), "natasha": score(golds, bare)}
    print(f"{'system':<10} " + " ".join(f"{c + ' P/R/F1':>20}" for c in (*CLASSES, "micro")))
    for system, res in results.items():
        print(f"{system:<10} " + " ".join(f"{p:6.3f}/{r:5.3f}/{f:5.3f}" for p, r, f in res.values()))
    gold_pairs = [gold_roles(f.with_suffix(".ann")) for f in files]
    rp, rr, rx = role_scores(texts, gold_pairs, our_roles)
    print(f"roles (storyline): precision {rp:.3f}, recall of adjacent pairs {rr:.3f}, exact titles {rx:.3f}")
    if args.show_errors:
        show_errors([f.stem for f in files], texts, golds, ours, args.show_errors)
        show_role_errors(texts, gold_pairs, our_roles)
    floors = load_floors()
    failed = False
    for key, floor in floors.items():
        cls = key.removesuffix("_f1").upper() if key != "micro_f1" else "micro"
        value = results["storyline"].get(cls, (0.0, 0.0, 0.0))[2]
        if value < floor:
            print(f"FAIL: storyline {key} {value:.3f} < floor {floor}")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
