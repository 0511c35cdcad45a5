package dev.eventstore.jdbc.postgres;

import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.jdbc.internal.KeyTableSql;
import dev.eventstore.jdbc.internal.LifecycleSql;
import dev.eventstore.jdbc.internal.ParkedSql;
import dev.eventstore.jdbc.internal.TableSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

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
    final String headPosition;
    /** How far the stored positions are ahead of the current transaction id: positive after a restore. */
    final String positionsAhead;
    final String maxPosition;
    final String importEvent;
    final String removeRange;
    /** After a removal: the marks of streams left without events, but a tombstone's (see SqliteSql). */
    final String forgetEmptyStreams;
    final String raiseBase;
    final String lockEvents;
    final String lockMigrations;
    final String unlockMigrations;
    final String setReadCommitted;
    final String notify;
    final String channel;
    final String listen;
    final TableSql tables;
    final ParkedSql parked;
    /** Creates the table of the head published for readers on standbys, if missing. */
    final String replicaHeadCreate;
    /**
     * Publishes a head for readers on standbys: parameter the head. Moves only forwards, and writes
     * nothing when the head has not moved, so an idle store makes no WAL.
     */
    final String replicaHeadPublish;
    /** The head published for readers on standbys; no row before the first publication. */
    final String replicaHeadRead;
    /** Whether the events table exists: no row if not. */
    final String eventsTableExists;
    final LifecycleSql lifecycle;
    final KeyTableSql keyTable;

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
        horizon = appenders("?", "?")
                + " SELECT (coalesce((SELECT min(x) FROM pg_snapshot_xip(pg_current_snapshot()) x "
                + "WHERE (x::text::bigint & 4294967295) IN (SELECT xid FROM appenders)), "
                + "pg_snapshot_xmax(pg_current_snapshot()))::text::bigint + b.xid_offset) << 16 FROM "
                + positionBase + " b";
        joinAppenders = "SELECT pg_advisory_xact_lock_shared(?, ?)";
        events = quotedSchema + ".events";
        history = quotedSchema + ".schema_migrations";
        createSchema = "CREATE SCHEMA IF NOT EXISTS " + quotedSchema;
        append = "SELECT status, stream_version, last_position, recorded_at FROM " + quotedSchema
                + ".append_events(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        // Parameters: stream_id, version, stream_id (for where the stream's reads start), limit. The
        // start is an uncorrelated subquery: evaluated once, then a bound of the index scan.
        String visibleFrom = "coalesce((SELECT visible_from FROM " + quotedSchema + ".streams WHERE stream_id = ?), 1)";
        readStreamForward = "SELECT " + COLUMNS + " FROM " + events
                + " WHERE stream_id = ? AND version >= ? AND version >= " + visibleFrom + " ORDER BY version LIMIT ?";
        readStreamBackward = "SELECT " + COLUMNS + " FROM " + events
                + " WHERE stream_id = ? AND version <= ? AND version >= " + visibleFrom
                + " ORDER BY version DESC LIMIT ?";
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
        headPosition = "SELECT coalesce(max(position), 0) FROM " + events + " WHERE position < ?";
        // The next transaction id, read from the snapshot so that asking does not take one.
        positionsAhead = "SELECT ((SELECT coalesce(max(position), 0) FROM " + events + ") >> 16) "
                + "- (pg_snapshot_xmax(pg_current_snapshot())::text::bigint + b.xid_offset) FROM " + positionBase + " b";
        raiseBase = "UPDATE " + positionBase + " SET xid_offset = xid_offset + ?";
        maxPosition = "SELECT coalesce(max(position), 0) FROM " + events;
        importEvent = "INSERT INTO " + events + " (position, stream_id, version, category, id, type, data, metadata, "
                + "tags, recorded_at) VALUES (?, ?, ?, ?, ?::uuid, ?, ?::jsonb, ?::jsonb, ?, ?)";
        removeRange = "DELETE FROM " + events + " WHERE position > ? AND position <= ? "
                + "AND (?::text IS NULL OR category = ?)";
        forgetEmptyStreams = "DELETE FROM " + quotedSchema + ".streams s WHERE NOT s.tombstoned "
                + "AND NOT EXISTS (SELECT 1 FROM " + events + " e WHERE e.stream_id = s.stream_id)";
        lockEvents = "LOCK TABLE " + events + " IN EXCLUSIVE MODE";
        lockMigrations = "SELECT pg_advisory_lock(?, ?)";
        unlockMigrations = "SELECT pg_advisory_unlock(?, ?)";
        setReadCommitted = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";
        // Asynchronous commit: a lost notification costs a poll interval, never an event.
        notify = "SELECT set_config('synchronous_commit', 'off', true), pg_notify(?, ?)";
        String replicaHead = quotedSchema + ".replica_head";
        replicaHeadCreate = "CREATE TABLE IF NOT EXISTS " + replicaHead + " (id INTEGER PRIMARY KEY CHECK (id = 1), "
                + "head BIGINT NOT NULL, published_at TIMESTAMPTZ NOT NULL)";
        replicaHeadPublish = "INSERT INTO " + replicaHead + " AS r (id, head, published_at) VALUES (1, ?, now()) "
                + "ON CONFLICT (id) DO UPDATE SET head = excluded.head, published_at = excluded.published_at "
                + "WHERE r.head < excluded.head";
        replicaHeadRead = "SELECT head FROM " + replicaHead + " WHERE id = 1";
        eventsTableExists = "SELECT 1 WHERE to_regclass(?) IS NOT NULL";
        keyTable = KeyTableSql.of(quotedSchema + ".subject_keys", "bytea");
        String checkpoints = quotedSchema + ".checkpoints";
        String snapshots = quotedSchema + ".snapshots";
        String deadlines = quotedSchema + ".deadlines";
        String checkpointLoad = "SELECT position FROM " + checkpoints + " WHERE name = ?";
        // VACUUM makes the removed rows' space reusable by new events and truncates empty pages at the
        // table's end; VACUUM FULL rewrites the table and its indexes, giving the space back to the
        // operating system, under an exclusive lock of the table.
        lifecycle = LifecycleSql.of(events, quotedSchema + ".streams", quotedSchema + ".retention", "greatest", true,
                null, "SELECT pg_total_relation_size('" + events.replace("'", "''") + "')",
                List.of("VACUUM (ANALYZE) " + events), List.of("VACUUM (FULL, ANALYZE) " + events));
        parked = ParkedSql.of(quotedSchema + ".parked_events", "parked_events_stream_idx", "bigint", "timestamptz",
                " FOR UPDATE");
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
     * The common table expressions {@code holders} and {@code appenders}: the processes of this
     * database that hold the appenders' advisory lock (from {@code pg_locks}), and the transaction ids
     * (32 bits, as bigint) their transactions have (from {@code pg_stat_activity}, which shows an id
     * as soon as snapshots count it as running). Inside a transaction PostgreSQL keeps its first view
     * of {@code pg_stat_activity}: run {@link #freshActivity} before.
     *
     * @param namespace the lock's namespace: {@code ?} or an int literal
     * @param key the lock's key: {@code ?} or an int literal
     */
    private static String appenders(String namespace, String key) {
        return "WITH holders AS MATERIALIZED (SELECT pid FROM pg_locks WHERE locktype = 'advisory' "
                + "AND classid = (" + namespace + ")::int4::oid AND objid = (" + key + ")::int4::oid "
                + "AND objsubid = 2 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())), "
                + "appenders AS (SELECT backend_xid::text::bigint AS xid FROM pg_stat_activity "
                + "WHERE backend_xid IS NOT NULL AND pid IN (SELECT pid FROM holders))";
    }

    /**
     * The append, reporting one more column, {@code open_below}: the position base
     * ({@code (xid + offset) << 16}) of the oldest transaction of the store that began writing before
     * the append's own and was still open when the append was made; null when there was none, or the
     * append wrote nothing. Whatever such a transaction commits later lands below the append's
     * positions: {@link dev.eventstore.AppendResult#consistentPosition()} stops below it.
     *
     * <p>It is a correlated subquery on the function's row, so it runs after the function, reading
     * which transactions hold the appenders' lock as they are then (see {@link #appenders}): a
     * transaction older than the append's that is not listed there has ended, so it committed before
     * the append did. Only the store's appenders
     * count, never other databases' or other schemas' transactions. Transaction ids are compared modulo
     * 2^32 relative to the append's own, as {@code pg_locks} shows 32 bits. Parameters: those of
     * {@link #append}; the lock's namespace and key are literals.
     *
     * @param namespace the namespace of the appenders' advisory lock
     * @param key its key
     * @return the statement
     */
    String appendReportingOpenBelow(int namespace, int key) {
        return "SELECT q.*, (" + appenders(Integer.toString(namespace), Integer.toString(key))
                + " SELECT ((o.xid - max(o.d)) + o.xid_offset) << 16 FROM (SELECT own.xid, own.xid_offset, "
                + "((own.xid & 4294967295) - x.xid + 4294967296) % 4294967296 AS d FROM appenders x, "
                + "(SELECT (q.last_position >> 16) - b.xid_offset AS xid, b.xid_offset FROM " + positionBase
                + " b) own) o WHERE o.d > 0 AND o.d < 2147483648 GROUP BY o.xid, o.xid_offset) AS open_below "
                + "FROM (" + append + ") q";
    }

    /**
     * The read of events matching a query. Parameters: the position to read after, the horizon, then the
     * items' values ({@link #matching}), then the limit.
     */
    String readQuery(Query query) {
        return "SELECT " + COLUMNS + " FROM " + events + " WHERE position > ? AND " + BELOW_HORIZON + " AND ("
                + matching(query) + ") ORDER BY position LIMIT ?";
    }

    /**
     * The read of events matching a query, newest first. Each item reads its own index and at most the
     * limit, in a shape that leaves the planner one sensible path whatever the values (custom or
     * generic plan):
     * <ul>
     *   <li>an item with tags reads the GIN index of tags and sorts what it found: with
     *       {@code position + 0} in its bound and order, walking the primary key backward and filtering
     *       (which the planner otherwise prefers under a LIMIT, and which reads the whole log for a tag
     *       no event carries) offers no order;</li>
     *   <li>an item of types alone reads, for each type, the (type, position) index backward and stops
     *       at the limit: written as a range on type ordered by (type, position), which the primary key
     *       cannot serve;</li>
     *   <li>a query that matches every event walks the primary key backward.</li>
     * </ul>
     * The positions found are merged, and the newest fetched by primary key. Parameters: see
     * {@link #bindBackward}.
     */
    String readBackward(Query query) {
        if (query.matchesAll()) {
            return "SELECT " + COLUMNS + " FROM " + events + " WHERE position < ? ORDER BY position DESC LIMIT ?";
        }
        StringBuilder found = new StringBuilder();
        for (QueryItem item : query.items()) {
            if (!item.tags().isEmpty()) {
                union(found).append("(SELECT position FROM ").append(events).append(" WHERE tags @> ?");
                if (item.types().size() == 1) {
                    found.append(" AND type = ?");
                } else if (!item.types().isEmpty()) {
                    found.append(" AND type = ANY (?)");
                }
                found.append(" AND position + 0 < ? ORDER BY position + 0 DESC LIMIT ?)");
            } else {
                for (int i = 0; i < item.types().size(); i++) {
                    union(found).append("(SELECT position FROM ").append(events)
                            .append(" WHERE type >= ? AND type <= ? AND position < ?")
                            .append(" ORDER BY type DESC, position DESC LIMIT ?)");
                }
            }
        }
        return "SELECT " + COLUMNS + " FROM " + events + " WHERE position IN (" + found
                + ") ORDER BY position DESC LIMIT ?";
    }

    private static StringBuilder union(StringBuilder sql) {
        return sql.length() == 0 ? sql : sql.append(" UNION ");
    }

    /**
     * Binds the parameters of {@link #readBackward}: for a query that matches every event, the bound and
     * the limit; else, per item with tags, its tags (an array), its type (a string) or types (an array)
     * if it has any, the bound and the limit; per type of an item without tags, the type twice, the
     * bound and the limit; and last the limit.
     *
     * @param connection makes the arrays
     * @param statement the prepared {@link #readBackward}
     * @param query the query
     * @param below the position to read below
     * @param limit the most events to return
     * @throws SQLException if a parameter cannot be set
     */
    static void bindBackward(Connection connection, PreparedStatement statement, Query query, long below, int limit)
            throws SQLException {
        int index = 1;
        if (!query.matchesAll()) {
            for (QueryItem item : query.items()) {
                if (!item.tags().isEmpty()) {
                    statement.setArray(index++, connection.createArrayOf("text", item.tags().toArray()));
                    if (item.types().size() == 1) {
                        statement.setString(index++, item.types().iterator().next());
                    } else if (!item.types().isEmpty()) {
                        statement.setArray(index++, connection.createArrayOf("text", item.types().toArray()));
                    }
                    statement.setLong(index++, below);
                    statement.setInt(index++, limit);
                } else {
                    for (String type : item.types()) {
                        statement.setString(index++, type);
                        statement.setString(index++, type);
                        statement.setLong(index++, below);
                        statement.setInt(index++, limit);
                    }
                }
            }
        } else {
            statement.setLong(index++, below);
        }
        statement.setInt(index, limit);
    }

    /**
     * The first event matching a condition's query between its consistent position and the first
     * position of the transaction that wrote its {@code after}, other than those of the appending
     * transaction itself. Parameters: the consistent position, the start of {@code after}'s transaction,
     * the first and the last position of the appending transaction, then the items' values
     * ({@link #matching}).
     */
    String firstUnseen(Query query) {
        return "SELECT min(position) FROM " + events + " WHERE position > ? AND position < ? "
                + "AND (position < ? OR position > ?) AND (" + matching(query) + ")";
    }

    /**
     * The items of a query, OR-ed. An item with one type asks {@code type = ?} rather than
     * {@code type = ANY (?)}, so that a read in position order can walk the (type, position) index in
     * order and stop at its limit. Parameters, per item: its type (a string) or its types (an array),
     * if it has types; its tags (an array), if it has tags. An item with neither matches every event.
     */
    static String matching(Query query) {
        StringBuilder sql = new StringBuilder();
        for (QueryItem item : query.items()) {
            if (sql.length() > 0) {
                sql.append(" OR ");
            }
            sql.append('(');
            if (item.types().size() == 1) {
                sql.append("type = ?");
            } else if (!item.types().isEmpty()) {
                sql.append("type = ANY (?)");
            }
            if (!item.tags().isEmpty()) {
                sql.append(item.types().isEmpty() ? "" : " AND ").append("tags @> ?");
            }
            if (item.matchesAll()) {
                sql.append("true");
            }
            sql.append(')');
        }
        return sql.toString();
    }
}
