"""Eval gate: time expressions on MEANTIME (../shared/bench-data/time-meantime/intra-doc).

Rebuilds each Wikinews article's text from its tokens (light detokenisation,
one line per sentence, with a token -> character map), runs
``storyline.temporal.times.find_times`` on it with the spaCy parse and the
document creation time as the anchor, and scores the result against the gold
TIMEX3s, beside a ``dateparser.search.search_dates`` baseline run on the same
text with the creation time as its relative base.

Scoring: the CREATION_TIME TIMEX3 (the dateline) and TIMEX3s without tokens are
left out, and a prediction on the dateline counts neither way. MEANTIME
annotates only the first sentences of each article (title, dateline and the
opening of the body: sentence numbers up to 5), so predictions further down are
not scored either.

Two ways of scoring, side by side:

- strict: a span hit needs the same token set; a value hit needs a span hit AND
  the exact TIMEX3 value;
- relaxed (TempEval-3): a span hit is any token overlap between a system and a
  gold TIMEX3, matched one-to-one; value precision = right values over relaxed
  hits / system timexes, value recall = the same / gold timexes.

The documents are split into two halves, a and b (alternate files in name order
within each corpus), so that rules can be chosen on one half and reported on the
other; ``--half`` scores one of them, the default scores all and prints both.
``--show-errors`` lists misses, false alarms, extent and value errors grouped by
kind and by the shape of the gold value (``P9Y``, ``9999-99``...), so that
classes of error are fixed rather than cases.

Fails (exit 1) on a full run when strict value F1 falls below
``times.meantime_value_f1`` or relaxed value F1 below
``times.meantime_relaxed_value_f1`` in ``bench/floors.json``.

    python bench/eval_times.py [--data DIR] [--corpus NAME] [--half a|b] [--show-errors [N]]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "bench-data" / "time-meantime" / "intra-doc"

NO_SPACE_BEFORE = {
    ",",
    ".",
    ";",
    ":",
    "!",
    "?",
    ")",
    "]",
    "%",
    "'s",
    "n't",
    "'",
    "''",
    "'re",
    "'ve",
    "'ll",
    "'d",
    "'m",
}
NO_SPACE_AFTER = {"(", "[", "$", "``", "US$", "£", "€"}
ANNOTATED_SENTENCES = 5  # MEANTIME annotates sentences 0..5 (title, dateline, first body sentences)


@dataclass(slots=True, kw_only=True)
class Timex:
    tokens: frozenset[int]
    type: str
    value: str
    text: str = ""


@dataclass(slots=True, kw_only=True)
class GoldDoc:
    name: str
    corpus: str
    text: str
    anchor: str
    spans: list[tuple[int, int]]  # token index -> (start, end) in text
    sentence_of: list[int]
    gold: list[Timex]
    creation: frozenset[int]
    last_sentence: int


@dataclass(slots=True, kw_only=True)
class Error:
    kind: str  # miss | false alarm | extent | value
    doc: str
    text: str
    gold: str  # "TYPE value" or "-"
    got: str  # "TYPE value" or "-"
    shape: str  # the gold value's shape (the system's for a false alarm)


@dataclass(slots=True)
class Counts:
    tp_span: int = 0
    tp_value: int = 0
    tp_relaxed: int = 0
    tp_relaxed_value: int = 0
    n_pred: int = 0
    n_gold: int = 0
    errors: list[Error] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        self.tp_span += other.tp_span
        self.tp_value += other.tp_value
        self.tp_relaxed += other.tp_relaxed
        self.tp_relaxed_value += other.tp_relaxed_value
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold
        self.errors.extend(other.errors)

    def prf(self, tp: int) -> tuple[float, float, float]:
        p = tp / self.n_pred if self.n_pred else 0.0
        r = tp / self.n_gold if self.n_gold else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0

    def f1(self, tp: int) -> float:
        return self.prf(tp)[2]


def shape(value: str) -> str:
    """The form of a TIMEX3 value, digits masked: 2008-10-27 -> 9999-99-99, P20Y -> P9Y."""
    if value.startswith("P"):
        return re.sub(r"\d+(?:\.\d+)?", "9", value)
    return re.sub(r"\d", "9", value)


def load_floors() -> dict[str, float]:
    """The ``times`` floors pinned in bench/floors.json."""
    floors = json.loads((HERE / "floors.json").read_text())
    return {k: float(v) for k, v in floors.get("times", {}).items()}


def _iso(value: str) -> str:
    """The creation time as YYYY-MM-DD (one file writes it DD-MM-YYYY)."""
    value = value[:10]
    if len(value) == 10 and value[2] == "-" and value[5] == "-":
        return f"{value[6:]}-{value[3:5]}-{value[:2]}"
    return value


def load_doc(path: Path) -> GoldDoc:
    root = ET.parse(path).getroot()
    tokens = list(root.iter("token"))
    index = {tok.get("t_id"): i for i, tok in enumerate(tokens)}
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    sentence_of: list[int] = []
    pos = 0
    prev_sentence = None
    prev_word = ""
    for tok in tokens:
        word = tok.text or ""
        sentence = int(tok.get("sentence", "0"))
        if prev_sentence is None:
            sep = ""
        elif sentence != prev_sentence:
            sep = "\n"
        elif word in NO_SPACE_BEFORE or prev_word in NO_SPACE_AFTER:
            sep = ""
        else:
            sep = " "
        parts.append(sep)
        pos += len(sep)
        spans.append((pos, pos + len(word)))
        parts.append(word)
        pos += len(word)
        sentence_of.append(sentence)
        prev_sentence, prev_word = sentence, word
    gold: list[Timex] = []
    creation: frozenset[int] = frozenset()
    anchor = ""
    last_sentence = ANNOTATED_SENTENCES
    for m in root.iter("TIMEX3"):
        ids = frozenset(index[a.get("t_id")] for a in m.findall("token_anchor"))
        if ids:
            last_sentence = max(last_sentence, *(sentence_of[i] for i in ids))
        if m.get("functionInDocument") == "CREATION_TIME":
            anchor = _iso(m.get("value") or "")
            creation = ids
            continue
        if not ids:
            continue
        gold.append(Timex(tokens=ids, type=m.get("type", ""), value=m.get("value", "")))
    if not anchor:
        # Two files lack the CREATION_TIME markable: their dateline (sentence 1) is an ordinary DATE.
        for g in gold:
            if {sentence_of[i] for i in g.tokens} == {1} and len(g.value) == 10:
                anchor, creation = g.value, g.tokens
                gold.remove(g)
                break
    text = "".join(parts)
    for g in gold:
        g.text = text[spans[min(g.tokens)][0] : spans[max(g.tokens)][1]]
    return GoldDoc(
        name=path.stem,
        corpus=path.parent.name,
        text=text,
        anchor=anchor,
        spans=spans,
        sentence_of=sentence_of,
        gold=gold,
        creation=creation,
        last_sentence=last_sentence,
    )


def to_tokens(doc: GoldDoc, start: int, end: int) -> frozenset[int]:
    return frozenset(i for i, (s, e) in enumerate(doc.spans) if s < end and e > start)


def score(doc: GoldDoc, preds: list[tuple[int, int, str, str]]) -> Counts:
    """Score (start, end, type, value) predictions against one document's gold."""
    counts = Counts(n_gold=len(doc.gold))
    pred: list[Timex] = []
    for start, end, type_, value in preds:
        toks = to_tokens(doc, start, end)
        if not toks or toks & doc.creation:
            continue
        if min(doc.sentence_of[i] for i in toks) > doc.last_sentence:
            continue
        pred.append(Timex(tokens=toks, type=type_, value=value, text=doc.text[start:end]))
    counts.n_pred = len(pred)
    by_span = {p.tokens: p for p in pred}
    used: set[int] = set()

    def error(kind: str, text: str, g: Timex | None, p: Timex | None) -> None:
        counts.errors.append(
            Error(
                kind=kind,
                doc=doc.name,
                text=text,
                gold=f"{g.type} {g.value}" if g else "-",
                got=f"{p.type} {p.value}" if p else "-",
                shape=shape((g or p).value) if (g or p) else "",
            )
        )

    # One-to-one, as TempEval-3. Same-extent pairs are matched first, so that a prediction that is
    # exactly one gold TIMEX3 ("2009") is not spent on an overlapping one ("from 2009 to 2011").
    exact = {p.tokens: i for i, p in reversed(list(enumerate(pred)))}
    match: dict[int, int] = {}
    for gi, g in enumerate(doc.gold):
        pi = exact.get(g.tokens)
        if pi is not None and pi not in used:
            match[gi] = pi
            used.add(pi)
    for gi, g in enumerate(doc.gold):
        if gi in match:
            continue
        overlap = [i for i, p in enumerate(pred) if i not in used and p.tokens & g.tokens]
        if overlap:
            # Of the overlapping predictions: the one with the right value, then the widest overlap.
            match[gi] = max(overlap, key=lambda i: (pred[i].value == g.value, len(pred[i].tokens & g.tokens)))
            used.add(match[gi])
    for gi, g in enumerate(doc.gold):
        hit = by_span.get(g.tokens)
        if hit is not None:
            counts.tp_span += 1
            counts.tp_value += hit.value == g.value
        if gi not in match:
            error("miss", repr(g.text), g, None)
            continue
        best = pred[match[gi]]
        counts.tp_relaxed += 1
        counts.tp_relaxed_value += best.value == g.value
        if best.value != g.value:
            error("value", f"{g.text!r} (system {best.text!r})", g, best)
        elif best.tokens != g.tokens:
            error("extent", f"{g.text!r} (system {best.text!r})", g, best)
    for i, p in enumerate(pred):
        if i not in used:
            error("false alarm", repr(p.text), None, p)
    return counts


