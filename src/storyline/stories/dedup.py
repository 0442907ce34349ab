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


def find_duplicates(
    new: list[StoryFeatures], stored: Lookup | None = None, threshold: float = DUPLICATE_JACCARD
) -> list[Duplicate]:
    """Every new page that copies a stored one or an earlier new one, through MinHash LSH.

    ``stored`` gives the stored originals sharing a band with a page (their signatures):
    only those are read. Stored pages are originals already; new ones are taken oldest
    first, so the earliest page of a group is its original. Copies of copies point at
    the root.
    """
    seen: set[str] = set()
    table: dict[BandKey, dict[str, bytes]] = defaultdict(dict)
    root: dict[str, str] = {}
    found: list[Duplicate] = []
    for f in sorted(new, key=lambda f: (f.date or "9999", f.article_id)):
        if not f.signature or f.article_id in seen:
            continue
        keys = band_keys(f.signature)
        candidates = stored(keys) if stored is not None else {}
        candidates.update((aid, sig) for key in keys for aid, sig in table.get(key, {}).items())
        best: tuple[float, str] | None = None
        for other, signature in candidates.items():
            if other == f.article_id or not _share_band(f.signature, signature):
                continue
            score = jaccard(f.signature, signature)
            if score >= threshold and (best is None or (score, other) > best):
                best = (score, other)
        if best is not None:
            original = root.get(best[1], best[1])
            root[f.article_id] = original
            found.append(Duplicate(article_id=f.article_id, of=original, similarity=round(best[0], 3)))
        seen.add(f.article_id)
        for key in keys:
            table[key][f.article_id] = f.signature
    return found
