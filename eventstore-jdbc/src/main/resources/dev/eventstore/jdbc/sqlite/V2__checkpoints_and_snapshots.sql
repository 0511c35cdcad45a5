-- Positions of named subscriptions and projections. A projection that writes to this file moves
-- its row here in the same transaction as its read model.
CREATE TABLE checkpoints (
    name       TEXT    NOT NULL PRIMARY KEY,
    position   INTEGER NOT NULL CHECK (position >= 0),
    updated_at INTEGER NOT NULL   -- microseconds since 1970-01-01T00:00:00Z
);

-- The latest snapshot of each stream's state.
CREATE TABLE snapshots (
    stream_id      TEXT    NOT NULL PRIMARY KEY,
    version        INTEGER NOT NULL CHECK (version >= 1),
    state_type     TEXT    NOT NULL,
    schema_version INTEGER NOT NULL CHECK (schema_version >= 1),
    state          TEXT    NOT NULL,
    taken_at       INTEGER NOT NULL   -- microseconds since 1970-01-01T00:00:00Z
);
