"""Eval gate: article-body extraction on ../shared/bench-data/extraction.

Scores storyline's text-dump cleaner (on ``text/KEY.txt``) and its HTML path
(on ``html/KEY.html.gz``) against the gold bodies with the benchmark's 4-gram
shingle F1, per half of the pages and on all of them, beside baselines measured
in the same run: keeping every line of the text dump and a naive line rule;
trafilatura ``extract()`` with defaults, without comments, in precision and in
recall mode, and the best of those per half.

The halves are fixed: pages sorted by key, alternately A and B (``half_of``).
The cross-validation chooses the cleaners' parameters (``DumpParams``, ``HtmlParams``) on one
half by a small grid, scores them on the other, both ways, and prints the mean
of the two held-out scores beside the full-set figure.

Fails (exit 1) when a score falls below its floor in ``bench/floors.json``
(``text``, ``html``; ``text_cv``, ``html_cv`` unless ``--no-cv``), or when the HTML
path scores below trafilatura's best option on either half.

    python bench/eval_extraction.py [--data DIR] [--only text|html] [--no-cv] [--show-errors] [--worst N]
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import itertools
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from storyline.clean.htmlpage import DEFAULT_HTML_PARAMS, HtmlParams, clean_paragraphs, extract_html, raw_body
from storyline.clean.textdump import (
    DEFAULT_PARAMS,
    DumpParams,
    Line,
    classify,
    extract_labelled,
    extract_text_dump,
    label_lines,
)

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from shingles import score, shingles, tp_fp_fn  # noqa: E402

DEFAULT_DATA = HERE.parent.parent / "shared" / "bench-data" / "extraction"
HALVES = ("A", "B")
# The naive line rule keeps a line of at least this many words (jusText's length cue alone).
NAIVE_MIN_WORDS = 10
TRAF_OPTIONS: dict[str, dict[str, Any]] = {
    "defaults": {},
    "include_comments=False": {"include_comments": False},
    "favor_precision": {"favor_precision": True},
    "favor_recall": {"favor_recall": True},
}

Pair = tuple[float, float, float]
Scores = dict[str, float]


def load_floors() -> dict[str, float]:
    floors: dict[str, float] = json.loads((HERE / "floors.json").read_text())["extraction"]
    return floors


def half_of(keys: list[str]) -> dict[str, str]:
    """Pages sorted by key, alternately in half A and half B: stable, and balanced within one page."""
    return {key: HALVES[i % 2] for i, key in enumerate(sorted(keys))}


class Bench:
    """The pages, their gold bodies and halves, read once."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.gold = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
        self.keys = sorted(self.gold)
        self.half = half_of(self.keys)
        self._text: dict[str, str] = {}
        self._html: dict[str, str] = {}

    def body(self, key: str) -> str:
        return str(self.gold[key]["articleBody"])

    def url(self, key: str) -> str | None:
        url = self.gold[key].get("url")
        return str(url) if url else None

    def text(self, key: str) -> str:
        if key not in self._text:
            self._text[key] = (self.data / "text" / f"{key}.txt").read_text(encoding="utf-8")
        return self._text[key]

    def html(self, key: str) -> str:
        if key not in self._html:
            raw = gzip.decompress((self.data / "html" / f"{key}.html.gz").read_bytes())
            self._html[key] = raw.decode("utf-8", "replace")
        return self._html[key]

    def pairs(self, predict: Callable[[str], str], keys: Iterable[str] | None = None) -> dict[str, Pair]:
        return {k: tp_fp_fn(self.body(k), predict(k)) for k in (self.keys if keys is None else keys)}

    def in_half(self, half: str) -> list[str]:
        return [k for k in self.keys if self.half[k] == half]


def by_half(bench: Bench, pairs: dict[str, Pair]) -> dict[str, Scores]:
    """Scores on each half present in ``pairs`` and on all of them."""
    out = {h: score([p for k, p in pairs.items() if bench.half[k] == h]) for h in HALVES}
    out["all"] = score(list(pairs.values()))
    return out


