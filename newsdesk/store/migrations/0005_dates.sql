-- Dates of the news, never of the ingest.
-- Where each article's publish date was found: input, meta, json-ld, url, page, dateline, text,
-- or none (undated: published is NULL). Articles stored before this version record no source.
ALTER TABLE articles ADD COLUMN published_source TEXT;
UPDATE articles SET published_source = 'none' WHERE published IS NULL;

-- A story's first and last seen are the range of its articles' publish dates (NULL when none is
-- dated); earlier versions filled in the ingest time of undated articles.
UPDATE stories SET
    first_seen = (SELECT MIN(a.published) FROM story_articles sa JOIN articles a ON a.id = sa.article_id
                  WHERE sa.story_id = stories.id),
    last_seen = (SELECT MAX(a.published) FROM story_articles sa JOIN articles a ON a.id = sa.article_id
                 WHERE sa.story_id = stories.id);

-- Trend cards on undated local files were stamped with the ingest time as a sighting of their
-- query: they stay on their articles (articles.trend), with no sighting at any known time.
DELETE FROM trend_sightings WHERE via = 'card' AND article_id IN
    (SELECT id FROM articles WHERE published IS NULL AND fetched IS NULL);
DELETE FROM trend_articles WHERE via = 'card' AND article_id IN
    (SELECT id FROM articles WHERE published IS NULL AND fetched IS NULL);
DELETE FROM trend_queries WHERE id NOT IN (SELECT query_id FROM trend_sightings);
