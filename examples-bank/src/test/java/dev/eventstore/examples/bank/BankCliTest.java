package dev.eventstore.examples.bank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.reactor.ParkedEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, as a user runs it, on SQLite files. */
class BankCliTest {

    @TempDir
    Path directory;

    private String out;
    private String err;

    private int run(String... args) {
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int status = new BankCli(new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8)).run(args);
        out = outBytes.toString(StandardCharsets.UTF_8);
        err = errBytes.toString(StandardCharsets.UTF_8);
        return status;
    }

    private String[] withDb(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--db";
        all[args.length + 1] = "jdbc:sqlite:" + directory.resolve("bank.db");
        return all;
    }

    @Test
    void theDemoPrintsTheSeedStatementAndNothingElse() {
        assertThat(run("demo")).isZero();
        assertThat(out).isEqualTo(SeedStatement.text());
        assertThat(err).isEmpty();
    }

    @Test
    void aSessionOfCommandsEndsWithTheSeedStatement() throws Exception {
        Path csv = directory.resolve("seed.csv");
        try (var in = SeedDemo.class.getResourceAsStream(SeedDemo.SEED_RESOURCE)) {
            Files.copy(in, csv);
        }
        assertThat(run(withDb("open", "--number", "00005-123-456-7", "--holder", "JOHN JONES", "--address",
                "1643 DUNDAS ST W APT 27", "--address", "TORONTO ON M6K 1V2", "--opening-balance", "0.55",
                "--date", "2003-10-08"))).as(err).isZero();
        assertThat(run(withDb("import", csv.toString()))).as(err).isZero();
        assertThat(out).contains("Imported 14 transactions", "fee charged: Fees - Interac 1.50 on 2003-10-16");
        assertThat(run(withDb("close-day", "2003-11-08"))).as(err).isZero();
        assertThat(out).contains("Fees - Overdraft 5.00 on 2003-11-07", "Fees - Monthly 5.00 on 2003-11-08",
                "Balance now -72.47");

        assertThat(run(withDb("statement"))).as(err).isZero();
        assertThat(out).isEqualTo(SeedStatement.text());
        assertThat(run(withDb("balance", "--as-of", "2003-10-16"))).isZero();
        assertThat(out).contains("at the end of 2003-10-16: 472.61");
        assertThat(run(withDb("balance", "--version", "16"))).isZero();
        assertThat(out).contains("as of version 16: -62.47");
        assertThat(run(withDb("history", "--snapshot-every", "4"))).isZero();
        assertThat(out).contains("19 events", "snapshot of the state at version 15", "issuedBy=bank-fee-policy");
        assertThat(run(withDb("rebuild"))).isZero();
        assertThat(run(withDb("statement", "--from", "2003-10-09", "--to", "2003-11-08", "--format", "csv")))
                .isZero();
        assertThat(out).endsWith(",*** Totals ***,,1515.63,1442.61,\n");

        assertThat(run(withDb("withdraw", "500", "--date", "2003-11-09"))).isEqualTo(1);
        assertThat(err).contains("rejected: withdrawal of 500.00 on 2003-11-09 refused", "overdraft limit of 100.00");
        Files.writeString(directory.resolve("bad.csv"), TransactionCsv.HEADER + "\n2003-11-09,DEPOSIT,,,1O.00,\n");
        assertThat(run(withDb("import", directory.resolve("bad.csv").toString()))).isEqualTo(2);
        assertThat(err).contains("bad.csv line 2: not an amount: '1O.00'", "nothing from bad.csv was imported");
        assertThat(run(withDb("balance"))).isZero();
        assertThat(out).contains("(version 19): -72.47");
    }

    @Test
    void upgradeStatementMovesADatabaseFromVersion1To2ByABlueGreenRebuild() throws Exception {
        Path csv = directory.resolve("seed.csv");
        try (var in = SeedDemo.class.getResourceAsStream(SeedDemo.SEED_RESOURCE)) {
            Files.copy(in, csv);
        }
        assertThat(run(withDb("open", "--number", "00005-123-456-7", "--holder", "JOHN JONES", "--address",
                "1643 DUNDAS ST W APT 27", "--address", "TORONTO ON M6K 1V2", "--opening-balance", "0.55",
                "--date", "2003-10-08", "--statement-version", "1"))).as(err).isZero();
        assertThat(run(withDb("import", csv.toString()))).as(err).isZero();
        assertThat(run(withDb("close-day", "2003-11-08"))).as(err).isZero();
        assertThat(run(withDb("statement", "--format", "json"))).as(err).isZero();
        assertThat(out).doesNotContain("category");

        assertThat(run(withDb("upgrade-statement"))).as(err).isZero();
        assertThat(out).contains("Statement read model: version 1 -> 2");
        assertThat(run(withDb("statement", "--format", "json"))).as(err).isZero();
        assertThat(out).contains("\"category\" : \"fee\"", "\"category\" : \"interac_purchase\"");
        assertThat(run(withDb("statement"))).as(err).isZero();
        assertThat(out).isEqualTo(SeedStatement.text());
        assertThat(run(withDb("upgrade-statement"))).as(err).isZero();
        assertThat(out).contains("at version 2, the latest already");
        assertThat(run(withDb("balance", "--statement-version", "3"))).isEqualTo(2);
        assertThat(err).contains("--statement-version must be 1 to 2, was: 3");
    }

    @Test
    void anAccountIsClosedThenDeletedAndItsNumberCannotBeOpenedAgain() {
        assertThat(run(withDb("open", "--number", "1-2", "--holder", "A", "--date", "2003-10-08",
                "--opening-balance", "5.00"))).as(err).isZero();
        assertThat(run(withDb("close", "--date", "2003-10-09"))).isEqualTo(1);
        assertThat(err).contains("rejected:", "balance of 5.00");
        assertThat(run(withDb("delete"))).isEqualTo(1);
        assertThat(err).contains("rejected:", "close it before deleting it");
        assertThat(run(withDb("withdraw", "5.00", "--date", "2003-10-09"))).as(err).isZero();
        assertThat(run(withDb("close", "--date", "2003-10-09"))).as(err).isZero();
        assertThat(out).contains("Closed account 1-2 on 2003-10-09");
        assertThat(run(withDb("statement", "--from", "2003-10-09", "--to", "2003-10-31"))).as(err).isZero();
        assertThat(run(withDb("delete"))).as(err).isZero();
        assertThat(out).contains("Deleted account 1-2", "tombstoned at version 4");
        assertThat(run(withDb("statement"))).isEqualTo(2);
        assertThat(err).contains("holds no account");
        assertThat(run(withDb("open", "--number", "1-2", "--holder", "B"))).isEqualTo(1);
        assertThat(err).contains("rejected:", "account-1-2", "tombstoned");
    }

    @Test
    void badInputIsNamedAndExitsWithStatus2() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err).contains("unknown command 'frobnicate'");
        assertThat(run()).isEqualTo(2);
        assertThat(err).contains("no command given");
        assertThat(run(withDb("deposit"))).isEqualTo(2);
        assertThat(run(withDb("open", "--number", "1-2", "--holder", "A"))).isZero();
        assertThat(run(withDb("deposit"))).isEqualTo(2);
        assertThat(err).contains("deposit needs AMOUNT");
        assertThat(run(withDb("deposit", "12,50"))).isEqualTo(2);
        assertThat(err).contains("'12,50'");
        assertThat(run(withDb("deposit", "10", "--date", "2003-02-30"))).isEqualTo(2);
        assertThat(err).contains("--date must be a date YYYY-MM-DD, was: '2003-02-30'");
        assertThat(run(withDb("deposit", "10", "--type", "BONUS"))).isEqualTo(2);
        assertThat(err).contains("unknown transaction type 'BONUS'");
        assertThat(run(withDb("deposit", "10", "--colour", "red"))).isEqualTo(2);
        assertThat(err).contains("unknown option --colour for deposit");
        assertThat(run(withDb("statement", "--format", "xml"))).isEqualTo(2);
        assertThat(err).contains("unknown format 'xml'");
        assertThat(run(withDb("balance", "--version", "x"))).isEqualTo(2);
        assertThat(err).contains("--version must be a whole number, was: 'x'");
        assertThat(run(withDb("import", "missing.csv"))).isEqualTo(2);
        assertThat(err).contains("no such file: missing.csv");
        assertThat(run(withDb("history", "--account", "9-9"))).isEqualTo(2);
        assertThat(err).contains("no account 9-9 in this database (it holds 1-2)");
        assertThat(run("demo", "--db", "jdbc:mysql://localhost/bank")).isEqualTo(2);
        assertThat(err).contains("'jdbc:mysql://localhost/bank'");
        assertThat(run("help")).isZero();
        assertThat(out).contains("Usage:", TransactionCsv.HEADER);
    }

    /** Reads or writes the fee policy's state of an account, straight in the bank's SQLite file. */
    private String feeState(String streamId, String newState) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("bank.db"))) {
            String old;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT state FROM bank_fee_policy WHERE stream_id = ?")) {
                select.setString(1, streamId);
                try (ResultSet row = select.executeQuery()) {
                    assertThat(row.next()).as("the fee state of " + streamId).isTrue();
                    old = row.getString(1);
                }
            }
            if (newState != null) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE bank_fee_policy SET state = ? WHERE stream_id = ?")) {
                    update.setString(1, newState);
                    update.setString(2, streamId);
                    update.executeUpdate();
                }
            }
            return old;
        }
    }

    private List<ParkedEvent> parkedEvents() {
        try (JdbcEventStore store = JdbcEventStore.sqlite(directory.resolve("bank.db")).build()) {
            return store.parkedEventStore().list(FeePolicy.NAME);
        }
    }

    @Test
    void anAccountWhoseFeesFailIsParkedWhileOthersGoOnThenRetriedOrSkippedFromTheCommandLine() throws Exception {
        assertThat(run(withDb("open", "--number", "1-2", "--holder", "A", "--opening-balance", "100", "--date",
                "2003-10-08"))).as(err).isZero();
        assertThat(run(withDb("open", "--number", "3-4", "--holder", "B", "--opening-balance", "100", "--date",
                "2003-10-08"))).as(err).isZero();
        assertThat(run(withDb("parked", "list"))).as(err).isZero();
        assertThat(out).isEqualTo("No parked events of " + FeePolicy.NAME + "\n");

        // The fee policy cannot read account 1-2's state: its next event is parked, the one after waits.
        String good = feeState("account-1-2", "not json");
        assertThat(run(withDb("withdraw", "10", "--account", "1-2", "--date", "2003-10-09"))).as(err).isZero();
        assertThat(run(withDb("withdraw", "20", "--account", "1-2", "--date", "2003-10-10"))).as(err).isZero();
        // Account 3-4 goes on: its fee state moves.
        String before34 = feeState("account-3-4", null);
        assertThat(run(withDb("withdraw", "5", "--account", "3-4", "--date", "2003-10-09"))).as(err).isZero();
        assertThat(feeState("account-3-4", null)).as("account 3-4's fees went on").isNotEqualTo(before34);

        List<ParkedEvent> parked = parkedEvents();
        assertThat(parked).hasSize(2);
        long failed = parked.get(0).position();
        assertThat(run(withDb("parked", "list"))).as(err).isZero();
        assertThat(out).contains("2 parked events of " + FeePolicy.NAME + " (1 failed, 1 waiting)", "account-1-2",
                "failed: ", "JsonParseException", "waiting behind " + failed);

        // Bad input is named.
        assertThat(run(withDb("parked", "frob"))).isEqualTo(2);
        assertThat(err).contains("parked takes list, retry or skip, was: 'frob'");
        assertThat(run(withDb("parked", "retry"))).isEqualTo(2);
        assertThat(err).contains("parked retry needs the POSITION");
        assertThat(run(withDb("parked", "skip", "999999"))).isEqualTo(2);
        assertThat(err).contains("no parked event at position 999999");
        assertThat(run(withDb("parked", "retry", Long.toString(parked.get(1).position())))).isEqualTo(2);
        assertThat(err).contains("waits behind the parked event at position " + failed);

        // Retried before the fix: it fails again and stays parked.
        assertThat(run(withDb("parked", "retry", Long.toString(failed)))).isEqualTo(1);
        assertThat(err).contains("failed", Long.toString(failed));
        assertThat(parkedEvents()).hasSize(2);

        // After the fix, the retry handles it and the one waiting behind it.
        feeState("account-1-2", good);
        assertThat(run(withDb("parked", "retry", Long.toString(failed)))).as(err).isZero();
        assertThat(out).contains("Retried the event at position " + failed + ": 2 events handled; account-1-2 is released");
        assertThat(parkedEvents()).isEmpty();
        assertThat(feeState("account-1-2", null)).as("the fee policy went on with account 1-2").isNotEqualTo(good);

        // A skip drops the failed event and handles those behind it.
        feeState("account-3-4", "[");
        assertThat(run(withDb("withdraw", "1", "--account", "3-4", "--date", "2003-10-11"))).as(err).isZero();
        long skipped = parkedEvents().get(0).position();
        assertThat(run(withDb("parked", "skip", Long.toString(skipped)))).as(err).isZero();
        assertThat(out).contains("Skipped the event at position " + skipped + "; 0 events that waited behind it handled");
        assertThat(run(withDb("parked", "list"))).isZero();
        assertThat(out).startsWith("No parked events");
    }
}
