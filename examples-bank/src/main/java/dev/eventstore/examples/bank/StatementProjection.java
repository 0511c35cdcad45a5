package dev.eventstore.examples.bank;

import dev.eventstore.EventFilter;
import dev.eventstore.EventStoreException;
import dev.eventstore.RecordedEvent;
import dev.eventstore.examples.bank.AccountEvent.AccountOpened;
import dev.eventstore.examples.bank.AccountEvent.FeeCharged;
import dev.eventstore.examples.bank.AccountEvent.MoneyDeposited;
import dev.eventstore.examples.bank.AccountEvent.MoneyWithdrawn;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcProjection;
import dev.eventstore.jdbc.JdbcProjectionHandler;
import dev.eventstore.projection.Projection;
import dev.eventstore.typed.EventTypes;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The bank statement as a read model (the query side of CQRS): the accounts and their statement
 * lines in SQL tables of the store's own database, kept up to date from the {@code account} category.
 * Each batch of events and the projection's checkpoint commit in one transaction (as with
 * {@link dev.eventstore.jdbc.JdbcProjection}, which can run this handler too), so every event is
 * applied exactly once, across crashes and restarts.
 *
 * <p>Two processes may run the projection on one database at once (two commands of the command line
 * at the same time). {@link dev.eventstore.jdbc.JdbcProjection} makes their batches take turns on the
 * checkpoint's row and skip the events it already covers; the lines' primary key would refuse a
 * duplicate anyway.
 *
 * <p>Lines are kept in business-date order with a running balance. Fees are often recorded after
 * later transactions (the fee policy runs behind the writers) yet dated earlier; such a line is put
 * in its place and the balances of the later-dated lines are shifted by its amount, in the same
 * transaction. The statement printed is therefore the same whatever the order in which the fee
 * policy's events landed in the stream.
 */
public final class StatementProjection implements JdbcProjectionHandler {

    /** The projection's name, also its checkpoint's. */
    public static final String NAME = "bank-statement";

    private final JdbcEventStore store;
    private final EventTypes types;
    private final BankSql sql;

    StatementProjection(JdbcEventStore store, EventTypes types, BankSql sql) {
        this.store = store;
        this.types = types;
        this.sql = sql;
    }

    /**
     * @return the projection to run with a {@link dev.eventstore.projection.ProjectionRunner}: this
     *     handler over the {@code account} category, each batch in one transaction with the
     *     checkpoint, safe with other processes running it at the same time
     */
    public Projection projection() {
        return JdbcProjection.builder(NAME, store).filter(EventFilter.category(Bank.CATEGORY)).handler(this).build();
    }

    @Override
    public void apply(List<RecordedEvent> events, Connection connection) throws SQLException {
        for (RecordedEvent recorded : events) {
            Optional<AccountEvent> decoded = types.decode(recorded, AccountEvent.class).map(e -> e.event());
            if (decoded.isEmpty()) {
                continue;
            }
            AccountEvent event = decoded.get();
            if (event instanceof AccountOpened opened) {
                insertAccount(connection, recorded.streamId(), opened);
            } else if (event instanceof MoneyDeposited deposited) {
                insertLine(connection, recorded, deposited.date(), deposited.description(), deposited.ref(),
                        event.balanceChange(), false);
            } else if (event instanceof MoneyWithdrawn withdrawn) {
                insertLine(connection, recorded, withdrawn.date(), withdrawn.description(), withdrawn.ref(),
                        event.balanceChange(), false);
            } else if (event instanceof FeeCharged fee) {
                insertLine(connection, recorded, fee.date(), fee.description(), "", event.balanceChange(), true);
            }
            // DayClosed changes no line.
        }
    }

