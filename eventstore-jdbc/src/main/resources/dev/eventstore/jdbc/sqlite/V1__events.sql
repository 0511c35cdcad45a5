-- The event log in one SQLite file. Appends are serialized (one writer at a time), so positions
-- are assigned in commit order: 1, 2, 3, ... without holes.
CREATE TABLE events (
    position    INTEGER NOT NULL PRIMARY KEY,
    stream_id   TEXT    NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    category    TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    tags        TEXT    NOT NULL,   -- a JSON array, as read back; event_tags indexes it
    recorded_at INTEGER NOT NULL,   -- microseconds since 1970-01-01T00:00:00Z
    CONSTRAINT events_stream_version_key UNIQUE (stream_id, version),
    CONSTRAINT events_id_key UNIQUE (id)
);

CREATE INDEX events_category_position_idx ON events (category, position);

CREATE INDEX events_type_position_idx ON events (type, position);

CREATE TABLE event_tags (
    tag      TEXT    NOT NULL,
    position INTEGER NOT NULL REFERENCES events (position),
    PRIMARY KEY (tag, position)
) WITHOUT ROWID;
