package dev.eventstore.examples.bank;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Every SQL statement of the bank's read models, in one place. The tables live next to the event
 * store's own: in its PostgreSQL schema, or in its SQLite file. One text serves both databases:
 * dates are ISO-8601 {@code TEXT} (which sorts as dates do) and money is whole cents in {@code BIGINT}
 * (SQLite has no exact decimal type).
 *
 * <ul>
 *   <li>{@code bank_account}: one row per account, for statements' headers and account look-ups.</li>
 *   <li>{@code bank_statement_line}: one row per booked transaction or fee, with the running balance
 *       in business-date order.</li>
 *   <li>{@code bank_fee_policy}: the fee policy's state per account (JSON).</li>
 *   <li>{@code bank_snapshot_log}: when each snapshot of an account was taken, for its history.</li>
 * </ul>
 */
final class BankSql {

    final String createAccount;
    final String createLine;
    final String createLineIndex;
    final String createFeePolicy;
    final String createSnapshotLog;
    /** Serializes the creation of the tables by processes starting at once; null where not needed. */
    final String schemaLock;

    final String insertAccount;
    final String selectAccount;
    final String selectAccounts;
    final String selectOpeningBalance;
    final String deleteAccounts;

    final String lastBalanceUpTo;
    final String insertLine;
    final String shiftLaterBalances;
    final String lastBalanceBefore;
    final String selectLines;
    final String countLines;
    final String deleteLines;

    final String selectFeeState;
    final String upsertFeeState;
    final String deleteFeeStates;

    final String insertSnapshotLog;
    final String selectSnapshotLog;

    /**
     * @param schema the PostgreSQL schema of the tables, or null for SQLite (no schema)
     */
    BankSql(String schema) {
        String p = schema == null ? "" : "\"" + schema + "\".";
        createAccount = "CREATE TABLE IF NOT EXISTS " + p + "bank_account ("
                + "stream_id TEXT PRIMARY KEY, "
                + "account_number TEXT NOT NULL UNIQUE, "
                + "holder TEXT NOT NULL, "
                + "address TEXT NOT NULL, "
                + "opened_on TEXT NOT NULL, "
                + "opening_balance_cents BIGINT NOT NULL, "
                + "overdraft_limit_cents BIGINT NOT NULL)";
        // The primary key makes a line applied twice an error, never a silent duplicate.
        createLine = "CREATE TABLE IF NOT EXISTS " + p + "bank_statement_line ("
                + "stream_id TEXT NOT NULL, "
                + "position BIGINT NOT NULL, "
                + "version BIGINT NOT NULL, "
                + "business_date TEXT NOT NULL, "
                + "description TEXT NOT NULL, "
                + "ref TEXT NOT NULL, "
                + "amount_cents BIGINT NOT NULL, "
                + "balance_cents BIGINT NOT NULL, "
                + "is_fee INTEGER NOT NULL, "
                + "PRIMARY KEY (stream_id, position))";
        createLineIndex = "CREATE INDEX IF NOT EXISTS bank_statement_line_by_date ON " + p
                + "bank_statement_line (stream_id, business_date, position)";
        createFeePolicy = "CREATE TABLE IF NOT EXISTS " + p + "bank_fee_policy ("
                + "stream_id TEXT PRIMARY KEY, "
                + "state TEXT NOT NULL)";
        createSnapshotLog = "CREATE TABLE IF NOT EXISTS " + p + "bank_snapshot_log ("
                + "stream_id TEXT NOT NULL, "
                + "version BIGINT NOT NULL, "
                + "taken_at TEXT NOT NULL, "
                + "PRIMARY KEY (stream_id, version))";
        schemaLock = schema == null ? null : "SELECT pg_advisory_xact_lock(hashtext('dev.eventstore.examples.bank'))";

        insertAccount = "INSERT INTO " + p + "bank_account (stream_id, account_number, holder, address, opened_on, "
                + "opening_balance_cents, overdraft_limit_cents) VALUES (?, ?, ?, ?, ?, ?, ?)";
        String accountColumns = "SELECT stream_id, account_number, holder, address, opened_on, opening_balance_cents, "
                + "overdraft_limit_cents FROM " + p + "bank_account";
        selectAccount = accountColumns + " WHERE account_number = ?";
        selectAccounts = accountColumns + " ORDER BY account_number";
        selectOpeningBalance = "SELECT opening_balance_cents FROM " + p + "bank_account WHERE stream_id = ?";
        deleteAccounts = "DELETE FROM " + p + "bank_account";

        // Lines are ordered by (business_date, position). A new line has the highest position so far,
        // so it goes after every line of its date and before every line of a later date.
        lastBalanceUpTo = "SELECT balance_cents FROM " + p + "bank_statement_line WHERE stream_id = ? "
                + "AND business_date <= ? ORDER BY business_date DESC, position DESC LIMIT 1";
        insertLine = "INSERT INTO " + p + "bank_statement_line (stream_id, position, version, business_date, "
                + "description, ref, amount_cents, balance_cents, is_fee) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        shiftLaterBalances = "UPDATE " + p + "bank_statement_line SET balance_cents = balance_cents + ? "
                + "WHERE stream_id = ? AND business_date > ?";
        lastBalanceBefore = "SELECT balance_cents FROM " + p + "bank_statement_line WHERE stream_id = ? "
                + "AND business_date < ? ORDER BY business_date DESC, position DESC LIMIT 1";
        selectLines = "SELECT business_date, description, ref, amount_cents, balance_cents, is_fee, version, position "
                + "FROM " + p + "bank_statement_line WHERE stream_id = ? AND business_date >= ? AND business_date <= ? "
                + "ORDER BY business_date, position";
        countLines = "SELECT COUNT(*), COUNT(DISTINCT position) FROM " + p + "bank_statement_line WHERE stream_id = ?";
        deleteLines = "DELETE FROM " + p + "bank_statement_line";

        selectFeeState = "SELECT state FROM " + p + "bank_fee_policy WHERE stream_id = ?";
        upsertFeeState = "INSERT INTO " + p + "bank_fee_policy (stream_id, state) VALUES (?, ?) "
                + "ON CONFLICT (stream_id) DO UPDATE SET state = excluded.state";
        deleteFeeStates = "DELETE FROM " + p + "bank_fee_policy";

        insertSnapshotLog = "INSERT INTO " + p + "bank_snapshot_log (stream_id, version, taken_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (stream_id, version) DO UPDATE SET taken_at = excluded.taken_at";
        selectSnapshotLog = "SELECT version, taken_at FROM " + p + "bank_snapshot_log WHERE stream_id = ? "
                + "ORDER BY version";
    }
}