    @Override
    public void reset(Connection connection) throws SQLException {
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql.deleteLines);
            statement.executeUpdate(sql.deleteAccounts);
        }
    }

    private void insertAccount(Connection connection, String streamId, AccountOpened opened) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql.insertAccount)) {
            insert.setString(1, streamId);
            insert.setString(2, opened.accountNumber());
            insert.setString(3, opened.holder());
            insert.setString(4, String.join("\n", opened.address()));
            insert.setString(5, opened.openedOn().toString());
            insert.setLong(6, Money.toCents(opened.openingBalance()));
            insert.setLong(7, Money.toCents(opened.overdraftLimit()));
            insert.executeUpdate();
        }
    }

    private void insertLine(Connection connection, RecordedEvent recorded, LocalDate date, String description,
            String ref, BigDecimal change, boolean fee) throws SQLException {
        String streamId = recorded.streamId();
        long amount = Money.toCents(change);
        Long before = firstLong(connection, sql.lastBalanceUpTo, streamId, date.toString());
        if (before == null) {
            before = firstLong(connection, sql.selectOpeningBalance, streamId);
            if (before == null) {
                throw new IllegalStateException("the statement has no opening of " + streamId + " before its event at "
                        + "version " + recorded.version());
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(sql.insertLine)) {
            insert.setString(1, streamId);
            insert.setLong(2, recorded.position());
            insert.setLong(3, recorded.version());
            insert.setString(4, date.toString());
            insert.setString(5, description);
            insert.setString(6, ref);
            insert.setLong(7, amount);
            insert.setLong(8, before + amount);
            insert.setInt(9, fee ? 1 : 0);
            insert.executeUpdate();
        }
        try (PreparedStatement shift = connection.prepareStatement(sql.shiftLaterBalances)) {
            shift.setLong(1, amount);
            shift.setString(2, streamId);
            shift.setString(3, date.toString());
            shift.executeUpdate();
        }
    }

    // ------------------------------------------------------------------------------ queries

    /**
     * @param accountNumber an account number
     * @return the account, if the projection has seen it opened
     * @throws EventStoreException if the database cannot be read
     */
    public Optional<AccountInfo> account(String accountNumber) {
        return query("read account " + accountNumber, connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql.selectAccount)) {
                select.setString(1, accountNumber);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(accountInfo(rows)) : Optional.empty();
                }
            }
        });
    }

    /**
     * @return every account the projection has seen opened, by number
     * @throws EventStoreException if the database cannot be read
     */
    public List<AccountInfo> accounts() {
        return query("read the accounts", connection -> {
            List<AccountInfo> accounts = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql.selectAccounts);
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    accounts.add(accountInfo(rows));
                }
            }
            return accounts;
        });
    }

    /**
     * Reads a statement. The lines come from one query, so they are consistent with each other even
     * while the projection writes; the previous balance is derived from the first of them.
     *
     * @param account the account
     * @param from the period's first day, after the account's opening date
     * @param to the period's last day, not before {@code from}
     * @return the statement, as far as the projection has got
     * @throws IllegalArgumentException if the period is empty or starts on or before the opening date
     * @throws EventStoreException if the database cannot be read
     */
    public Statement statement(AccountInfo account, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("a statement period ends on or after its start, but " + to
                    + " is before " + from);
        }
        if (!from.isAfter(account.openedOn())) {
            throw new IllegalArgumentException("account " + account.accountNumber() + " opened on " + account.openedOn()
                    + " with " + Money.plain(account.openingBalance()) + "; a statement starts on "
                    + account.openedOn().plusDays(1) + " at the earliest, not " + from);
        }
        return query("read the statement of account " + account.accountNumber(), connection -> {
            List<Statement.Line> lines = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql.selectLines)) {
                select.setString(1, account.streamId());
                select.setString(2, from.toString());
                select.setString(3, to.toString());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        lines.add(new Statement.Line(LocalDate.parse(rows.getString(1)), rows.getString(2),
                                rows.getString(3), Money.ofCents(rows.getLong(4)), Money.ofCents(rows.getLong(5)),
                                rows.getInt(6) != 0, rows.getLong(7), rows.getLong(8)));
                    }
                }
            }
            BigDecimal previous;
            if (!lines.isEmpty()) {
                previous = lines.get(0).balance().subtract(lines.get(0).amount());
            } else {
                Long before = firstLong(connection, sql.lastBalanceBefore, account.streamId(), from.toString());
                previous = before == null ? account.openingBalance() : Money.ofCents(before);
            }
            return new Statement(account, from, to, previous, lines);
        });
    }

    /**
     * @param streamId an account's stream
     * @return the number of statement lines and of distinct positions among them: equal unless an
     *     event was applied twice
     */
    long[] lineCounts(String streamId) {
        return query("count statement lines", connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql.countLines)) {
                select.setString(1, streamId);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return new long[] {rows.getLong(1), rows.getLong(2)};
                }
            }
        });
    }

    private static AccountInfo accountInfo(ResultSet rows) throws SQLException {
        String address = rows.getString(4);
        return new AccountInfo(rows.getString(1), rows.getString(2), rows.getString(3),
                address.isEmpty() ? List.of() : Arrays.asList(address.split("\n")), LocalDate.parse(rows.getString(5)),
                Money.ofCents(rows.getLong(6)), Money.ofCents(rows.getLong(7)));
    }

    private static Long firstLong(Connection connection, String query, String... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }

    private interface Query<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T query(String what, Query<T> query) {
        try (Connection connection = store.dataSource().getConnection()) {
            return query.run(connection);
        } catch (SQLException e) {
            throw new EventStoreException("Could not " + what + ": " + e.getMessage(), e);
        }
    }
}
