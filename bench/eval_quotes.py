"""Eval gate: quote extraction on hand-annotated articles (bench/quotes-gold.jsonl).

Scores storyline's ``extract_quotes`` against the gold quotes (see
bench/quotes-gold.md for how they were annotated): quote span precision/recall/F1
(a prediction matches a gold quote when their word-token Jaccard is >= 0.5; exact
span matches reported too) and speaker accuracy over matched quotes. When
bench/quotes-gold-blind.jsonl is there (annotated by reading, without the extractor)
it is scored too: one row for the original set, one for the blind set and one for
both together, which the floors apply to. Beside it, in the same run, textacy's
``direct_quotations`` on the direct quotes only (both sets).
Phrase quotes (scare quotes) are not statements and are not scored.
PolNeAR (political news, ../shared/bench-data/quotes-polnear-dev): direct-quote
recall and precision, named-speaker accuracy, pronoun-source accuracy, indirect
recall and precision, for storyline and textacy in the same run, per half of the
articles and all (definitions in bench/polnear_quotes.py). ``--half a`` scores one
half only (to choose rules on it); the PolNeAR floors apply to all articles.
Fails (exit 1) when a score falls below its floor in ``bench/floors.json``.

    python bench/eval_quotes.py [--data DIR] [--gold FILE] [--blind FILE] [--show-errors]
                                [--sets own|polnear|all] [--half a|b]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from polnear_quotes import SysQuote, run_polnear  # noqa: E402

DEFAULT_DATA = HERE.parent.parent / "shared" / "bench-data"
DEFAULT_GOLD = HERE / "quotes-gold.jsonl"
DEFAULT_BLIND = HERE / "quotes-gold-blind.jsonl"
FLOORED = "storyline: all quotes, both sets"
POLNEAR_FLOORED = {
    "polnear_direct_recall": ("storyline polnear all", "direct_recall"),
    "polnear_named_speaker_accuracy": ("storyline polnear all", "named_speaker_accuracy"),
}
_WORD = re.compile(r"\w+")
MATCH_JACCARD = 0.5


@dataclass
class Span:
    start: int
    end: int
    kind: str
    speaker: str | None = None
    # the speaker as written, when ``speaker`` holds what it was resolved to
    written: str | None = None


def load_floors() -> dict[str, float]:
    return json.loads((HERE / "floors.json").read_text())["quotes"]


def load_texts(data: Path) -> dict[str, str]:
    """Article texts by gold ``source``: "extraction:KEY" and "ecbplus:ID"."""
    texts: dict[str, str] = {}
    gold = json.loads((data / "extraction" / "ground-truth.json").read_text(encoding="utf-8"))
    for key, row in gold.items():
        texts[f"extraction:{key}"] = row.get("articleBody") or ""
    with (data / "stories-ecbplus" / "ecbplus-odd-topics.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            texts[f"ecbplus:{row['id']}"] = row["text"]
    return texts


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _tokens(text: str, span: Span) -> set[tuple[int, int]]:
    return {(m.start(), m.end()) for m in _WORD.finditer(text, span.start, span.end)}


def jaccard(text: str, a: Span, b: Span) -> float:
    ta, tb = _tokens(text, a), _tokens(text, b)
    if not ta or not tb:
        return 1.0 if (a.start, a.end) == (b.start, b.end) else 0.0
    return len(ta & tb) / len(ta | tb)


def same_speaker(pred: str | None, gold: str | None) -> bool:
    """Last name token of one contained in the other, case-insensitively, either way."""
    if not pred or not gold:
        return False
    p, g = pred.lower(), gold.lower()
    pw, gw = _WORD.findall(p), _WORD.findall(g)
    if not pw or not gw:
        return False
    return gw[-1] in pw or pw[-1] in gw


def speaker_ok(pred: Span, gold: Span) -> bool:
    """Right when the resolved name or the speaker as written matches the gold speaker
    ("The manager" stays right even if resolution guessed a name)."""
    return same_speaker(pred.speaker, gold.speaker) or same_speaker(pred.written, gold.speaker)


def match(text: str, pred: list[Span], gold: list[Span]) -> list[tuple[Span, Span]]:
    """Greedy one-to-one matching by Jaccard, best pairs first."""
    pairs = sorted(
        ((jaccard(text, p, g), i, j) for i, p in enumerate(pred) for j, g in enumerate(gold)),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    out: list[tuple[Span, Span]] = []
    for score, i, j in pairs:
        if score < MATCH_JACCARD:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((pred[i], gold[j]))
    return out


class Tally:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = self.exact = self.speaker_ok = 0

    def add(self, text: str, pred: list[Span], gold: list[Span]) -> list[tuple[Span, Span]]:
        pairs = match(text, pred, gold)
        self.tp += len(pairs)
        self.fp += len(pred) - len(pairs)
        self.fn += len(gold) - len(pairs)
        self.exact += sum((p.start, p.end) == (g.start, g.end) for p, g in pairs)
        self.speaker_ok += sum(speaker_ok(p, g) for p, g in pairs)
        return pairs

    def scores(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        gold = self.tp + self.fn
        pred = self.tp + self.fp
        ep, er = (self.exact / pred if pred else 0.0), (self.exact / gold if gold else 0.0)
        return {
            "precision": p,
            "recall": r,
            "span_f1": f1,
            "exact_f1": 2 * ep * er / (ep + er) if ep + er else 0.0,
            "speaker_accuracy": self.speaker_ok / self.tp if self.tp else 0.0,
        }


def storyline_quotes(text: str, doc: Any) -> list[Span]:
    from storyline.quotes.extract import extract_quotes

    return [
        Span(q.start, q.end, q.kind, q.speaker_resolved or q.speaker, q.speaker)
        for q in extract_quotes("eval", text, doc)
        if q.kind != "phrase"
    ]


def textacy_direct() -> tuple[Callable[[str, Any], list[Span]] | None, str]:
    """textacy's direct_quotations as a baseline, or None and why it cannot run."""
    try:
        import textacy  # type: ignore[import-not-found]
        from textacy.extract.triples import direct_quotations  # type: ignore[import-not-found]
    except Exception as exc:
        return (
            None,
            f"textacy not importable ({type(exc).__name__}: {exc}); pip install textacy==0.13.0 to compare",
        )

    def run(text: str, doc: Any) -> list[Span]:
        out: list[Span] = []
        try:
            triples = list(direct_quotations(doc))
        except Exception:
            return out
        for t in triples:
            content = t.content
            span = content if hasattr(content, "start_char") else doc[content[0].i : content[-1].i + 1]
            s, e = span.start_char, span.end_char
            # textacy's content includes the quote marks: compare the words inside
            while s < e and text[s] in "\"“”'‘’«» `":
                s += 1
            while e > s and text[e - 1] in "\"“”'‘’«» ,`":
                e -= 1
            speaker = " ".join(tok.text for tok in t.speaker) if t.speaker else None
            out.append(Span(s, e, "direct", speaker))
        return out

    return run, f"textacy {getattr(textacy, '__version__', '?')}"


