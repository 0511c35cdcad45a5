package dev.eventstore.examples.bank;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ConcurrentLinkedQueue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.eventstore.AppendResult;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.RetryPolicy;
import dev.eventstore.StreamDeletedException;
import dev.eventstore.StreamLifecycle;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.aggregate.CommandResult;
import dev.eventstore.examples.bank.AccountCommand.CloseAccount;
import dev.eventstore.examples.bank.AccountCommand.Deposit;
import dev.eventstore.examples.bank.AccountCommand.OpenAccount;
import dev.eventstore.examples.bank.AccountCommand.Withdraw;
import dev.eventstore.examples.bank.AccountEvent.DayClosed;
import dev.eventstore.examples.bank.AccountEvent.FeeCharged;
import dev.eventstore.examples.bank.AccountEvent.MoneyWithdrawn;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcProjection;
import dev.eventstore.jdbc.JdbcProjectionHandler;
import dev.eventstore.projection.ProjectionRunner;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventTypes;
import dev.eventstore.typed.TypedEvent;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bank's behaviour on a real database, run once per backend ({@link SqliteBankTest},
 * {@link PostgresBankTest}): the golden statement, the fees by policy, balances as of dates and
 * versions, refused overdrafts, concurrent writers, a restarted projection and bad CSV files.
 */
abstract class BankContract {

    static final String ACCOUNT = SeedDemo.ACCOUNT;
    static final String STREAM = Bank.streamId(ACCOUNT);
    static final Duration WAIT = Duration.ofSeconds(30);
    static final LocalDate OPENED_ON = SeedDemo.OPENED_ON;
    static final EventTypes TYPES = EventTypes.builder().registerSealed(AccountEvent.class).build();

    private final List<AutoCloseable> toClose = new ArrayList<>();

    /**
     * @return a new store on this test's database: every call within one test opens the same
     *     database, as a process restarting would
     */
    protected abstract JdbcEventStore openStore();

    /** @return a bank on a new store of this test's database, closed (with the store) after the test */
    Bank bank() {
        return bank(Bank.builder(openStore()));
    }

    Bank bank(Bank.Builder builder) {
        Bank bank = builder.build();
        toClose.add(bank.store());
        toClose.add(bank);
        return bank;
    }

    @AfterEach
    void closeBanks() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    static EventMetadata metadata() {
        return EventMetadata.forCommand("test-" + UUID.randomUUID());
    }

    static void open(Bank bank, BigDecimal openingBalance) {
        bank.handle(ACCOUNT, new OpenAccount(ACCOUNT, "JOHN JONES", List.of("1643 DUNDAS ST W APT 27"), OPENED_ON,
                openingBalance, new BigDecimal("100.00")), metadata());
    }

    static List<TypedEvent<AccountEvent>> events(Bank bank) {
        return bank.queries().events(ACCOUNT, 1);
    }

