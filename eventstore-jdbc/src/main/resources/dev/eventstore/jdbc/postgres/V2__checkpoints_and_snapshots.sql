-- Positions of named subscriptions and projections. A projection that writes to this database
-- moves its row here in the same transaction as its read model.
CREATE TABLE ${schema}.checkpoints (
    name       text        NOT NULL,
    position   bigint      NOT NULL CHECK (position >= 0),
    updated_at timestamptz NOT NULL,
    CONSTRAINT checkpoints_pkey PRIMARY KEY (name)
);

-- The latest snapshot of each stream's state.
CREATE TABLE ${schema}.snapshots (
    stream_id      text        NOT NULL,
    version        bigint      NOT NULL CHECK (version >= 1),
    state_type     text        NOT NULL,
    schema_version integer     NOT NULL CHECK (schema_version >= 1),
    state          jsonb       NOT NULL,
    taken_at       timestamptz NOT NULL,
    CONSTRAINT snapshots_pkey PRIMARY KEY (stream_id)
);