def polnear_systems() -> dict[str, Callable[[str, Any], list[SysQuote]]]:
    def ours(text: str, doc: Any) -> list[SysQuote]:
        return [SysQuote(s.start, s.end, s.kind, s.speaker, s.written) for s in storyline_quotes(text, doc)]

    systems: dict[str, Callable[[str, Any], list[SysQuote]]] = {"storyline": ours}
    baseline, why = textacy_direct()
    if baseline is not None:
        base = baseline

        def theirs(text: str, doc: Any) -> list[SysQuote]:
            return [SysQuote(s.start, s.end, s.kind, s.speaker, s.speaker) for s in base(text, doc)]

        systems["textacy"] = theirs
    else:
        print(f"baseline skipped: {why}")
    return systems


def _rows(gold_file: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines() if line.strip()]


def run(data: Path, gold_file: Path, blind_file: Path, show_errors: bool) -> dict[str, dict[str, float]]:
    from storyline.nlp import parse_many

    texts = load_texts(data)
    rows = _rows(gold_file)
    n_original = len(rows)
    if blind_file.exists():
        rows += _rows(blind_file)
    for row in rows:
        text = texts.get(row["source"])
        if text is None:
            raise SystemExit(f"eval_quotes: {row['source']} is not in {data}")
        if sha1(text) != row["text_sha1"]:
            raise SystemExit(
                f"eval_quotes: the bench text of {row['source']} changed: re-check its gold quotes"
            )
    ours, ours_direct, base = Tally(), Tally(), Tally()
    # per set: the original (drafted with the extractor) and the blind one
    by_set = {"original": Tally(), "blind": Tally()}
    baseline, why = textacy_direct()
    docs = parse_many([texts[r["source"]] for r in rows])
    for row, doc in zip(rows, docs, strict=True):
        text = texts[row["source"]]
        gold = [Span(q["start"], q["end"], q["kind"], q["speaker"]) for q in row["quotes"]]
        pred = storyline_quotes(text, doc)
        pairs = ours.add(text, pred, gold)
        by_set["blind" if row.get("blind") else "original"].add(text, pred, gold)
        gold_direct = [g for g in gold if g.kind == "direct"]
        ours_direct.add(text, [p for p in pred if p.kind == "direct"], gold_direct)
        if baseline is not None:
            base.add(text, baseline(text, doc), gold_direct)
        if show_errors:
            _show(row["source"], text, pred, gold, pairs)
    results = {
        "storyline: all quotes, original set": by_set["original"].scores(),
        "storyline: all quotes, blind set": by_set["blind"].scores(),
        FLOORED: ours.scores(),
        "storyline: direct only, both sets": ours_direct.scores(),
    }
    if len(rows) == n_original:
        del results["storyline: all quotes, blind set"]
    if baseline is not None:
        results[f"{why}: direct_quotations, direct only, both sets"] = base.scores()
    else:
        print(f"baseline skipped: {why}")
    n_quotes = sum(len(r["quotes"]) for r in rows)
    n_blind = sum(len(r["quotes"]) for r in rows[n_original:])
    print(
        f"gold: {n_quotes} quotes in {len(rows)} articles "
        f"(blind set: {n_blind} quotes in {len(rows) - n_original} articles)"
    )
    return results


