-- Deadlines of reactors: "act at due_at unless cancelled before". A reaction schedules one in its own
-- transaction; firing one deletes it in the transaction of what it does, so it fires once.
CREATE TABLE ${schema}.deadlines (
    owner  text        NOT NULL,
    key    text        NOT NULL,
    due_at timestamptz NOT NULL,
    data   jsonb       NOT NULL,
    CONSTRAINT deadlines_pkey PRIMARY KEY (owner, key)
);

CREATE INDEX deadlines_due_idx ON ${schema}.deadlines (owner, due_at, key);
