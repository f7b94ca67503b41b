-- Stories: document frequencies of the stream, for the clusterer's word weights (IDF^2).
-- Counted in clustering order (copies aside), so recluster rebuilds them exactly.

CREATE TABLE cluster_df (
    language TEXT NOT NULL,            -- '' when unknown
    word     TEXT NOT NULL,
    df       INTEGER NOT NULL,         -- articles of that language that used the word
    PRIMARY KEY (language, word)
) WITHOUT ROWID;

CREATE TABLE cluster_docs (
    language TEXT PRIMARY KEY,
    n        INTEGER NOT NULL          -- articles of that language counted so far
);
