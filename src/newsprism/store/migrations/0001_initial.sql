-- Raw documents exactly as received, the articles read from them, and their revisions.

CREATE TABLE raw_documents (
    id            INTEGER PRIMARY KEY,
    sha256        TEXT NOT NULL UNIQUE,
    origin        TEXT NOT NULL,
    url           TEXT,
    content_type  TEXT,
    fetched_at    TEXT NOT NULL,
    size          INTEGER NOT NULL,
    data          BLOB NOT NULL,
    format        TEXT,
    status        TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'failed')),
    error         TEXT,
    article_count INTEGER NOT NULL DEFAULT 0,
    parsed_at     TEXT NOT NULL
);

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,
    raw_id        INTEGER NOT NULL REFERENCES raw_documents(id),
    revision      INTEGER NOT NULL DEFAULT 1,
    external_id   TEXT,
    url           TEXT,
    title         TEXT NOT NULL,
    outlet_name   TEXT,
    outlet_domain TEXT,
    language      TEXT,
    published     TEXT,
    published_at  TEXT,
    updated       TEXT,
    content_hash  TEXT NOT NULL,
    data          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    modified_at   TEXT NOT NULL
);
CREATE INDEX articles_published_at ON articles(published_at);
CREATE INDEX articles_content_hash ON articles(content_hash);
CREATE INDEX articles_external_id ON articles(external_id);
CREATE INDEX articles_raw_id ON articles(raw_id);

CREATE TABLE article_revisions (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id),
    revision     INTEGER NOT NULL,
    raw_id       INTEGER NOT NULL REFERENCES raw_documents(id),
    content_hash TEXT NOT NULL,
    data         TEXT NOT NULL,
    replaced_at  TEXT NOT NULL,
    UNIQUE (article_id, revision)
);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body, tokenize = 'unicode61 remove_diacritics 2'
);
