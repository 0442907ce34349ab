"""Eval gate: article-body extraction on ../shared/bench-data/extraction.

Scores storyline's text-dump cleaner (on ``text/KEY.txt``) and its HTML path
(on ``html/KEY.html.gz``) against the gold bodies with the benchmark's 4-gram
shingle F1, beside two baselines measured in the same run: keeping every line
of the text dump, and trafilatura with default options on the HTML.
Fails (exit 1) when a score falls below its floor in ``bench/floors.json``.

    python bench/eval_extraction.py [--data DIR] [--only text|html] [--worst N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from shingles import score, tp_fp_fn  # noqa: E402

DEFAULT_DATA = HERE.parent.parent / "shared" / "bench-data" / "extraction"


def load_floors() -> dict[str, float]:
    return json.loads((HERE / "floors.json").read_text())["extraction"]


def run(data: Path, only: str | None, worst: int) -> dict[str, dict[str, float]]:
    from storyline.clean.htmlpage import extract_html
    from storyline.clean.textdump import extract_text_dump

    gold = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(gold)
    results: dict[str, dict[str, float]] = {}
    per_page: dict[str, list[tuple[float, str]]] = {}

    def measure(name: str, fn) -> None:  # type: ignore[no-untyped-def]
        pairs = []
        for key in keys:
            pair = tp_fp_fn(gold[key]["articleBody"], fn(key))
            pairs.append(pair)
            per_page.setdefault(name, []).append((score([pair])["f1"], key))
        results[name] = score(pairs)

    def text_of(key: str) -> str:
        return (data / "text" / f"{key}.txt").read_text(encoding="utf-8")

    def html_of(key: str) -> str:
        return gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace")

    if only in (None, "text"):
        measure("text: keep every line (baseline)", text_of)
        measure("text: storyline", lambda k: extract_text_dump(text_of(k)).text)
    if only in (None, "html"):
        import trafilatura

        measure("html: trafilatura defaults (baseline)", lambda k: trafilatura.extract(html_of(k)) or "")
        measure("html: storyline", lambda k: extract_html(html_of(k), url=gold[k].get("url")).text)

    if worst:
        for name, rows in per_page.items():
            if "storyline" in name:
                print(f"worst pages for {name}:")
                for f1, key in sorted(rows)[:worst]:
                    print(f"  {f1:.3f} {key}")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--only", choices=["text", "html"])
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages per storyline path")
    args = parser.parse_args()
    if not (args.data / "ground-truth.json").exists():
        print(f"eval_extraction: no ground-truth.json in {args.data}: pass --data DIR", file=sys.stderr)
        return 2
    results = run(args.data, args.only, args.worst)
    floors = load_floors()
    failed = 0
    for name, m in results.items():
        key = "text" if name == "text: storyline" else "html" if name == "html: storyline" else None
        floor = floors.get(key) if key else None
        verdict = ""
        if floor is not None:
            ok = m["f1"] >= floor
            failed += not ok
            verdict = f"  floor {floor:.3f} {'ok' if ok else 'FAILED'}"
        print(f"{name:<40} P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f}{verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
