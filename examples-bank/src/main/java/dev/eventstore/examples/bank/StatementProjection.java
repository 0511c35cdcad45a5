package dev.eventstore.examples.bank;

import dev.eventstore.EventFilter;
import dev.eventstore.RecordedEvent;
import dev.eventstore.StreamLifecycle;
import dev.eventstore.examples.bank.AccountEvent.AccountOpened;
import dev.eventstore.examples.bank.AccountEvent.FeeCharged;
import dev.eventstore.examples.bank.AccountEvent.MoneyDeposited;
import dev.eventstore.examples.bank.AccountEvent.MoneyWithdrawn;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcProjection;
import dev.eventstore.jdbc.JdbcProjectionHandler;
import dev.eventstore.jdbc.VersionedProjection;
import dev.eventstore.projection.Projection;
import dev.eventstore.typed.EventTypes;
import dev.eventstore.typed.TypedEvent;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The bank statement as a read model (the query side of CQRS): the accounts and their statement
 * lines in SQL tables of the store's own database, kept up to date from the {@code account}
 * category. {@link AccountQueries} reads them through two stable names, the views
 * {@code bank_account} and {@code bank_statement_line}.
 *
 * <p>The read model has versions ({@link VersionedProjection}): version {@code n} keeps its rows in
 * {@code bank_account_v<n>} and {@code bank_statement_line_v<n>}, the views show the live version's.
 * Version 2 adds a {@code category} to each line (the transaction's type, or {@code fee}). Moving a
 * database from version 1 to 2 is a blue/green rebuild ({@link Bank#upgradeStatement}): version 2 is
 * built from the events beside version 1, which goes on serving and updating, and takes over in one
 * transaction once it has caught up; version 1's tables are then dropped. Readers never see an empty
 * or half-built statement.
 *
 * <p>Each batch of events and the projection's checkpoint commit in one transaction
 * ({@link JdbcProjection}), so every event is applied exactly once, across crashes and restarts. Two
 * processes may run the projection on one database at once (two commands of the command line at the
 * same time): their batches take turns on the checkpoint's row and skip the events it already covers;
 * the lines' primary key would refuse a duplicate anyway.
 *
 * <p>Lines are kept in business-date order with a running balance. Fees are often recorded after
 * later transactions (the fee policy runs behind the writers) yet dated earlier; such a line is put
 * in its place and the balances of the later-dated lines are shifted by its amount, in the same
 * transaction. The statement printed is therefore the same whatever the order in which the fee
 * policy's events landed in the stream.
 */
public final class StatementProjection implements JdbcProjectionHandler {

    /** The projection's name, shared by its versions (whose checkpoints are {@code bank-statement-v<n>}). */
    public static final String NAME = "bank-statement";
    /** The newest version of the read model: what a new database starts with. */
    public static final int LATEST_VERSION = 2;

    private static final String ACCOUNTS = "bank_account";
    private static final String LINES = "bank_statement_line";

    private final EventTypes types;
    private final int version;
    private final VersionedProjection versioned;
    private final String insertAccount;
    private final String selectOpeningBalance;
    private final String deleteAccounts;
    private final String lastBalanceUpTo;
    private final String insertLine;
    private final String shiftLaterBalances;
    private final String deleteLines;
    private final String deleteAccountLines;
    private final String deleteAccount;

    private StatementProjection(EventTypes types, int version, VersionedProjection versioned) {
        this.types = types;
        this.version = version;
        this.versioned = versioned;
        String accounts = versioned.table(ACCOUNTS);
        String lines = versioned.table(LINES);
        insertAccount = "INSERT INTO " + accounts + " (stream_id, account_number, holder, address, opened_on, "
                + "opening_balance_cents, overdraft_limit_cents) VALUES (?, ?, ?, ?, ?, ?, ?)";
        selectOpeningBalance = "SELECT opening_balance_cents FROM " + accounts + " WHERE stream_id = ?";
        deleteAccounts = "DELETE FROM " + accounts;
        // Lines are ordered by (business_date, position). A new line has the highest position so far,
        // so it goes after every line of its date and before every line of a later date.
        lastBalanceUpTo = "SELECT balance_cents FROM " + lines + " WHERE stream_id = ? AND business_date <= ? "
                + "ORDER BY business_date DESC, position DESC LIMIT 1";
        insertLine = "INSERT INTO " + lines + " (stream_id, position, version, business_date, description, ref, "
                + "amount_cents, balance_cents, is_fee" + (version >= 2 ? ", category" : "") + ") VALUES (?, ?, ?, ?, "
                + "?, ?, ?, ?, ?" + (version >= 2 ? ", ?" : "") + ")";
        shiftLaterBalances = "UPDATE " + lines + " SET balance_cents = balance_cents + ? "
                + "WHERE stream_id = ? AND business_date > ?";
        deleteLines = "DELETE FROM " + lines;
        deleteAccountLines = deleteLines + " WHERE stream_id = ?";
        deleteAccount = deleteAccounts + " WHERE stream_id = ?";
    }

    /**
     * @param store the bank's store
     * @param types the account events
     * @param version the read model's version, 1 to {@value #LATEST_VERSION}
     * @return that version of the statement
     * @throws IllegalArgumentException if there is no such version
     */
    static StatementProjection version(JdbcEventStore store, EventTypes types, int version) {
        if (version < 1 || version > LATEST_VERSION) {
            throw new IllegalArgumentException("the statement read model has versions 1 to " + LATEST_VERSION
                    + ", not " + version);
        }
        StatementProjection[] made = new StatementProjection[1];
        VersionedProjection versioned = VersionedProjection.builder(NAME, version, store)
                .filter(EventFilter.category(Bank.CATEGORY))
                .views(ACCOUNTS, LINES)
                .create(StatementProjection::createTables)
                .handler(v -> made[0] = new StatementProjection(types, version, v))
                .build();
        return made[0];
    }

    /**
     * Drops the statement tables of a database made before the read model had versions (they were
     * tables named like today's views, with the checkpoint {@value #NAME}), so that the versioned
     * model is built from the events in their place. Readers see no statement until it has caught up:
     * once, at the first start of this build on such a database.
     *
     * @param store the bank's store
     * @return true if there were such tables
     * @throws dev.eventstore.EventStoreException if the database fails; nothing is dropped
     */
    static boolean dropUnversioned(JdbcEventStore store) {
        if (store.checkpointStore().load(NAME) == 0) {
            return false;
        }
        String prefix = store.schema().map(schema -> "\"" + schema + "\".").orElse("");
        return store.inTransaction(tx -> {
            if (store.checkpointStore().within(tx).load(NAME) == 0) {
                return false; // another process did it
            }
            try (Statement statement = tx.connection().createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + prefix + LINES);
                statement.execute("DROP TABLE IF EXISTS " + prefix + ACCOUNTS);
                statement.execute("DELETE FROM " + prefix + "checkpoints WHERE name = '" + NAME + "'");
            }
            return true;
        });
    }

    /** @return this version of the read model, with its tables, checkpoint and switch */
    public VersionedProjection versioned() {
        return versioned;
    }

    /** @return the read model's version */
    public int version() {
        return version;
    }

    /**
     * @return the projection to run with a {@link dev.eventstore.projection.ProjectionRunner}: this
     *     handler over the {@code account} category, each batch in one transaction with the
     *     checkpoint, safe with other processes running it at the same time
     */
    public Projection projection() {
        return versioned.projection();
    }

    private static void createTables(Connection connection, VersionedProjection v) throws SQLException {
        List<String> create = List.of(
                "CREATE TABLE IF NOT EXISTS " + v.table(ACCOUNTS) + " (stream_id TEXT PRIMARY KEY, "
                        + "account_number TEXT NOT NULL UNIQUE, holder TEXT NOT NULL, address TEXT NOT NULL, "
                        + "opened_on TEXT NOT NULL, opening_balance_cents BIGINT NOT NULL, "
                        + "overdraft_limit_cents BIGINT NOT NULL)",
                // The primary key makes a line applied twice an error, never a silent duplicate.
                "CREATE TABLE IF NOT EXISTS " + v.table(LINES) + " (stream_id TEXT NOT NULL, "
                        + "position BIGINT NOT NULL, version BIGINT NOT NULL, business_date TEXT NOT NULL, "
                        + "description TEXT NOT NULL, ref TEXT NOT NULL, amount_cents BIGINT NOT NULL, "
                        + "balance_cents BIGINT NOT NULL, is_fee INTEGER NOT NULL"
                        + (v.version() >= 2 ? ", category TEXT NOT NULL" : "") + ", PRIMARY KEY (stream_id, position))",
                "CREATE INDEX IF NOT EXISTS " + LINES + "_v" + v.version() + "_by_date ON " + v.table(LINES)
                        + " (stream_id, business_date, position)");
        try (Statement statement = connection.createStatement()) {
            for (String sql : create) {
                statement.execute(sql);
            }
        }
    }

    @Override
    public void apply(List<RecordedEvent> events, Connection connection) throws SQLException {
        for (RecordedEvent recorded : events) {
            if (recorded.type().equals(StreamLifecycle.STREAM_TOMBSTONED)) {
                // The account was deleted (Bank#deleteAccount): its statement goes with it.
                BankTables.update(connection, deleteAccountLines, recorded.streamId());
                BankTables.update(connection, deleteAccount, recorded.streamId());
                continue;
            }
            Optional<AccountEvent> decoded = types.decode(recorded, AccountEvent.class).map(TypedEvent::event);
            if (decoded.isEmpty()) {
                continue;
            }
            AccountEvent event = decoded.get();
            if (event instanceof AccountOpened opened) {
                BankTables.update(connection, insertAccount, recorded.streamId(), opened.accountNumber(),
                        opened.holder(), String.join("\n", opened.address()), opened.openedOn().toString(),
                        Money.toCents(opened.openingBalance()), Money.toCents(opened.overdraftLimit()));
            } else if (event instanceof MoneyDeposited deposited) {
                insertLine(connection, recorded, event, deposited.description(), deposited.ref(),
                        category(deposited.type()));
            } else if (event instanceof MoneyWithdrawn withdrawn) {
                insertLine(connection, recorded, event, withdrawn.description(), withdrawn.ref(),
                        category(withdrawn.type()));
            } else if (event instanceof FeeCharged fee) {
                insertLine(connection, recorded, event, fee.description(), "", "fee");
            }
            // DayClosed and AccountClosed change no line.
        }
    }

    /** Empties this version's tables, for an in-place rebuild (readers see them empty meanwhile). */
    @Override
    public void reset(Connection connection) throws SQLException {
        BankTables.update(connection, deleteLines);
        BankTables.update(connection, deleteAccounts);
    }

    private static String category(TransactionType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    private void insertLine(Connection connection, RecordedEvent recorded, AccountEvent event, String description,
            String ref, String category) throws SQLException {
        String streamId = recorded.streamId();
        String date = event.businessDate().toString();
        long amount = Money.toCents(event.balanceChange());
        Long before = BankTables.firstLong(connection, lastBalanceUpTo, streamId, date);
        if (before == null) {
            before = BankTables.firstLong(connection, selectOpeningBalance, streamId);
            if (before == null) {
                throw new IllegalStateException("the statement has no opening of " + streamId + " before its event at "
                        + "version " + recorded.version());
            }
        }
        int fee = event instanceof FeeCharged ? 1 : 0;
        if (version >= 2) {
            BankTables.update(connection, insertLine, streamId, recorded.position(), recorded.version(), date,
                    description, ref, amount, before + amount, fee, category);
        } else {
            BankTables.update(connection, insertLine, streamId, recorded.position(), recorded.version(), date,
                    description, ref, amount, before + amount, fee);
        }
        BankTables.update(connection, shiftLaterBalances, amount, streamId, date);
    }
}
