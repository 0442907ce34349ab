"""A run killed for real (SIGKILL, SIGTERM) keeps what it committed and resumes."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

PAGES = 300


def _make_pages(folder: Path) -> None:
    folder.mkdir()
    for i in range(PAGES):
        paragraphs = [
            f"Page {i}: the regional council met on Tuesday to discuss the budget for item number {i}, "
            f"and members argued for more than {i % 7 + 2} hours about road repairs and school funding.",
            f"A spokesperson for the council said the vote on proposal {i} would be held next month, "
            "after residents have had the chance to comment on the plans at public meetings.",
        ]
        (folder / f"page{i:04d}.txt").write_text(
            "Home | News | Contact\n\n" + f"Council debates budget item {i}\n\n" + "\n\n".join(paragraphs),
            encoding="utf-8",
        )


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db) as con:
            return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killed_run_loses_nothing_and_resumes(tmp_path: Path, sig: signal.Signals) -> None:
    pages, db = tmp_path / "pages", tmp_path / "s.db"
    _make_pages(pages)
    cmd = [sys.executable, "-m", "storyline.cli", "analyze", str(pages), "--db", str(db), "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _count(db) < 5 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    stored = _count(db)
    if proc.returncode == 0:
        pytest.skip("the run finished before it could be killed")
    assert 0 < stored < PAGES
    if sig == signal.SIGTERM:
        assert proc.returncode == 130
        assert b"run the same command to resume" in err
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # Every stored article is whole: its provenance row was committed with it.
        assert (
            con.execute(
                "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM article_sources)"
            ).fetchone()[0]
            == 0
        )
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert f"({PAGES - stored} new, {stored} already stored)" in done.stdout
    assert _count(db) == PAGES
