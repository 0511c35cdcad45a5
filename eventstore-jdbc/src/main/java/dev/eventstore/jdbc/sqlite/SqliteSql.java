package dev.eventstore.jdbc.sqlite;

import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.jdbc.internal.KeyTableSql;
import dev.eventstore.jdbc.internal.LifecycleSql;
import dev.eventstore.jdbc.internal.ParkedSql;
import dev.eventstore.jdbc.internal.TableSql;
import java.util.Collections;
import java.util.List;

/**
 * Every statement the SQLite store runs, beside the migrations in this package's {@code V*.sql}
 * files. Values are always bind parameters.
 */
final class SqliteSql {

    static final String COLUMNS = "position, stream_id, version, id, type, data, metadata, tags, recorded_at";

    static final String HISTORY = "schema_migrations";
    static final String BEGIN = "BEGIN IMMEDIATE";
    static final String COMMIT = "COMMIT";
    static final String ROLLBACK = "ROLLBACK";

    static final String INSERT_EVENT = "INSERT INTO events (position, stream_id, version, category, id, type, data,"
            + " metadata, tags, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String INSERT_TAG = "INSERT INTO event_tags (tag, position) VALUES (?, ?)";

    static final String REMOVE_TAGS = "DELETE FROM event_tags WHERE position IN (SELECT position FROM events "
            + "WHERE position > ? AND position <= ? AND (? IS NULL OR category = ?))";
    static final String REMOVE_EVENTS = "DELETE FROM events WHERE position > ? AND position <= ? "
            + "AND (? IS NULL OR category = ?)";

    /**
     * After a removal: the marks of streams left without events, but a tombstone's. A stream started
     * again begins at version 1, which a delete's or a truncation's start would hide.
     */
    static final String FORGET_EMPTY_STREAMS = "DELETE FROM streams WHERE NOT tombstoned "
            + "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.stream_id = streams.stream_id)";

    /** Where a stream's reads start: {@code stream_id}. Evaluated once per statement. */
    private static final String VISIBLE_FROM = "coalesce((SELECT visible_from FROM streams WHERE stream_id = ?), 1)";
    // Parameters: stream_id, version, stream_id (for VISIBLE_FROM), limit.
    static final String READ_STREAM_FORWARD = "SELECT " + COLUMNS
            + " FROM events WHERE stream_id = ? AND version >= ? AND version >= " + VISIBLE_FROM
            + " ORDER BY version LIMIT ?";
    static final String READ_STREAM_BACKWARD = "SELECT " + COLUMNS
            + " FROM events WHERE stream_id = ? AND version <= ? AND version >= " + VISIBLE_FROM
            + " ORDER BY version DESC LIMIT ?";
    static final String READ_ALL = "SELECT " + COLUMNS + " FROM events WHERE position > ? ORDER BY position LIMIT ?";
    static final String READ_CATEGORY = "SELECT " + COLUMNS
            + " FROM events WHERE category = ? AND position > ? ORDER BY position LIMIT ?";
    // Appends are serialized, so a stream's positions grow with its versions: version order is
    // position order, and the (stream_id, version) index serves this read.
    static final String READ_STREAM_AFTER = "SELECT " + COLUMNS
            + " FROM events WHERE stream_id = ? AND position > ? ORDER BY version LIMIT ?";
    static final String HEAD_POSITION = "SELECT coalesce(max(position), 0) FROM events";

    /** The stream lifecycle's statements. */
    static final LifecycleSql LIFECYCLE = LifecycleSql.of("events", "streams", "retention", "max", false,
            "DELETE FROM event_tags WHERE position IN (%s)",
            "SELECT p.page_count * s.page_size FROM pragma_page_count() p, pragma_page_size() s",
            // VACUUM rewrites the file without the free pages; the checkpoint then empties the WAL, which
            // holds the rewritten pages until it runs, so that the file on disk shrinks now.
            List.of("VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"),
            List.of("VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"));

    private static final String CHECKPOINT_LOAD = "SELECT position FROM checkpoints WHERE name = ?";

    /** The side tables; a transaction holds the write lock, so a plain select already holds its rows. */
    static final KeyTableSql KEY_TABLE = KeyTableSql.of("subject_keys", "BLOB");

