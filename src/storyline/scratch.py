"""A private SQLite file for what a corpus run should not hold in memory."""

from __future__ import annotations

import os
import sqlite3
import tempfile


class ScratchDB:
    """A SQLite file in the temporary folder (no journal, no syncing: it is thrown away),
    created with ``schema``, inside one open transaction; gone when closed."""

    def __init__(self, prefix: str, schema: str) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix=prefix)
        self.db = sqlite3.connect(os.path.join(self._dir.name, "scratch.db"), isolation_level=None)
        self.db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + schema + "BEGIN;")

    def close(self) -> None:
        self.db.close()
        self._dir.cleanup()
