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

MIGRATIONS.append(
    (
        "0002_entities",
        [
            # Which per-article stage ran on which article, and with what settings:
            # a changed version (new watch-list, new stage code) makes it run again.
            """CREATE TABLE article_stages (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                stage TEXT NOT NULL,
                version TEXT NOT NULL,
                PRIMARY KEY (article_id, stage)
            )""",
            """CREATE TABLE mentions (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                start INTEGER NOT NULL,
                "end" INTEGER NOT NULL,
                text TEXT NOT NULL,
                label TEXT NOT NULL,
                kind TEXT NOT NULL,
                chain INTEGER NOT NULL,
                PRIMARY KEY (article_id, seq)
            )""",
            """CREATE TABLE roles (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                chain INTEGER NOT NULL,
                person TEXT NOT NULL,
                title TEXT NOT NULL,
                start INTEGER NOT NULL,
                "end" INTEGER NOT NULL,
                how TEXT NOT NULL,
                PRIMARY KEY (article_id, seq)
            )""",
            # Corpus-stage output, replaced as a whole each time it is recomputed.
            """CREATE TABLE entities (
                id TEXT PRIMARY KEY,
                type TEXT NOT NULL,
                name TEXT NOT NULL,
                aliases TEXT NOT NULL,
                roles TEXT NOT NULL,
                article_ids TEXT NOT NULL,
                mentions INTEGER NOT NULL,
                members TEXT NOT NULL
            )""",
            "CREATE INDEX entities_name ON entities(name COLLATE NOCASE)",
        ],
    )
)

MIGRATIONS.append(
    (
        "0003_time",
        [
            """CREATE TABLE times (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                start INTEGER NOT NULL,
                "end" INTEGER NOT NULL,
                text TEXT NOT NULL,
                type TEXT NOT NULL,
                value TEXT NOT NULL,
                anchored TEXT NOT NULL,
                PRIMARY KEY (article_id, seq)
            )""",
            """CREATE TABLE events (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                start INTEGER NOT NULL,
                "end" INTEGER NOT NULL,
                text TEXT NOT NULL,
                time_start INTEGER NOT NULL,
                time_end INTEGER NOT NULL,
                value TEXT NOT NULL,
                tense TEXT,
                participants TEXT NOT NULL,
                PRIMARY KEY (article_id, seq)
            )""",
            # Corpus-stage output, replaced as a whole each time it is recomputed.
            """CREATE TABLE timeline (
                id TEXT PRIMARY KEY,
                date TEXT NOT NULL,
                precision TEXT NOT NULL,
                text TEXT NOT NULL,
                article_ids TEXT NOT NULL,
                evidence TEXT NOT NULL,
                entity_ids TEXT NOT NULL,
                conflicts TEXT NOT NULL
            )""",
            "CREATE INDEX timeline_date ON timeline(date)",
        ],
    )
)

MIGRATIONS.append(
    (
        "0004_quotes",
        [
            """CREATE TABLE quotes (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                record TEXT NOT NULL
            )""",
            "CREATE INDEX quotes_article ON quotes(article_id, seq)",
            # Corpus-stage output: speaker entities and cross-article matches, recomputed together.
            """CREATE TABLE quote_links (
                quote_id TEXT PRIMARY KEY,
                speaker_entity_id TEXT,
                matches TEXT NOT NULL
            )""",
        ],
    )
)

MIGRATIONS.append(
    (
        "0005_embeddings",
        [
            # Sentence vectors by model and text hash: a corpus re-link embeds only new text.
            """CREATE TABLE embeddings (
                model TEXT NOT NULL,
                key TEXT NOT NULL,
                vector BLOB NOT NULL,
                PRIMARY KEY (model, key)
            )""",
        ],
    )
)

MIGRATIONS.append(
    (
        "0006_window_how",
        # Where an undated page's window comes from: "text" (its own dated mentions)
        # or "events" (an event it reports that dated pages place).
        ["ALTER TABLE articles ADD COLUMN window_how TEXT"],
    )
)

