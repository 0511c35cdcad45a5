-- Stream lifecycle: soft delete, tombstone, truncation and retention (StreamLifecycle).
--
-- streams: one row per stream that was deleted, tombstoned or truncated. visible_from is the first
-- version stream reads return; deleted_version the version of the latest soft-delete marker (0: none);
-- tombstoned is set once and never cleared. A stream without a row has none of these.
CREATE TABLE ${schema}.streams (
    stream_id       text    NOT NULL,
    visible_from    bigint  NOT NULL DEFAULT 1,
    deleted_version bigint  NOT NULL DEFAULT 0,
    tombstoned      boolean NOT NULL DEFAULT false,
    CONSTRAINT streams_pkey PRIMARY KEY (stream_id)
);

-- retention: a policy per category, applied by a scavenge. max_age_micros null: no age limit;
-- max_count 0: no count limit.
CREATE TABLE ${schema}.retention (
    category       text   NOT NULL,
    max_age_micros bigint,
    max_count      bigint NOT NULL DEFAULT 0,
    CONSTRAINT retention_pkey PRIMARY KEY (category)
);

-- The append of V4 with the stream's marks: a tombstoned stream refuses every append (status
-- 'tombstoned'), and a soft-deleted stream shows version 0 to expected versions. The signature is V4's,
-- so processes of the previous library version and V1's signature (a call of this one) keep working;
-- they meet the new status only on streams that this version tombstoned.
CREATE OR REPLACE FUNCTION ${schema}.append_events(
    p_stream_id     text,
    p_category      text,
    p_expected      bigint,     -- -1: any, -2: the stream exists, n >= 0: exactly n
    p_ids           uuid[],
    p_types         text[],
    p_data          text[],
    p_metadata      text[],
    p_tags          text[],     -- per event: its tags as a JSON array
    p_stream_lock   int[],      -- {namespace, key} of the stream's advisory lock
    p_lock_ns       int,        -- namespace of tag and type locks
    p_lock_keys     int[],      -- tag and type lock keys, ascending, distinct
    p_lock_excl     boolean[],  -- per key: exclusive (the condition needs it) or shared (an event carries it)
    p_cond_types    text[],     -- per condition item: its types as a JSON array; null without condition
    p_cond_tags     text[],     -- per condition item: its tags as a JSON array
    p_cond_after    bigint,
    p_notify        text,       -- the channel to NOTIFY when the append commits; null for none
    p_notify_from   text,       -- the payload: which store instance sends it
    OUT status      text,
    OUT stream_version bigint,
    OUT last_position  bigint,
    OUT recorded_at timestamptz)
LANGUAGE plpgsql VOLATILE
-- The function's plans are cached per session, often while the table is still small; a plan made
-- then would scan the whole table for ever after. Every statement here has an index made for it.
-- (The cost that switching sequential scans off adds would also trigger JIT compilation.)
SET enable_seqscan = off
SET jit = off
AS $fn$
DECLARE
    v_count     int := cardinality(p_ids);
    v_version   bigint;
    v_last_pos  bigint;
    v_base      bigint;
    v_next      bigint;
    v_types     text[];
    v_tags      text[];
    v_hit       bigint;
    v_had_xid   boolean;
    v_deleted   bigint;
    v_tombstone boolean;
    v_visible   bigint;
