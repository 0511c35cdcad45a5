package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstore.EventStore;
import dev.eventstore.RecordedEvent;
import dev.eventstore.jdbc.JdbcEventStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The project README's example, run as a user runs it, on SQLite and on PostgreSQL. */
class RootReadmeTest {

    interface Example {
        void run() throws Exception;
    }

    @Test
    void runsOnSqlite() throws Exception {
        for (String file : List.of("bank.db", "bank.db-wal", "bank.db-shm")) {
            Files.deleteIfExists(Path.of(file));
        }

        List<String> printed = printedBy(RootReadme::onSqlite);

        assertPrintedTheStreamAndTheSubscription(printed);
        try (EventStore store = JdbcEventStore.sqlite(Path.of("bank.db")).build()) {
            assertAccount42(store);
        }
    }

    @Test
    void runsOnPostgres() throws Exception {
        Postgres.assumeReachable();
        String schema = Postgres.freshSchema();
        try {
            List<String> printed = printedBy(() -> RootReadme.onPostgres(Postgres.url(), schema));

            assertPrintedTheStreamAndTheSubscription(printed);
            try (EventStore store = JdbcEventStore.postgres(Postgres.url()).schema(schema).build()) {
                assertAccount42(store);
            }
        } finally {
            Postgres.drop(schema);
        }
    }

    @Test
    void theReadmeQuotesTheCodeAsItIs() throws Exception {
        Path source = Path.of(System.getProperty("basedir", ".."), "src/main/java/example/RootReadme.java");
        Quotes.assertQuoted(Quotes.repository().resolve("README.md"), Quotes.region(source, "README", 8));
    }

    @Test
    void thePostgresCopyDiffersOnlyInTheLineThatOpensTheStore() throws Exception {
        Path source = Path.of(System.getProperty("basedir", ".."), "src/main/java/example/RootReadme.java");
        List<String> sqlite = Quotes.region(source, "README", 8);
        List<String> postgres = Quotes.region(source, "POSTGRES", 8);

        assertEquals(sqlite.subList(1, sqlite.size()), postgres.subList(1, postgres.size()));
    }

    private static void assertPrintedTheStreamAndTheSubscription(List<String> printed) {
        assertEquals(4, printed.size(), () -> "printed: " + printed);
        assertTrue(printed.get(0).startsWith("1 AccountOpened {") && printed.get(0).contains("John Jones"),
                printed.get(0));
        assertTrue(printed.get(1).startsWith("2 MoneyDeposited {") && printed.get(1).contains("694.81"),
                printed.get(1));
        assertTrue(printed.get(2).startsWith("RecordedEvent[account-42@1,"), printed.get(2));
        assertTrue(printed.get(3).startsWith("RecordedEvent[account-42@2,"), printed.get(3));
    }

    private static void assertAccount42(EventStore store) {
        List<RecordedEvent> events = store.readStream("account-42").toList();
        assertEquals(List.of("AccountOpened", "MoneyDeposited"), events.stream().map(RecordedEvent::type).toList());
        assertEquals(2, store.streamVersion("account-42"));
        assertTrue(events.get(0).position() < events.get(1).position());
    }

    /** Runs the example with {@code System.out} captured, on every thread, and returns its lines. */
    private static List<String> printedBy(Example example) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            example.run();
        } finally {
            System.setOut(original);
        }
        String text = buffer.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text.lines().toList();
    }
}
