package dev.eventstore.jdbc.internal;

import java.util.List;

/**
 * The statements of the parked events table of one dialect, complete. The table is created on first
 * use ({@code create}, idempotent) rather than by a migration: a store that never parks an event never
 * has it. Not API.
 *
 * @param create the statements that create the table and its index unless they exist
 * @param upsert {@code consumer, position, stream_id, event_type, error, attempts, parked_at,
 *     waiting_behind}: insert or replace
 * @param list {@code consumer} → the columns of {@code upsert} but the consumer, by position
 * @param find {@code consumer, position} → the same columns
 * @param streamLoad {@code consumer, stream_id} → the same columns, by position
 * @param streamLock the same, holding the rows until the transaction ends
 * @param streams {@code consumer} → the distinct {@code stream_id}s
 * @param delete {@code consumer, position}
 */
public record ParkedSql(List<String> create, String upsert, String list, String find, String streamLoad,
        String streamLock, String streams, String delete) {

    /**
     * @param table the table's name, qualified and quoted as the dialect needs
     * @param indexName the index's name, unqualified
     * @param bigint the dialect's 64-bit integer type
     * @param timestamp the dialect's type for times
     * @param lockSuffix what makes a select hold its rows ({@code " FOR UPDATE"}), or empty where a
     *     transaction already holds the database's write lock
     * @return the statements
     */
    public static ParkedSql of(String table, String indexName, String bigint, String timestamp, String lockSuffix) {
        String columns = "position, stream_id, event_type, error, attempts, parked_at, waiting_behind";
        String byStream = "SELECT " + columns + " FROM " + table + " WHERE consumer = ? AND stream_id = ? ORDER BY position";
        return new ParkedSql(
                List.of("CREATE TABLE IF NOT EXISTS " + table + " ("
                                + "consumer text NOT NULL, "
                                + "position " + bigint + " NOT NULL, "
                                + "stream_id text NOT NULL, "
                                + "event_type text NOT NULL, "
                                + "error text, "
                                + "attempts integer NOT NULL, "
                                + "parked_at " + timestamp + " NOT NULL, "
                                + "waiting_behind " + bigint + " NOT NULL, "
                                + "PRIMARY KEY (consumer, position))",
                        "CREATE INDEX IF NOT EXISTS " + indexName + " ON " + table + " (consumer, stream_id, position)"),
                "INSERT INTO " + table + " (consumer, " + columns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (consumer, position) DO UPDATE SET stream_id = excluded.stream_id, "
                        + "event_type = excluded.event_type, error = excluded.error, attempts = excluded.attempts, "
                        + "parked_at = excluded.parked_at, waiting_behind = excluded.waiting_behind",
                "SELECT " + columns + " FROM " + table + " WHERE consumer = ? ORDER BY position",
                "SELECT " + columns + " FROM " + table + " WHERE consumer = ? AND position = ?",
                byStream,
                byStream + lockSuffix,
                "SELECT DISTINCT stream_id FROM " + table + " WHERE consumer = ?",
                "DELETE FROM " + table + " WHERE consumer = ? AND position = ?");
    }
}