def naive_line_rule(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if len(line.split()) >= NAIVE_MIN_WORDS)


# --- cross-validation ------------------------------------------------------------------------

P = TypeVar("P")


def text_grid() -> list[DumpParams]:
    """Defaults first (they win ties), then 81 settings of the four weights that matter."""
    grid = [DEFAULT_PARAMS]
    for end, chrome, teaser, run in itertools.product(
        (-10.0, -20.0, -30.0), (-5.0, -10.0, -15.0), (0.2, 0.4, 0.7), (4, 6, 8)
    ):
        p = dataclasses.replace(
            DEFAULT_PARAMS, end_weight=end, chrome_weight=chrome, teaser_factor=teaser, max_run=run
        )
        if p != DEFAULT_PARAMS:
            grid.append(p)
    return grid


def html_grid() -> list[HtmlParams]:
    """Defaults first, then precision mode on/off by the rules' two length limits by the line reasons dropped."""
    stamps = ("date", "byline")
    reasons = (
        stamps,
        (*stamps, "teaser", "related-link"),
        (*stamps, "teaser", "related-link", "call-to-action"),
    )
    grid = [DEFAULT_HTML_PARAMS]
    for precision, promo, related, line_reasons in itertools.product(
        (True, False), (150, 300, 600), (80, 120, 200), reasons
    ):
        p = dataclasses.replace(
            DEFAULT_HTML_PARAMS,
            favor_precision=precision,
            promo_max=promo,
            related_item_max=related,
            line_reasons=line_reasons,
        )
        if p != DEFAULT_HTML_PARAMS:
            grid.append(p)
    return grid


def cross_validate(
    bench: Bench, grid: list[P], predict: Callable[[P, str], str]
) -> tuple[dict[str, Scores], dict[str, P]]:
    """Per held-out half: the scores of the parameters that did best on the other half (earlier wins ties)."""
    held: dict[str, Scores] = {}
    chosen: dict[str, P] = {}
    cache: dict[tuple[int, str], Pair] = {}

    def pair(i: int, key: str) -> Pair:
        if (i, key) not in cache:
            cache[i, key] = tp_fp_fn(bench.body(key), predict(grid[i], key))
        return cache[i, key]

    for train, test in (("A", "B"), ("B", "A")):
        f1s = [score([pair(i, k) for k in bench.in_half(train)])["f1"] for i in range(len(grid))]
        best = f1s.index(max(f1s))
        chosen[test] = grid[best]
        held[test] = score([pair(best, k) for k in bench.in_half(test)])
    return held, chosen


def cv_mean(held: dict[str, Scores]) -> Scores:
    return {m: sum(held[h][m] for h in HALVES) / len(HALVES) for m in ("precision", "recall", "f1")}


def report_cv(path: str, held: dict[str, Scores], chosen: dict[str, P]) -> Scores:
    for h in HALVES:
        other = "B" if h == "A" else "A"
        print(f"cv {path}: chosen on half {other}, scored on {h}: {fmt(held[h])}  {chosen[h]}")
    return cv_mean(held)


# --- errors ------------------------------------------------------------------------------------


def gold_share(line: str, gold: set[tuple[str, ...]], gold_flat: str) -> float:
    """Share of a line's 4-shingles found in the gold body (short lines: whole-line match)."""
    sh = set(shingles(line))
    if len(sh) == 1 and len(next(iter(sh))) < 4:
        return 1.0 if " ".join(next(iter(sh))).lower() in gold_flat else 0.0
    return sum(1 for s in sh if s in gold) / len(sh) if sh else 1.0


