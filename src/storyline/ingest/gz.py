"""Streams: gzip decompression that stops (not raises) at a cut or a bomb, and re-joining a sniffed head."""

from __future__ import annotations

import gzip
import io
import zlib
from typing import BinaryIO

from storyline.ingest.limits import MAX_GZIP_RATIO, describe_size

_CHUNK = 64 * 1024


class GzipSource(io.RawIOBase):
    """Decompressed bytes of a (multi-member) gzip file, read in chunks.

    A damaged stream ends like a short file and ``problem`` says why, so readers keep
    every document before the damage and report the damage once.
    """

    def __init__(self, raw: BinaryIO, *, cap: int) -> None:
        super().__init__()
        self._gzip = gzip.GzipFile(fileobj=raw, mode="rb")
        self._cap = cap
        self.produced = 0
        self.problem: str | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self.problem:
            return 0
        want = min(len(buffer), _CHUNK)
        try:
            # read1 returns what one step decompressed; read() would drop it on a later error.
            data = self._gzip.read1(want)
        except EOFError:
            self.problem = "truncated gzip stream"
            return 0
        except (gzip.BadGzipFile, zlib.error, OSError) as error:
            self.problem = f"corrupt gzip stream ({error})"
            return 0
        self.produced += len(data)
        if self.produced > self._cap:
            self.problem = (
                f"gzip expands to over {describe_size(self._cap)}, more than {MAX_GZIP_RATIO} times "
                "its size; refusing a likely gzip bomb"
            )
            return 0
        buffer[: len(data)] = data
        return len(data)


class Prefixed(io.RawIOBase):
    """``head`` followed by the rest of ``stream``: lets detection read ahead without seeking."""

    def __init__(self, head: bytes, stream: BinaryIO | io.RawIOBase) -> None:
        super().__init__()
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(min(len(buffer), _CHUNK))
        if not data:
            return 0
        buffer[: len(data)] = data
        return len(data)


def read_up_to(stream: BinaryIO | io.RawIOBase, limit: int) -> bytes:
    """Read until EOF or ``limit`` bytes."""
    parts: list[bytes] = []
    got = 0
    while got < limit:
        data = stream.read(min(_CHUNK, limit - got))
        if not data:
            break
        parts.append(data)
        got += len(data)
    return b"".join(parts)


def count_rest(stream: BinaryIO | io.RawIOBase) -> int:
    """Read to EOF without keeping anything; return how many bytes there were."""
    total = 0
    while data := stream.read(_CHUNK):
        total += len(data)
    return total
