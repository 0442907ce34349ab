from __future__ import annotations

import gzip
import io
import random

import pytest

from storyline.ingest.gz import GzipSource, Prefixed, count_rest, read_up_to

DATA = random.Random(5).randbytes(300_000)


def _drain(source: GzipSource) -> bytes:
    return io.BufferedReader(source).read()


def test_multi_member_gzip_reads_whole() -> None:
    compressed = gzip.compress(DATA[:1000]) + gzip.compress(DATA[1000:])
    source = GzipSource(io.BytesIO(compressed), cap=10**7)
    assert _drain(source) == DATA
    assert source.problem is None


def test_truncated_stream_keeps_what_came_before() -> None:
    compressed = gzip.compress(DATA)
    source = GzipSource(io.BytesIO(compressed[: len(compressed) // 2]), cap=10**7)
    got = _drain(source)
    assert source.problem == "truncated gzip stream"
    assert 0 < len(got) < len(DATA)
    assert DATA.startswith(got)


@pytest.mark.parametrize("tail", [b"junk after the member", b"\x1f\x8b\x08garbage"])
def test_garbage_after_a_member_is_reported(tail: bytes) -> None:
    source = GzipSource(io.BytesIO(gzip.compress(b"fine") + tail), cap=10**7)
    assert _drain(source) == b"fine"
    assert source.problem is not None
    assert source.problem.startswith(("corrupt gzip stream", "truncated gzip stream"))


def test_cap_stops_a_bomb() -> None:
    source = GzipSource(io.BytesIO(gzip.compress(b"\0" * 5_000_000)), cap=1_000_000)
    got = _drain(source)
    assert len(got) <= 1_000_000
    assert source.problem is not None
    assert "gzip bomb" in source.problem


def test_prefixed_rejoins_head_and_rest() -> None:
    stream = io.BytesIO(DATA)
    head = stream.read(100)
    joined = io.BufferedReader(Prefixed(head, stream))
    assert read_up_to(joined, 150) == DATA[:150]
    assert count_rest(joined) == len(DATA) - 150
