-- Web pages and trends: when each article appeared and its origin, readable from
-- an index alone (the article rows themselves carry long texts).
CREATE INDEX articles_times ON articles(id, origin, published, fetched, ingested_at);
