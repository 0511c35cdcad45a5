package example;

import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Subscription;
import dev.eventstore.jdbc.JdbcEventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The example of the project's README, as a user's code holds it. */
public final class RootReadme {

    private RootReadme() {
    }

    /** The README's code as it is: a SQLite file, bank.db, in the working directory. */
    public static void onSqlite() throws InterruptedException {
        // README:start
        try (EventStore store = JdbcEventStore.sqlite(Path.of("bank.db")).build()) {
            store.append("account-42", ExpectedVersion.noStream(),
                    List.of(EventData.of("AccountOpened", "{\"holder\":\"John Jones\",\"balance\":\"0.55\"}")));
            store.append("account-42", ExpectedVersion.exactly(1),
                    List.of(EventData.of("MoneyDeposited", "{\"amount\":\"694.81\",\"description\":\"Payroll\"}")));

            store.readStream("account-42").forEach(e -> System.out.println(e.version() + " " + e.type() + " " + e.data()));

            try (Subscription live = store.subscribe(EventFilter.category("account"), 0, e -> System.out.println(e))) {
                live.awaitCaughtUp(Duration.ofSeconds(5));
            }
        }
        // README:end
    }

    /** The same code on PostgreSQL: only the line that opens the store differs. */
    public static void onPostgres(String jdbcUrl, String schema) throws InterruptedException {
        // POSTGRES:start
        try (EventStore store = JdbcEventStore.postgres(jdbcUrl).schema(schema).build()) {
            store.append("account-42", ExpectedVersion.noStream(),
                    List.of(EventData.of("AccountOpened", "{\"holder\":\"John Jones\",\"balance\":\"0.55\"}")));
            store.append("account-42", ExpectedVersion.exactly(1),
                    List.of(EventData.of("MoneyDeposited", "{\"amount\":\"694.81\",\"description\":\"Payroll\"}")));

            store.readStream("account-42").forEach(e -> System.out.println(e.version() + " " + e.type() + " " + e.data()));

            try (Subscription live = store.subscribe(EventFilter.category("account"), 0, e -> System.out.println(e))) {
                live.awaitCaughtUp(Duration.ofSeconds(5));
            }
        }
        // POSTGRES:end
    }
}