BEGIN
    -- Every check below relies on each statement taking a new snapshot after the locks before it
    -- were granted, which only READ COMMITTED does.
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'event store appends need READ COMMITTED isolation; this transaction uses %',
            current_setting('transaction_isolation')
            USING ERRCODE = 'invalid_transaction_state';
    END IF;

    -- Same-stream appends queue here, so each computes its versions from the committed latest one.
    -- No transaction id is taken before this lock: see the ordering comment below.
    PERFORM pg_advisory_xact_lock(p_stream_lock[1], p_stream_lock[2]);

    -- A tombstone is recorded by a transaction that holds this stream's lock until it commits, so an
    -- append racing it either ran before it or sees it here. Before the idempotency rule: a tombstoned
    -- stream takes no append, not even a retry.
    SELECT s.deleted_version, s.tombstoned INTO v_deleted, v_tombstone
      FROM ${schema}.streams s WHERE s.stream_id = p_stream_id;
    IF coalesce(v_tombstone, false) THEN
        status := 'tombstoned';
        RETURN;
    END IF;

    IF EXISTS (SELECT 1 FROM ${schema}.events e WHERE e.id = ANY (p_ids)) THEN
        status := 'duplicate';
        RETURN;
    END IF;

    SELECT e.version, e.position INTO v_version, v_last_pos
      FROM ${schema}.events e
     WHERE e.stream_id = p_stream_id
     ORDER BY e.version DESC
     LIMIT 1;
    v_version := coalesce(v_version, 0);
    -- A stream whose last event is its soft-delete marker reads as not found: version 0 to expected
    -- versions; its next events still continue its versions.
    v_visible := CASE WHEN v_version = coalesce(v_deleted, 0) THEN 0 ELSE v_version END;
    IF (p_expected = -2 AND v_visible = 0) OR (p_expected >= 0 AND v_visible <> p_expected) THEN
        status := 'wrong_version';
        stream_version := v_visible;
        RETURN;
    END IF;

    -- Tag and type locks in ascending key order, so that appends never wait on each other in a cycle.
    -- Writers share the keys of their events' tags and types and a key every append shares; a
    -- conditional append takes the keys its query selects on exclusively (that last key for a query
    -- item that matches every event), so its check and insert cannot interleave with a matching writer.
    FOR i IN 1 .. coalesce(cardinality(p_lock_keys), 0) LOOP
        IF p_lock_excl[i] THEN
            PERFORM pg_advisory_xact_lock(p_lock_ns, p_lock_keys[i]);
        ELSE
            PERFORM pg_advisory_xact_lock_shared(p_lock_ns, p_lock_keys[i]);
        END IF;
    END LOOP;

    -- Each statement of a volatile function takes a new snapshot: this check sees every append that
    -- committed before the locks above were granted.
    IF p_cond_after IS NOT NULL THEN
        FOR i IN 1 .. cardinality(p_cond_types) LOOP
            v_types := ARRAY(SELECT jsonb_array_elements_text(p_cond_types[i]::jsonb));
            v_tags := ARRAY(SELECT jsonb_array_elements_text(p_cond_tags[i]::jsonb));
            IF cardinality(v_tags) > 0 THEN
                SELECT min(e.position) INTO v_hit FROM ${schema}.events e
                 WHERE e.tags @> v_tags AND e.position > p_cond_after
                   AND (cardinality(v_types) = 0 OR e.type = ANY (v_types));
            ELSIF cardinality(v_types) > 0 THEN
                SELECT min(e.position) INTO v_hit FROM ${schema}.events e
                 WHERE e.type = ANY (v_types) AND e.position > p_cond_after;
            ELSE
                SELECT min(e.position) INTO v_hit FROM ${schema}.events e
                 WHERE e.position > p_cond_after;
            END IF;
            IF v_hit IS NOT NULL THEN
                status := 'condition_failed';
                last_position := v_hit;
                RETURN;
            END IF;
        END LOOP;
    END IF;

    -- Positions come from the transaction id, taken only now, after the stream lock: an append that
    -- waited for the previous append to this stream gets a later transaction id, so a stream's
    -- positions grow with its versions. A transaction that wrote before appending already has an
    -- older id; if that would put this event below the stream's last one it must retry.
    -- Only a transaction that already had an id can hold events of its own from an earlier append.
    v_had_xid := pg_current_xact_id_if_assigned() IS NOT NULL;
    SELECT (pg_current_xact_id()::text::bigint + b.xid_offset) << 16 INTO v_base
      FROM ${schema}.position_base b WHERE b.one_row;
    v_next := v_base;
    IF v_had_xid THEN
        SELECT coalesce(max(e.position) + 1, v_base) INTO v_next
          FROM ${schema}.events e
         WHERE e.position >= v_base AND e.position < v_base + 65536;
    END IF;
    IF v_next + v_count > v_base + 65536 THEN
        RAISE EXCEPTION 'one transaction can append at most 65536 events to the event store'
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    IF v_last_pos IS NOT NULL AND v_next <= v_last_pos THEN
        RAISE EXCEPTION 'stream % was appended to by a transaction that committed after this transaction started writing; retry the transaction', p_stream_id
            USING ERRCODE = 'serialization_failure';
    END IF;

    recorded_at := now();
    INSERT INTO ${schema}.events (position, stream_id, version, category, id, type, data, metadata, tags, recorded_at)
    SELECT v_next + e.ord - 1, p_stream_id, v_version + e.ord, p_category, e.id, e.type, e.data::jsonb,
           e.metadata::jsonb,
           CASE WHEN e.tags = '[]' THEN '{}'::text[] ELSE ARRAY(SELECT jsonb_array_elements_text(e.tags::jsonb)) END,
           recorded_at
      FROM unnest(p_ids, p_types, p_data, p_metadata, p_tags) WITH ORDINALITY
           AS e(id, type, data, metadata, tags, ord);

    -- Sent when this transaction commits: in an append of its own, no second transaction and round
    -- trip for it. The store lets at most one append of a process at a time carry it, so that
    -- notifying commits, which PostgreSQL serializes, never queue behind each other.
    IF p_notify IS NOT NULL THEN
        PERFORM pg_notify(p_notify, p_notify_from);
    END IF;

    status := 'ok';
    stream_version := v_version + v_count;
    last_position := v_next + v_count - 1;
END
$fn$;
