package dev.eventstore.examples.bank;

import dev.eventstore.EventStoreException;
import dev.eventstore.jdbc.JdbcEventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The bank's read-model tables, beside the event store's own (in its PostgreSQL schema, or in its
 * SQLite file): how they are made, and every statement that reads or writes them. One text serves
 * both databases: dates are ISO-8601 {@code TEXT} (which sorts as dates do) and money is whole cents
 * in {@code BIGINT} (SQLite has no exact decimal type).
 *
 * <ul>
 *   <li>{@code bank_account} (a view over the live version's table, see {@link StatementProjection}):
 *       one row per account, for statements' headers and account look-ups.</li>
 *   <li>{@code bank_statement_line} (a view likewise): one row per booked transaction or fee, with the
 *       running balance in business-date order.</li>
 *   <li>{@code bank_fee_policy}: the fee policy's state per account (JSON).</li>
 *   <li>{@code bank_snapshot_log}: when each snapshot of an account was taken, for its history.</li>
 * </ul>
 *
 * <p>Every table can be rebuilt from the events, except the snapshot log, which records when
 * snapshots were taken: a fact of this process, not of the accounts.
 */
final class BankTables {

    final String selectAccounts;
    final String selectAccount;
    final String lastBalanceBefore;
    final String selectLines;
    /** {@link #selectLines} and each line's category, which version 2 of the read model adds. */
    final String selectLinesWithCategory;

    final String selectFeeState;
    final String deleteFeeState;
    final String upsertFeeState;

    final String insertSnapshotLog;
    /** {@code stream_id}: the snapshot history of a deleted account. */
    final String deleteSnapshotLog;
    final String selectSnapshotLog;

    private final JdbcEventStore store;
    private final List<String> create = new ArrayList<>();

    private BankTables(JdbcEventStore store) {
        this.store = store;
        String p = store.schema().map(schema -> "\"" + schema + "\".").orElse("");
        // Processes starting at once on PostgreSQL would race to create the same tables.
        store.schema().ifPresent(schema ->
                create.add("SELECT pg_advisory_xact_lock(hashtext('dev.eventstore.examples.bank'))"));
        create.add("CREATE TABLE IF NOT EXISTS " + p + "bank_fee_policy (stream_id TEXT PRIMARY KEY, "
                + "state TEXT NOT NULL)");
        create.add("CREATE TABLE IF NOT EXISTS " + p + "bank_snapshot_log (stream_id TEXT NOT NULL, "
                + "version BIGINT NOT NULL, taken_at TEXT NOT NULL, PRIMARY KEY (stream_id, version))");

        // The accounts and lines are views over the live version of the statement's tables
        // (StatementProjection makes them); readers name columns, as a view's columns change between
        // versions.
        String accounts = "SELECT stream_id, account_number, holder, address, opened_on, opening_balance_cents, "
                + "overdraft_limit_cents FROM " + p + "bank_account";
        selectAccounts = accounts + " ORDER BY account_number";
        selectAccount = accounts + " WHERE account_number = ?";
        lastBalanceBefore = "SELECT balance_cents FROM " + p + "bank_statement_line WHERE stream_id = ? AND "
                + "business_date < ? ORDER BY business_date DESC, position DESC LIMIT 1";
        String lines = "FROM " + p + "bank_statement_line WHERE stream_id = ? AND business_date >= ? "
                + "AND business_date <= ? ORDER BY business_date, position";
        selectLines = "SELECT business_date, description, ref, amount_cents, balance_cents, is_fee, version, position "
                + lines;
        selectLinesWithCategory = "SELECT business_date, description, ref, amount_cents, balance_cents, is_fee, "
                + "version, position, category " + lines;

        selectFeeState = "SELECT state FROM " + p + "bank_fee_policy WHERE stream_id = ?";
        deleteFeeState = "DELETE FROM " + p + "bank_fee_policy WHERE stream_id = ?";
        upsertFeeState = "INSERT INTO " + p + "bank_fee_policy (stream_id, state) VALUES (?, ?) "
                + "ON CONFLICT (stream_id) DO UPDATE SET state = excluded.state";

        deleteSnapshotLog = "DELETE FROM " + p + "bank_snapshot_log WHERE stream_id = ?";
        insertSnapshotLog = "INSERT INTO " + p + "bank_snapshot_log (stream_id, version, taken_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (stream_id, version) DO UPDATE SET taken_at = excluded.taken_at";
        selectSnapshotLog = "SELECT version, taken_at FROM " + p + "bank_snapshot_log WHERE stream_id = ? "
                + "ORDER BY version";
    }

    /**
     * Creates the tables in the store's database, if they do not exist yet.
     *
     * @param store the bank's store
     * @return the tables' statements
     * @throws dev.eventstore.EventStoreException if the tables cannot be created
     */
    static BankTables createIn(JdbcEventStore store) {
        BankTables tables = new BankTables(store);
        store.inTransaction(tx -> {
            try (Statement statement = tx.connection().createStatement()) {
                for (String sql : tables.create) {
                    statement.execute(sql);
                }
            }
            return null;
        });
        return tables;
    }

    /** Reads one value from the current row of a result. */
    interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** Work on a connection. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on a connection of its own, outside any transaction of the store.
     *
     * @param what what the work does, for the message of a failure ("read the accounts")
     * @param work the work
     * @return what the work returns
     * @throws EventStoreException if the database fails
     */
    <T> T read(String what, Work<T> work) {
        try (Connection connection = store.dataSource().getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new EventStoreException("Could not " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param sql a query
     * @param row reads one row
     * @param parameters the query's parameters, in order
     * @return every row the query returns
     */
    static <T> List<T> select(Connection connection, String sql, Row<T> row, Object... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            bind(select, parameters);
            List<T> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(row.read(result));
                }
            }
            return rows;
        }
    }

    /**
     * @param sql a query of one number
     * @param parameters the query's parameters, in order
     * @return the number in the first row; null if there is no row
     */
    static Long firstLong(Connection connection, String sql, Object... parameters) throws SQLException {
        List<Long> rows = select(connection, sql, row -> row.getLong(1), parameters);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * @param sql an insert, update or delete
     * @param parameters its parameters, in order
     */
    static void update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            bind(update, parameters);
            update.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }
}
