package dev.eventstore.examples.bank;

import dev.eventstore.Direction;
import dev.eventstore.EventFilter;
import dev.eventstore.RecordedEvent;
import dev.eventstore.aggregate.AggregateState;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.aggregate.CommandResult;
import dev.eventstore.aggregate.SnapshotPolicy;
import dev.eventstore.examples.bank.AccountCommand.ImportTransactions;
import dev.eventstore.examples.bank.AccountCommand.Transaction;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.projection.ProjectionRunner;
import dev.eventstore.reactor.Reactor;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventTypes;
import dev.eventstore.typed.TypedEvent;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The bank: chequing accounts on an event store, wired together. Commands go through a
 * {@link CommandHandler} over the {@link AccountDecider} (with snapshots every N events); the
 * {@link StatementProjection} keeps the statement tables; the {@link FeePolicy} charges fees. Both run
 * in the background from the moment the bank is built; {@link #awaitIdle} waits until they have
 * caught up with everything written so far.
 *
 * <pre>{@code
 * try (Bank bank = Bank.builder(JdbcEventStore.sqlite(Path.of("bank.db")).build()).closeStore(true).build()) {
 *     bank.handle("00005-123-456-7", new OpenAccount(...), EventMetadata.forCommand("open-1"));
 *     bank.importCsv("00005-123-456-7", "seed.csv", reader, EventMetadata.forCommand("import-1"));
 *     bank.handle("00005-123-456-7", new CloseDay(LocalDate.parse("2003-11-08")), EventMetadata.forCommand("eod-1"));
 *     bank.awaitIdle(Duration.ofSeconds(30));
 *     Statement statement = bank.statement("00005-123-456-7", from, to);
 * }
 * }</pre>
 *
 * <p>One account is one stream, {@code account-<number>}. The bank's read-model tables live in the
 * store's database (its schema, on PostgreSQL) and are created when the bank is built.
 */
public final class Bank implements AutoCloseable {

    /** The category of the accounts' streams. */
    public static final String CATEGORY = "account";
    /** The schema version of the {@link Account} state in snapshots. */
    public static final int SNAPSHOT_SCHEMA_VERSION = 1;
    /** The default number of events between two snapshots of an account. */
    public static final int DEFAULT_SNAPSHOT_EVERY = 10;

    private final JdbcEventStore store;
    private final boolean closeStore;
    private final EventTypes types;
    private final AccountDecider decider = new AccountDecider();
    private final RecordingSnapshotStore snapshots;
    private final CommandHandler<AccountCommand, Account, AccountEvent> accounts;
    private final StatementProjection statement;
    private final BankSql sql;
    private final FeePolicy feePolicy;
    private volatile Reactor<JdbcTransaction> feeReactor;
    private volatile ProjectionRunner statementRunner;
    /** The highest position this bank has appended at: what {@link #awaitIdle} waits for. */
    private final AtomicLong written = new AtomicLong();

    private Bank(Builder builder) {
        this.store = builder.store;
        this.closeStore = builder.closeStore;
        this.sql = new BankSql(store.schema().orElse(null));
        createTables(sql);
        this.types = EventTypes.builder().registerSealed(AccountEvent.class).build();
        this.snapshots = new RecordingSnapshotStore(store, sql);
        this.accounts = CommandHandler.builder(store, types, decider, AccountEvent.class)
                .snapshots(snapshots, SnapshotPolicy.everyEvents(builder.snapshotEvery), Account.class,
                        SNAPSHOT_SCHEMA_VERSION)
                .maxRetries(builder.maxRetries)
                .build();
        this.statement = new StatementProjection(store, types, sql);
        this.feePolicy = builder.fees == null ? null
                : new FeePolicy(types, sql, new FeeRules(builder.fees), accounts, this::wrote);
        this.feeReactor = feePolicy == null ? null : feeReactor().start();
        try {
            this.statementRunner = builder.runStatement ? ProjectionRunner.start(store, statement.projection()) : null;
        } catch (RuntimeException e) {
            if (feeReactor != null) {
                feeReactor.close();
            }
            throw e;
        }
    }

    private Reactor.Builder<JdbcTransaction> feeReactor() {
        return Reactor.builder(FeePolicy.NAME, store)
                .filter(EventFilter.category(CATEGORY))
                .reaction(feePolicy)
                .onReset(tx -> {
                    try (java.sql.Statement statement = tx.connection().createStatement()) {
                        return statement.executeUpdate(sql.deleteFeeStates);
                    }
                });
    }

    /**
     * @param store the store holding the accounts and the read models
     * @return a builder: snapshots every {@value #DEFAULT_SNAPSHOT_EVERY} events, the
     *     {@link FeeSchedule#STANDARD standard fees}, the statement projection running, the store left
     *     open on {@link #close()}
     */
    public static Builder builder(JdbcEventStore store) {
        return new Builder(Checks.notNull("store", store));
    }

    /**
     * @param accountNumber an account number
     * @return its stream id
     * @throws IllegalArgumentException if the number is not digits and dashes
     */
    public static String streamId(String accountNumber) {
        return CATEGORY + "-" + Checks.accountNumber(accountNumber);
    }

    /** @return the store */
    public JdbcEventStore store() {
        return store;
    }

    /** @return the registry of the account events */
    public EventTypes types() {
        return types;
    }

    /** @return the command handler of the accounts */
    public CommandHandler<AccountCommand, Account, AccountEvent> accounts() {
        return accounts;
    }

    /** @return the statement read model and its queries */
    public StatementProjection statementProjection() {
        return statement;
    }

    /** @return the fee policy, if fees are charged */
    public Optional<FeePolicy> feePolicy() {
        return Optional.ofNullable(feePolicy);
    }

    /**
     * Runs a command against an account.
     *
     * @param accountNumber the account
     * @param command the command
     * @param metadata the command's id and correlation id, and entries such as the user
     * @return the events appended and the state after them
     * @throws CommandRejectedException with the reason, if the account refuses the command; nothing
     *     is appended
     * @throws IllegalArgumentException if an argument is invalid
     */
    public CommandResult<Account, AccountEvent> handle(String accountNumber, AccountCommand command,
            EventMetadata metadata) {
        CommandResult<Account, AccountEvent> result = accounts.handle(streamId(accountNumber), command, metadata);
        wrote(result.lastPosition());
        return result;
    }

    private void wrote(long position) {
        written.accumulateAndGet(position, Math::max);
    }

    /**
     * Imports a CSV file of transactions ({@link TransactionCsv}): the whole file is read and checked
     * first, then booked in one append. A bad line, or a transaction the account refuses, imports
     * nothing.
     *
     * @param accountNumber the account
     * @param source the file's name, for messages and the audit trail
     * @param csv the file's text
     * @param metadata the import's id and correlation id
     * @return the events appended
     * @throws CsvFormatException naming the line and the value, if a line cannot be read
     * @throws CommandRejectedException naming the line, if the account refuses a transaction
     */
    public CommandResult<Account, AccountEvent> importCsv(String accountNumber, String source, Reader csv,
            EventMetadata metadata) {
        Checks.notNull("source", source);
        Checks.notNull("csv", csv);
        Checks.notNull("metadata", metadata);
        List<TransactionCsv.Row> rows = TransactionCsv.read(source, csv);
        List<Transaction> transactions = rows.stream().map(TransactionCsv.Row::transaction).toList();
        try {
            return handle(accountNumber, new ImportTransactions(source, transactions), metadata.withEntry("source", source));
        } catch (TransactionRejectedException e) {
            throw new CommandRejectedException(source + " line " + rows.get(e.index()).line() + ": "
                    + e.transactionReason() + "; nothing from " + source + " was imported");
        }
    }

    /**
     * Waits until the fee policy and the statement have applied every event this bank has appended
     * (including the fees the policy charged meanwhile) and every other event visible to log readers.
     *
     * <p>Waiting for positions rather than for "caught up" matters on PostgreSQL: an event becomes
     * visible to log readers only once every transaction that started before it has ended, so right
     * after an append a reader may be caught up with everything visible and still not have seen it.
     *
     * @param timeout the longest wait
     * @throws IllegalStateException if they have not caught up in time
     * @throws dev.eventstore.SubscriptionFailedException if one of them has failed
     * @throws InterruptedException if interrupted
     */
    public void awaitIdle(Duration timeout) throws InterruptedException {
        Checks.notNull("timeout", timeout);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was: " + timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            // Everything visible now, and this bank's own appends (on PostgreSQL they may not be visible
            // to log readers yet); the fees charged meanwhile raise the target: wait until it stays put.
            long target = Math.max(written.get(), store.headPosition());
            wrote(target);
            Reactor<JdbcTransaction> fees = feeReactor;
            if (fees != null && !fees.awaitPosition(target, left(deadline))) {
                throw new IllegalStateException(fees.name() + " did not reach position " + target + " in time ("
                        + fees + ")");
            }
            ProjectionRunner statements = statementRunner;
            if (statements != null && !statements.awaitPosition(target, left(deadline))) {
                throw new IllegalStateException(statements.projection().name() + " did not reach position " + target
                        + " in time (" + statements + ")");
            }
            if (written.get() == target) {
                return;
            }
        }
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /**
     * Like {@link #awaitIdle}, and also waits for every event of one account recorded so far, by
     * whichever process: for reading the statement of an account another process has written.
     *
     * @param accountNumber an account
     * @param timeout the longest wait
     * @throws IllegalStateException if the policy or the statement has not caught up in time
     * @throws InterruptedException if interrupted
     */
    public void awaitAccount(String accountNumber, Duration timeout) throws InterruptedException {
        try (Stream<RecordedEvent> last = store.readStream(streamId(accountNumber), Long.MAX_VALUE, 1,
                Direction.BACKWARD)) {
            last.findFirst().ifPresent(event -> wrote(event.position()));
        }
        awaitIdle(timeout);
    }

    /**
     * Empties the statement tables and replays every account event into them, then goes on live.
     *
     * @throws IllegalStateException if the statement projection is not run by this bank
     */
    public void rebuildStatement() {
        ProjectionRunner running = statementRunner;
        if (running == null) {
            throw new IllegalStateException("this bank does not run the statement projection");
        }
        running.close();
        statementRunner = ProjectionRunner.builder(store, statement.projection()).rebuild();
    }

    /**
     * Runs the fee policy again from the first event: its state is emptied and every fee is decided
     * again. Nothing is charged twice: each fee comes back with the number it had, which the account
     * has charged already (see {@link AccountCommand.ChargeFee}).
     *
     * @throws IllegalStateException if this bank charges no fees
     */
    public void rebuildFeePolicy() {
        Reactor<JdbcTransaction> running = feeReactor;
        if (running == null) {
            throw new IllegalStateException("this bank charges no fees");
        }
        running.close();
        feeReactor = feeReactor().rebuild();
    }

    /**
     * @param accountNumber an account number
     * @return the account as the statement projection knows it
     * @throws IllegalArgumentException if the projection knows no such account
     */
    public AccountInfo account(String accountNumber) {
        return statement.account(Checks.accountNumber(accountNumber)).orElseThrow(() -> new IllegalArgumentException(
                "no account " + accountNumber + " in this database" + knownAccounts()));
    }

    /** @return the accounts the statement projection knows, by number */
    public List<AccountInfo> accountList() {
        return statement.accounts();
    }

    private String knownAccounts() {
        List<AccountInfo> known = accountList();
        return known.isEmpty() ? " (it holds none)"
                : " (it holds " + known.stream().map(AccountInfo::accountNumber).collect(Collectors.joining(", ")) + ")";
    }

    /**
     * @param accountNumber an account
     * @param from the period's first day
     * @param to the period's last day
     * @return the statement, from the read model
     * @throws IllegalArgumentException if there is no such account or the period is invalid
     */
    public Statement statement(String accountNumber, LocalDate from, LocalDate to) {
        Checks.notNull("from", from);
        Checks.notNull("to", to);
        return statement.statement(account(accountNumber), from, to);
    }

    /**
     * @param accountNumber an account
     * @return the statement period holding the account's latest booked line (the first period if
     *     none is booked)
     * @throws IllegalArgumentException if there is no such account
     */
    public StatementCycle currentCycle(String accountNumber) {
        AccountInfo account = account(accountNumber);
        LocalDate latest = account.openedOn().plusDays(1);
        try (Stream<RecordedEvent> events = store.readStream(streamId(accountNumber))) {
            for (Iterator<RecordedEvent> it = events.iterator(); it.hasNext();) {
                AccountEvent event = decode(it.next()).event();
                if (event.balanceChange().signum() != 0 && event.businessDate().isAfter(latest)) {
                    latest = event.businessDate();
                }
            }
        }
        return StatementCycle.containing(account.openedOn(), latest);
    }

    /**
     * The balance at the end of a business day: the decider's fold over the events booked on or
     * before that date, whenever they were recorded (a fee recorded later but dated earlier counts).
     *
     * @param accountNumber an account
     * @param date a business date, on or after the opening
     * @return the balance
     * @throws IllegalArgumentException if the account does not exist or had not opened by then
     */
    public BigDecimal balanceAsOf(String accountNumber, LocalDate date) {
        Checks.notNull("date", date);
        Account state = decider.initialState();
        LocalDate openedOn = null;
        try (Stream<RecordedEvent> events = store.readStream(streamId(accountNumber))) {
            for (Iterator<RecordedEvent> it = events.iterator(); it.hasNext();) {
                AccountEvent event = decode(it.next()).event();
                if (openedOn == null) {
                    openedOn = event.businessDate();
                }
                if (!event.businessDate().isAfter(date)) {
                    state = decider.evolve(state, event);
                }
            }
        }
        if (openedOn == null) {
            throw new IllegalArgumentException("no account " + accountNumber + " in this database");
        }
        if (date.isBefore(openedOn)) {
            throw new IllegalArgumentException("account " + accountNumber + " opened on " + openedOn + ", after "
                    + date);
        }
        return state.balance();
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
        String streamId = streamId(accountNumber);
        long current = store.streamVersion(streamId);
        if (current == 0) {
            throw new IllegalArgumentException("no account " + accountNumber + " in this database");
        }
        if (version < 1 || version > current) {
            throw new IllegalArgumentException("version must be between 1 and " + current + " (the account's "
                    + "latest), was: " + version);
        }
        return accounts.stateAt(streamId, version);
    }

    /**
     * @param accountNumber an account
     * @return every event of the account, oldest first, with the balance after each and where
     *     snapshots were taken
     * @throws IllegalArgumentException if the account does not exist
     */
    public List<HistoryEntry> history(String accountNumber) {
        String streamId = streamId(accountNumber);
        Map<Long, Instant> taken = new HashMap<>();
        for (RecordingSnapshotStore.Taken snapshot : snapshots.taken(streamId)) {
            taken.put(snapshot.version(), snapshot.takenAt());
        }
        List<HistoryEntry> history = new ArrayList<>();
        Account state = decider.initialState();
        try (Stream<RecordedEvent> events = store.readStream(streamId)) {
            for (Iterator<RecordedEvent> it = events.iterator(); it.hasNext();) {
                RecordedEvent recorded = it.next();
                TypedEvent<AccountEvent> typed = decode(recorded);
                state = decider.evolve(state, typed.event());
                history.add(new HistoryEntry(recorded, typed.event(), typed.metadata(), state.balance(),
                        Optional.ofNullable(taken.get(recorded.version()))));
            }
        }
        if (history.isEmpty()) {
            throw new IllegalArgumentException("no account " + accountNumber + " in this database");
        }
        return history;
    }

    private TypedEvent<AccountEvent> decode(RecordedEvent recorded) {
        return types.decode(recorded, AccountEvent.class).orElseThrow();
    }

    /** Stops the fee policy and the statement projection, then closes the store if the bank owns it. */
    @Override
    public void close() {
        try {
            Reactor<JdbcTransaction> fees = feeReactor;
            if (fees != null) {
                fees.close();
            }
            ProjectionRunner running = statementRunner;
            if (running != null) {
                running.close();
            }
        } finally {
            if (closeStore) {
                store.close();
            }
        }
    }

    private void createTables(BankSql sql) {
        store.inTransaction(tx -> {
            try (java.sql.Statement statement = tx.connection().createStatement()) {
                if (sql.schemaLock != null) {
                    statement.execute(sql.schemaLock);
                }
                statement.execute(sql.createAccount);
                statement.execute(sql.createLine);
                statement.execute(sql.createLineIndex);
                statement.execute(sql.createFeePolicy);
                statement.execute(sql.createSnapshotLog);
            }
            return null;
        });
    }

    /** Builds a {@link Bank}; each setter checks its value at once. */
    public static final class Builder {
        private final JdbcEventStore store;
        private long snapshotEvery = DEFAULT_SNAPSHOT_EVERY;
        private FeeSchedule fees = FeeSchedule.STANDARD;
        private boolean runStatement = true;
        private boolean closeStore;
        private int maxRetries = 50;

        private Builder(JdbcEventStore store) {
            this.store = store;
        }

        /**
         * @param n snapshot an account each time its stream crosses a multiple of {@code n} events
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder snapshotEvery(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("snapshotEvery must be at least 1, was: " + n);
            }
            this.snapshotEvery = n;
            return this;
        }

        /**
         * @param fees the fees to charge, or null to run no fee policy
         * @return this builder
         */
        public Builder fees(FeeSchedule fees) {
            this.fees = fees;
            return this;
        }

        /**
         * @param run false to leave the statement projection to the caller (tests run it themselves)
         * @return this builder
         */
        public Builder runStatement(boolean run) {
            this.runStatement = run;
            return this;
        }

        /**
         * @param close true to close the store when the bank is closed
         * @return this builder
         */
        public Builder closeStore(boolean close) {
            this.closeStore = close;
            return this;
        }

        /**
         * @param maxRetries how many times a command is decided again after a concurrent writer
         *     changed the account (default 50: many writers on one account are the point of the demo)
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative, was: " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * Creates the read-model tables if needed and starts the fee policy and the statement
         * projection.
         *
         * @return the bank
         * @throws dev.eventstore.EventStoreException if the tables cannot be created
         */
        public Bank build() {
            return new Bank(this);
        }
    }
}
