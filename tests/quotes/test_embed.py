"""The background embedder the map feeds: same vectors, never in the way."""

from __future__ import annotations

import numpy as np

from storyline.model import Quote
from storyline.quotes.embed import Embedder, Prefetcher, text_key
from storyline.quotes.match import prefetch_texts

TEXTS = [
    "The ministry will publish the draft budget before the end of the month.",
    "We are not going to raise the retirement age, full stop.",
    "Talks with the unions resume on Monday morning.",
    "Nobody expected the bridge to reopen so soon.",
]


def test_prefetched_vectors_are_the_ones_the_matcher_would_compute(embedder: Embedder) -> None:
    prefetch = Prefetcher(embedder)
    prefetch.submit(TEXTS[:2])
    prefetch.submit(TEXTS[2:], later=True)
    prefetch.submit(TEXTS)  # already queued: not embedded twice
    # close() drops what is still queued, so wait for all four first.
    got: dict[str, bytes] = {}
    for _ in range(600):
        got.update(prefetch.take())
        if len(got) == len(TEXTS):
            break
        prefetch._thread.join(0.05)
    got.update(prefetch.close())
    assert set(got) == {text_key(t) for t in TEXTS}
    expected = embedder.encode(TEXTS)
    for text, row in zip(TEXTS, expected, strict=True):
        # bit for bit: one core or two, one text or a batch, the engine gives the same rows
        assert np.array_equal(np.frombuffer(got[text_key(text)], dtype=np.float32), row)


def test_close_drops_the_queue_and_returns_only_finished_vectors(embedder: Embedder) -> None:
    prefetch = Prefetcher(embedder)
    many = [f"Statement number {i} about the harbour works and the new ferry line." for i in range(400)]
    prefetch.submit(many)
    got = prefetch.close()
    assert len(got) < len(many)  # 400 texts take seconds; close() waits for one chunk only
    rows = dict(zip((text_key(t) for t in many), embedder.encode(many[: len(many)]), strict=True))
    for key, vector in got.items():
        assert np.array_equal(np.frombuffer(vector, dtype=np.float32), rows[key])
    assert not prefetch._thread.is_alive()


def test_prefetch_texts_are_the_quotes_the_matcher_compares() -> None:
    def quote(text: str, kind: str) -> Quote:
        return Quote(article_id="a", kind=kind, text=text, start=0, end=len(text))

    direct, indirect = prefetch_texts(
        [
            quote("We will rebuild the station by winter.", "direct"),
            quote("Thank you.", "direct"),  # under three words: never matched
            quote("the plan was dead", "indirect"),
            quote("a disgrace", "phrase"),
        ]
    )
    assert direct == ["We will rebuild the station by winter"]
    assert indirect == ["the plan was dead"]
