"""Eval gate: the outlet's loaded language on BABE (../shared/bench-data/framing-babe).

BABE (Spinde et al. 2021) labels news sentences from US outlets of the left and right
``biased`` true/false and marks the words that make them so (``biased_words``, all
single words). The data is AGPL-3.0: it is read here for evaluation only; nothing
derived from it (no word list) goes into ``src/``.

Scored, on each half and on all rows, in one run:

- sentence level: biased precision/recall/F1 of the product's framing, and of a baseline:
  biased when any word of the VADER lexicon is in the sentence (case-insensitive token
  match). Each sentence goes the product's way: the analyze stage's parse
  (``nlp.parse_many``), its sentence spans, word tags (``evidence.word_tags``, so marked
  words count) and quotes (the quote stage's direct and indirect quotes, whose words are
  the speaker's; ``--no-quotes``: quote marks only), then ``stance.frame_article``, the
  function the stories stage calls, with no target (a BABE sentence has no story subject).
  A sentence is biased when its framing holds any outlet-voice evidence item (every
  item's strength reaches the 0.2 chosen on half a: one item is enough);
- word level: precision and recall of the detector's outlet-voice evidence against
  ``biased_words``, over every sentence. Matching is case-insensitive on word tokens
  (``lexicon.WORD``). An evidence item is correct when any of its tokens is one of the
  sentence's biased words (so "so-called activists" or "appears to" count once, as one
  item); a biased word is found when it is a token of some outlet-voice item.
  Quoted-voice items are not the outlet's language and are not scored.

The split is fixed, by the number in each id: the file holds BABE's odd rows
("babe1", "babe3", ...), so half ``a`` is ids 1, 5, 9, ... (number % 4 == 1) and
half ``b`` ids 3, 7, 11, ... (alternate rows of the file). Thresholds were chosen on half a (``--tune``
prints the grid, on ``evidence.outlet_language``, which gives ``frame_article`` its outlet
items); the floors in ``bench/floors.json`` ("framing") apply to all rows.
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

from storyline.analyzer import sentence_spans
from storyline.framing import FramingEvidence, frame_article, lexicon
from storyline.framing.evidence import Page, QuoteSpan, outlet_language, word_tags
from storyline.model import WordTag

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "bench-data" / "framing-babe" / "babe-odd.jsonl"
# Chosen on half a (``--tune``): the smallest |valence| a lexicon word needs to count as loaded.
MIN_VALENCE = lexicon.VADER_LOADED_MIN
# The widest Zipf limit the marked-word grid tries (``--tune`` keeps word tags up to it).
TUNE_ZIPF = 4.5
_ID_NUMBER = re.compile(r"\d+")


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
    """What the analyze stage stores for one sentence and the framing stage reads."""

    sentences: list[tuple[int, int]]
    tags: list[WordTag]
    quotes: list[QuoteSpan]


def parse(
    rows: list[Row], with_quotes: bool = True, tag_limit: float = lexicon.TAG_ZIPF
) -> dict[str, Parsed]:
    """Each sentence through the analyze stage's parse and the stages framing reads:
    sentence spans, word tags, and the quote stage's quotes (direct and indirect), as
    the stories stage gets them from the store. ``tag_limit``: for ``--tune`` only."""
    from storyline.nlp import parse_many
    from storyline.quotes.extract import extract_quotes

    out = {}
    for r, doc in zip(rows, parse_many(r.text for r in rows), strict=True):
        quotes = extract_quotes(r.id, r.text, doc) if with_quotes else []
        spans = [QuoteSpan(kind=q.kind, start=q.start, end=q.end, speaker=q.speaker) for q in quotes]
        out[r.id] = Parsed(
            sentences=sentence_spans(r.text, doc), tags=word_tags(r.text, doc, tag_limit), quotes=spans
        )
    return out


def detect(row: Row, parsed: Parsed) -> list[FramingEvidence]:
    """The product's framing evidence for one BABE sentence: ``frame_article``, no target."""
    framed = frame_article(
        article_id=row.id,
        text=row.text,
        sentences=parsed.sentences,
        target="",
        target_spans=[],
        quotes=parsed.quotes,
        tags=parsed.tags,
    )
    return framed.evidence


def language(
    row: Row, parsed: Parsed, min_valence: float = MIN_VALENCE, marked: dict[str, float] | None = None
) -> list[FramingEvidence]:
    """``outlet_language`` with other settings, on the same page ``frame_article`` builds (``--tune``)."""
    page = Page(
        text=row.text,
        sentences=parsed.sentences,
        target="",
        target_spans=[],
        quotes=parsed.quotes,
        tags=parsed.tags,
    )
    return [s.evidence for s in outlet_language(page, min_valence, marked)]


def outlet(items: list[FramingEvidence]) -> list[FramingEvidence]:
    """The outlet's own language: what is scored (quoted voices are the speakers')."""
    return [e for e in items if e.voice == "outlet"]


