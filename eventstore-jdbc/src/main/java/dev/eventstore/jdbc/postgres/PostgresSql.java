package dev.eventstore.jdbc.postgres;

import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.jdbc.internal.TableSql;

/**
 * Every statement the PostgreSQL store runs, for one schema, beside the migrations in this package's
 * {@code V*.sql} files. The schema name is checked and quoted before it gets here; every other value
 * is a bind parameter.
 */
final class PostgresSql {


    /**
     * The horizon as a filter, not an index bound: with both {@code position > ?} and
     * {@code position < ?} as bounds, the planner guesses that few rows qualify and prefers a bitmap
     * scan plus a sort of every qualifying row, which makes each page cost as much as the whole log.
     * {@code position + 0} keeps the ordered index scan that a LIMIT stops early.
     */
    private static final String BELOW_HORIZON = "position + 0 < ?";

    private static final String COLUMNS =
            "position, stream_id, version, id, type, data::text, metadata::text, tags, recorded_at";

    final String schema;
    /**
     * The read horizon: the position below which no event of this store can commit any more. Run as a
     * statement of its own, before the read it bounds (whose snapshot must be later). Parameters: the
     * namespace and key of the advisory lock that every transaction able to append to this store holds
     * from before it has a transaction id. See {@link PostgresDialect} for why.
     */
    final String horizon;
    /** Joins a transaction to those the horizon waits for: the first statement of every transaction. */
    final String joinAppenders;
    /**
     * Makes the next read of pg_stat_activity in a transaction see the processes as they are now, not as
     * they were at the transaction's first read of it.
     */
    final String freshActivity = "SELECT pg_stat_clear_snapshot()";
    final String positionBase;
    final String events;
    final String history;
    final String createSchema;
    final String append;
    final String readStreamForward;
    final String readStreamBackward;
    final String readAll;
    final String readCategory;
    final String readStreamAfter;
    final String eventsByIds;
    final String eventById;
    final String streamVersion;
    final String headPosition;
    /** How far the stored positions are ahead of the current transaction id: positive after a restore. */
    final String positionsAhead;
    final String raiseBase;
    final String lockEvents;
    final String lockMigrations;
    final String unlockMigrations;
    final String setReadCommitted;
    final String notify;
    final String channel;
    final String listen;
    final TableSql tables;