    static final TableSql TABLES = new TableSql(
            CHECKPOINT_LOAD,
            "INSERT INTO checkpoints (name, position, updated_at) VALUES (?, 0, ?) ON CONFLICT (name) DO NOTHING",
            CHECKPOINT_LOAD,
            "INSERT INTO checkpoints (name, position, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) "
                    + "DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at",
            "SELECT version, state_type, schema_version, state, taken_at FROM snapshots WHERE stream_id = ?",
            // Of two racing saves the higher version stays; a save at the same version replaces.
            "INSERT INTO snapshots (stream_id, version, state_type, schema_version, state, taken_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (stream_id) DO UPDATE SET "
                    + "version = excluded.version, state_type = excluded.state_type, "
                    + "schema_version = excluded.schema_version, state = excluded.state, "
                    + "taken_at = excluded.taken_at WHERE snapshots.version <= excluded.version",
            "DELETE FROM snapshots WHERE stream_id = ?",
            "INSERT INTO deadlines (owner, key, due_at, data) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (owner, key) DO UPDATE SET due_at = excluded.due_at, data = excluded.data",
            "DELETE FROM deadlines WHERE owner = ? AND key = ?",
            "SELECT due_at, data FROM deadlines WHERE owner = ? AND key = ?",
            "SELECT key, due_at, data FROM deadlines WHERE owner = ? AND due_at <= ? ORDER BY due_at, key LIMIT ?",
            "SELECT min(due_at) FROM deadlines WHERE owner = ?",
            "DELETE FROM deadlines WHERE owner = ? AND key = ? AND due_at = ?");

    /** The parked events table; a transaction holds the write lock, so a plain select already holds its rows. */
    static final ParkedSql PARKED = ParkedSql.of("parked_events", "parked_events_stream_idx", "INTEGER", "INTEGER", "");

    private SqliteSql() {
    }

    /** Reads the events with these ids; one {@code ?} per id. */
    static String eventsByIds(int count) {
        return "SELECT " + COLUMNS + " FROM events WHERE id IN (" + placeholders(count) + ")";
    }

    /**
     * The read of events matching a query. Parameters: the position to read after, then for each item
     * its types, then for each of its tags the tag and the position again, then the limit.
     */
    static String readQuery(Query query) {
        return "SELECT " + COLUMNS + " FROM events WHERE position > ? AND (" + matching(query, ">")
                + ") ORDER BY position LIMIT ?";
    }

    /**
     * The read of events matching a query, newest first. Parameters: the position to read below, then
     * (unless the query matches every event, which walks the table backward) for each item its types,
     * then for each of its tags the tag and the position again; then the limit.
     */
    static String readBackward(Query query) {
        if (query.matchesAll()) {
            return "SELECT " + COLUMNS + " FROM events WHERE position < ? ORDER BY position DESC LIMIT ?";
        }
        return "SELECT " + COLUMNS + " FROM events WHERE position < ? AND (" + matching(query, "<")
                + ") ORDER BY position DESC LIMIT ?";
    }

    /**
     * The first event matching a query after a position. Parameters: the position, then as for
     * {@link #readQuery}.
     */
    static String firstMatch(Query query) {
        return "SELECT min(position) FROM events WHERE position > ? AND (" + matching(query, ">") + ")";
    }

    /**
     * @param query the query
     * @param bound {@code >} for reads above a position, {@code <} for reads below one: the tag look-ups
     *     repeat the bound so that each reads only its part of the tag's index
     */
    private static String matching(Query query, String bound) {
        StringBuilder sql = new StringBuilder();
        for (QueryItem item : query.items()) {
            if (sql.length() > 0) {
                sql.append(" OR ");
            }
            sql.append('(');
            String and = "";
            if (!item.types().isEmpty()) {
                sql.append("type IN (").append(placeholders(item.types().size())).append(')');
                and = " AND ";
            }
            for (int i = 0; i < item.tags().size(); i++) {
                sql.append(and).append("position IN (SELECT position FROM event_tags WHERE tag = ? AND position ")
                        .append(bound).append(" ?)");
                and = " AND ";
            }
            if (and.isEmpty()) {
                sql.append("1 = 1");
            }
            sql.append(')');
        }
        return sql.toString();
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
