-- Collecting from the web: sources, their entries, the fetch log, crawler
-- settings, and trending search queries.

-- A feed or a Trends feed the desk polls. Small integer ids are easy to type.
CREATE TABLE sources (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,               -- feed | trends
    title         TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL DEFAULT '',
    added_at      TEXT NOT NULL,
    interval_s    INTEGER NOT NULL,            -- poll at most this often
    enabled       INTEGER NOT NULL DEFAULT 1,
    etag          TEXT,                        -- for conditional GET
    last_modified TEXT,
    last_fetched  TEXT,
    last_ok       TEXT,
    next_due      TEXT,                        -- NULL: due now
    failures      INTEGER NOT NULL DEFAULT 0,  -- consecutive failed polls
    last_status   INTEGER,
    last_reason   TEXT
);

-- Every entry (or Trends news item) seen in a source, and what became of it.
CREATE TABLE feed_entries (
    source_id      INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    key            TEXT NOT NULL,              -- GUID, else link, else a content hash
    url            TEXT,
    title          TEXT NOT NULL DEFAULT '',
    feed_published TEXT,
    first_seen     TEXT NOT NULL,
    last_attempt   TEXT,
    attempts       INTEGER NOT NULL DEFAULT 0,
    status         TEXT NOT NULL DEFAULT 'pending',  -- pending | ingested | duplicate | skipped | failed
    reason         TEXT NOT NULL DEFAULT '',
    article_id     TEXT,
    fallback       TEXT,                       -- the entry's own text while pending (JSON RawDoc fields)
    PRIMARY KEY (source_id, key)
);
CREATE INDEX feed_entries_status ON feed_entries(status, source_id);
CREATE INDEX feed_entries_url ON feed_entries(url);

-- One row per fetch (robots.txt, feeds, pages): what happened and why.
CREATE TABLE fetch_log (
    id         INTEGER PRIMARY KEY,
    source_id  INTEGER,
    purpose    TEXT NOT NULL,                  -- robots | feed | trends | page
    url        TEXT NOT NULL,
    final_url  TEXT,
    status     INTEGER,
    ok         INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    n_bytes    INTEGER NOT NULL DEFAULT 0,
    elapsed_ms INTEGER NOT NULL DEFAULT 0,
    attempts   INTEGER NOT NULL DEFAULT 0,
    fetched_at TEXT NOT NULL
);
CREATE INDEX fetch_log_source ON fetch_log(source_id, id);
CREATE INDEX fetch_log_time ON fetch_log(fetched_at);

CREATE TABLE collect_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A trending search query per region: one row, however often it is seen.
CREATE TABLE trend_queries (
    id         TEXT PRIMARY KEY,               -- hash of region + normalised query
    query      TEXT NOT NULL,
    geo        TEXT NOT NULL DEFAULT '',
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    traffic    TEXT,                           -- latest approximate traffic, as printed
    traffic_n  INTEGER                         -- ... as a number
);
CREATE INDEX trend_queries_seen ON trend_queries(geo, last_seen);

-- Each time a query was seen: a Trends poll, or a trend card on a page.
CREATE TABLE trend_sightings (
    id         INTEGER PRIMARY KEY,
    query_id   TEXT NOT NULL REFERENCES trend_queries(id) ON DELETE CASCADE,
    seen_at    TEXT NOT NULL,
    via        TEXT NOT NULL,                  -- feed | card
    published  TEXT,                           -- the item's own date, when it has one
    traffic    TEXT,
    traffic_n  INTEGER,
    source_id  INTEGER,
    article_id TEXT,
    UNIQUE (query_id, seen_at, via)
);

-- The news items a Trends feed gave for a query.
CREATE TABLE trend_news (
    query_id   TEXT NOT NULL REFERENCES trend_queries(id) ON DELETE CASCADE,
    url        TEXT NOT NULL,                  -- canonical URL
    title      TEXT NOT NULL DEFAULT '',
    snippet    TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT '',
    first_seen TEXT NOT NULL,
    PRIMARY KEY (query_id, url)
);
CREATE INDEX trend_news_url ON trend_news(url);

-- Articles a query led to (its news items, or a page carrying its card);
-- stories are reached through story_articles, so they stay current.
CREATE TABLE trend_articles (
    query_id   TEXT NOT NULL REFERENCES trend_queries(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    via        TEXT NOT NULL,                  -- news-item | card
    linked_at  TEXT NOT NULL,
    PRIMARY KEY (query_id, article_id)
);
CREATE INDEX trend_articles_article ON trend_articles(article_id);
