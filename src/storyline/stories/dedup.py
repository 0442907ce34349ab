"""Exact and near-duplicate pages (syndicated copies, re-posted press releases).

Copies are kept, never dropped: each is recorded with the page it copies and its
similarity, joins that page's story, and is left out of similarity computations
so a story syndicated ten times does not weigh ten times.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable

from storyline.model import Duplicate, StoryFeatures
from storyline.scratch import ScratchDB
from storyline.stories.features import jaccard

# Estimated Jaccard of word 5-shingles at or above which two pages are one text: a
# wire story re-posted with its own headline, dateline and footer stays above it.
DUPLICATE_JACCARD = 0.7


# MinHash LSH: a page is a candidate copy of another when one band of ROWS values of
# their signatures is equal; these are the bands datasketch's MinHashLSH picks for
# DUPLICATE_JACCARD and NUM_PERM (a test checks), so the candidates are the ones it finds.
BANDS, ROWS = 8, 8

BandKey = tuple[int, int]
Lookup = Callable[[list[BandKey]], dict[str, bytes]]


def band_keys(signature: bytes) -> list[BandKey]:
    """(band, 64-bit hash of the band's values) for each LSH band of a signature."""
    width = len(signature) // BANDS
    return [
        (
            b,
            int.from_bytes(
                hashlib.blake2b(signature[b * width : (b + 1) * width], digest_size=8).digest(),
                "little",
                signed=True,
            ),
        )
        for b in range(BANDS)
    ]


def _share_band(a: bytes, b: bytes) -> bool:
    """The keys are hashes: a candidate is kept only when a band is really equal."""
    width = len(a) // BANDS
    return len(a) == len(b) and any(
        a[i * width : (i + 1) * width] == b[i * width : (i + 1) * width] for i in range(BANDS)
    )


def lookup_in(stored: list[StoryFeatures]) -> Lookup:
    """A band lookup over features in memory (the stage asks the store instead)."""
    table: dict[BandKey, dict[str, bytes]] = defaultdict(dict)
    for f in stored:
        if f.signature:
            for key in band_keys(f.signature):
                table[key][f.article_id] = f.signature
    return lambda keys: {aid: sig for key in keys for aid, sig in table.get(key, {}).items()}


class MemoryBands:
    """The bands of the pages seen so far in one search, in memory."""

    def __init__(self) -> None:
        self._table: dict[BandKey, dict[str, bytes]] = defaultdict(dict)

    def get(self, keys: list[BandKey]) -> dict[str, bytes]:
        return {aid: sig for key in keys for aid, sig in self._table.get(key, {}).items()}

    def add(self, article_id: str, keys: list[BandKey], signature: bytes) -> None:
        for key in keys:
            self._table[key][article_id] = signature

    def close(self) -> None:
        self._table.clear()


class ScratchBands:
    """The bands of the pages seen so far, in a private SQLite file in the temporary
    folder: a run that places a whole corpus keeps a corpus's signatures on disk."""

    def __init__(self) -> None:
        self._scratch = ScratchDB(
            "storyline-bands-",
            "CREATE TABLE bands (band INTEGER, key INTEGER, article_id TEXT);"
            "CREATE INDEX bands_key ON bands (band, key);"
            "CREATE TABLE signatures (article_id TEXT PRIMARY KEY, signature BLOB);",
        )
        self._db = self._scratch.db

    def get(self, keys: list[BandKey]) -> dict[str, bytes]:
        if not keys:
            return {}
        pairs = ", ".join(["(?, ?)"] * len(keys))
        rows = self._db.execute(
            f"SELECT DISTINCT s.article_id, s.signature FROM (VALUES {pairs}) k "
            "CROSS JOIN bands b ON b.band = k.column1 AND b.key = k.column2 "
            "JOIN signatures s ON s.article_id = b.article_id",
            [x for key in keys for x in key],
        )
        return {aid: bytes(sig) for aid, sig in rows}

    def add(self, article_id: str, keys: list[BandKey], signature: bytes) -> None:
        self._db.execute("INSERT OR REPLACE INTO signatures VALUES (?, ?)", (article_id, signature))
        self._db.executemany("INSERT INTO bands VALUES (?, ?, ?)", [(b, k, article_id) for b, k in keys])

    def close(self) -> None:
        self._scratch.close()


class DuplicateFinder:
    """Copies among pages fed oldest first, a batch at a time, and of stored originals.

    ``stored`` gives the stored originals sharing a band with a page (their signatures):
    only those are read. Stored pages are originals already; new ones are taken oldest
    first, so the earliest page of a group is its original. Copies of copies point at
    the root. The pages already fed are looked up in ``seen`` (in memory unless given).
    """

    def __init__(
        self,
        stored: Lookup | None = None,
        threshold: float = DUPLICATE_JACCARD,
        seen: MemoryBands | ScratchBands | None = None,
    ) -> None:
        self._stored, self._threshold = stored, threshold
        self._seen = seen if seen is not None else MemoryBands()
        self._root: dict[str, str] = {}  # copy -> its original (copies only)

    def __enter__(self) -> DuplicateFinder:
        return self

    def __exit__(self, *exc: object) -> None:
        self._seen.close()

    def feed(self, new: list[StoryFeatures]) -> list[Duplicate]:
        """The copies among ``new`` (pages later than every page fed before)."""
        fed: set[str] = set()
        found: list[Duplicate] = []
        for f in sorted(new, key=lambda f: (f.date or "9999", f.article_id)):
            if not f.signature or f.article_id in fed:
                continue
            keys = band_keys(f.signature)
            candidates = self._stored(keys) if self._stored is not None else {}
            candidates.update(self._seen.get(keys))
            best: tuple[float, str] | None = None
            for other, signature in candidates.items():
                if other == f.article_id or not _share_band(f.signature, signature):
                    continue
                score = jaccard(f.signature, signature)
                if score >= self._threshold and (best is None or (score, other) > best):
                    best = (score, other)
            if best is not None:
                original = self._root.get(best[1], best[1])
                self._root[f.article_id] = original
                found.append(Duplicate(article_id=f.article_id, of=original, similarity=round(best[0], 3)))
            fed.add(f.article_id)
            self._seen.add(f.article_id, keys, f.signature)
        return found


def find_duplicates(
    new: list[StoryFeatures], stored: Lookup | None = None, threshold: float = DUPLICATE_JACCARD
) -> list[Duplicate]:
    """Every new page that copies a stored one or an earlier new one, through MinHash LSH
    (``DuplicateFinder`` fed once)."""
    with DuplicateFinder(stored, threshold) as finder:
        return finder.feed(new)
