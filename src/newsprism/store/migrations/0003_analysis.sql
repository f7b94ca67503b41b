-- Per-article analysis (analyze/): sentences, entities, quotes. A row is stale, and recomputed,
-- when the article's content_hash or ANALYZER_VERSION differs from the one stored here.
CREATE TABLE article_analysis (
    article_id       INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    content_hash     TEXT NOT NULL,
    analyzer_version TEXT NOT NULL,
    language         TEXT,
    data             TEXT NOT NULL,
    analyzed_at      TEXT NOT NULL
);

-- Quotes and entity mentions again as rows, for look-ups across articles (by speaker, by name).
CREATE TABLE quotes (
    id              INTEGER PRIMARY KEY,
    article_id      INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    start_offset    INTEGER NOT NULL,
    end_offset      INTEGER NOT NULL,
    text            TEXT NOT NULL,
    speaker         TEXT,
    speaker_mention TEXT,
    cue             TEXT,
    partial         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker);

CREATE TABLE entity_mentions (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    text         TEXT NOT NULL,
    label        TEXT NOT NULL,
    canonical    TEXT NOT NULL
);
CREATE INDEX entity_mentions_article ON entity_mentions(article_id);
CREATE INDEX entity_mentions_canonical ON entity_mentions(canonical, label);