    /**
     * @param quotedSchema the schema name, already checked and double-quoted
     * @param channel the notification channel of the schema's appends: letters, digits and underscores
     */
    PostgresSql(String quotedSchema, String channel) {
        this.channel = channel;
        listen = "LISTEN \"" + channel + "\"";
        schema = quotedSchema;
        positionBase = quotedSchema + ".position_base";
        // The oldest running transaction that holds the appenders' lock; the next transaction id when
        // none does. A holder's transaction id is read from its process (pg_stat_activity.backend_xid),
        // not from its transactionid lock: a transaction counts as running in snapshots from the moment
        // it has an id, a little before that lock shows in pg_locks, and a reader that took its
        // snapshot in between would miss it and skip its events. xids there are 32 bits, those of the
        // snapshot 64.
        horizon = "WITH holders AS MATERIALIZED (SELECT pid FROM pg_locks WHERE locktype = 'advisory' "
                + "AND classid = ?::int4::oid AND objid = ?::int4::oid AND objsubid = 2 "
                + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())), "
                + "appenders AS (SELECT backend_xid::text::bigint AS xid FROM pg_stat_activity "
                + "WHERE backend_xid IS NOT NULL AND pid IN (SELECT pid FROM holders)) "
                + "SELECT (coalesce((SELECT min(x) FROM pg_snapshot_xip(pg_current_snapshot()) x "
                + "WHERE (x::text::bigint & 4294967295) IN (SELECT xid FROM appenders)), "
                + "pg_snapshot_xmax(pg_current_snapshot()))::text::bigint + b.xid_offset) << 16 FROM "
                + positionBase + " b";
        joinAppenders = "SELECT pg_advisory_xact_lock_shared(?, ?)";
        events = quotedSchema + ".events";
        history = quotedSchema + ".schema_migrations";
        createSchema = "CREATE SCHEMA IF NOT EXISTS " + quotedSchema;
        append = "SELECT status, stream_version, last_position, recorded_at FROM " + quotedSchema
                + ".append_events(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        readStreamForward = "SELECT " + COLUMNS + " FROM " + events
                + " WHERE stream_id = ? AND version >= ? ORDER BY version LIMIT ?";
        readStreamBackward = "SELECT " + COLUMNS + " FROM " + events
                + " WHERE stream_id = ? AND version <= ? ORDER BY version DESC LIMIT ?";
        readAll = "SELECT " + COLUMNS + " FROM " + events
                + " WHERE position > ? AND " + BELOW_HORIZON + " ORDER BY position LIMIT ?";
        readCategory = "SELECT " + COLUMNS + " FROM " + events
                + " WHERE category = ? AND position > ? AND " + BELOW_HORIZON + " ORDER BY position LIMIT ?";
        // A stream's positions grow with its versions (the append function enforces it), so version
        // order is position order and the (stream_id, version) index serves this read.
        readStreamAfter = "SELECT " + COLUMNS + " FROM " + events
                + " WHERE stream_id = ? AND position > ? AND " + BELOW_HORIZON + " ORDER BY version LIMIT ?";
        eventsByIds = "SELECT " + COLUMNS + " FROM " + events + " WHERE id = ANY (?)";
        eventById = "SELECT " + COLUMNS + " FROM " + events + " WHERE id = ?";
        streamVersion = "SELECT coalesce(max(version), 0) FROM " + events + " WHERE stream_id = ?";
        headPosition = "SELECT coalesce(max(position), 0) FROM " + events + " WHERE position < ?";
        // The next transaction id, read from the snapshot so that asking does not take one.
        positionsAhead = "SELECT ((SELECT coalesce(max(position), 0) FROM " + events + ") >> 16) "
                + "- (pg_snapshot_xmax(pg_current_snapshot())::text::bigint + b.xid_offset) FROM " + positionBase + " b";
        raiseBase = "UPDATE " + positionBase + " SET xid_offset = xid_offset + ?";
        lockEvents = "LOCK TABLE " + events + " IN EXCLUSIVE MODE";
        lockMigrations = "SELECT pg_advisory_lock(?, ?)";
        unlockMigrations = "SELECT pg_advisory_unlock(?, ?)";
        setReadCommitted = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";
        // Asynchronous commit: a lost notification costs a poll interval, never an event.
        notify = "SELECT set_config('synchronous_commit', 'off', true), pg_notify(?, '')";
        String checkpoints = quotedSchema + ".checkpoints";
        String snapshots = quotedSchema + ".snapshots";
        String deadlines = quotedSchema + ".deadlines";
        String checkpointLoad = "SELECT position FROM " + checkpoints + " WHERE name = ?";
        tables = new TableSql(
                checkpointLoad,
                "INSERT INTO " + checkpoints + " (name, position, updated_at) VALUES (?, 0, ?) "
                        + "ON CONFLICT (name) DO NOTHING",
                checkpointLoad + " FOR UPDATE",
                "INSERT INTO " + checkpoints + " (name, position, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) "
                        + "DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at",
                "SELECT version, state_type, schema_version, state::text, taken_at FROM " + snapshots
                        + " WHERE stream_id = ?",
                // Of two racing saves the higher version stays; a save at the same version replaces.
                "INSERT INTO " + snapshots + " (stream_id, version, state_type, schema_version, state, taken_at) "
                        + "VALUES (?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (stream_id) DO UPDATE SET "
                        + "version = excluded.version, state_type = excluded.state_type, "
                        + "schema_version = excluded.schema_version, state = excluded.state, "
                        + "taken_at = excluded.taken_at WHERE " + snapshots + ".version <= excluded.version",
                "DELETE FROM " + snapshots + " WHERE stream_id = ?",
                "INSERT INTO " + deadlines + " (owner, key, due_at, data) VALUES (?, ?, ?, ?::jsonb) "
                        + "ON CONFLICT (owner, key) DO UPDATE SET due_at = excluded.due_at, data = excluded.data",
                "DELETE FROM " + deadlines + " WHERE owner = ? AND key = ?",
                "SELECT due_at, data::text FROM " + deadlines + " WHERE owner = ? AND key = ?",
                "SELECT key, due_at, data::text FROM " + deadlines + " WHERE owner = ? AND due_at <= ? "
                        + "ORDER BY due_at, key LIMIT ?",
                "SELECT min(due_at) FROM " + deadlines + " WHERE owner = ?",
                "DELETE FROM " + deadlines + " WHERE owner = ? AND key = ? AND due_at = ?");
    }

    /**
     * The read of events matching a query. Parameters: the position to read after, the horizon, then for
     * each item its types array (if it has types) and its tags array (if it has tags), then the limit.
     */
    String readQuery(Query query) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM ").append(events)
                .append(" WHERE position > ? AND ").append(BELOW_HORIZON).append(" AND (");
        boolean firstItem = true;
        for (QueryItem item : query.items()) {
            if (!firstItem) {
                sql.append(" OR ");
            }
            firstItem = false;
            sql.append('(');
            if (!item.types().isEmpty()) {
                sql.append("type = ANY (?)");
            }
            if (!item.tags().isEmpty()) {
                sql.append(item.types().isEmpty() ? "" : " AND ").append("tags @> ?");
            }
            sql.append(')');
        }
        return sql.append(") ORDER BY position LIMIT ?").toString();
    }
}
