from __future__ import annotations

import pytest

from storyline.ingest.limits import MB, MIN_GZIP_CAP, describe_limit, describe_size, gzip_cap, page_too_big


@pytest.mark.parametrize(
    ("size", "text"),
    [(999, "999 bytes"), (12_345, "12,345 bytes"), (MB, "1.0 MB"), (int(52.4 * MB), "52.4 MB")],
)
def test_describe_size(size: int, text: str) -> None:
    assert describe_size(size) == text


def test_page_too_big_wording() -> None:
    assert (
        page_too_big(int(52.4 * MB), 20 * MB) == "page is 52.4 MB, over the 20 MB limit (raise --max-page-mb)"
    )
    assert describe_limit(int(2.5 * MB)) == "2.5 MB"
    assert page_too_big(3 * MB, MB, at_least=True).startswith("page is over 3.0 MB")


def test_gzip_cap() -> None:
    assert gzip_cap(10) == MIN_GZIP_CAP
    assert gzip_cap(1_000_000_000) == 200_000_000_000
