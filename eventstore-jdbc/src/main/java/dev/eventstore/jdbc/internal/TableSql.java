package dev.eventstore.jdbc.internal;

/**
 * Every statement of the side tables (checkpoints, snapshots, deadlines) of one dialect, complete.
 * Not API.
 *
 * @param checkpointLoad {@code name} → {@code position}
 * @param checkpointCreate {@code name, updated_at}: inserts position 0 unless the row exists
 * @param checkpointLock {@code name} → {@code position}, holding the row until the transaction ends
 * @param checkpointSave {@code name, position, updated_at}: insert or replace
 * @param snapshotLoad {@code stream_id} → {@code version, state_type, schema_version, state, taken_at}
 * @param snapshotSave {@code stream_id, version, state_type, schema_version, state, taken_at}: insert, or
 *     replace one at the same or a lower version
 * @param snapshotDelete {@code stream_id}
 * @param deadlineSchedule {@code owner, key, due_at, data}: insert or replace
 * @param deadlineCancel {@code owner, key}
 * @param deadlineFind {@code owner, key} → {@code due_at, data}
 * @param deadlineDue {@code owner, due_at (now), limit} → {@code key, due_at, data}, earliest first
 * @param deadlineNext {@code owner} → the earliest {@code due_at}, or null
 * @param deadlineClaim {@code owner, key, due_at}: deletes it if still scheduled so
 */
public record TableSql(String checkpointLoad, String checkpointCreate, String checkpointLock, String checkpointSave,
        String snapshotLoad, String snapshotSave, String snapshotDelete, String deadlineSchedule,
        String deadlineCancel, String deadlineFind, String deadlineDue, String deadlineNext, String deadlineClaim) {
}
