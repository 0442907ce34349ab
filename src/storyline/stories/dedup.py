"""Exact and near-duplicate pages (syndicated copies, re-posted press releases).

Copies are kept, never dropped: each is recorded with the page it copies and its
similarity, joins that page's story, and is left out of similarity computations
so a story syndicated ten times does not weigh ten times.
"""

from __future__ import annotations

from storyline.model import Duplicate, StoryFeatures
from storyline.stories.features import NUM_PERM, jaccard

# Estimated Jaccard of word 5-shingles at or above which two pages are one text: a
# wire story re-posted with its own headline, dateline and footer stays above it.
DUPLICATE_JACCARD = 0.7


def find_duplicates(
    stored: list[StoryFeatures], new: list[StoryFeatures], threshold: float = DUPLICATE_JACCARD
) -> list[Duplicate]:
    """Every new page that copies a stored one or an earlier new one, through MinHash LSH.

    Stored pages are originals already; new ones are taken oldest first, so the
    earliest page of a group is its original. Copies of copies point at the root.
    """
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    signatures: dict[str, bytes] = {}

    def insert(f: StoryFeatures) -> None:
        signatures[f.article_id] = f.signature
        lsh.insert(f.article_id, _sketch(f.signature))

    for f in stored:
        if f.signature:
            insert(f)
    root: dict[str, str] = {}
    found: list[Duplicate] = []
    for f in sorted(new, key=lambda f: (f.date or "9999", f.article_id)):
        if not f.signature or f.article_id in signatures:
            continue
        best: tuple[float, str] | None = None
        for other in lsh.query(_sketch(f.signature)):
            score = jaccard(f.signature, signatures[other])
            if score >= threshold and (best is None or (score, other) > best):
                best = (score, other)
        if best is not None:
            original = root.get(best[1], best[1])
            root[f.article_id] = original
            found.append(Duplicate(article_id=f.article_id, of=original, similarity=round(best[0], 3)))
        insert(f)
    return found


def _sketch(signature: bytes) -> object:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=memoryview(signature).cast("Q"), scheme="affine32")
