"""The article-extraction benchmark's body metric: F1 of 4-token shingles.

Same definition as the benchmark's ``evaluate.py``: per page, shingle counts are
compared (tp/fp/fn normalised by their sum so long pages weigh no more), then
precision and recall are averaged over pages and F1 is taken from the averages.
"""

from __future__ import annotations

import re
from collections import Counter
from statistics import mean

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN_RE.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def tp_fp_fn(true: str, pred: str, n: int = 4) -> tuple[float, float, float]:
    t, p = shingles(true, n), shingles(pred, n)
    tp = float(sum((t & p).values()))
    fp = float(sum((p - t).values()))
    fn = float(sum((t - p).values()))
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def score(pairs: list[tuple[float, float, float]]) -> dict[str, float]:
    """Precision, recall and F1 over pages, as the benchmark computes them."""
    p = mean(_precision(*x) for x in pairs if x[0] + x[1] > 0)
    r = mean(_recall(*x) for x in pairs if x[0] + x[2] > 0)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}
