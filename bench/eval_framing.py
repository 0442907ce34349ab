"""Eval gate: the outlet's loaded language on BABE (../shared/bench-data/framing-babe).

BABE (Spinde et al. 2021) labels news sentences from US outlets of the left and right
``biased`` true/false and marks the words that make them so (``biased_words``, all
single words). The data is AGPL-3.0: it is read here for evaluation only; nothing
derived from it (no word list) goes into ``src/``.

Scored, on each half and on all rows, in one run:

- sentence level: biased precision/recall/F1 of storyline's outlet-language detector
  (``evidence.outlet_language`` on the sentence parsed by the project's spaCy pipeline,
  so marked words count (``lexicon.marked``), with the quote stage's direct and indirect
  quotes, whose words are the speaker's (``--no-quotes``: quote marks only); a sentence is biased when the summed
  strength of its outlet-voice items reaches ``--threshold``), and of a baseline: biased when any word
  of the VADER lexicon is in the sentence (case-insensitive token match);
- word level: precision and recall of the detector's outlet-voice evidence against
  ``biased_words``, over every sentence. Matching is case-insensitive on word tokens
  (``lexicon.WORD``). An evidence item is correct when any of its tokens is one of the
  sentence's biased words (so "so-called activists" or "appears to" count once, as one
  item); a biased word is found when it is a token of some outlet-voice item.
  Quoted-voice items are not the outlet's language and are not scored.

The split is fixed, by the number in each id: the file holds BABE's odd rows
("babe1", "babe3", ...), so half ``a`` is ids 1, 5, 9, ... (number % 4 == 1) and
half ``b`` ids 3, 7, 11, ... (alternate rows of the file). Thresholds were chosen on half a (``--tune``
prints the grid); the floors in ``bench/floors.json`` ("framing") apply to all rows.
Exits 1 when a score falls below its floor.

    python bench/eval_framing.py [--data FILE] [--half a|b] [--show-errors] [--tune] [--no-quotes]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from storyline.framing import lexicon
from storyline.framing.evidence import Page, QuoteSpan, Scored, outlet_language, pos_tags

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "bench-data" / "framing-babe" / "babe-odd.jsonl"
# Chosen on half a (``--tune``): sentence threshold on summed strength, and the
# smallest |valence| a lexicon word needs to count as loaded.
THRESHOLD = 0.2
MIN_VALENCE = lexicon.VADER_LOADED_MIN
_ID_NUMBER = re.compile(r"\d+")
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"”’]?|$)")


@dataclass
class Row:
    id: str
    text: str
    biased: bool
    words: set[str]

    @property
    def half(self) -> str:
        return "a" if int(_ID_NUMBER.findall(self.id)[-1]) % 4 == 1 else "b"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, predicted: bool, gold: bool) -> None:
        if predicted and gold:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    sentence: Counts = field(default_factory=Counts)
    baseline: Counts = field(default_factory=Counts)
    items_right: int = 0
    items: int = 0
    words_found: int = 0
    words: int = 0
    base_right: int = 0
    base_items: int = 0
    base_found: int = 0

    def summary(self) -> dict[str, float]:
        p, r, f = self.sentence.prf()
        bp, br, bf = self.baseline.prf()
        return {
            "sentence_precision": p,
            "sentence_recall": r,
            "sentence_f1": f,
            "baseline_precision": bp,
            "baseline_recall": br,
            "baseline_f1": bf,
            "word_precision": self.items_right / self.items if self.items else 0.0,
            "word_recall": self.words_found / self.words if self.words else 0.0,
            "baseline_word_precision": self.base_right / self.base_items if self.base_items else 0.0,
            "baseline_word_recall": self.base_found / self.words if self.words else 0.0,
            "all_biased_f1": 2 * self.positive / (self.positive + self.rows) if self.rows else 0.0,
        }

    @property
    def positive(self) -> int:
        return self.sentence.tp + self.sentence.fn

    @property
    def rows(self) -> int:
        return self.sentence.tp + self.sentence.fp + self.sentence.fn + self.sentence.tn


def load(path: Path) -> list[Row]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            words = {w.lower() for w in r.get("biased_words") or []}
            rows.append(Row(id=r["id"], text=r["text"], biased=bool(r["biased"]), words=words))
    return rows


def tokens(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in lexicon.WORD.findall(text)]


@dataclass
class Parsed:
    """What the pipeline gives the framing stage for one sentence: tags and quotes."""

    tags: dict[int, str]
    quotes: list[QuoteSpan]


def parse(rows: list[Row], with_quotes: bool = True) -> dict[str, Parsed]:
    """Part-of-speech tags and the quote stage's quotes (direct and indirect) of every
    sentence, from the project's spaCy pipeline, as the framing stage gets them."""
    from storyline.nlp import get_nlp
    from storyline.quotes.extract import extract_quotes

    docs = get_nlp().pipe((r.text for r in rows), batch_size=64)
    out = {}
    for r, doc in zip(rows, docs, strict=True):
        quotes = extract_quotes(r.id, r.text, doc) if with_quotes else []
        spans = [QuoteSpan(kind=q.kind, start=q.start, end=q.end, speaker=q.speaker) for q in quotes]
        out[r.id] = Parsed(tags=pos_tags(doc), quotes=spans)
    return out


