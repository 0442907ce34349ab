"""Near-duplicates: syndicated copies found, originals first, nothing dropped."""

from __future__ import annotations

import random

import pytest

from storyline.stories.dedup import DuplicateFinder, ScratchBands, find_duplicates, lookup_in
from storyline.stories.features import story_features

WIRE = " ".join(
    f"Paragraph {i} of the agency story says the port strike entered day {i} as talks between the union and the operators stalled again."
    for i in range(1, 25)
)


def test_reposts_point_at_the_earliest_page() -> None:
    original = story_features("orig", "Port strike drags on", WIRE, "2023-03-01")
    repost = story_features(
        "copy1", "Strike at the port", "By Our Correspondent\n" + WIRE + "\nShare this", "2023-03-02"
    )
    repost2 = story_features(
        "copy2", None, WIRE.replace("stalled again", "stalled once more", 1), "2023-03-03"
    )
    other = story_features(
        "other", None, "The city marathon was won by a local runner in record time.", "2023-03-02"
    )
    found = {d.article_id: d for d in find_duplicates([repost2, other, repost, original])}
    assert set(found) == {"copy1", "copy2"}
    assert found["copy1"].of == "orig" and found["copy2"].of == "orig"
    assert 0.7 <= found["copy1"].similarity <= 1.0


def test_a_stored_page_stays_the_original() -> None:
    stored = story_features("stored", None, WIRE, "2023-03-05")
    # Even if the new page claims an earlier date, the stored one already anchors a story.
    new = story_features("new", None, WIRE + " Updated.", "2023-03-01")
    [dup] = find_duplicates([new], lookup_in([stored]))
    assert (dup.article_id, dup.of) == ("new", "stored")


def test_same_event_in_own_words_is_not_a_copy() -> None:
    a = story_features(
        "a", None, "Dock workers walked out on Monday, halting container traffic at the port.", None
    )
    b = story_features(
        "b", None, "Container traffic stopped at the port after dock workers struck on Monday.", None
    )
    assert find_duplicates([a, b]) == []


@pytest.mark.parametrize("seed", range(20))
def test_the_band_lookup_finds_what_datasketch_lsh_finds(seed: int) -> None:
    """The bands and candidates are datasketch's MinHashLSH's for this threshold, so the
    copies found through the store's band index are the ones an LSH in memory finds."""
    from datasketch import MinHash, MinHashLSH

    from storyline.stories.dedup import BANDS, DUPLICATE_JACCARD, ROWS
    from storyline.stories.features import NUM_PERM, jaccard

    lsh = MinHashLSH(threshold=DUPLICATE_JACCARD, num_perm=NUM_PERM)
    assert (lsh.b, lsh.r) == (BANDS, ROWS)
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(60)]
    texts = [" ".join(rng.choices(words, k=40)) for _ in range(12)]
    # Near copies: a few words changed, so some share a band and some do not.
    texts += [
        " ".join(w if rng.random() > 0.08 else "x" for w in rng.choice(texts).split()) for _ in range(30)
    ]
    feats = [story_features(f"p{i:02d}", None, t, f"2023-03-{1 + i % 28:02d}") for i, t in enumerate(texts)]
    stored, new = feats[:15], feats[15:]

    def sketch(sig: bytes) -> MinHash:
        return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=memoryview(sig).cast("Q"), scheme="affine32")

    for f in stored:
        lsh.insert(f.article_id, sketch(f.signature))
    signatures = {f.article_id: f.signature for f in stored}
    expected = []
    for f in sorted(new, key=lambda f: (f.date or "9999", f.article_id)):
        scored = [(jaccard(f.signature, signatures[o]), o) for o in lsh.query(sketch(f.signature))]
        best = max((s for s in scored if s[0] >= DUPLICATE_JACCARD), default=None)
        if best is not None:
            expected.append((f.article_id, best[1]))
        lsh.insert(f.article_id, sketch(f.signature))
        signatures[f.article_id] = f.signature
    got = find_duplicates(new, lookup_in(stored))
    # Copies of copies point at the root; compare the page each one matched before that.
    roots = {d.article_id: d.of for d in got}
    assert {a for a, _ in expected} == set(roots)
    for a, b in expected:
        assert roots[a] == roots.get(b, b)


@pytest.mark.parametrize("batch", [1, 4, 30])
def test_fed_in_batches_through_a_scratch_file_the_copies_are_the_same(batch: int) -> None:
    rng = random.Random(7)
    words = [f"w{i}" for i in range(60)]
    texts = [" ".join(rng.choices(words, k=40)) for _ in range(10)]
    texts += [
        " ".join(w if rng.random() > 0.05 else "x" for w in rng.choice(texts).split()) for _ in range(20)
    ]
    feats = [story_features(f"p{i:02d}", None, t, f"2023-03-{1 + i % 28:02d}") for i, t in enumerate(texts)]
    stored, new = feats[:6], sorted(feats[6:], key=lambda f: (f.date or "9999", f.article_id))
    whole = find_duplicates(new, lookup_in(stored))
    got = []
    with DuplicateFinder(lookup_in(stored), seen=ScratchBands()) as finder:
        for start in range(0, len(new), batch):
            got += finder.feed(new[start : start + batch])
    assert len(whole) > 3 and got == whole
