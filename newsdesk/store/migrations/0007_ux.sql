-- Source ids are never reused (AUTOINCREMENT): a removed source's fetch log rows
-- can never show under a source added later. SQLite cannot add AUTOINCREMENT to
-- a table, so sources and its child feed_entries are rebuilt and renamed.
CREATE TABLE sources_v7 (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    url           TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,               -- feed | trends | page
    title         TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL DEFAULT '',
    added_at      TEXT NOT NULL,
    interval_s    INTEGER NOT NULL,
    enabled       INTEGER NOT NULL DEFAULT 1,
    etag          TEXT,
    last_modified TEXT,
    last_fetched  TEXT,
    last_ok       TEXT,
    next_due      TEXT,
    failures      INTEGER NOT NULL DEFAULT 0,
    last_status   INTEGER,
    last_reason   TEXT
);
INSERT INTO sources_v7 (id, url, kind, title, category, added_at, interval_s, enabled, etag, last_modified,
                        last_fetched, last_ok, next_due, failures, last_status, last_reason)
    SELECT id, url, kind, title, category, added_at, interval_s, enabled, etag, last_modified,
           last_fetched, last_ok, next_due, failures, last_status, last_reason FROM sources;
CREATE TABLE feed_entries_v7 (
    source_id      INTEGER NOT NULL REFERENCES sources_v7(id) ON DELETE CASCADE,
    key            TEXT NOT NULL,
    url            TEXT,
    title          TEXT NOT NULL DEFAULT '',
    feed_published TEXT,
    first_seen     TEXT NOT NULL,
    last_attempt   TEXT,
    attempts       INTEGER NOT NULL DEFAULT 0,
    status         TEXT NOT NULL DEFAULT 'pending',
    reason         TEXT NOT NULL DEFAULT '',
    article_id     TEXT,
    fallback       TEXT,
    PRIMARY KEY (source_id, key)
);
INSERT INTO feed_entries_v7 SELECT source_id, key, url, title, feed_published, first_seen, last_attempt,
    attempts, status, reason, article_id, fallback FROM feed_entries;
DROP TABLE feed_entries;
DROP TABLE sources;
ALTER TABLE sources_v7 RENAME TO sources;
ALTER TABLE feed_entries_v7 RENAME TO feed_entries;
CREATE INDEX feed_entries_status ON feed_entries(status, source_id);
CREATE INDEX feed_entries_url ON feed_entries(url);
-- ids already used by sources removed before this migration live on in the fetch log
DELETE FROM sqlite_sequence WHERE name = 'sources';
INSERT INTO sqlite_sequence (name, seq) SELECT 'sources', MAX(n) FROM (
    SELECT COALESCE(MAX(id), 0) AS n FROM sources UNION ALL
    SELECT COALESCE(MAX(source_id), 0) FROM fetch_log UNION ALL
    SELECT COALESCE(MAX(source_id), 0) FROM trend_sightings);

-- What a reader follows: saved searches (a query) and stories. Checking one
-- remembers the newest article seen, so `watch` reports only new matches.
CREATE TABLE follows (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL CHECK (kind IN ('search', 'story')),
    name         TEXT NOT NULL UNIQUE,         -- the feed's name: /feeds/search/NAME.atom
    query        TEXT,                         -- kind = search
    story_id     TEXT,                         -- kind = story (the story may later split or grow)
    created_at   TEXT NOT NULL,
    checked_at   TEXT,
    seen_rowid   INTEGER NOT NULL DEFAULT 0    -- articles up to this rowid were reported
);

-- The front page pages through stories by their last sighting without reading articles.
CREATE INDEX stories_last_seen ON stories(last_seen);
