package dev.eventstore.examples.bank;

import dev.eventstore.Direction;
import dev.eventstore.RecordedEvent;
import dev.eventstore.aggregate.AggregateState;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.Decider;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.typed.EventTypes;
import dev.eventstore.typed.TypedEvent;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The read side of the bank: what can be asked of an account, answered in one of two ways.
 *
 * <ul>
 *   <li><b>From the events</b>, folded by the {@link AccountDecider}'s own {@code evolve}: the
 *       balance now and after any version (the command handler's fold, from the latest usable
 *       snapshot), at the end of any business day, and the history with the balance after each event
 *       (both through {@link #replay}, the one fold written here). These are always up to date.</li>
 *   <li><b>From the read model</b> the {@link StatementProjection} keeps in SQL tables: the accounts
 *       and their statements. These are as fresh as the projection; {@link Bank#awaitAccount} waits
 *       until it has caught up.</li>
 * </ul>
 */
public final class AccountQueries {

    private final JdbcEventStore store;
    private final EventTypes types;
    private final Decider<AccountCommand, Account, AccountEvent> decider;
    private final CommandHandler<AccountCommand, Account, AccountEvent> accounts;
    private final RecordingSnapshotStore snapshots;
    private final BankTables tables;
    /** The version of the statement's read model this process last knew live: 2 and later have categories. */
    private final IntSupplier statementVersion;

    AccountQueries(JdbcEventStore store, EventTypes types, Decider<AccountCommand, Account, AccountEvent> decider,
            CommandHandler<AccountCommand, Account, AccountEvent> accounts, RecordingSnapshotStore snapshots,
            BankTables tables, IntSupplier statementVersion) {
        this.statementVersion = statementVersion;
        this.store = store;
        this.types = types;
        this.decider = decider;
        this.accounts = accounts;
        this.snapshots = snapshots;
        this.tables = tables;
    }

    // ------------------------------------------------------------------------------ from the events

    /**
     * @param accountNumber an account
     * @return its current state and version, as the command handler loads it (latest snapshot plus
     *     the events after it); the initial state at version 0 if the account does not exist
     * @throws IllegalArgumentException if the number is not digits and dashes
     */
    public AggregateState<Account> state(String accountNumber) {
        return accounts.load(Bank.streamId(accountNumber));
    }

    /**
     * The state as of a version of the account's stream (a snapshot at or below it is used).
     *
     * @param accountNumber an account
     * @param version a version, from 1
     * @return the state after that event
     * @throws IllegalArgumentException if the account does not exist or the version is out of range
     */
    public AggregateState<Account> stateAt(String accountNumber, long version) {
        String streamId = Bank.streamId(accountNumber);
        long current = store.streamVersion(streamId);
        if (current == 0) {
            throw noSuchAccount(accountNumber);
        }
        if (version < 1 || version > current) {
            throw new IllegalArgumentException("version must be between 1 and " + current + " (the account's "
                    + "latest), was: " + version);
        }
        return accounts.stateAt(streamId, version);
    }

    /**
     * The balance at the end of a business day: the fold over the events booked on or before that
     * date, whenever they were recorded (a fee recorded later but dated earlier counts).
     *
     * @param accountNumber an account
     * @param date a business date, on or after the opening
     * @return the balance
     * @throws IllegalArgumentException if the account does not exist or had not opened by then
     */
    public BigDecimal balanceAsOf(String accountNumber, LocalDate date) {
        Checks.notNull("date", date);
        List<AccountEvent> events = existing(accountNumber).stream().map(TypedEvent::event).toList();
        LocalDate openedOn = events.get(0).businessDate();
        if (date.isBefore(openedOn)) {
            throw new IllegalArgumentException("account " + accountNumber + " opened on " + openedOn + ", after "
                    + date);
        }
        List<Account> states = replay(events.stream().filter(event -> !event.businessDate().isAfter(date)).toList());
        return states.get(states.size() - 1).balance();
    }

    /**
     * @param accountNumber an account
     * @return every event of the account, oldest first, with the balance after each and where
     *     snapshots were taken
     * @throws IllegalArgumentException if the account does not exist
     */
    public List<HistoryEntry> history(String accountNumber) {
        List<TypedEvent<AccountEvent>> events = existing(accountNumber);
        List<Account> states = replay(events.stream().map(TypedEvent::event).toList());
        Map<Long, Instant> snapshotsTaken = snapshots.taken(Bank.streamId(accountNumber));
        List<HistoryEntry> history = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            TypedEvent<AccountEvent> event = events.get(i);
            history.add(new HistoryEntry(event.recorded(), event.event(), event.metadata(), states.get(i).balance(),
                    Optional.ofNullable(snapshotsTaken.get(event.version()))));
        }
        return history;
    }

    /**
     * @param accountNumber an account
     * @param fromVersion the first version to read, from 1
     * @return the account's events from that version on, oldest first; empty if there are none
     * @throws IllegalArgumentException if the number is not digits and dashes
     */
    public List<TypedEvent<AccountEvent>> events(String accountNumber, long fromVersion) {
        try (Stream<RecordedEvent> events = store.readStream(Bank.streamId(accountNumber), fromVersion,
                Long.MAX_VALUE, Direction.FORWARD)) {
            return events.map(event -> types.decode(event, AccountEvent.class).orElseThrow()).toList();
        }
    }

    private List<TypedEvent<AccountEvent>> existing(String accountNumber) {
        List<TypedEvent<AccountEvent>> events = events(accountNumber, 1);
        if (events.isEmpty()) {
            throw noSuchAccount(accountNumber);
        }
        return events;
    }

    /**
     * The fold of the read side, written once: the decider's {@code evolve} over {@code events} in
     * order, from the initial state, exactly as the command handler folds a stream.
     *
     * @return the state after each event; the last is the state after them all
     */
    private List<Account> replay(List<AccountEvent> events) {
        List<Account> states = new ArrayList<>(events.size());
        Account state = decider.initialState();
        for (AccountEvent event : events) {
            state = decider.evolve(state, event);
            states.add(state);
        }
        return states;
    }

    // ------------------------------------------------------------------------------ from the read model

    /**
     * @param accountNumber an account number
     * @return the account as the statement's read model knows it
     * @throws IllegalArgumentException if the number is not digits and dashes, or the read model knows
     *     no such account
     * @throws dev.eventstore.EventStoreException if the database cannot be read
     */
    public AccountInfo account(String accountNumber) {
        Checks.accountNumber(accountNumber);
        List<AccountInfo> found = tables.read("read account " + accountNumber,
                connection -> BankTables.select(connection, tables.selectAccount, AccountQueries::accountInfo,
                        accountNumber));
        if (found.isEmpty()) {
            List<AccountInfo> known = accounts();
            throw new IllegalArgumentException("no account " + accountNumber + " in this database" + (known.isEmpty()
                    ? " (it holds none)"
                    : " (it holds " + known.stream().map(AccountInfo::accountNumber).collect(Collectors.joining(", "))
                            + ")"));
        }
        return found.get(0);
    }

    /**
     * @return every account the read model knows, by number
     * @throws dev.eventstore.EventStoreException if the database cannot be read
     */
    public List<AccountInfo> accounts() {
        return tables.read("read the accounts",
                connection -> BankTables.select(connection, tables.selectAccounts, AccountQueries::accountInfo));
    }

    /**
     * Reads a statement from the read model. The lines come from one query, so they are consistent
     * with each other even while the projection writes; the previous balance is derived from the
     * first of them.
     *
     * @param accountNumber an account
     * @param from the period's first day, after the account's opening date
     * @param to the period's last day, not before {@code from}
     * @return the statement, as far as the projection has got
     * @throws IllegalArgumentException if there is no such account, or the period is empty or starts
     *     on or before the opening date
     * @throws dev.eventstore.EventStoreException if the database cannot be read
     */
    public Statement statement(String accountNumber, LocalDate from, LocalDate to) {
        Checks.notNull("from", from);
        Checks.notNull("to", to);
        AccountInfo account = account(accountNumber);
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("a statement period ends on or after its start, but " + to
                    + " is before " + from);
        }
        if (!from.isAfter(account.openedOn())) {
            throw new IllegalArgumentException("account " + account.accountNumber() + " opened on " + account.openedOn()
                    + " with " + Money.plain(account.openingBalance()) + "; a statement starts on "
                    + account.openedOn().plusDays(1) + " at the earliest, not " + from);
        }
        return tables.read("read the statement of account " + account.accountNumber(), connection -> {
            // Versions only move forwards: a version-1 read of a model that has just become version 2
            // misses only the categories.
            boolean categories = statementVersion.getAsInt() >= 2;
            List<Statement.Line> lines = BankTables.select(connection,
                    categories ? tables.selectLinesWithCategory : tables.selectLines, row -> new Statement.Line(
                    LocalDate.parse(row.getString(1)), row.getString(2), row.getString(3),
                    Money.ofCents(row.getLong(4)), Money.ofCents(row.getLong(5)), row.getInt(6) != 0, row.getLong(7),
                    row.getLong(8), categories ? row.getString(9) : ""), account.streamId(), from.toString(),
                    to.toString());
            BigDecimal previous;
            if (!lines.isEmpty()) {
                previous = lines.get(0).balance().subtract(lines.get(0).amount());
            } else {
                Long before = BankTables.firstLong(connection, tables.lastBalanceBefore, account.streamId(),
                        from.toString());
                previous = before == null ? account.openingBalance() : Money.ofCents(before);
            }
            return new Statement(account, from, to, previous, lines);
        });
    }

    /**
     * @param accountNumber an account
     * @return the statement period holding the account's latest booked transaction or fee (the first
     *     period if none is booked)
     * @throws IllegalArgumentException if there is no such account
     */
    public StatementCycle currentCycle(String accountNumber) {
        AccountInfo account = account(accountNumber);
        LocalDate firstDay = account.openedOn().plusDays(1);
        LocalDate latest = events(accountNumber, 1).stream().map(TypedEvent::event)
                .filter(event -> event.balanceChange().signum() != 0).map(AccountEvent::businessDate)
                .max(Comparator.naturalOrder()).filter(firstDay::isBefore).orElse(firstDay);
        return StatementCycle.containing(account.openedOn(), latest);
    }

    private static AccountInfo accountInfo(ResultSet row) throws SQLException {
        String address = row.getString(4);
        return new AccountInfo(row.getString(1), row.getString(2), row.getString(3),
                address.isEmpty() ? List.of() : List.of(address.split("\n")), LocalDate.parse(row.getString(5)),
                Money.ofCents(row.getLong(6)), Money.ofCents(row.getLong(7)));
    }

    private static IllegalArgumentException noSuchAccount(String accountNumber) {
        return new IllegalArgumentException("no account " + accountNumber + " in this database");
    }
}
