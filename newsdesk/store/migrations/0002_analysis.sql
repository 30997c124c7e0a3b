-- Per-article sentence analysis (with sentence vectors) and per-story reports, cached by content.
CREATE TABLE article_analysis (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    version    TEXT NOT NULL,
    data       TEXT NOT NULL,
    vectors    BLOB
);

CREATE TABLE story_reports (
    story_id  TEXT PRIMARY KEY,
    cache_key TEXT NOT NULL,
    report    TEXT NOT NULL,
    built_at  TEXT NOT NULL
);
