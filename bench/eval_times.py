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
not scored either. Strict = the same token set; relaxed = overlapping tokens
(one-to-one); a value hit needs the span match AND the exact TIMEX3 value.
Fails (exit 1) when strict value F1 falls below ``times.meantime_value_f1`` in
``bench/floors.json``.

    python bench/eval_times.py [--data DIR] [--misses N] [--corpus NAME]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import xml.etree.ElementTree as ET
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


@dataclass(slots=True)
class Counts:
    tp_span: int = 0
    tp_value: int = 0
    tp_relaxed: int = 0
    tp_relaxed_value: int = 0
    n_pred: int = 0
    n_gold: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        self.tp_span += other.tp_span
        self.tp_value += other.tp_value
        self.tp_relaxed += other.tp_relaxed
        self.tp_relaxed_value += other.tp_relaxed_value
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold
        self.misses.extend(other.misses)

    def f1(self, tp: int) -> float:
        p = tp / self.n_pred if self.n_pred else 0.0
        r = tp / self.n_gold if self.n_gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def load_floor() -> float | None:
    floors = json.loads((HERE / "floors.json").read_text())
    floor = floors.get("times", {}).get("meantime_value_f1")
    return float(floor) if floor is not None else None


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


def score(doc: GoldDoc, preds: list[tuple[int, int, str, str]], keep_misses: bool) -> Counts:
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
    for g in doc.gold:
        hit = by_span.get(g.tokens)
        if hit is not None:
            counts.tp_span += 1
            counts.tp_value += hit.value == g.value
        overlap = [i for i, p in enumerate(pred) if i not in used and p.tokens & g.tokens]
        if overlap:
            best = max(overlap, key=lambda i: (pred[i].value == g.value, len(pred[i].tokens & g.tokens)))
            used.add(best)
            counts.tp_relaxed += 1
            counts.tp_relaxed_value += pred[best].value == g.value
        if keep_misses and (hit is None or hit.value != g.value):
            got = f"{hit.type} {hit.value}" if hit else "-"
            counts.misses.append(f"MISS {doc.name[:40]:<40} {g.text!r} {g.type} {g.value} (got {got})")
    gold_spans = {g.tokens for g in doc.gold}
    if keep_misses:
        for p in pred:
            if p.tokens not in gold_spans:
                counts.misses.append(f"FP   {doc.name[:40]:<40} {p.text!r} {p.type} {p.value}")
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


def run(data: Path, corpus: str | None, misses: int) -> tuple[dict[str, dict[str, Counts]], dict[str, float]]:
    from storyline.nlp import get_nlp

    nlp = get_nlp()
    paths = sorted(p for p in data.glob("*/*.xml") if corpus is None or p.parent.name == corpus)
    docs = [load_doc(p) for p in paths]
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
            per.setdefault(doc.corpus, Counts()).add(score(doc, preds, keep_misses=name == "storyline"))
        total = Counts()
        for c in per.values():
            total.add(c)
        per["ALL"] = total
        results[name] = per
        speed[name] = elapsed
        speed[name + " ms/article"] = 1000 * elapsed / max(len(docs), 1)
        speed[name + " expr/s"] = n_found / elapsed if elapsed else 0.0
    if misses:
        for line in sorted(results["storyline"]["ALL"].misses)[:misses]:
            print(line)
    return results, speed


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--corpus", help="only this corpus folder (e.g. corpus_gm)")
    parser.add_argument("--misses", type=int, default=0, help="print up to N misses and false positives")
    args = parser.parse_args()
    if not any(args.data.glob("*/*.xml")):
        print(f"eval_times: no */*.xml under {args.data}: pass --data DIR", file=sys.stderr)
        return 2
    results, speed = run(args.data, args.corpus, args.misses)
    corpora = [c for c in results["storyline"] if c != "ALL"] + ["ALL"]
    print(
        f"{'system':<11} {'corpus':<14} {'gold':>4} {'pred':>4}  span-F1 value-F1  relaxed-F1 relaxed-value-F1"
    )
    for corpus in corpora:
        for name in results:
            c = results[name][corpus]
            print(
                f"{name:<11} {corpus:<14} {c.n_gold:>4} {c.n_pred:>4}  {c.f1(c.tp_span):7.3f} {c.f1(c.tp_value):8.3f}"
                f"  {c.f1(c.tp_relaxed):10.3f} {c.f1(c.tp_relaxed_value):16.3f}"
            )
    for name in results:
        print(
            f"speed {name}: {speed[name + ' ms/article']:.2f} ms/article, "
            f"{speed[name + ' expr/s']:.0f} expressions/s (parse excluded)"
        )
    total = results["storyline"]["ALL"]
    value_f1 = total.f1(total.tp_value)
    floor = load_floor()
    if floor is None:
        print("no floor pinned under times.meantime_value_f1 in bench/floors.json")
        return 0
    ok = value_f1 >= floor
    print(f"storyline strict value F1 {value_f1:.3f}: floor {floor:.3f} {'ok' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
