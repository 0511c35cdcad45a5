package dev.eventstore.jdbc.internal;

import java.util.List;

/**
 * Every statement of the stream lifecycle ({@link dev.eventstore.StreamLifecycle}) of one dialect,
 * complete. Not API. The tables come from the migration {@code V*__stream_lifecycle.sql} of each
 * dialect.
 *
 * @param marks {@code stream_id} → {@code visible_from, deleted_version, tombstoned}; no row: none
 * @param saveMarks {@code stream_id, visible_from, deleted_version, tombstoned}: insert or replace
 * @param lastVersion {@code stream_id} → the version of its last recorded event, 0 if none
 * @param streamState {@code stream_id, stream_id} → the last version, {@code deleted_version} and
 *     {@code tombstoned} (null when the stream has no marks), read at one instant
 * @param retentionLoad {@code category} → {@code max_age_micros} (null: none), {@code max_count}
 * @param retentionList → {@code category, max_age_micros, max_count} of every policy
 * @param retentionSave {@code category, max_age_micros, max_count}: insert or replace
 * @param retentionDelete {@code category}
 * @param retainCount {@code max_count, category}: moves the start of each stream of the category up to
 *     its newest {@code max_count} events
 * @param retainAge {@code category, cutoff}: moves the start of each stream of the category past its
 *     events recorded before the cutoff
 * @param remove the statements that remove what stream reads no longer return, run in order in one
 *     transaction; the last one's update count is the number of events removed
 * @param storageBytes → the size of the event log's storage in bytes
 * @param compact the statements that give the space back, run outside a transaction (auto-commit)
 * @param compactFully as {@code compact}, when the caller asks to compact fully
 */
public record LifecycleSql(String marks, String saveMarks, String lastVersion, String streamState,
        String retentionLoad, String retentionList, String retentionSave, String retentionDelete,
        String retainCount, String retainAge, List<String> remove, String storageBytes, List<String> compact,
        List<String> compactFully) {

    /**
     * The statements both dialects share, written over their table names.
     *
     * @param events the events table
     * @param streams the streams table
     * @param retention the retention table
     * @param greatest the function of two arguments that returns the larger ({@code greatest} or {@code max})
     * @param alias true to name the streams table {@code st} in an upsert (PostgreSQL: its name is schema
     *     qualified), false to use its name (SQLite)
     * @param removeFirst a statement that must run before the events are removed (SQLite's tag index),
     *     with {@code %s} where the removed positions' select goes; null if none
     * @param storageBytes the size statement
     * @param compact the compaction statements
     * @param compactFully the full compaction statements
     * @return the statements
     */
    public static LifecycleSql of(String events, String streams, String retention, String greatest, boolean alias,
            String removeFirst, String storageBytes, List<String> compact, List<String> compactFully) {
        String target = alias ? streams + " AS st" : streams;
        String upsertStart = " ON CONFLICT (stream_id) DO UPDATE SET visible_from = " + greatest + "("
                + (alias ? "st" : streams) + ".visible_from, excluded.visible_from)";
        // Every event below its stream's start, except the stream's last: it keeps the stream's version,
        // and the log's last event is always one, so the highest position is never freed and never reused.
        String removable = "SELECT e.position FROM " + streams + " s JOIN " + events
                + " e ON e.stream_id = s.stream_id AND e.version < s.visible_from"
                + " WHERE e.version < (SELECT max(l.version) FROM " + events + " l WHERE l.stream_id = s.stream_id)";
        List<String> remove = removeFirst == null
                ? List.of("DELETE FROM " + events + " WHERE position IN (" + removable + ")")
                : List.of(removeFirst.formatted(removable), "DELETE FROM " + events + " WHERE position IN ("
                        + removable + ")");
        return new LifecycleSql(
                "SELECT visible_from, deleted_version, tombstoned FROM " + streams + " WHERE stream_id = ?",
                "INSERT INTO " + streams + " (stream_id, visible_from, deleted_version, tombstoned) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (stream_id) DO UPDATE SET visible_from = excluded.visible_from,"
                        + " deleted_version = excluded.deleted_version, tombstoned = excluded.tombstoned",
                "SELECT coalesce(max(version), 0) FROM " + events + " WHERE stream_id = ?",
                "SELECT (SELECT coalesce(max(version), 0) FROM " + events + " WHERE stream_id = ?),"
                        + " s.deleted_version, s.tombstoned FROM (SELECT 1 AS one) AS o LEFT JOIN " + streams
                        + " s ON s.stream_id = ?",
                "SELECT max_age_micros, max_count FROM " + retention + " WHERE category = ?",
                "SELECT category, max_age_micros, max_count FROM " + retention + " ORDER BY category",
                "INSERT INTO " + retention + " (category, max_age_micros, max_count) VALUES (?, ?, ?)"
                        + " ON CONFLICT (category) DO UPDATE SET max_age_micros = excluded.max_age_micros,"
                        + " max_count = excluded.max_count",
                "DELETE FROM " + retention + " WHERE category = ?",
                "INSERT INTO " + target + " (stream_id, visible_from) SELECT t.stream_id, t.v FROM"
                        + " (SELECT e.stream_id, max(e.version) + 1 - ? AS v FROM " + events
                        + " e WHERE e.category = ? GROUP BY e.stream_id) t WHERE t.v > 1" + upsertStart,
                "INSERT INTO " + target + " (stream_id, visible_from) SELECT t.stream_id, t.v FROM"
                        + " (SELECT e.stream_id, max(e.version) + 1 AS v FROM " + events
                        + " e WHERE e.category = ? AND e.recorded_at < ? GROUP BY e.stream_id) t WHERE t.v > 1"
                        + upsertStart,
                remove, storageBytes, List.copyOf(compact), List.copyOf(compactFully));
    }
}
