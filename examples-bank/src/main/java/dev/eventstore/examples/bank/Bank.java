package dev.eventstore.examples.bank;

import dev.eventstore.AppendResult;
import dev.eventstore.Direction;
import dev.eventstore.EventFilter;
import dev.eventstore.ExpectedVersion;
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
import dev.eventstore.reactor.ParkedEvents;
import dev.eventstore.reactor.Poison;
import dev.eventstore.reactor.Reactor;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventTypes;
import java.io.Reader;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The bank, wired together on an event store. The write side: commands go through a
 * {@link CommandHandler} over the {@link AccountDecider} (with snapshots every N events), which
 * appends the events they cause. Behind the writers, from the moment the bank is built: the
 * {@link FeePolicy} reacts to events by charging fees, and the {@link StatementProjection} keeps the
 * statement tables. The read side is {@link #queries()}; {@link #awaitIdle} waits until the policy
 * and the statement have caught up with everything written so far.
 *
 * <pre>{@code
 * try (JdbcEventStore store = JdbcEventStore.sqlite(Path.of("bank.db")).build();
 *         Bank bank = Bank.builder(store).build()) {
 *     bank.handle("00005-123-456-7", new OpenAccount(...), Bank.metadata("open", user));
 *     bank.importCsv("00005-123-456-7", "seed.csv", reader, Bank.metadata("import", user));
 *     bank.handle("00005-123-456-7", new CloseDay(LocalDate.parse("2003-11-08")), Bank.metadata("eod", user));
 *     bank.awaitIdle(Duration.ofSeconds(30));
 *     Statement statement = bank.queries().statement("00005-123-456-7", from, to);
 * }
 * }</pre>
 *
 * <p>One account is one stream, {@code account-<number>}. The bank's read-model tables
 * ({@link BankTables}) live in the store's database and are created when the bank is built.
 */
public final class Bank implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Bank.class);

    /** The category of the accounts' streams. */
    public static final String CATEGORY = "account";
    /** The schema version of the {@link Account} state in snapshots. */
    public static final int SNAPSHOT_SCHEMA_VERSION = 2;
    /** The default number of events between two snapshots of an account. */
    public static final int DEFAULT_SNAPSHOT_EVERY = 10;
    /** Many writers on one account are part of the demo: a command is decided again up to 50 times. */
    private static final int MAX_RETRIES = 50;

    private final JdbcEventStore store;
    private final CommandHandler<AccountCommand, Account, AccountEvent> accounts;
    private final AccountQueries queries;
    private final EventTypes types;
    private volatile StatementProjection statement;
    private final Reactor<JdbcTransaction> feeReactor;
    private volatile ProjectionRunner statementRunner;
    /** The highest position this bank has appended at: what {@link #awaitIdle} waits for. */
    private final AtomicLong written = new AtomicLong();

    private Bank(Builder builder) {
        this.store = builder.store;
        BankTables tables = BankTables.createIn(store);
        EventTypes types = EventTypes.builder().registerSealed(AccountEvent.class).build();
        this.types = types;
        AccountDecider decider = new AccountDecider();
        RecordingSnapshotStore snapshots = new RecordingSnapshotStore(store, tables);
        this.accounts = CommandHandler.builder(store, types, decider, AccountEvent.class)
                .snapshots(snapshots, SnapshotPolicy.everyEvents(builder.snapshotEvery), Account.class,
                        SNAPSHOT_SCHEMA_VERSION)
                .maxRetries(MAX_RETRIES)
                .build();
        this.queries = new AccountQueries(store, types, decider, accounts, snapshots, tables,
                () -> statement.version());
        // A new database starts at the version asked for; one whose statement is at another version
        // stays there until upgradeStatement moves it.
        if (StatementProjection.dropUnversioned(store)) {
            LOG.info("Dropped the statement tables of an earlier build of the bank; the statement is built again "
                    + "from the events");
        }
        StatementProjection wanted = StatementProjection.version(store, types, builder.statementVersion);
        wanted.versioned().install();
        int live = wanted.versioned().liveVersion().orElseThrow();
        if (live > StatementProjection.LATEST_VERSION) {
            throw new IllegalStateException("the statement read model of this database is at version " + live
                    + ", newer than this program knows (" + StatementProjection.LATEST_VERSION + ")");
        }
        this.statement = live == wanted.version() ? wanted : StatementProjection.version(store, types, live);
        this.feeReactor = builder.fees == null ? null : Reactor.builder(FeePolicy.NAME, store)
                .filter(EventFilter.category(CATEGORY))
                .reaction(new FeePolicy(types, tables, new FeeRules(builder.fees), accounts, this::wrote))
                // An event the policy cannot handle holds back only its own account's fees.
                .onPoison(Poison.PARK)
                .start();
        try {
            this.statementRunner = ProjectionRunner.start(store, statement.projection());
        } catch (RuntimeException e) {
            if (feeReactor != null) {
                feeReactor.close();
            }
            throw e;
        }
    }

    /**
     * @param store the store holding the accounts and the read models; the caller closes it, after the
     *     bank
     * @return a builder: snapshots every {@value #DEFAULT_SNAPSHOT_EVERY} events, the
     *     {@link FeeSchedule#STANDARD standard fees}
     * @throws IllegalArgumentException if {@code store} is null
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

    /**
     * Metadata for a person's command: a new command id, {@code <command>-<random UUID>} (so that the
     * command is booked once even if it is sent again with the same metadata), and the user, for the
     * audit trail.
     *
     * @param command what the command is, such as {@code import}
     * @param user who gave it
     * @return the metadata
     */
    public static EventMetadata metadata(String command, String user) {
        return EventMetadata.forCommand(command + "-" + UUID.randomUUID()).withEntry("user", user);
    }

    /** @return the store */
    public JdbcEventStore store() {
        return store;
    }

    /** @return the read side: balances, history and statements */
    public AccountQueries queries() {
        return queries;
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
     * Deletes a closed account for good: its stream is tombstoned (hard-deleted), so the account number
     * can never be opened again, and the statement's read model drops the account when it meets the
     * tombstone. Its events stay in the log, for audit, until a scavenge of the store removes them.
     *
     * <p>Why a tombstone and not a soft delete: a soft-deleted stream starts again on its next append,
     * so an {@code open} with the same number would bring a new account into the old number's stream.
     * Closing and deleting are two steps: closing ({@link AccountCommand.CloseAccount}) is a fact of
     * the account's history, and the account stays readable after it; deleting ends the history.
     *
     * @param accountNumber the account
     * @return the version and position of the tombstone
     * @throws CommandRejectedException if the account does not exist or is not closed
     * @throws dev.eventstore.WrongExpectedVersionException if the account changed while it was deleted
     * @throws IllegalArgumentException if the number is not digits and dashes
     */
    public AppendResult deleteAccount(String accountNumber) {
        AggregateState<Account> state = queries.state(accountNumber);
        if (!state.state().exists()) {
            throw new CommandRejectedException("there is no account " + accountNumber + " to delete");
        }
        if (!state.state().hasBeenClosed()) {
            throw new CommandRejectedException("account " + accountNumber + " is open: close it before deleting it");
        }
        AppendResult tombstone = store.tombstoneStream(streamId(accountNumber), ExpectedVersion.exactly(state.version()));
        wrote(tombstone.lastPosition());
        return tombstone;
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
     * @throws IllegalArgumentException if {@code timeout} is null or negative
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
            if (feeReactor != null && !feeReactor.awaitPosition(target, left(deadline))) {
                throw new IllegalStateException(feeReactor.name() + " did not reach position " + target + " in time ("
                        + feeReactor + ")");
            }
            ProjectionRunner statements = statementRunner;
            if (!statements.awaitPosition(target, left(deadline))) {
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

    /** @return the version of the statement's read model this bank runs and reads */
    public int statementVersion() {
        return statement.version();
    }

    /**
     * Moves the statement's read model to {@link StatementProjection#LATEST_VERSION} by a blue/green
     * rebuild: the new version is built from the events in tables of its own while the live version
     * goes on serving and updating, then takes over in one transaction once it has caught up; the old
     * version's tables are dropped. Readers (in this process and in others) never see an empty or
     * half-built statement. Nothing happens if the latest version is live already.
     *
     * @param timeout the longest time for the new version to catch up
     * @return the version that was live before
     * @throws dev.eventstore.EventStoreException if the new version did not catch up in time; the old
     *     one stays live, and calling this again resumes the build
     * @throws InterruptedException if interrupted; the old version stays live
     */
    public synchronized int upgradeStatement(Duration timeout) throws InterruptedException {
        int before = statement.version();
        if (before == StatementProjection.LATEST_VERSION) {
            return before;
        }
        StatementProjection latest = StatementProjection.version(store, types, StatementProjection.LATEST_VERSION);
        statementRunner = latest.versioned().takeOver(statementRunner, timeout);
        statement = latest;
        return before;
    }

    /**
     * Empties the live statement tables and replays every account event into them, then goes on live.
     * Readers see the statement empty and then growing meanwhile; {@link #upgradeStatement} does not
     * do that to them.
     */
    public void rebuildStatement() {
        statementRunner.close();
        statementRunner = ProjectionRunner.builder(store, statement.projection()).rebuild();
    }

    /**
     * The events the fee policy parked: an account whose fee state it cannot read (say) has its event
     * parked, with the error, and its later events wait behind it while other accounts' fees go on.
     *
     * @return the fee policy's parked events, to list, retry (after a fix) and skip
     * @throws IllegalStateException if the bank runs without fees
     */
    public ParkedEvents parkedFeeEvents() {
        if (feeReactor == null) {
            throw new IllegalStateException("this bank runs without the fee policy, which is what parks events");
        }
        return feeReactor.parkedEvents();
    }

    /** Stops the fee policy and the statement projection. The store stays open. */
    @Override
    public void close() {
        try {
            if (feeReactor != null) {
                feeReactor.close();
            }
        } finally {
            statementRunner.close();
        }
    }

    /** Builds a {@link Bank}; each setter checks its value at once. */
    public static final class Builder {
        private final JdbcEventStore store;
        private long snapshotEvery = DEFAULT_SNAPSHOT_EVERY;
        private FeeSchedule fees = FeeSchedule.STANDARD;
        private int statementVersion = StatementProjection.LATEST_VERSION;

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
         * @param version the version of the statement's read model a new database starts with
         *     (default {@value StatementProjection#LATEST_VERSION}); a database whose statement is live
         *     at another version keeps it until {@link Bank#upgradeStatement}
         * @return this builder
         * @throws IllegalArgumentException if there is no such version
         */
        public Builder statementVersion(int version) {
            if (version < 1 || version > StatementProjection.LATEST_VERSION) {
                throw new IllegalArgumentException("statementVersion must be 1 to " + StatementProjection.LATEST_VERSION
                        + ", was: " + version);
            }
            this.statementVersion = version;
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
