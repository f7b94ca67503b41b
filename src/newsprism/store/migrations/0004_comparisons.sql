-- A story's source-by-source comparison (compare/), cached as its JSON. A row is reused only
-- while the story's membership (ids and content hashes of its articles) and the analyzer and
-- comparison versions are the ones stored here; otherwise it is recomputed and replaced.
CREATE TABLE comparisons (
    story_id    INTEGER PRIMARY KEY,
    membership  TEXT NOT NULL,
    version     TEXT NOT NULL,
    data        TEXT NOT NULL,
    computed_at TEXT NOT NULL
);
