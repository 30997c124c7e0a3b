-- The clusterer's state, kept so that opening a desk does not replay every article.

-- One row per story: its summary (sums of the members' weighted names and words,
-- centroid, counts, time spans) and its title candidates, as of ``last_rowid``
-- (the newest article, by articles.rowid, the summary includes).
CREATE TABLE story_state (
    story_id   TEXT PRIMARY KEY,
    last_rowid INTEGER NOT NULL,
    state      BLOB NOT NULL,
    head       BLOB
);

-- Which weeks a story spans, to find the stories around an article's time:
-- clock 'p' by publish day, clock 's' by the day first seen (stories with no dated article).
CREATE TABLE story_weeks (
    clock    TEXT NOT NULL,
    week     INTEGER NOT NULL,
    story_id TEXT NOT NULL,
    PRIMARY KEY (clock, week, story_id)
) WITHOUT ROWID;
CREATE INDEX story_weeks_story ON story_weeks(story_id);

-- Desk-wide counts (document frequencies, totals) and the newest article they include.
CREATE TABLE cluster_state (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
