"""Fuzzing the readers: whatever the bytes, a document or a one-line failure, never a crash."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.ingest import read_file
from storyline.model import InputFailure, RawDocument

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
TEXT = "Ferry crews in Split ended their strike on Monday after a pay deal, the union said. „Ура“ — café."
ENCODINGS = [
    "utf-8",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "cp1251",
    "latin-1",
    "cp1252",
    "koi8-r",
    "utf-8-sig",
]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["text", "title", "url", "date", "html", "outlet"]) | st.text(max_size=5),
            inner,
            max_size=5,
        )
    ),
    max_leaves=12,
)


def _check(path: Path) -> list[RawDocument | InputFailure]:
    items = list(read_file(str(path), max_page_bytes=1 << 20))
    assert items, "every file yields a document or a failure"
    for item in items:
        assert isinstance(item, RawDocument | InputFailure)
        item.source.encode("utf-8")
        if isinstance(item, RawDocument):
            item.content.encode("utf-8")
            assert item.content.strip()
        else:
            assert item.reason and "\n" not in item.reason
    return items


@SETTINGS
@given(
    data=st.binary(max_size=4096),
    suffix=st.sampled_from([".txt", ".html", ".jsonl", ".json", ".warc", ".gz", ""]),
)
def test_random_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"page{suffix}"
    path.write_bytes(data)
    _check(path)


@SETTINGS
@given(values=st.lists(json_values, min_size=1, max_size=5))
def test_random_json_lines(tmp_path: Path, values: list[object]) -> None:
    path = tmp_path / "lines.jsonl"
    path.write_text("\n".join(json.dumps(v) for v in values) + "\n", encoding="utf-8")
    _check(path)


@SETTINGS
@given(encoding=st.sampled_from(ENCODINGS), cut=st.integers(min_value=0, max_value=40))
def test_one_text_in_many_encodings_and_truncations(tmp_path: Path, encoding: str, cut: int) -> None:
    data = (TEXT * 3).encode(encoding, errors="replace")
    path = tmp_path / "page.txt"
    path.write_bytes(data[: len(data) - cut])
    for item in _check(path):
        if isinstance(item, RawDocument) and cut == 0 and encoding.startswith("utf"):
            assert "Ferry crews in Split" in item.content and "\x00" not in item.content


def test_a_run_over_random_files_stores_the_good_page_and_leaves_a_sound_store(tmp_path: Path) -> None:
    from storyline.pipeline import analyze
    from storyline.store import open_store

    rng = random.Random(7)
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "good.txt").write_text(TEXT + "\n\n" + TEXT.replace("Split", "Zadar"), encoding="utf-8")
    for i in range(12):
        size = rng.randint(0, 1500)
        (pages / f"junk{i}{rng.choice(['.txt', '.html', '.jsonl', '.gz', ''])}").write_bytes(
            rng.randbytes(size)
        )
    db = tmp_path / "s.db"
    with open_store(str(db)) as store:
        summary = analyze([str(pages)], store, quote_embedder="none")
        assert summary.new >= 1 and summary.new + len(summary.failures) >= 13
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with open_store(str(db)) as store:
        again = analyze([str(pages)], store, quote_embedder="none")
        assert again.new == 0 and again.existing == summary.new
