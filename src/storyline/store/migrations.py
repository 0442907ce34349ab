"""Named schema migrations, applied in order, each in one transaction.

Never edit a migration that has shipped: add a new one after it.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[str, list[str]]] = [
    (
        "0001_articles",
        [
            """CREATE TABLE articles (
                id TEXT PRIMARY KEY,
                source TEXT NOT NULL,
                format TEXT NOT NULL,
                url TEXT,
                outlet TEXT,
                outlet_how TEXT,
                title TEXT,
                author TEXT,
                dateline TEXT,
                language TEXT,
                published TEXT,
                published_precision TEXT,
                published_how TEXT NOT NULL DEFAULT 'none',
                window_from TEXT,
                window_to TEXT,
                text TEXT NOT NULL,
                story_id TEXT,
                added TEXT NOT NULL
            )""",
            """CREATE TABLE removed_lines (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                text TEXT NOT NULL,
                at INTEGER NOT NULL,
                reason TEXT NOT NULL,
                PRIMARY KEY (article_id, seq)
            )""",
            """CREATE TABLE article_sources (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                source TEXT NOT NULL,
                added TEXT NOT NULL,
                PRIMARY KEY (article_id, source)
            )""",
            """CREATE TABLE runs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                started TEXT NOT NULL,
                finished TEXT,
                inputs TEXT NOT NULL,
                new INTEGER,
                existing INTEGER
            )""",
            """CREATE TABLE failures (
                run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                source TEXT NOT NULL,
                reason TEXT NOT NULL
            )""",
            "CREATE INDEX articles_published ON articles(published)",
        ],
    ),
]
