package dev.eventstore.examples.bank;

import dev.eventstore.examples.bank.AccountCommand.CloseDay;
import dev.eventstore.examples.bank.AccountCommand.OpenAccount;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * The demo's story: the account of the seed statement (JOHN JONES, 00005-123-456-7) opened with the
 * seed's previous balance, the seed's transactions imported without its fee rows (the fee policy
 * charges them), the end of day run through the statement's closing date, and the statement read
 * once the policy and the projection have caught up.
 */
public final class SeedDemo {

    /** The seed's account number. */
    public static final String ACCOUNT = "00005-123-456-7";
    /** The day of the opening: the seed's previous balance (0.55) is dated 2003-10-08. */
    public static final LocalDate OPENED_ON = LocalDate.of(2003, 10, 8);
    /** The seed statement's closing date. */
    public static final LocalDate CLOSING_DATE = LocalDate.of(2003, 11, 8);
    /** The CSV of the seed's transactions without its fee rows, a class-path resource next to this class. */
    public static final String SEED_RESOURCE = "seed-transactions.csv";

    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private SeedDemo() {
    }

    /**
     * Books the demo and reads its statement.
     *
     * @param bank a bank whose database does not hold the seed's account yet
     * @param user who runs the demo, for the audit trail
     * @return the statement of 2003-10-09 to 2003-11-08
     * @throws InterruptedException if interrupted while waiting for the policy and projection
     */
    public static Statement run(Bank bank, String user) throws InterruptedException {
        book(bank, user);
        StatementCycle cycle = StatementCycle.containing(OPENED_ON, CLOSING_DATE);
        return bank.queries().statement(ACCOUNT, cycle.from(), cycle.to());
    }

    /**
     * The demo's writes: open, import, end of day, each followed by a wait until the fee policy (and
     * the statement) has caught up, so that the stream's order is the same on
     * every run.
     *
     * @param bank a bank whose database does not hold the seed's account yet
     * @param user who runs the demo, for the audit trail
     * @throws InterruptedException if interrupted while waiting
     */
    public static void book(Bank bank, String user) throws InterruptedException {
        bank.handle(ACCOUNT, new OpenAccount(ACCOUNT, "JOHN JONES", List.of("1643 DUNDAS ST W APT 27",
                "TORONTO ON M6K 1V2"), OPENED_ON, new BigDecimal("0.55"), new BigDecimal("100.00")),
                Bank.metadata("demo-open", user));
        bank.awaitIdle(CATCH_UP);
        try (Reader csv = seedTransactions()) {
            bank.importCsv(ACCOUNT, SEED_RESOURCE, csv, Bank.metadata("demo-import", user));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bank.awaitIdle(CATCH_UP);
        bank.handle(ACCOUNT, new CloseDay(CLOSING_DATE), Bank.metadata("demo-end-of-day", user));
        bank.awaitIdle(CATCH_UP);
    }

    /** @return the seed's transactions without its fee rows, as shipped in the jar */
    public static Reader seedTransactions() {
        InputStream in = SeedDemo.class.getResourceAsStream(SEED_RESOURCE);
        if (in == null) {
            throw new IllegalStateException("the resource " + SEED_RESOURCE + " is missing from the class path");
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }
}