def _show(source: str, text: str, pred: list[Span], gold: list[Span], pairs: list[tuple[Span, Span]]) -> None:
    matched_p = {id(p) for p, _ in pairs}
    matched_g = {id(g) for _, g in pairs}
    for p in pred:
        if id(p) not in matched_p:
            print(f"  FP {source} [{p.kind}] {text[p.start : p.end][:90]!r} ({p.speaker})")
    for g in gold:
        if id(g) not in matched_g:
            print(f"  FN {source} [{g.kind}] {text[g.start : g.end][:90]!r} ({g.speaker})")
    for p, g in pairs:
        if not speaker_ok(p, g):
            print(f"  SPK {source} {text[g.start : g.end][:60]!r}: {p.speaker!r} vs gold {g.speaker!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument(
        "--blind", type=Path, default=DEFAULT_BLIND, help="blind gold set, scored when present"
    )
    parser.add_argument(
        "--show-errors", action="store_true", help="list misses, false hits and wrong speakers"
    )
    parser.add_argument("--sets", choices=["own", "polnear", "all"], default="all")
    parser.add_argument(
        "--half", choices=["a", "b"], help="PolNeAR: score one half only (no PolNeAR floor check)"
    )
    args = parser.parse_args()
    floors = load_floors()
    failed = 0
    if args.sets in {"polnear", "all"}:
        folder = args.data / "quotes-polnear-dev"
        if not (folder / "gold.jsonl").exists():
            print(f"eval_quotes: no quotes-polnear-dev/gold.jsonl in {args.data}", file=sys.stderr)
            return 2
        halves = [args.half] if args.half else ["a", "b", "all"]
        scores = run_polnear(folder, polnear_systems(), halves, args.show_errors)
        if not args.half:
            for key, (row, metric) in POLNEAR_FLOORED.items():
                if key in floors:
                    ok = scores[row][metric] >= floors[key]
                    failed += not ok
                    print(
                        f"floor {key}>={floors[key]:.2f}: {scores[row][metric]:.3f} {'ok' if ok else 'FAILED'}"
                    )
    if args.sets == "polnear":
        return 1 if failed else 0
    if not (args.data / "extraction" / "ground-truth.json").exists():
        print(
            f"eval_quotes: no extraction/ground-truth.json in {args.data}: pass --data DIR", file=sys.stderr
        )
        return 2
    results = run(args.data, args.gold, args.blind, args.show_errors)
    for name, m in results.items():
        verdict = ""
        if name == FLOORED:
            checks = [(k, m[k], floors[k]) for k in ("span_f1", "speaker_accuracy") if k in floors]
            bad = [k for k, v, f in checks if v < f]
            failed += len(bad)
            verdict = (
                "  floors " + " ".join(f"{k}>={f:.2f}" for k, _, f in checks) + (" FAILED" if bad else " ok")
            )
        print(
            f"{name:<58} P={m['precision']:.3f} R={m['recall']:.3f} F1={m['span_f1']:.3f} "
            f"exactF1={m['exact_f1']:.3f} speaker={m['speaker_accuracy']:.3f}{verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