def ours(doc: GoldDoc, parsed: object) -> list[tuple[int, int, str, str]]:
    from storyline.temporal.times import find_times

    found = find_times(doc.text, anchor=doc.anchor, article_id=doc.name, doc=parsed)  # type: ignore[arg-type]
    return [(t.start, t.end, t.type, t.value) for t in found]


def baseline(doc: GoldDoc, parsed: object) -> list[tuple[int, int, str, str]]:
    from dateparser.search import search_dates

    base = datetime.fromisoformat(doc.anchor)
    found = search_dates(doc.text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    out: list[tuple[int, int, str, str]] = []
    pos = 0
    for substring, when in found:
        start = doc.text.find(substring, pos)
        if start < 0:
            continue
        pos = start + len(substring)
        out.append((start, pos, "DATE", when.strftime("%Y-%m-%d")))
    return out


def half_of(paths: list[Path]) -> dict[Path, str]:
    """Alternate files within each corpus, in name order: a, b, a, b..."""
    seen: dict[str, int] = defaultdict(int)
    out: dict[Path, str] = {}
    for p in sorted(paths):
        out[p] = "ab"[seen[p.parent.name] % 2]
        seen[p.parent.name] += 1
    return out


def run(
    data: Path, corpus: str | None, half: str | None
) -> tuple[dict[str, dict[str, Counts]], dict[str, float]]:
    """Scores per system and per group: each corpus, half_a, half_b and ALL."""
    from storyline.nlp import get_nlp

    nlp = get_nlp()
    halves = half_of(list(data.glob("*/*.xml")))
    paths = sorted(
        p
        for p in halves
        if (corpus is None or p.parent.name == corpus) and (half is None or halves[p] == half)
    )
    docs = [load_doc(p) for p in paths]
    half_by_name = {p.stem: halves[p] for p in paths}
    parsed = list(nlp.pipe([d.text for d in docs], batch_size=16))
    systems: dict[str, Callable[[GoldDoc, object], list[tuple[int, int, str, str]]]] = {
        "storyline": ours,
        "dateparser": baseline,
    }
    results: dict[str, dict[str, Counts]] = {}
    speed: dict[str, float] = {}
    for name, system in systems.items():
        per: dict[str, Counts] = {}
        elapsed = 0.0
        n_found = 0
        for doc, pdoc in zip(docs, parsed, strict=True):
            t0 = time.perf_counter()
            preds = system(doc, pdoc)
            elapsed += time.perf_counter() - t0
            n_found += len(preds)
            counts = score(doc, preds)
            per.setdefault(doc.corpus, Counts()).add(counts)
            per.setdefault("half_" + half_by_name[doc.name], Counts()).add(counts)
        total = Counts()
        for key, c in per.items():
            if not key.startswith("half_"):
                total.add(c)
        per["ALL"] = total
        results[name] = per
        speed[name] = elapsed
        speed[name + " ms/article"] = 1000 * elapsed / max(len(docs), 1)
        speed[name + " expr/s"] = n_found / elapsed if elapsed else 0.0
    return results, speed


def show_errors(errors: list[Error], limit: int) -> None:
    """Errors grouped by kind, then by the shape of the value, largest groups first."""
    groups: dict[tuple[str, str], list[Error]] = defaultdict(list)
    for e in errors:
        groups[(e.kind, e.shape)].append(e)
    by_kind: dict[str, int] = defaultdict(int)
    for e in errors:
        by_kind[e.kind] += 1
    print("errors: " + ", ".join(f"{k} {n}" for k, n in sorted(by_kind.items(), key=lambda kv: -kv[1])))
    for (kind, form), group in sorted(groups.items(), key=lambda kv: (kv[0][0], -len(kv[1]))):
        print(f"== {kind} [{form}] x{len(group)}")
        for e in group[:limit]:
            print(f"   {e.doc[:32]:<32} {e.text:<60} gold {e.gold:<24} got {e.got}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--corpus", help="only this corpus folder (e.g. corpus_gm)")
    parser.add_argument(
        "--half", choices=["a", "b"], help="only this half of the documents (alternate files)"
    )
    parser.add_argument(
        "--show-errors", type=int, nargs="?", const=1000, default=0, metavar="N",
        help="list errors grouped by kind and value shape, up to N per group",
    )  # fmt: skip
    args = parser.parse_args()
    if not any(args.data.glob("*/*.xml")):
        print(f"eval_times: no */*.xml under {args.data}: pass --data DIR", file=sys.stderr)
        return 2
    results, speed = run(args.data, args.corpus, args.half)
    if args.show_errors:
        show_errors(results["storyline"]["ALL"].errors, args.show_errors)
    groups = [c for c in results["storyline"] if c != "ALL" and not c.startswith("half_")]
    groups += [*sorted(c for c in results["storyline"] if c.startswith("half_")), "ALL"]
    print(
        f"{'system':<11} {'docs':<14} {'gold':>4} {'pred':>4} |   strict span P/R/F1 |  strict value P/R/F1"
        " |  relaxed span P/R/F1 | relaxed value P/R/F1"
    )
    for group in groups:
        for name in results:
            c = results[name][group]
            cells = [c.prf(tp) for tp in (c.tp_span, c.tp_value, c.tp_relaxed, c.tp_relaxed_value)]
            print(
                f"{name:<11} {group:<14} {c.n_gold:>4} {c.n_pred:>4} | "
                + " | ".join(f"{p:6.3f} {r:6.3f} {f:6.3f}" for p, r, f in cells)
            )
    for name in results:
        print(
            f"speed {name}: {speed[name + ' ms/article']:.2f} ms/article, "
            f"{speed[name + ' expr/s']:.0f} expressions/s (parse excluded)"
        )
    total = results["storyline"]["ALL"]
    figures = {
        "meantime_value_f1": ("strict value F1", total.f1(total.tp_value)),
        "meantime_relaxed_value_f1": ("relaxed value F1", total.f1(total.tp_relaxed_value)),
    }
    if args.corpus or args.half:
        print("a subset was scored: floors not checked")
        return 0
    floors = load_floors()
    ok = True
    for key, (label, value) in figures.items():
        if key not in floors:
            print(f"no floor pinned under times.{key} in bench/floors.json")
            continue
        passed = value >= floors[key]
        ok &= passed
        print(f"storyline {label} {value:.3f}: floor {floors[key]:.3f} {'ok' if passed else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
