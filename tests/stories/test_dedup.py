"""Near-duplicates: syndicated copies found, originals first, nothing dropped."""

from __future__ import annotations

from storyline.stories.dedup import find_duplicates
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
    found = {d.article_id: d for d in find_duplicates([], [repost2, other, repost, original])}
    assert set(found) == {"copy1", "copy2"}
    assert found["copy1"].of == "orig" and found["copy2"].of == "orig"
    assert 0.7 <= found["copy1"].similarity <= 1.0


def test_a_stored_page_stays_the_original() -> None:
    stored = story_features("stored", None, WIRE, "2023-03-05")
    # Even if the new page claims an earlier date, the stored one already anchors a story.
    new = story_features("new", None, WIRE + " Updated.", "2023-03-01")
    [dup] = find_duplicates([stored], [new])
    assert (dup.article_id, dup.of) == ("new", "stored")


def test_same_event_in_own_words_is_not_a_copy() -> None:
    a = story_features(
        "a", None, "Dock workers walked out on Monday, halting container traffic at the port.", None
    )
    b = story_features(
        "b", None, "Container traffic stopped at the port after dock workers struck on Monday.", None
    )
    assert find_duplicates([], [a, b]) == []
