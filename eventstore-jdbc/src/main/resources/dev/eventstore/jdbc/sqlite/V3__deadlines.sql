-- Deadlines of reactors: "act at due_at unless cancelled before". A reaction schedules one in its own
-- transaction; firing one deletes it in the transaction of what it does, so it fires once.
CREATE TABLE deadlines (
    owner  TEXT    NOT NULL,
    key    TEXT    NOT NULL,
    due_at INTEGER NOT NULL,   -- microseconds since 1970-01-01T00:00:00Z
    data   TEXT    NOT NULL,
    PRIMARY KEY (owner, key)
);

CREATE INDEX deadlines_due_idx ON deadlines (owner, due_at, key);
