-- Stream lifecycle: soft delete, tombstone, truncation and retention (StreamLifecycle).
--
-- streams: one row per stream that was deleted, tombstoned or truncated. visible_from is the first
-- version stream reads return; deleted_version the version of the latest soft-delete marker (0: none);
-- tombstoned (0 or 1) is set once and never cleared.
CREATE TABLE streams (
    stream_id       TEXT    NOT NULL PRIMARY KEY,
    visible_from    INTEGER NOT NULL DEFAULT 1,
    deleted_version INTEGER NOT NULL DEFAULT 0,
    tombstoned      INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- retention: a policy per category, applied by a scavenge. max_age_micros null: no age limit;
-- max_count 0: no count limit.
CREATE TABLE retention (
    category       TEXT    NOT NULL PRIMARY KEY,
    max_age_micros INTEGER,
    max_count      INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
