"""One Russian morphological analyser (pymorphy3) per process, loaded on first use: only
a run that meets a Russian page pays for its dictionaries."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()
