-- Articles, their per-article signals, stories and the FTS index.
CREATE TABLE articles (
    id            TEXT PRIMARY KEY,
    url           TEXT,
    canonical_url TEXT,
    path          TEXT,
    source        TEXT,
    site          TEXT,
    title         TEXT NOT NULL DEFAULT '',
    author        TEXT,
    published     TEXT,
    updated       TEXT,
    fetched       TEXT,
    ingested_at   TEXT NOT NULL,
    language      TEXT,
    kind          TEXT NOT NULL DEFAULT 'article',
    text          TEXT NOT NULL,
    flags         TEXT NOT NULL DEFAULT '[]',
    removed       TEXT NOT NULL DEFAULT '[]',
    trend         TEXT,
    meta          TEXT NOT NULL DEFAULT '{}',
    origin        TEXT NOT NULL,
    content_hash  TEXT NOT NULL
);
CREATE INDEX articles_origin ON articles(origin);
CREATE INDEX articles_content_hash ON articles(content_hash);
CREATE INDEX articles_canonical_url ON articles(canonical_url);

-- What the online components (near-duplicate index, story clusterer) need to
-- rebuild their state when a desk is opened.
CREATE TABLE article_signals (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    minhash    BLOB,
    embedding  BLOB,
    features   TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE stories (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    first_seen TEXT,
    last_seen  TEXT
);

CREATE TABLE story_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id   TEXT NOT NULL REFERENCES stories(id),
    score      REAL,
    reason     TEXT NOT NULL,
    evidence   TEXT NOT NULL DEFAULT '{}',
    joined_at  TEXT NOT NULL
);
CREATE INDEX story_articles_story ON story_articles(story_id);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
