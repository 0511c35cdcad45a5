package dev.eventstore.jdbc.postgres;

import dev.eventstore.Query;
import dev.eventstore.QueryItem;

/**
 * Every statement the PostgreSQL store runs, for one schema. The schema name is checked and quoted
 * before it gets here; every other value is a bind parameter.
 */
final class PostgresSql {


    /**
     * The horizon as a filter, not an index bound: with both {@code position > ?} and
     * {@code position < horizon} as bounds, the planner guesses that few rows qualify and prefers a
     * bitmap scan plus a sort of every qualifying row, which makes each page cost as much as the whole
     * log. {@code position + 0} keeps the ordered index scan that a LIMIT stops early, and the
     * sub-select computes the horizon once per statement, not once per row.
     */
    private final String belowHorizon;

    private static final String COLUMNS =
            "position, stream_id, version, id, type, data::text, metadata::text, tags, recorded_at";

    final String schema;
    /**
     * Log readers see only events of transactions below the oldest running one: nothing can commit
     * later below this bound. See {@link PostgresEventStore} for why.
     */
    final String horizon;
    final String positionBase;
    final String events;
    final String history;
    final String createHistory;
    final String createSchema;
    final String append;
    final String readStreamForward;
    final String readStreamBackward;
    final String readAll;
    final String readCategory;
    final String readStreamAfter;
    final String eventsByIds;
    final String streamVersion;
    final String headPosition;
    /** How far the stored positions are ahead of the current transaction id: positive after a restore. */
    final String positionsAhead;
    final String raiseBase;
    final String lockEvents;

    /** @param quotedSchema the schema name, already checked and double-quoted */
    PostgresSql(String quotedSchema) {
        schema = quotedSchema;
        positionBase = quotedSchema + ".position_base";
        horizon = "(SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint + b.xid_offset) << 16 FROM "
                + positionBase + " b)";
        belowHorizon = "position + 0 < " + horizon;
        events = quotedSchema + ".events";
        history = quotedSchema + ".schema_migrations";
        createSchema = "CREATE SCHEMA IF NOT EXISTS " + quotedSchema;
        createHistory = "CREATE TABLE IF NOT EXISTS " + history
                + " (version integer PRIMARY KEY, description text NOT NULL, applied_at text NOT NULL)";
        append = "SELECT status, stream_version, last_position, recorded_at FROM " + quotedSchema
                + ".append_events(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        readStreamForward = "SELECT " + COLUMNS + " FROM " + events
                + " WHERE stream_id = ? AND version >= ? ORDER BY version LIMIT ?";
        readStreamBackward = "SELECT " + COLUMNS + " FROM " + events
                + " WHERE stream_id = ? AND version <= ? ORDER BY version DESC LIMIT ?";
        readAll = "SELECT " + COLUMNS + " FROM " + events
                + " WHERE position > ? AND " + belowHorizon + " ORDER BY position LIMIT ?";
        readCategory = "SELECT " + COLUMNS + " FROM " + events
                + " WHERE category = ? AND position > ? AND " + belowHorizon + " ORDER BY position LIMIT ?";
        // A stream's positions grow with its versions (the append function enforces it), so version
        // order is position order and the (stream_id, version) index serves this read.
        readStreamAfter = "SELECT " + COLUMNS + " FROM " + events
                + " WHERE stream_id = ? AND position > ? AND " + belowHorizon + " ORDER BY version LIMIT ?";
        eventsByIds = "SELECT " + COLUMNS + " FROM " + events + " WHERE id = ANY (?)";
        streamVersion = "SELECT coalesce(max(version), 0) FROM " + events + " WHERE stream_id = ?";
        headPosition = "SELECT coalesce(max(position), 0) FROM " + events + " WHERE position < " + horizon;
        // The next transaction id, read from the snapshot so that asking does not take one.
        positionsAhead = "SELECT ((SELECT coalesce(max(position), 0) FROM " + events + ") >> 16) "
                + "- (pg_snapshot_xmax(pg_current_snapshot())::text::bigint + b.xid_offset) FROM " + positionBase + " b";
        raiseBase = "UPDATE " + positionBase + " SET xid_offset = xid_offset + ?";
        lockEvents = "LOCK TABLE " + events + " IN EXCLUSIVE MODE";
    }

    /**
     * The read of events matching a query. Parameters: the position to read after, then for each item
     * its types array (if it has types) and its tags array (if it has tags), then the limit.
     */
    String readQuery(Query query) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM ").append(events)
                .append(" WHERE position > ? AND ").append(belowHorizon).append(" AND (");
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
