package dev.eventstore.jdbc.internal;

import java.util.List;

/**
 * Every statement of the consumer groups' lease tables, for one dialect. The tables are created on
 * demand ({@link #create()}), not by a migration: a store that runs no consumer group never has them.
 * Times are epoch milliseconds of the members' clocks. Not API.
 *
 * <p>{@code group_members (group_name, member, expires_at)} holds each member's heartbeat;
 * {@code group_leases (group_name, partition_no, owner, epoch, expires_at)} each partition's lease,
 * {@code owner} null once released.
 *
 * @param create the {@code CREATE TABLE IF NOT EXISTS} statements, in order
 * @param memberBeat {@code group_name, member, expires_at}: insert or replace
 * @param members {@code group_name, now} → {@code member}, sorted
 * @param memberLeave {@code group_name, member}
 * @param leaseCreate {@code group_name, partition_no}: inserts a free lease at epoch 0 unless the row exists
 * @param leaseTake {@code owner, expires_at, group_name, partition_no, now}: takes a free lease, raising its epoch
 * @param leaseEpoch {@code group_name, partition_no, owner} → {@code epoch}
 * @param leaseRenew {@code expires_at, group_name, owner}
 * @param leasesHeld {@code group_name, owner} → {@code partition_no, epoch}
 * @param leaseRelease {@code group_name, partition_no, owner, epoch}
 * @param leasesAll {@code group_name} → {@code partition_no, owner, epoch, expires_at}, by partition
 * @param leaseHolds {@code group_name, partition_no, owner} → {@code epoch}, on PostgreSQL holding the row
 *     for share until the transaction ends
 */
public record LeaseSql(List<String> create, String memberBeat, String members, String memberLeave,
        String leaseCreate, String leaseTake, String leaseEpoch, String leaseRenew, String leasesHeld,
        String leaseRelease, String leasesAll, String leaseHolds) {

    /**
     * @param quotedSchema PostgreSQL's schema, checked and double-quoted; null for SQLite
     * @return the statements
     */
    public static LeaseSql of(String quotedSchema) {
        String prefix = quotedSchema == null ? "" : quotedSchema + ".";
        String members = prefix + "group_members";
        String leases = prefix + "group_leases";
        String text = quotedSchema == null ? "TEXT" : "text";
        return new LeaseSql(
                List.of("CREATE TABLE IF NOT EXISTS " + members + " (group_name " + text + " NOT NULL, member " + text
                                + " NOT NULL, expires_at BIGINT NOT NULL, PRIMARY KEY (group_name, member))",
                        "CREATE TABLE IF NOT EXISTS " + leases + " (group_name " + text + " NOT NULL, partition_no "
                                + "INTEGER NOT NULL, owner " + text + ", epoch BIGINT NOT NULL, expires_at BIGINT NOT "
                                + "NULL, PRIMARY KEY (group_name, partition_no))"),
                "INSERT INTO " + members + " (group_name, member, expires_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (group_name, member) DO UPDATE SET expires_at = excluded.expires_at",
                "SELECT member FROM " + members + " WHERE group_name = ? AND expires_at > ? ORDER BY member",
                "DELETE FROM " + members + " WHERE group_name = ? AND member = ?",
                "INSERT INTO " + leases + " (group_name, partition_no, owner, epoch, expires_at) VALUES (?, ?, NULL, 0, 0) "
                        + "ON CONFLICT (group_name, partition_no) DO NOTHING",
                "UPDATE " + leases + " SET owner = ?, epoch = epoch + 1, expires_at = ? WHERE group_name = ? "
                        + "AND partition_no = ? AND (owner IS NULL OR expires_at <= ?)",
                "SELECT epoch FROM " + leases + " WHERE group_name = ? AND partition_no = ? AND owner = ?",
                "UPDATE " + leases + " SET expires_at = ? WHERE group_name = ? AND owner = ?",
                "SELECT partition_no, epoch FROM " + leases + " WHERE group_name = ? AND owner = ?",
                "UPDATE " + leases + " SET owner = NULL, expires_at = 0 WHERE group_name = ? AND partition_no = ? "
                        + "AND owner = ? AND epoch = ?",
                "SELECT partition_no, owner, epoch, expires_at FROM " + leases + " WHERE group_name = ? "
                        + "ORDER BY partition_no",
                "SELECT epoch FROM " + leases + " WHERE group_name = ? AND partition_no = ? AND owner = ?"
                        + (quotedSchema == null ? "" : " FOR SHARE"));
    }
}