def show_errors(bench: Bench, worst: int, only: str | None) -> None:
    """Per page (worst first): F1, the biggest gold stretches missed and the chrome kept, with reasons."""
    paths = [p for p in ("text", "html") if only in (None, p)]
    for path in paths:
        rows = []
        for key in bench.keys:
            ex = (
                extract_text_dump(bench.text(key))
                if path == "text"
                else extract_html(bench.html(key), url=bench.url(key))
            )
            f1 = score([tp_fp_fn(bench.body(key), ex.text)])["f1"]
            rows.append((f1, key, ex))
        rows.sort(key=lambda r: r[0])
        print(f"\n=== errors, {path} path (worst first) ===")
        for f1, key, ex in rows[: worst or len(rows)]:
            if f1 >= 0.999:
                continue
            gold = bench.body(key)
            gold_sh = set(shingles(gold))
            flat = " ".join(gold.split()).lower()
            print(f"\n{f1:.3f} {key} [{bench.half[key]}] {bench.url(key) or ''}")
            # Lines under four words ("News", "Share") match gold by accident: only longer ones count as missed.
            missed = [
                (len(r.text), r.text, r.reason)
                for r in ex.removed
                if len(r.text.split()) >= 4 and gold_share(r.text, gold_sh, flat) >= 0.5
            ]
            if path == "html":
                pred_sh = set(shingles(ex.text))
                pflat = " ".join(ex.text.split()).lower()
                missed = [
                    (len(g), g, "not extracted")
                    for g in gold.split("\n")
                    if g.strip() and gold_share(g, pred_sh, pflat) < 0.5
                ]
            for _, text, reason in sorted(missed, reverse=True)[:4]:
                print(f"  - missed [{reason}] {text[:150]}")
            kept = [p for p in ex.text.split("\n\n") if p and gold_share(p, gold_sh, flat) < 0.5]
            for para in sorted(kept, key=len, reverse=True)[:4]:
                why = (
                    "kept by trafilatura"
                    if path == "html"
                    else f"{classify(para).kind} {classify(para).reason}".strip()
                )
                print(f"  + kept   [{why}] {para[:150]}")


# --- report --------------------------------------------------------------------------------------


def fmt(m: Scores) -> str:
    return f"{m['precision']:.3f} {m['recall']:.3f} {m['f1']:.3f}"


def run_text(bench: Bench, cv: bool, results: dict[str, dict[str, Scores]], cvs: dict[str, Scores]) -> None:
    results["text: keep every line"] = by_half(bench, bench.pairs(bench.text))
    results[f"text: naive rule (>= {NAIVE_MIN_WORDS} words)"] = by_half(
        bench, bench.pairs(lambda k: naive_line_rule(bench.text(k)))
    )
    results["text: storyline"] = by_half(bench, bench.pairs(lambda k: extract_text_dump(bench.text(k)).text))
    if cv:
        # Line labels do not depend on the parameters: computed once per page.
        labelled: dict[str, list[Line]] = {}

        def predict(params: DumpParams, key: str) -> str:
            if key not in labelled:
                labelled[key] = label_lines(bench.text(key))
            return extract_labelled(labelled[key], params).text

        held, chosen = cross_validate(bench, text_grid(), predict)
        cvs["text"] = report_cv("text", held, chosen)


def run_html(bench: Bench, cv: bool, results: dict[str, dict[str, Scores]], cvs: dict[str, Scores]) -> None:
    import trafilatura

    best: dict[str, Scores] = {}
    for name, options in TRAF_OPTIONS.items():

        def traf(key: str, options: dict[str, Any] = options) -> str:
            return trafilatura.extract(bench.html(key), **options) or ""

        scores = by_half(bench, bench.pairs(traf))
        results[f"html: trafilatura {name}"] = scores
        for h, m in scores.items():
            if h not in best or m["f1"] > best[h]["f1"]:
                best[h] = m
    results["html: trafilatura best option per half"] = best
    results["html: storyline"] = by_half(
        bench, bench.pairs(lambda k: extract_html(bench.html(k), url=bench.url(k)).text)
    )
    if not cv:
        return
    # trafilatura is the slow part: its output is computed once per page and precision mode.
    raw: dict[tuple[bool, str], tuple[list[str], dict[str, str]]] = {}

    def predict(params: HtmlParams, key: str) -> str:
        if (params.favor_precision, key) not in raw:
            raw[params.favor_precision, key] = raw_body(bench.html(key), bench.url(key), params)
        paragraphs, meta = raw[params.favor_precision, key]
        return "\n\n".join(clean_paragraphs(paragraphs, meta, params=params)) if paragraphs else ""

    held, chosen = cross_validate(bench, html_grid(), predict)
    cvs["html"] = report_cv("html", held, chosen)
    for h in HALVES:
        cvs[f"html_held_{h}"] = held[h]