    /**
     * @return the number of statement lines of the account and of distinct positions among them: equal
     *     unless an event was applied twice
     */
    static long[] lineCounts(Bank bank) throws SQLException {
        String table = bank.store().schema().map(schema -> "\"" + schema + "\".").orElse("") + "bank_statement_line";
        try (Connection connection = bank.store().dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT COUNT(*), COUNT(DISTINCT position) FROM " + table + " WHERE stream_id = ?")) {
            select.setString(1, STREAM);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return new long[] {rows.getLong(1), rows.getLong(2)};
            }
        }
    }

    /**
     * Runs the fee policy again from the first event, as a new process would after its checkpoint was
     * moved back to 0 and its state emptied: stops {@code bank}, resets the policy, and starts a new
     * bank on the same store.
     */
    Bank rerunFeePolicyFromTheStart(Bank bank) {
        bank.close();
        JdbcEventStore store = bank.store();
        String table = store.schema().map(schema -> "\"" + schema + "\".").orElse("") + "bank_fee_policy";
        store.inTransaction(tx -> {
            store.checkpointStore().within(tx).save(FeePolicy.NAME, 0);
            try (java.sql.Statement delete = tx.connection().createStatement()) {
                return delete.executeUpdate("DELETE FROM " + table);
            }
        });
        Bank again = Bank.builder(store).build();
        toClose.add(again);
        return again;
    }

    // ------------------------------------------------------------------------------ the golden statement

    @Test
    void theDemoReproducesTheSeedStatementToTheCent() throws Exception {
        Bank bank = bank();
        Statement statement = SeedDemo.run(bank, "test");

        assertThat(StatementFormat.TEXT.format(statement)).isEqualTo(SeedStatement.text());

        List<SeedStatement.Row> seed = SeedStatement.rows();
        List<String> csv = List.of(StatementFormat.CSV.format(statement).split("\n"));
        assertThat(csv.get(0)).isEqualTo("date,description,ref,withdrawals,deposits,balance");
        assertThat(csv.subList(1, csv.size())).hasSize(seed.size());
        for (int i = 0; i < seed.size(); i++) {
            assertThat(List.of(csv.get(i + 1).split(",", -1))).as("CSV row %d", i + 1).isEqualTo(seed.get(i).plain());
        }

        // Decimals read as written, scale included: 200.00 must not come back as 200.0.
        JsonNode json = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false).build()
                .readTree(StatementFormat.JSON.format(statement));
        assertThat(json.at("/previousBalance/date").asText()).isEqualTo(seed.get(0).date());
        assertThat(json.at("/previousBalance/balance").decimalValue()).isEqualByComparingTo(seed.get(0).balance());
        List<SeedStatement.Row> lines = SeedStatement.lines();
        assertThat(json.get("lines")).hasSize(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = json.get("lines").get(i);
            SeedStatement.Row row = lines.get(i);
            assertThat(line.get("date").asText()).isEqualTo(row.date());
            assertThat(line.get("description").asText()).isEqualTo(row.description());
            assertThat(line.get("ref").asText()).isEqualTo(row.ref());
            assertThat(decimal(line.get("withdrawal"))).isEqualTo(row.amount(row.withdrawal()));
            assertThat(decimal(line.get("deposit"))).isEqualTo(row.amount(row.deposit()));
            assertThat(decimal(line.get("balance"))).isEqualTo(row.amount(row.balance()));
            assertThat(line.get("fee").asBoolean()).isEqualTo(row.isFee());
        }
        assertThat(json.at("/totals/withdrawals").decimalValue()).isEqualTo(new BigDecimal("1515.63"));
        assertThat(json.at("/totals/deposits").decimalValue()).isEqualTo(new BigDecimal("1442.61"));
        assertThat(json.get("closingBalance").decimalValue()).isEqualTo(new BigDecimal("-72.47"));

        assertThat(statement.totalWithdrawals()).isEqualTo(new BigDecimal("1515.63"));
        assertThat(statement.totalDeposits()).isEqualTo(new BigDecimal("1442.61"));
        assertThat(statement.closingBalance()).isEqualTo(new BigDecimal("-72.47"));
        assertThat(bank.queries().state(ACCOUNT).state().balance()).isEqualTo(new BigDecimal("-72.47"));
    }

    private static BigDecimal decimal(JsonNode node) {
        return node == null || node.isNull() ? null : node.decimalValue();
    }

    @Test
    void thePolicyChargesTheSeedsFeesOnTheSeedsDatesWithTheirCauses() throws Exception {
        Bank bank = bank();
        Statement statement = SeedDemo.run(bank, "test");

        List<String> seedFees = SeedStatement.lines().stream().filter(SeedStatement.Row::isFee)
                .map(row -> row.date() + " " + row.description() + " " + row.withdrawal()).toList();
        assertThat(seedFees).hasSize(3);
        assertThat(statement.lines().stream().filter(Statement.Line::fee)
                .map(line -> line.date() + " " + line.description() + " " + Money.plain(line.withdrawal())))
                .containsExactlyElementsOf(seedFees);

        List<TypedEvent<AccountEvent>> events = events(bank);
        List<TypedEvent<AccountEvent>> fees = events.stream().filter(e -> e.event() instanceof FeeCharged).toList();
        assertThat(fees.stream().map(e -> (FeeCharged) e.event())
                .map(fee -> fee.date() + " " + fee.description() + " " + Money.plain(fee.amount())))
                .containsExactlyElementsOf(seedFees);
        assertThat(fees.stream().map(e -> ((FeeCharged) e.event()).feeNumber())).containsExactly(1, 2, 3);

        // The Interac fee is caused by the ATM withdrawal on the Interac network, in the import's conversation.
        TypedEvent<AccountEvent> atm = events.stream().filter(e -> e.event() instanceof MoneyWithdrawn w
                && w.network().equals("INTERAC")).findFirst().orElseThrow();
        assertThat(fees.get(0).metadata().causationId()).contains(atm.recorded().id().toString());
        assertThat(fees.get(0).metadata().correlationId()).isEqualTo(atm.metadata().correlationId());
        // The overdraft and monthly fees are caused by the end of day that closed 2003-11-06 to 2003-11-08.
        TypedEvent<AccountEvent> endOfDay = events.stream().filter(e -> e.event() instanceof DayClosed).findFirst()
                .orElseThrow();
        for (TypedEvent<AccountEvent> fee : fees.subList(1, 3)) {
            assertThat(fee.metadata().causationId()).contains(endOfDay.recorded().id().toString());
            assertThat(fee.metadata().correlationId()).isEqualTo(endOfDay.metadata().correlationId());
            assertThat(fee.metadata().entry("issuedBy")).contains(FeePolicy.NAME);
        }
    }

    @Test
    void withoutTheFeePolicyTheImportBooksNoFee() throws Exception {
        Bank bank = bank(Bank.builder(openStore()).fees(null));
        Statement statement = SeedDemo.run(bank, "test");

        assertThat(statement.lines()).hasSize(14).noneMatch(Statement.Line::fee);
        assertThat(statement.closingBalance()).isEqualTo(new BigDecimal("-60.97"));
    }

    @Test
    void aRerunOfTheFeePolicyFromTheStartChargesNothingTwice() throws Exception {
        Bank bank = bank();
        SeedDemo.run(bank, "test");
        long version = bank.store().streamVersion(STREAM);

        bank = rerunFeePolicyFromTheStart(bank);
        bank.awaitIdle(WAIT);

        assertThat(bank.store().streamVersion(STREAM)).isEqualTo(version);
        assertThat(events(bank).stream().filter(e -> e.event() instanceof FeeCharged)).hasSize(3);
        assertThat(StatementFormat.TEXT.format(bank.queries().statement(ACCOUNT, LocalDate.parse("2003-10-09"),
                LocalDate.parse("2003-11-08")))).isEqualTo(SeedStatement.text());
    }

    // ------------------------------------------------------------------------------ balances

    @Test
    void theBalanceAsOfEachDateOfThePeriodIsTheSeeds() throws Exception {
        Bank bank = bank();
        SeedDemo.run(bank, "test");

        List<SeedStatement.Row> seed = SeedStatement.rows();
        for (LocalDate date = OPENED_ON; !date.isAfter(LocalDate.parse("2003-11-08")); date = date.plusDays(1)) {
            String expected = null;
            for (SeedStatement.Row row : seed.subList(0, seed.size() - 1)) {
                if (!LocalDate.parse(row.date()).isAfter(date)) {
                    expected = row.balance();
                }
            }
            assertThat(Money.plain(bank.queries().balanceAsOf(ACCOUNT, date))).as("balance at the end of %s", date)
                    .isEqualTo(expected.replace(",", ""));
        }
        assertThatThrownBy(() -> bank.queries().balanceAsOf(ACCOUNT, OPENED_ON.minusDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("opened on 2003-10-08");
    }

    @Test
    void theBalanceAsOfEachVersionIsTheFoldOfTheEventsUpToIt() throws Exception {
        Bank bank = bank(Bank.builder(openStore()).snapshotEvery(4));
        SeedDemo.run(bank, "test");

        List<HistoryEntry> history = bank.queries().history(ACCOUNT);
        assertThat(history).hasSize(19);
        BigDecimal sum = BigDecimal.ZERO;
        for (HistoryEntry entry : history) {
            sum = sum.add(entry.event().balanceChange());
            assertThat(entry.balanceAfter()).isEqualByComparingTo(sum);
            assertThat(bank.queries().stateAt(ACCOUNT, entry.recorded().version()).state().balance())
                    .as("balance as of version %d", entry.recorded().version()).isEqualByComparingTo(sum);
        }
        assertThat(sum).isEqualByComparingTo("-72.47");
    }

    @Test
    void theHistoryShowsEveryEventAndWhereSnapshotsWereTaken() throws Exception {
        Bank bank = bank(Bank.builder(openStore()).snapshotEvery(4));
        SeedDemo.run(bank, "test");

        List<HistoryEntry> history = bank.queries().history(ACCOUNT);
        assertThat(history.stream().map(e -> e.recorded().version())).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 19).boxed().toList());
        assertThat(history.stream().map(e -> e.recorded().position())).isSorted().doesNotHaveDuplicates();
        // Open is version 1; the import appends 2 to 15 (crossing 4, 8 and 12); the Interac fee is 16.
        assertThat(history.stream().filter(e -> e.snapshotTakenAt().isPresent()).map(e -> e.recorded().version()))
                .containsExactly(15L, 16L);
        assertThat(bank.store().snapshotStore().load(STREAM).orElseThrow().version()).isEqualTo(16);
        assertThat(history).allSatisfy(entry -> assertThat(entry.metadata().correlationId()).isPresent());

        // Loading from the snapshot gives what a full replay gives.
        CommandHandler<AccountCommand, Account, AccountEvent> replaying = CommandHandler.builder(bank.store(),
                TYPES, new AccountDecider(), AccountEvent.class).build();
        assertThat(bank.queries().state(ACCOUNT)).isEqualTo(replaying.load(STREAM));

        String text = HistoryFormat.format(ACCOUNT, history);
        assertThat(text).contains("19 events", "snapshot of the state at version 15",
                "snapshot of the state at version 16", "issuedBy=" + FeePolicy.NAME, "FeeCharged", "DayClosed");
    }

    // ------------------------------------------------------------------------------ overdraft

    // ------------------------------------------------------------------------------ closing and deleting

    @Test
    void aClosedAccountTakesNoMoreTransactionsButStaysReadable() throws Exception {
        Bank bank = bank();
        open(bank, new BigDecimal("10.00"));
        LocalDate date = OPENED_ON.plusDays(3);
        assertThat(catchThrowableOfType(() -> bank.handle(ACCOUNT, new CloseAccount(date), metadata()),
                CommandRejectedException.class).reason()).contains("balance of 10.00");
        bank.handle(ACCOUNT, new Withdraw(date, TransactionType.WITHDRAWAL, "", "", "", new BigDecimal("10.00")),
                metadata());

        CommandResult<Account, AccountEvent> closed = bank.handle(ACCOUNT, new CloseAccount(date), metadata());

        assertThat(closed.events()).containsExactly(new AccountEvent.AccountClosed(date));
        assertThat(closed.state().closedOn()).isEqualTo(date);
        assertThat(bank.handle(ACCOUNT, new CloseAccount(date), metadata()).isEmpty()).as("closing again").isTrue();
        assertThat(catchThrowableOfType(() -> bank.handle(ACCOUNT, new AccountCommand.Deposit(date,
                TransactionType.DEPOSIT, "", "", new BigDecimal("1.00")), metadata()), CommandRejectedException.class)
                .reason()).contains("is closed");
        bank.awaitIdle(WAIT);
        assertThat(bank.queries().accounts()).extracting(AccountInfo::accountNumber).containsExactly(ACCOUNT);
        assertThat(bank.queries().history(ACCOUNT)).hasSize(3);
    }

    @Test
    void aDeletedAccountLeavesTheReadModelsAndItsNumberCanNeverBeOpenedAgain() throws Exception {
        Bank bank = bank();
        open(bank, new BigDecimal("0.00"));
        assertThat(catchThrowableOfType(() -> bank.deleteAccount(ACCOUNT), CommandRejectedException.class).reason())
                .contains("close it before deleting it");
        bank.handle(ACCOUNT, new CloseAccount(OPENED_ON), metadata());
        bank.awaitIdle(WAIT);
        assertThat(bank.queries().accounts()).hasSize(1);

        AppendResult tombstone = bank.deleteAccount(ACCOUNT);
        bank.awaitIdle(WAIT);

        assertThat(tombstone.nextExpectedVersion()).isEqualTo(3);
        assertThat(bank.queries().accounts()).isEmpty();
        assertThat(bank.store().readStream(STREAM).toList()).isEmpty();
        assertThat(bank.store().readCategory(Bank.CATEGORY, 0, 10).toList()).extracting(RecordedEvent::type)
                .containsExactly("AccountOpened", "AccountClosed", StreamLifecycle.STREAM_TOMBSTONED);
        assertThatThrownBy(() -> open(bank, new BigDecimal("5.00"))).isInstanceOf(StreamDeletedException.class)
                .hasMessageContaining(STREAM);
        assertThat(catchThrowableOfType(() -> bank.deleteAccount(ACCOUNT), CommandRejectedException.class).reason())
                .contains("no account");
        // The fee policy and the statement ran past the tombstone: a new account still gets its statement.
        bank.handle("00005-999-999-9", new OpenAccount("00005-999-999-9", "JANE JONES", List.of("TORONTO"),
                OPENED_ON, new BigDecimal("1.00"), new BigDecimal("100.00")), metadata());
        bank.awaitIdle(WAIT);
        assertThat(bank.queries().accounts()).extracting(AccountInfo::accountNumber).containsExactly("00005-999-999-9");
    }

    @Test
    void aWithdrawalPastTheOverdraftLimitIsRefusedWithTheReasonAndAppendsNothing() throws Exception {
        Bank bank = bank();
        open(bank, new BigDecimal("0.55"));
        LocalDate date = LocalDate.parse("2003-10-14");
        bank.handle(ACCOUNT, new Withdraw(date, TransactionType.WITHDRAWAL, "", "", "", new BigDecimal("50.00")),
                metadata());
        long version = bank.store().streamVersion(STREAM);

        CommandRejectedException refused = catchThrowableOfType(() -> bank.handle(ACCOUNT,
                new Withdraw(date, TransactionType.ATM_WITHDRAWAL, "INTERAC", "", "", new BigDecimal("50.56")),
                metadata()), CommandRejectedException.class);

        assertThat(refused.reason()).isEqualTo("withdrawal of 50.56 on 2003-10-14 refused: it would take the balance "
                + "from -49.45 to -100.01, past the overdraft limit of 100.00");
        assertThat(bank.store().streamVersion(STREAM)).isEqualTo(version);
        bank.awaitIdle(WAIT);
        assertThat(bank.store().streamVersion(STREAM)).as("no fee either").isEqualTo(version);
        assertThat(bank.queries().state(ACCOUNT).state().balance()).isEqualTo(new BigDecimal("-49.45"));

        // Down to the limit exactly is allowed.
        bank.handle(ACCOUNT, new Withdraw(date, TransactionType.WITHDRAWAL, "", "", "", new BigDecimal("50.55")),
                metadata());
        assertThat(bank.queries().state(ACCOUNT).state().balance()).isEqualTo(new BigDecimal("-100.00"));
    }

    @Test
    void queriesAndImportsRefuseMissingArgumentsByName() throws Exception {
        Bank bank = bank();
        open(bank, new BigDecimal("10.00"));
        assertThatThrownBy(() -> bank.queries().balanceAsOf(ACCOUNT, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("date");
        assertThatThrownBy(() -> bank.queries().statement(ACCOUNT, null, OPENED_ON))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from");
        assertThatThrownBy(() -> bank.awaitIdle(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> bank.awaitIdle(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> bank.importCsv(ACCOUNT, null, new java.io.StringReader(""), metadata()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source");
        assertThat(bank.store().streamVersion(STREAM)).isEqualTo(1);
    }

    @Test
    void aFileWithARefusedWithdrawalImportsNothing() throws Exception {
        Bank bank = bank();
        open(bank, new BigDecimal("0.55"));
        String csv = TransactionCsv.HEADER + "\n"
                + "2003-10-14,PAYROLL_DEPOSIT,Payroll Deposit - HOTEL,,694.81,\n"
                + "2003-10-15,MORTGAGE_PAYMENT,,,710.49,\n"
                + "2003-10-16,CHEQUE,Cheque No 410,,100.00,\n";

        assertThatThrownBy(() -> bank.importCsv(ACCOUNT, "overdrawn.csv", new StringReader(csv), metadata()))
                .isInstanceOf(CommandRejectedException.class)
                .hasMessageContaining("overdrawn.csv line 4: withdrawal of 100.00 on 2003-10-16 refused")
                .hasMessageContaining("past the overdraft limit of 100.00")
                .hasMessageContaining("nothing from overdrawn.csv was imported");
        bank.awaitIdle(WAIT);
        assertThat(bank.store().streamVersion(STREAM)).isEqualTo(1);
        assertThat(bank.queries().statement(ACCOUNT, LocalDate.parse("2003-10-09"), LocalDate.parse("2003-11-08"))
                .lines())
                .isEmpty();
    }

    // ------------------------------------------------------------------------------ old history

    @Test
    void anEventRecordedUnderAnOlderLooserRuleStillReads() throws Exception {
        Bank bank = bank();
        open(bank, new BigDecimal("100.00"));
        LocalDate date = LocalDate.parse("2003-10-14");
        // Descriptions are held to 200 characters now; this withdrawal was recorded before that rule.
        String description = "Standing order - " + String.join(" ", Collections.nCopies(50, "RENT"));
        assertThatThrownBy(() -> new Withdraw(date, TransactionType.WITHDRAWAL, "", description, "",
                new BigDecimal("40.00"))).hasMessageStartingWith("description must be at most 200 characters");
        bank.store().append(STREAM, ExpectedVersion.exactly(1), List.of(EventData.of("MoneyWithdrawn",
                "{\"date\":\"2003-10-14\",\"type\":\"WITHDRAWAL\",\"network\":\"\",\"description\":\""
                        + description + "\",\"ref\":\"\",\"amount\":40.00}")));

        // The account still loads and takes commands; its history and its statement show the event.
        assertThat(bank.queries().state(ACCOUNT).state().balance()).isEqualTo(new BigDecimal("60.00"));
        bank.handle(ACCOUNT, new Deposit(date, TransactionType.DEPOSIT, "", "", new BigDecimal("1.00")), metadata());
        assertThat(bank.queries().history(ACCOUNT).get(1).event()).isEqualTo(new MoneyWithdrawn(date,
                TransactionType.WITHDRAWAL, "", description, "", new BigDecimal("40.00")));
        bank.awaitIdle(WAIT);
        Statement statement = bank.queries().statement(ACCOUNT, LocalDate.parse("2003-10-09"),
                LocalDate.parse("2003-11-08"));
        assertThat(statement.lines()).extracting(Statement.Line::description).containsExactly(description, "Deposit");
        assertThat(statement.closingBalance()).isEqualTo(new BigDecimal("61.00"));
    }

    // ------------------------------------------------------------------------------ concurrency

    @Test
    void fourThreadsDepositingAndWithdrawingOnOneAccountLoseNoUpdate() throws Exception {
        Bank bank = bank();
        open(bank, new BigDecimal("1000.00"));
        int threads = 4;
        int perThread = 25;
        LocalDate date = LocalDate.parse("2003-10-14");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<BigDecimal>> results = new ArrayList<>();
        AtomicInteger retried = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                start.await();
                BigDecimal booked = BigDecimal.ZERO;
                for (int i = 0; i < perThread; i++) {
                    BigDecimal amount = new BigDecimal((thread + 1) + "." + (10 + i));
                    AccountCommand command = (i + thread) % 3 == 0
                            ? new Withdraw(date, TransactionType.WITHDRAWAL, "", "", "", amount)
                            : new Deposit(date, TransactionType.DEPOSIT, "", "", amount);
                    int attempts = bank.handle(ACCOUNT, command, metadata()).attempts();
                    retried.addAndGet(attempts - 1);
                    booked = booked.add(command instanceof Withdraw ? amount.negate() : amount);
                }
                return booked;
            }));
        }
        start.countDown();
        BigDecimal expected = new BigDecimal("1000.00");
        for (Future<BigDecimal> result : results) {
            expected = expected.add(result.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        BigDecimal sumOfEvents = events(bank).stream().map(e -> e.event().balanceChange())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(bank.store().streamVersion(STREAM)).isEqualTo(1 + threads * perThread);
        assertThat(sumOfEvents).isEqualTo(expected);
        assertThat(bank.queries().state(ACCOUNT).state().balance()).isEqualTo(expected);
        bank.awaitIdle(WAIT);
        Statement statement = bank.queries().statement(ACCOUNT, LocalDate.parse("2003-10-09"),
                LocalDate.parse("2003-11-08"));
        assertThat(statement.lines()).hasSize(threads * perThread);
        assertThat(statement.closingBalance()).isEqualTo(expected);
        System.out.println(getClass().getSimpleName() + ": " + threads * perThread + " commands by " + threads
                + " threads, " + retried.get() + " decided again after a concurrent writer");
    }

    // ------------------------------------------------------------------------------ blue/green

    @Test
    void upgradingTheStatementToVersion2KeepsEveryReadCompleteAndAddsCategories() throws Exception {
        Bank bank = bank(Bank.builder(openStore()).statementVersion(1));
        SeedDemo.book(bank, "test");
        bank.awaitIdle(WAIT);
        assertThat(bank.statementVersion()).isEqualTo(1);
        LocalDate from = LocalDate.parse("2003-10-09");
        LocalDate to = LocalDate.parse("2003-12-31");
        int before = bank.queries().statement(ACCOUNT, from, to).lines().size();
        assertThat(bank.queries().statement(ACCOUNT, from, to).lines()).allMatch(line -> line.category().isEmpty());

        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Statement> reads = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> {
            try {
                while (!stop.get()) {
                    bank.handle(ACCOUNT, new AccountCommand.Deposit(LocalDate.parse("2003-11-09"),
                            TransactionType.DEPOSIT, "Deposit", "", new BigDecimal("1.00")), metadata());
                }
            } catch (Throwable e) {
                errors.add(e);
            }
        }, "bank-depositor"));
        for (int r = 0; r < 2; r++) {
            threads.add(new Thread(() -> {
                try {
                    while (!stop.get()) {
                        Statement read = bank.queries().statement(ACCOUNT, from, to);
                        if (read.lines().size() < before) {
                            throw new AssertionError("a statement of " + read.lines().size() + " lines, fewer than the "
                                    + before + " booked before the upgrade");
                        }
                        reads.add(read);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "bank-statement-reader"));
        }
        threads.forEach(Thread::start);
        Thread.sleep(200);
        assertThat(bank.upgradeStatement(Duration.ofSeconds(120))).isEqualTo(1);
        int readsAtSwitch = reads.size();
        Thread.sleep(300);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        assertThat(errors).isEmpty();
        assertThat(bank.statementVersion()).isEqualTo(2);
        assertThat(reads.size()).as("reads after the switch").isGreaterThan(readsAtSwitch);

        // Each read is the complete statement as of some position: every line of the events up to its
        // newest line, each once, with balances that add up.
        bank.awaitIdle(WAIT);
        List<RecordedEvent> stream;
        try (Stream<RecordedEvent> events = bank.store().readStream(STREAM)) {
            stream = events.toList();
        }
        synchronized (reads) {
            for (Statement read : reads) {
                long newest = read.lines().stream().mapToLong(Statement.Line::position).max().orElse(0);
                List<Long> expected = stream.stream().filter(event -> event.position() <= newest && event.version() > 1)
                        .filter(event -> TYPES.decode(event, AccountEvent.class).orElseThrow().event().balanceChange()
                                .signum() != 0)
                        .map(RecordedEvent::position).sorted().toList();
                assertThat(read.lines().stream().map(Statement.Line::position).sorted().toList())
                        .as("the lines of a read up to position %d", newest).isEqualTo(expected);
                BigDecimal balance = read.previousBalance();
                for (Statement.Line line : read.lines()) {
                    balance = balance.add(line.amount());
                    assertThat(line.balance()).as("the running balance at position %d", line.position())
                            .isEqualTo(balance);
                }
            }
        }

        // Version 2 is live for every reader: the same statement, now with categories; version 1 is gone.
        Statement upgraded = bank.queries().statement(ACCOUNT, from, LocalDate.parse("2003-11-08"));
        assertThat(StatementFormat.TEXT.format(upgraded)).isEqualTo(SeedStatement.text());
        assertThat(upgraded.lines()).filteredOn(Statement.Line::fee).isNotEmpty()
                .allMatch(line -> line.category().equals("fee"));
        assertThat(upgraded.lines()).filteredOn(line -> !line.fee()).allMatch(line -> !line.category().isEmpty()
                && !line.category().equals("fee"));
        assertThat(StatementFormat.JSON.format(upgraded)).contains("\"category\" : \"fee\"");
        String prefix = bank.store().schema().map(schema -> "\"" + schema + "\".").orElse("");
        try (Connection connection = bank.store().dataSource().getConnection();
                java.sql.Statement select = connection.createStatement()) {
            assertThatThrownBy(() -> select.executeQuery("SELECT count(*) FROM " + prefix + "bank_statement_line_v1"))
                    .isInstanceOf(SQLException.class);
        }
        assertThat(bank.upgradeStatement(WAIT)).as("a second upgrade changes nothing").isEqualTo(2);

        // A new process on the same database runs version 2, whatever it would start a new database with.
        Bank restarted = bank(Bank.builder(openStore()).statementVersion(1));
        assertThat(restarted.statementVersion()).isEqualTo(2);
    }

    @Test
    void theUnversionedStatementTablesOfAnEarlierBuildAreDroppedAndBuiltAgain() throws Exception {
        JdbcEventStore store = openStore();
        String prefix = store.schema().map(schema -> "\"" + schema + "\".").orElse("");
        store.inTransaction(tx -> {
            try (java.sql.Statement create = tx.connection().createStatement()) {
                create.execute("CREATE TABLE " + prefix + "bank_account (stream_id TEXT PRIMARY KEY)");
                create.execute("CREATE TABLE " + prefix + "bank_statement_line (stream_id TEXT NOT NULL)");
            }
            return null;
        });
        store.checkpointStore().save(StatementProjection.NAME, 7);

        Bank bank = bank(Bank.builder(store));
        SeedDemo.book(bank, "test");
        bank.awaitIdle(WAIT);
        assertThat(StatementFormat.TEXT.format(bank.queries().statement(ACCOUNT, LocalDate.parse("2003-10-09"),
                LocalDate.parse("2003-11-08")))).isEqualTo(SeedStatement.text());
        assertThat(store.checkpointStore().load(StatementProjection.NAME)).isZero();
        assertThat(bank.statementVersion()).isEqualTo(StatementProjection.LATEST_VERSION);
    }

    // ------------------------------------------------------------------------------ restart

    @Test
    void aStatementProjectionStoppedMidwayResumesWithoutDuplicateLines() throws Exception {
        Bank first = bank();
        SeedDemo.book(first, "test");
        first.close();
        JdbcEventStore store = first.store();
        // Another process starts the statement over and dies inside its third batch, after writing
        // that batch's lines and before the commit.
        StatementProjection real = StatementProjection.version(store, TYPES, StatementProjection.LATEST_VERSION);
        String checkpointName = real.versioned().checkpointName();
        AtomicInteger batches = new AtomicInteger();
        JdbcProjectionHandler dying = new JdbcProjectionHandler() {
            @Override
            public void apply(List<RecordedEvent> events, Connection connection) throws Exception {
                real.apply(events, connection);
                if (batches.incrementAndGet() == 3) {
                    throw new IllegalStateException("the process dies in the middle of batch 3");
                }
            }

            @Override
            public void reset(Connection connection) throws Exception {
                real.reset(connection);
            }
        };
        JdbcProjection projection = JdbcProjection.builder(checkpointName, store)
                .filter(EventFilter.category(Bank.CATEGORY)).handler(dying).build();
        ProjectionRunner runner = ProjectionRunner.builder(store, projection).batchSize(4)
                .retry(RetryPolicy.none()).rebuild();
        assertThatThrownBy(() -> runner.stopped().get(30, TimeUnit.SECONDS))
                .hasRootCauseMessage("the process dies in the middle of batch 3");
        runner.close();

        long checkpoint = store.checkpointStore().load(checkpointName);
        assertThat(checkpoint).isPositive().isLessThan(store.headPosition());
        long linesApplied;
        try (Stream<RecordedEvent> events = store.readStream(STREAM)) {
            linesApplied = events.filter(e -> e.position() <= checkpoint)
                    .filter(e -> TYPES.decode(e, AccountEvent.class).orElseThrow().event()
                            .balanceChange().signum() != 0 && e.version() > 1)
                    .count();
        }
        assertThat(lineCounts(first)).containsExactly(linesApplied, linesApplied);

        // A new process: the statement resumes after the checkpoint, and every line is there once.
        Bank second = bank();
        second.awaitAccount(ACCOUNT, WAIT);
        assertThat(lineCounts(second)).containsExactly(17L, 17L);
        assertThat(StatementFormat.TEXT.format(second.queries().statement(ACCOUNT, LocalDate.parse("2003-10-09"),
                LocalDate.parse("2003-11-08")))).isEqualTo(SeedStatement.text());
        assertThat(second.store().checkpointStore().load(checkpointName))
                .isEqualTo(second.store().headPosition());
    }

    @Test
    void twoProcessesRunningThePolicyAndTheStatementAtOnceChargeAndWriteEachLineOnce() throws Exception {
        Bank first = bank();
        Bank second = bank();
        SeedDemo.book(first, "test");
        second.awaitAccount(ACCOUNT, WAIT);
        first.awaitAccount(ACCOUNT, WAIT);

        assertThat(first.store().streamVersion(STREAM)).as("14 transactions, 3 fees, the opening and the end of day")
                .isEqualTo(19);
        assertThat(lineCounts(second)).containsExactly(17L, 17L);
        assertThat(StatementFormat.TEXT.format(second.queries().statement(ACCOUNT, LocalDate.parse("2003-10-09"),
                LocalDate.parse("2003-11-08")))).isEqualTo(SeedStatement.text());
    }

    @Test
    void twoProcessesWritingAndRunningThePolicyAtOnceChargeEachFeeOnce() throws Exception {
        Bank first = bank();
        open(first, new BigDecimal("500.00"));
        Bank second = bank();
        LocalDate date = LocalDate.parse("2003-10-14");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        for (Bank bank : List.of(first, second, first, second)) {
            writers.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 10; i++) {
                    bank.handle(ACCOUNT, i % 2 == 0
                            ? new Withdraw(date, TransactionType.ATM_WITHDRAWAL, "INTERAC", "", "", new BigDecimal("2.00"))
                            : new Deposit(date, TransactionType.DEPOSIT, "", "", new BigDecimal("1.00")), metadata());
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        first.handle(ACCOUNT, new AccountCommand.CloseDay(LocalDate.parse("2003-11-08")), metadata());
        first.awaitAccount(ACCOUNT, WAIT);
        second.awaitAccount(ACCOUNT, WAIT);

        List<FeeCharged> fees = events(first).stream().map(TypedEvent::event).filter(FeeCharged.class::isInstance)
                .map(FeeCharged.class::cast).toList();
        assertThat(fees).as("20 ATM withdrawals on the Interac network, then the monthly fee").hasSize(21);
        assertThat(fees.stream().map(FeeCharged::feeNumber)).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, 21).boxed().toList());
        assertThat(fees.get(20).kind()).isEqualTo(FeeKind.MONTHLY);
        BigDecimal expected = new BigDecimal("500.00").subtract(new BigDecimal("40.00")).add(new BigDecimal("20.00"))
                .subtract(new BigDecimal("30.00")).subtract(new BigDecimal("5.00"));
        assertThat(first.queries().state(ACCOUNT).state().balance()).isEqualTo(expected);
        for (Bank bank : List.of(first, second)) {
            assertThat(lineCounts(bank)).containsExactly(61L, 61L);
            assertThat(bank.queries().statement(ACCOUNT, LocalDate.parse("2003-10-09"), LocalDate.parse("2003-11-08"))
                    .closingBalance()).isEqualTo(expected);
        }
    }

    // ------------------------------------------------------------------------------ bad CSV files

    static Stream<Arguments> badFiles() {
        String header = TransactionCsv.HEADER + "\n";
        String payroll = "2003-10-14,PAYROLL_DEPOSIT,Payroll Deposit - HOTEL,,694.81,\n";
        return Stream.of(
                arguments("a bad date", header + payroll + "2003-10-32,BILL_PAYMENT,Web Bill Payment - AMEX,3314,300.00,\n",
                        3, "bad date '2003-10-32'"),
                arguments("a non-numeric amount", header + payroll + payroll
                        + "2003-10-21,BILL_PAYMENT,Web Bill Payment - AMEX,3314,3OO.00,\n", 4, "not an amount: '3OO.00'"),
                arguments("a missing column", header + payroll
                        + "2003-10-21,BILL_PAYMENT,Web Bill Payment - AMEX,300.00\n" + payroll, 3,
                        "expected 6 columns (" + TransactionCsv.HEADER + "), found 4 in "
                                + "'2003-10-21,BILL_PAYMENT,Web Bill Payment - AMEX,300.00'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aCsvFileWithABadRowIsRejectedWithItsLineAndNothingIsImported(String what, String csv, int line,
            String problem) throws Exception {
        Bank bank = bank();
        open(bank, new BigDecimal("0.55"));
        bank.awaitIdle(WAIT);

        CsvFormatException rejected = catchThrowableOfType(
                () -> bank.importCsv(ACCOUNT, "bad.csv", new StringReader(csv), metadata()), CsvFormatException.class);

        assertThat(rejected.line()).isEqualTo(line);
        assertThat(rejected).hasMessage("bad.csv line " + line + ": " + problem
                + (problem.startsWith("not an amount") ? " (expected digits with at most two decimals, such as 694.81)"
                        : problem.startsWith("bad date") ? " (expected YYYY-MM-DD)" : "")
                + "; nothing from bad.csv was imported");
        bank.awaitIdle(WAIT);
        assertThat(bank.store().streamVersion(STREAM)).isEqualTo(1);
        assertThat(lineCounts(bank)).containsExactly(0L, 0L);
    }
}
