package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstore.EventStore;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.RecordedEvent;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.memory.InMemoryEventStore;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventTypes;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eventstore-core's typed example (records, a decider, a command handler, a projection) on every store. */
class TypedDeciderTest {

    @Test
    void inMemory() throws Exception {
        try (InMemoryEventStore store = new InMemoryEventStore()) {
            assertTheExampleWorks(store);
        }
    }

    @Test
    void onSqlite(@TempDir Path dir) throws Exception {
        try (JdbcEventStore store = JdbcEventStore.sqlite(dir.resolve("accounts.db")).build()) {
            assertTheExampleWorks(store);
        }
    }

    @Test
    void onPostgres() throws Exception {
        Postgres.assumeReachable();
        String schema = Postgres.freshSchema();
        try (JdbcEventStore store = JdbcEventStore.postgres(Postgres.url()).schema(schema).build()) {
            assertTheExampleWorks(store);
        } finally {
            Postgres.drop(schema);
        }
    }

    @Test
    void theCoreReadmeQuotesTheCodeAsItIs() throws Exception {
        Path source = Path.of(System.getProperty("basedir", ".."), "src/main/java/example/CoreReadme.java");
        Quotes.assertQuoted(Quotes.repository().resolve("eventstore-core/README.md"),
                Quotes.region(source, "README", 4));
    }

    private static void assertTheExampleWorks(TransactionalEventStore<?> store) throws Exception {
        Map<String, BigDecimal> balances = CoreReadme.example(store);

        // equals on BigDecimal compares the scale too: 10.50 + 5.00 came back as 15.50, not as 15.5.
        // The deposit sent twice is booked once, beside the opening and the welcome bonus.
        assertEquals(Map.of("account-42", new BigDecimal("15.50")), balances);
        List<RecordedEvent> events = store.readStream("account-42").toList();
        assertEquals(3, events.size());
        assertTrue(events.stream().anyMatch(e -> e.data().contains("10.50")), events.toString());
        assertTrue(events.get(0).metadata().contains("request-1"), events.get(0).metadata());

        // A command the decider rejects appends nothing.
        EventTypes types = EventTypes.builder().registerSealed(CoreReadme.AccountEvent.class).build();
        CommandHandler<CoreReadme.AccountCommand, CoreReadme.Account, CoreReadme.AccountEvent> accounts =
                CommandHandler.builder(store, types, new CoreReadme.Accounts(), CoreReadme.AccountEvent.class).build();
        assertThrows(CommandRejectedException.class, () -> accounts.handle("account-7",
                new CoreReadme.Deposit(BigDecimal.ONE), EventMetadata.forCommand("request-3")));
        assertEquals(0, store.streamVersion("account-7"));
    }
}