def run(bench: Bench, only: str | None, cv: bool) -> tuple[dict[str, dict[str, Scores]], dict[str, Scores]]:
    """Every system's scores per half and overall, and the cross-validated figures when ``cv``."""
    results: dict[str, dict[str, Scores]] = {}
    cvs: dict[str, Scores] = {}
    if only in (None, "text"):
        run_text(bench, cv, results, cvs)
    if only in (None, "html"):
        run_html(bench, cv, results, cvs)
    return results, cvs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--only", choices=["text", "html"])
    parser.add_argument(
        "--no-cv",
        dest="cv",
        action="store_false",
        help="skip cross-validating the cleaners' parameters over the halves (the gate runs it)",
    )
    parser.add_argument("--show-errors", action="store_true", help="per page: missed gold and kept chrome")
    parser.add_argument("--worst", type=int, default=0, help="with --show-errors: only the N worst pages")
    args = parser.parse_args()
    if not (args.data / "ground-truth.json").exists():
        print(f"eval_extraction: no ground-truth.json in {args.data}: pass --data DIR", file=sys.stderr)
        return 2
    bench = Bench(args.data)
    if args.show_errors:
        show_errors(bench, args.worst, args.only)
        print()
    results, cvs = run(bench, args.only, args.cv)
    sizes = {h: len(bench.in_half(h)) for h in HALVES}
    heads = [f"half A ({sizes['A']})", f"half B ({sizes['B']})", f"all ({len(bench.keys)})"]
    print(f"{'':<44}{heads[0]:<20}{heads[1]:<20}{heads[2]}")
    print(f"{'':<44}{'P     R     F1':<20}{'P     R     F1':<20}P     R     F1")
    for name, s in results.items():
        print(f"{name:<44}{fmt(s['A']):<20}{fmt(s['B']):<20}{fmt(s['all'])}")
    for path in ("text", "html"):
        if path in cvs:
            full = results[f"{path}: storyline"]["all"]
            print(
                f"{path}: cross-validated (mean of held-out halves) {fmt(cvs[path])}  beside full set {fmt(full)}"
            )
    return gate(results, cvs)


def gate(results: dict[str, dict[str, Scores]], cvs: dict[str, Scores]) -> int:
    floors = load_floors()
    checks: list[tuple[str, float, float]] = []
    for path in ("text", "html"):
        if f"{path}: storyline" in results:
            checks.append((f"{path} (all pages)", results[f"{path}: storyline"]["all"]["f1"], floors[path]))
        if path in cvs:
            checks.append((f"{path} cross-validated", cvs[path]["f1"], floors[f"{path}_cv"]))
    if "html: storyline" in results:
        best = results["html: trafilatura best option per half"]
        for h in HALVES:
            checks.append(
                (f"html half {h} vs trafilatura's best", results["html: storyline"][h]["f1"], best[h]["f1"])
            )
            if f"html_held_{h}" in cvs:
                checks.append(
                    (
                        f"html cv held-out {h} vs trafilatura's best",
                        cvs[f"html_held_{h}"]["f1"],
                        best[h]["f1"],
                    )
                )
    failed = 0
    for name, value, floor in checks:
        ok = value >= floor
        failed += not ok
        print(f"gate {name:<44} {value:.3f} >= {floor:.3f} {'ok' if ok else 'FAILED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
