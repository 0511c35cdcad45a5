package dev.eventstore.jdbc.sqlite;

import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import java.util.Collections;

/** Every statement the SQLite store runs. Values are always bind parameters. */
final class SqliteSql {

    static final String COLUMNS = "position, stream_id, version, id, type, data, metadata, tags, recorded_at";

    static final String HISTORY = "schema_migrations";
    static final String CREATE_HISTORY = "CREATE TABLE IF NOT EXISTS " + HISTORY
            + " (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)";

    static final String INSERT_EVENT = "INSERT INTO events (position, stream_id, version, category, id, type, data,"
            + " metadata, tags, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String INSERT_TAG = "INSERT INTO event_tags (tag, position) VALUES (?, ?)";

    static final String READ_STREAM_FORWARD = "SELECT " + COLUMNS
            + " FROM events WHERE stream_id = ? AND version >= ? ORDER BY version LIMIT ?";
    static final String READ_STREAM_BACKWARD = "SELECT " + COLUMNS
            + " FROM events WHERE stream_id = ? AND version <= ? ORDER BY version DESC LIMIT ?";
    static final String READ_ALL = "SELECT " + COLUMNS + " FROM events WHERE position > ? ORDER BY position LIMIT ?";
    static final String READ_CATEGORY = "SELECT " + COLUMNS
            + " FROM events WHERE category = ? AND position > ? ORDER BY position LIMIT ?";
    // Appends are serialized, so a stream's positions grow with its versions: version order is
    // position order, and the (stream_id, version) index serves this read.
    static final String READ_STREAM_AFTER = "SELECT " + COLUMNS
            + " FROM events WHERE stream_id = ? AND position > ? ORDER BY version LIMIT ?";
    static final String STREAM_VERSION = "SELECT coalesce(max(version), 0) FROM events WHERE stream_id = ?";
    static final String HEAD_POSITION = "SELECT coalesce(max(position), 0) FROM events";

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
        return "SELECT " + COLUMNS + " FROM events WHERE position > ? AND (" + matching(query)
                + ") ORDER BY position LIMIT ?";
    }

    /**
     * The first event matching a query after a position. Parameters: the position, then as for
     * {@link #readQuery}.
     */
    static String firstMatch(Query query) {
        return "SELECT min(position) FROM events WHERE position > ? AND (" + matching(query) + ")";
    }

    private static String matching(Query query) {
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
                sql.append(and).append("position IN (SELECT position FROM event_tags WHERE tag = ? AND position > ?)");
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