def vader_any(text: str, vader: dict[str, float]) -> bool:
    return any(w in vader for w in tokens(text))


def score(rows: Iterable[Row], found: dict[str, list[FramingEvidence]], vader: dict[str, float]) -> Scores:
    out = Scores()
    for row in rows:
        own = outlet(found[row.id])
        out.sentence.add(bool(own), row.biased)
        out.baseline.add(vader_any(row.text, vader), row.biased)
        hit: set[str] = set()
        for e in own:
            words = set(tokens(e.text))
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


def group(ev: FramingEvidence) -> str:
    """Why an item is there, for reading the errors."""
    if ev.voice == "quoted":
        return "quoted words"
    if ev.kind == "marked":
        return "marked words"
    if ev.kind != "loaded":
        return ev.kind
    low = ev.text.lower()
    if low in lexicon.INTENSIFIERS:
        return "intensifiers"
    if any(f in lexicon.news_terms() for f in lexicon._forms(low)):
        return "news lexicon"
    return "VADER words"


def show_errors(rows: list[Row], found: dict[str, list[FramingEvidence]]) -> None:
    false_items: dict[str, Counter[str]] = {}
    missed: Counter[str] = Counter()
    quoted_hits: Counter[str] = Counter()
    topical: Counter[str] = Counter()
    fp_sentences, fn_sentences = [], []
    for row in rows:
        items = found[row.id]
        own = outlet(items)
        covered = {w for e in own for w in tokens(e.text)}
        for e in own:
            if not set(tokens(e.text)) & row.words:
                false_items.setdefault(group(e), Counter())[e.text.lower()] += 1
        for e in items:
            if e.voice == "quoted" and e.kind != "voice" and set(tokens(e.text)) & row.words:
                quoted_hits[e.text.lower()] += 1
        for w in row.words - covered:
            (topical if w in lexicon.TOPICAL else missed)[w] += 1
        flagged = bool(own)
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
            ev = ", ".join(f"{e.text}[{e.kind}]" for e in outlet(found[row.id]))
            print(f"    {row.id}: {row.text[:110]!r} -> {ev or '-'}")


def table(results: dict[str, dict[str, float]]) -> None:
    print(f"{'rows':<10}{'system':<40}{'P':>7}{'R':>7}{'F1':>7}")
    for name, s in results.items():
        print(
            f"{name:<10}{'storyline frame_article (sentence)':<40}"
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
    print(f"{'min_valence':>12}{'sent F1':>9}{'word P':>8}{'word R':>8}")
    for mv in (1.2, 1.5, 2.0, 2.5, 3.0, 9.0):
        found = {r.id: language(r, tags[r.id], mv) for r in rows}
        s = score(rows, found, vader).summary()
        print(f"{mv:12.1f}{s['sentence_f1']:9.3f}{s['word_precision']:8.3f}{s['word_recall']:8.3f}")
    # marked words: Zipf limits for adjectives and adverbs, and for verbs and nouns
    print(f"\n{'ADJ/ADV <':>12}{'VERB/NOUN <':>12}{'sent F1':>9}{'word P':>8}{'word R':>8}")
    for modifier in (0.0, 3.0, 3.5, 4.0, 4.5):
        for content in (0.0, 2.5, 3.0, 3.5):
            limits = {"ADJ": modifier, "ADV": modifier, "VERB": content, "NOUN": content}
            found = {r.id: language(r, tags[r.id], MIN_VALENCE, limits) for r in rows}
            s = score(rows, found, vader).summary()
            print(
                f"{modifier:12.1f}{content:12.1f}{s['sentence_f1']:9.3f}"
                f"{s['word_precision']:8.3f}{s['word_recall']:8.3f}"
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--half", choices=["a", "b"], help="score one half only (default: a, b and all)")
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
        tune(part, vader, parse(part, tag_limit=TUNE_ZIPF))
        return 0
    parsed = parse(rows, with_quotes=not args.no_quotes)
    found = {r.id: detect(r, parsed[r.id]) for r in rows}
    halves = [args.half] if args.half else ["a", "b", "all"]
    results = {}
    for h in halves:
        part = rows if h == "all" else [r for r in rows if r.half == h]
        results[f"{h} ({len(part)})"] = score(part, found, vader).summary()
    table(results)
    if args.show_errors:
        show_errors(rows if not args.half else [r for r in rows if r.half == args.half], found)
    if args.half or args.no_quotes:
        return 0  # the floors are for the product's path on all rows
    floors = json.loads((ROOT / "bench" / "floors.json").read_text())["framing"]
    overall = results[f"all ({len(rows)})"]
    missed = [f"{k} {overall[k]:.3f} < {v}" for k, v in floors.items() if overall[k] < v]
    for m in missed:
        print(f"FLOOR MISSED: {m}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
