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


def storyline_items(texts: list[str]) -> list[set[Item]]:
    out = []
    for k, (text, doc) in enumerate(zip(texts, parse_many_ru(texts), strict=True)):
        article = Article(id=str(k), source="nerel", text=text, language="ru")
        found = extract_entities_ru(article, doc)
        out.append(
            {(m.start, m.end, OURS[m.label]) for m in found.mentions if m.label in OURS and m.kind != "title"}
        )
    return out


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
    ours = storyline_items(texts)
    bare = natasha_items(texts)
    print(
        f"NEREL dev, {len(files)} documents (half {args.half or 'all'}); gold: "
        + ", ".join(f"{c} {sum(1 for g in golds for x in g if x[2] == c)}" for c in CLASSES)
    )
    results = {"storyline": score(golds, ours), "natasha": score(golds, bare)}
    print(f"{'system':<10} " + " ".join(f"{c + ' P/R/F1':>20}" for c in (*CLASSES, "micro")))
    for system, res in results.items():
        print(f"{system:<10} " + " ".join(f"{p:6.3f}/{r:5.3f}/{f:5.3f}" for p, r, f in res.values()))
    if args.show_errors:
        show_errors([f.stem for f in files], texts, golds, ours, args.show_errors)
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