def detect(
    text: str,
    min_valence: float = MIN_VALENCE,
    parsed: Parsed | None = None,
    marked: dict[str, float] | None = None,
) -> list[Scored]:
    """storyline's outlet language in one BABE sentence (unparsed: quote marks only)."""
    page = Page(
        text=text,
        sentences=[m.span() for m in _SENTENCE.finditer(text)],
        target="",
        target_spans=[],
        quotes=parsed.quotes if parsed else [],
        tags=parsed.tags if parsed else None,
    )
    return outlet_language(page, min_valence, marked)


def vader_any(text: str, vader: dict[str, float]) -> bool:
    return any(w in vader for w in tokens(text))


def score(
    rows: Iterable[Row],
    found: dict[str, list[Scored]],
    threshold: float,
    vader: dict[str, float],
) -> Scores:
    out = Scores()
    for row in rows:
        outlet = [s for s in found[row.id] if s.evidence.voice == "outlet"]
        out.sentence.add(sum(s.weight for s in outlet) >= threshold, row.biased)
        out.baseline.add(vader_any(row.text, vader), row.biased)
        hit: set[str] = set()
        for s in outlet:
            words = set(tokens(s.evidence.text))
            out.items += 1
            if words & row.words:
                out.items_right += 1
                hit |= words & row.words
        out.words += len(row.words)
        out.words_found += len(hit)
        base = {w for w in tokens(row.text) if w in vader}
        out.base_items += len(base)
        out.base_right += len(base & row.words)
        out.base_found += len(base & row.words)
    return out


def group(s: Scored) -> str:
    """Why an item is there, for reading the errors."""
    ev = s.evidence
    if ev.voice == "quoted":
        return "quoted words"
    if ev.kind != "loaded":
        return ev.kind
    low = ev.text.lower()
    if ev.note.startswith("marked"):
        return "marked words"
    if low in lexicon.INTENSIFIERS:
        return "intensifiers"
    if any(f in lexicon.news_terms() for f in lexicon._forms(low)):
        return "news lexicon"
    return "VADER words"


def show_errors(rows: list[Row], found: dict[str, list[Scored]], threshold: float) -> None:
    false_items: dict[str, Counter[str]] = {}
    missed: Counter[str] = Counter()
    quoted_hits: Counter[str] = Counter()
    topical: Counter[str] = Counter()
    fp_sentences, fn_sentences = [], []
    for row in rows:
        items = found[row.id]
        outlet = [s for s in items if s.evidence.voice == "outlet"]
        covered = {w for s in outlet for w in tokens(s.evidence.text)}
        for s in outlet:
            if not set(tokens(s.evidence.text)) & row.words:
                false_items.setdefault(group(s), Counter())[s.evidence.text.lower()] += 1
        for s in items:
            if s.evidence.voice == "quoted" and set(tokens(s.evidence.text)) & row.words:
                quoted_hits[s.evidence.text.lower()] += 1
        for w in row.words - covered:
            (topical if w in lexicon.TOPICAL else missed)[w] += 1
        flagged = sum(s.weight for s in outlet) >= threshold
        if flagged and not row.biased:
            fp_sentences.append(row)
        elif row.biased and not flagged:
            fn_sentences.append(row)
    print("\nFalse evidence items (not a biased word of their sentence), by group:")
    for name, c in sorted(false_items.items(), key=lambda kv: -sum(kv[1].values())):
        print(f"  {name}: {sum(c.values())}  e.g. {', '.join(w for w, _ in c.most_common(15))}")
    print(f"\nBiased words found only inside quotes (quoted voice, not counted): {sum(quoted_hits.values())}")
    print("  " + ", ".join(w for w, _ in quoted_hits.most_common(15)))
    print(f"Biased words missed that the lexicon calls topical: {sum(topical.values())}")
    print("  " + ", ".join(w for w, _ in topical.most_common(15)))
    print(
        f"Other biased words missed: {sum(missed.values())} (not in any lexicon, or under the valence floor)"
    )
    print(
        f"\nSentences flagged but not biased: {len(fp_sentences)}; biased but not flagged: {len(fn_sentences)}"
    )
    for label, sample in (("flagged, not biased", fp_sentences[:8]), ("missed", fn_sentences[:8])):
        print(f"  {label}:")
        for row in sample:
            ev = ", ".join(f"{s.evidence.text}[{s.weight:.2f}]" for s in found[row.id] if s.weight)
            print(f"    {row.id}: {row.text[:110]!r} -> {ev or '-'}")