MIGRATIONS.append(
    (
        "0007_stories",
        [
            # Sentence spans from the single parse: summaries and claim matching cite them.
            """CREATE TABLE sentences (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                start INTEGER NOT NULL,
                "end" INTEGER NOT NULL,
                PRIMARY KEY (article_id, seq)
            )""",
            # What clustering reads of each article, so a later run never re-reads text.
            """CREATE TABLE story_features (
                article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                published TEXT,
                event_date TEXT,
                words TEXT NOT NULL,
                names TEXT NOT NULL,
                signature BLOB NOT NULL
            )""",
            """CREATE TABLE topics (
                id TEXT PRIMARY KEY,
                centroid TEXT NOT NULL,
                members TEXT NOT NULL
            )""",
            """CREATE TABLE stories (
                id TEXT PRIMARY KEY,
                topic_id TEXT NOT NULL,
                title TEXT NOT NULL,
                article_ids TEXT NOT NULL,
                first_date TEXT,
                last_date TEXT,
                summary TEXT NOT NULL,
                stance TEXT NOT NULL,
                stance_evidence TEXT NOT NULL,
                coverage TEXT NOT NULL
            )""",
            "CREATE INDEX stories_topic ON stories(topic_id)",
            """CREATE TABLE duplicates (
                article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                of TEXT NOT NULL,
                similarity REAL NOT NULL
            )""",
            """CREATE TABLE framing (
                article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                story_id TEXT NOT NULL,
                stance TEXT NOT NULL,
                target TEXT NOT NULL,
                score REAL NOT NULL,
                evidence TEXT NOT NULL,
                source_type TEXT NOT NULL,
                source_how TEXT NOT NULL,
                source_evidence TEXT
            )""",
        ],
    )
)

MIGRATIONS.append(
    (
        "0008_search",
        [
            # External-content FTS5 over the articles table: the text is stored once, triggers keep
            # the index in step, and 'rebuild' indexes what older stores already hold.
            """CREATE VIRTUAL TABLE article_fts USING fts5(
                title, text, content='articles', content_rowid='rowid',
                tokenize='porter unicode61 remove_diacritics 2'
            )""",
            """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
                INSERT INTO article_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
            END""",
            """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
                INSERT INTO article_fts(article_fts, rowid, title, text)
                VALUES ('delete', old.rowid, old.title, old.text);
            END""",
            """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
                INSERT INTO article_fts(article_fts, rowid, title, text)
                VALUES ('delete', old.rowid, old.title, old.text);
                INSERT INTO article_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
            END""",
            "INSERT INTO article_fts(article_fts) VALUES ('rebuild')",
        ],
    )
)

MIGRATIONS.append(
    (
        "0009_encoding",
        # How each page's bytes were decoded, with how many were replaced when some were.
        ["ALTER TABLE articles ADD COLUMN encoding TEXT"],
    )
)

MIGRATIONS.append(
    (
        "0010_query_indexes",
        [
            # Which entity each (article, chain) belongs to, by article: pages read one
            # article's entities without loading every entity's member list.
            """CREATE TABLE entity_members (
                article_id TEXT NOT NULL,
                chain INTEGER NOT NULL,
                entity_id TEXT NOT NULL,
                PRIMARY KEY (article_id, chain)
            ) WITHOUT ROWID""",
            "CREATE INDEX entity_members_entity ON entity_members(entity_id)",
            """INSERT OR IGNORE INTO entity_members (article_id, chain, entity_id)
                SELECT json_extract(m.value, '$[0]'), json_extract(m.value, '$[1]'), e.id
                FROM entities e, json_each(e.members) m""",
            "CREATE INDEX quote_links_speaker ON quote_links(speaker_entity_id)",
            "CREATE INDEX framing_story ON framing(story_id)",
        ],
    )
)

MIGRATIONS.append(
    (
        "0011_timeline_articles",
        [
            # Which timeline entries each article reports: a story or article page reads
            # its entries without holding the whole timeline.
            """CREATE TABLE timeline_articles (
                article_id TEXT NOT NULL,
                entry_id TEXT NOT NULL,
                PRIMARY KEY (article_id, entry_id)
            ) WITHOUT ROWID""",
            """INSERT OR IGNORE INTO timeline_articles (article_id, entry_id)
                SELECT a.value, t.id FROM timeline t, json_each(t.article_ids) a""",
        ],
    )
)

