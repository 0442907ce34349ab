"""Throughput of Russian pages: storyline's per-article map against bare natasha, same texts, one run.

Texts: the NEREL v1.1 dev documents (../shared/bench-data/ner-ru-nerel-dev, read
only; any folder of .txt files will do with ``--data``), repeated ``--repeat``
times. Bare natasha: segmenter, morphology, syntax and NER on each text
(natasha's ``Doc`` API, one text at a time, as its README shows). storyline:
``ArticleAnalyzer`` on the same texts as Russian articles (natasha batched over
texts, the spaCy ``Doc``, entities with nominatives and roles, sentences, story
features). Models are loaded and warmed before timing; the two alternate for
``--rounds`` rounds and the best time of each counts. Prints characters per
second of each and their ratio (the issue's goal: storyline >= 0.5x natasha).

    python bench/throughput_ru.py [--data DIR] [--repeat N] [--rounds N] [--batch N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from storyline.analyzer import ArticleAnalyzer
from storyline.model import Article
from storyline.nlp_ru import get_ru
from storyline.pipeline import PARSE_BATCH

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "bench-data" / "ner-ru-nerel-dev"


def bare_natasha(texts: list[str]) -> float:
    from natasha import Doc

    m = get_ru()
    start = time.perf_counter()
    for text in texts:
        doc = Doc(text)
        doc.segment(m.segmenter)
        doc.tag_morph(m.morph)
        doc.parse_syntax(m.syntax)
        doc.tag_ner(m.ner)
    return time.perf_counter() - start


def storyline(texts: list[str], batch: int) -> float:
    analyzer = ArticleAnalyzer()
    articles = [Article(id=str(k), source="bench", text=t, language="ru") for k, t in enumerate(texts)]
    start = time.perf_counter()
    for k in range(0, len(articles), batch):
        for result in analyzer(articles[k : k + batch]):
            assert result.failure is None, result.failure
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch", type=int, default=PARSE_BATCH, help="articles per analyzer call")
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.data.glob("*.txt"))] * args.repeat
    chars = sum(map(len, texts))
    bare_natasha(texts[:3])  # warm: models loaded, first-call costs paid
    storyline(texts[:3], args.batch)
    # Alternated rounds, best of each: the machine is shared, and a slow moment should
    # not land on one side only.
    t_bare = t_ours = float("inf")
    for _ in range(args.rounds):
        t_bare = min(t_bare, bare_natasha(texts))
        t_ours = min(t_ours, storyline(texts, args.batch))
    print(f"{len(texts)} texts, {chars:,} characters")
    print(f"bare natasha : {t_bare:6.2f} s  {chars / t_bare:9,.0f} chars/s")
    print(f"storyline ru : {t_ours:6.2f} s  {chars / t_ours:9,.0f} chars/s")
    print(f"ratio storyline/natasha: {t_bare / t_ours:.2f}x")


if __name__ == "__main__":
    main()