def table(results: dict[str, dict[str, float]]) -> None:
    print(f"{'rows':<10}{'system':<40}{'P':>7}{'R':>7}{'F1':>7}")
    for name, s in results.items():
        print(
            f"{name:<10}{'storyline outlet language (sentence)':<40}"
            f"{s['sentence_precision']:7.3f}{s['sentence_recall']:7.3f}{s['sentence_f1']:7.3f}"
        )
        print(
            f"{'':<10}{'baseline: any VADER word (sentence)':<40}"
            f"{s['baseline_precision']:7.3f}{s['baseline_recall']:7.3f}{s['baseline_f1']:7.3f}"
        )
        print(f"{'':<10}{'every sentence biased (reference)':<40}{'':14}{s['all_biased_f1']:7.3f}")
        print(
            f"{'':<10}{'storyline evidence words vs biased_words':<40}{s['word_precision']:7.3f}{s['word_recall']:7.3f}"
        )
        print(
            f"{'':<10}{'baseline: VADER words vs biased_words':<40}"
            f"{s['baseline_word_precision']:7.3f}{s['baseline_word_recall']:7.3f}"
        )


def tune(rows: list[Row], vader: dict[str, float], tags: dict[str, Parsed]) -> None:
    """The grids the defaults were chosen on (run on half a)."""
    print(f"{'min_valence':>12}{'threshold':>10}{'sent F1':>9}{'word P':>8}{'word R':>8}")
    for mv in (1.2, 1.5, 2.0, 2.5, 3.0, 9.0):
        found = {r.id: detect(r.text, mv, tags[r.id]) for r in rows}
        for t in (0.2, 0.3, 0.4, 0.5, 0.6, 0.8):
            s = score(rows, found, t, vader).summary()
            print(
                f"{mv:12.1f}{t:10.1f}{s['sentence_f1']:9.3f}{s['word_precision']:8.3f}{s['word_recall']:8.3f}"
            )
    # marked words: Zipf limits for adjectives and adverbs, and for verbs and nouns
    print(f"\n{'ADJ/ADV <':>12}{'VERB/NOUN <':>12}{'sent F1':>9}{'word P':>8}{'word R':>8}")
    for modifier in (0.0, 3.0, 3.5, 4.0, 4.5):
        for content in (0.0, 2.5, 3.0, 3.5):
            limits = {"ADJ": modifier, "ADV": modifier, "VERB": content, "NOUN": content}
            found = {r.id: detect(r.text, MIN_VALENCE, tags[r.id], limits) for r in rows}
            s = score(rows, found, THRESHOLD, vader).summary()
            print(
                f"{modifier:12.1f}{content:12.1f}{s['sentence_f1']:9.3f}"
                f"{s['word_precision']:8.3f}{s['word_recall']:8.3f}"
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--half", choices=["a", "b"], help="score one half only (default: a, b and all)")
    ap.add_argument("--threshold", type=float, default=THRESHOLD)
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--tune", action="store_true", help="print the threshold grid on the chosen half")
    ap.add_argument("--no-quotes", action="store_true", help="without the quote stage (quote marks only)")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"no data at {args.data}: see ../shared/bench-data/README.md", file=sys.stderr)
        return 2
    rows = load(args.data)
    vader: dict[str, float] = dict(SentimentIntensityAnalyzer().lexicon)
    if args.tune:
        part = [r for r in rows if r.half == (args.half or "a")]
        tune(part, vader, parse(part))
        return 0
    parsed = parse(rows, with_quotes=not args.no_quotes)
    found = {r.id: detect(r.text, parsed=parsed[r.id]) for r in rows}
    halves = [args.half] if args.half else ["a", "b", "all"]
    results = {}
    for h in halves:
        part = rows if h == "all" else [r for r in rows if r.half == h]
        results[f"{h} ({len(part)})"] = score(part, found, args.threshold, vader).summary()
    table(results)
    if args.show_errors:
        show_errors(
            rows if not args.half else [r for r in rows if r.half == args.half], found, args.threshold
        )
    if args.half:
        return 0
    floors = json.loads((ROOT / "bench" / "floors.json").read_text())["framing"]
    overall = results[f"all ({len(rows)})"]
    missed = [f"{k} {overall[k]:.3f} < {v}" for k, v in floors.items() if overall[k] < v]
    for m in missed:
        print(f"FLOOR MISSED: {m}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