MIGRATIONS.append(
    (
        "0012_change_feed",
        [
            # Which articles' language results were written when (a counter, not a clock):
            # a corpus stage asks what changed since it last ran and redoes only that.
            """CREATE TABLE changes (
                article_id TEXT PRIMARY KEY,
                seq INTEGER NOT NULL
            ) WITHOUT ROWID""",
            "CREATE INDEX changes_seq ON changes(seq)",
            # The last change each corpus stage has taken in (none: it redoes everything).
            "CREATE TABLE stage_marks (stage TEXT PRIMARY KEY, seq INTEGER NOT NULL)",
            # Keys (64-bit hashes the resolver makes) each entity is filed under: the
            # entities a new article's names can touch are found by key, not by a scan.
            """CREATE TABLE entity_keys (
                key INTEGER NOT NULL,
                entity_id TEXT NOT NULL,
                PRIMARY KEY (key, entity_id)
            ) WITHOUT ROWID""",
            "CREATE INDEX entity_keys_entity ON entity_keys(entity_id)",
        ],
    )
)

MIGRATIONS.append(
    (
        "0013_timeline_entities",
        [
            # Which timeline entries name each entity: the timeline filtered by an entity
            # is read by index, a page at a time.
            """CREATE TABLE timeline_entities (
                entity_id TEXT NOT NULL,
                entry_id TEXT NOT NULL,
                PRIMARY KEY (entity_id, entry_id)
            ) WITHOUT ROWID""",
            """INSERT OR IGNORE INTO timeline_entities (entity_id, entry_id)
                SELECT e.value, t.id FROM timeline t, json_each(t.entity_ids) e""",
        ],
    )
)

MIGRATIONS.append(
    (
        "0014_quote_index",
        [
            # Articles whose entity links changed (an entity's members, name, aliases or
            # rank), numbered like ``changes``: the quote linker redoes their speakers only.
            """CREATE TABLE entity_changes (
                article_id TEXT PRIMARY KEY,
                seq INTEGER NOT NULL
            ) WITHOUT ROWID""",
            "CREATE INDEX entity_changes_seq ON entity_changes(seq)",
            # What the quote linker knew of each quote when it last ran: the block it was
            # matched in (a person speaker), its position, and the partners it matched
            # strongly (they lower the bar for fragments beside it); its content stems.
            # A run reads these for the quotes new articles can reach, not every quote.
            """CREATE TABLE quote_index (
                quote_id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL,
                start INTEGER NOT NULL,
                matchable INTEGER NOT NULL,
                speaker TEXT,
                size INTEGER NOT NULL,
                strong TEXT NOT NULL
            ) WITHOUT ROWID""",
            "CREATE INDEX quote_index_article ON quote_index(article_id)",
            "CREATE INDEX quote_index_speaker ON quote_index(speaker) WHERE matchable",
            """CREATE TABLE quote_terms (
                stem TEXT NOT NULL,
                quote_id TEXT NOT NULL,
                PRIMARY KEY (stem, quote_id)
            ) WITHOUT ROWID""",
            "CREATE INDEX quote_terms_quote ON quote_terms(quote_id)",
        ],
    )
)

MIGRATIONS.append(
    (
        "0015_story_bands",
        [
            # The LSH bands of each original's MinHash signature (a 64-bit hash per band):
            # a new page's copies are looked up by its bands, never by loading every signature.
            """CREATE TABLE story_bands (
                band INTEGER NOT NULL,
                key INTEGER NOT NULL,
                article_id TEXT NOT NULL,
                PRIMARY KEY (band, key, article_id)
            ) WITHOUT ROWID""",
            "CREATE INDEX story_bands_article ON story_bands(article_id)",
        ],
    )
)

MIGRATIONS.append(
    (
        "0016_framing_actors",
        [
            # Each article's stance towards each of its main actors: JSON
            # [{entity_id, stance, score, evidence}], written with the rest of its framing.
            "ALTER TABLE framing ADD COLUMN actors TEXT NOT NULL DEFAULT '[]'",
        ],
    )
)

MIGRATIONS.append(
    (
        "0017_word_tags",
        [
            # The words framing reads by part of speech (rare content words, nouns VADER
            # scores), from the single parse: JSON [[start, end, pos], ...], one row an article.
            """CREATE TABLE word_tags (
                article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                tags TEXT NOT NULL
            )""",
        ],
    )
)


MIGRATIONS.append(
    (
        "0018_mention_norm",
        [
            # An inflected name's dictionary form ("Токаева" -> "Токаев"), what resolution
            # keys; NULL when it is the mention's text (every English mention).
            "ALTER TABLE mentions ADD COLUMN norm TEXT",
        ],
    )
)
