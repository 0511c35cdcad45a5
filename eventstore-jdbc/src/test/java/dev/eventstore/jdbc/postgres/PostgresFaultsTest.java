package dev.eventstore.jdbc.postgres;

import dev.eventstore.jdbc.JdbcEventStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventstore.AppendCondition;
import dev.eventstore.AppendConditionFailedException;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventStoreException;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.RecordedEvent;
import dev.eventstore.Subscription;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What goes wrong around the PostgreSQL store, and how it holds up. */
class PostgresFaultsTest {

    @BeforeEach
    void requireServer() {
        PostgresDatabase.assumeAvailable();
    }

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }

    @Test
    void aPoolDefaultingToRepeatableReadIsRefusedForAppendsButTransactionsStillWork() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(PostgresDatabase.url());
        config.setMaximumPoolSize(4);
        config.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
        try (HikariDataSource repeatableRead = new HikariDataSource(config);
                JdbcEventStore store = JdbcEventStore.postgres(repeatableRead)
                        .schema(PostgresDatabase.newSchema()).build()) {
            // Under REPEATABLE READ a conditional append's check would not see what committed while
            // it waited for its locks; the store refuses rather than risk a wrong answer.
            assertThatThrownBy(() -> store.append("rr-1", ExpectedVersion.any(), List.of(EventData.of("A", "{}"))))
                    .isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("READ COMMITTED")
                    .hasMessageContaining("repeatable read");
            assertThat(store.streamVersion("rr-1")).isZero();
            // inTransaction sets READ COMMITTED for its own transaction.
            store.inTransaction(tx -> tx.append("rr-1", ExpectedVersion.noStream(), List.of(EventData.of("A", "{}"))));
            assertThat(store.streamVersion("rr-1")).isEqualTo(1);
        }
    }

    @Test
    void aLogRestoredFromAClusterWithHigherTransactionIdsKeepsPositionsGrowing() throws Exception {
        String schema = PostgresDatabase.newSchema();
        long restoredHead;
        try (JdbcEventStore store = JdbcEventStore.postgres(PostgresDatabase.pool()).schema(schema)
                .build()) {
            store.append("restored-1", ExpectedVersion.noStream(), List.of(EventData.of("Before", "{}")));
            // What a pg_dump of a busier cluster restored here looks like: positions made from
            // transaction ids far above this cluster's.
            try (Connection connection = PostgresDatabase.pool().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("UPDATE \"" + schema + "\".events SET position = position + (50000000::bigint << 16)");
            }
            restoredHead = store.readStream("restored-1").toList().get(0).position();
        }
        try (JdbcEventStore store = JdbcEventStore.postgres(PostgresDatabase.pool()).schema(schema)
                .build()) {
            List<RecordedEvent> afterRestore = new CopyOnWriteArrayList<>();
            Subscription subscription = store.subscribe(EventFilter.all(), restoredHead, afterRestore::add);
            store.append("restored-1", ExpectedVersion.exactly(1), List.of(EventData.of("After", "{}")));
            store.append("fresh-1", ExpectedVersion.noStream(), List.of(EventData.of("After", "{}")));
            assertThat(subscription.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            assertThat(afterRestore).extracting(RecordedEvent::streamId).containsExactly("restored-1", "fresh-1");
            assertThat(afterRestore.get(0).position()).isGreaterThan(restoredHead);
            assertThat(store.headPosition()).isEqualTo(afterRestore.get(1).position());
            subscription.close();
        }
    }

    @Test
    void aConditionOnEveryEventWaitsForAConcurrentWriterAndSeesItsEvent() throws Exception {
        try (JdbcEventStore store = JdbcEventStore.postgres(PostgresDatabase.pool())
                .schema(PostgresDatabase.newSchema()).build()) {
            store.append("room-1", ExpectedVersion.noStream(), List.of(EventData.of("Booked", "{}")));
            long head = store.headPosition();
            CountDownLatch writing = new CountDownLatch(1);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> store.inTransaction(tx -> {
                tx.append("room-2", ExpectedVersion.noStream(), List.of(EventData.of("Booked", "{}")));
                writing.countDown();
                Thread.sleep(300);
                return null;
            }));
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
            // "Nothing at all was recorded after head": the writer's uncommitted event must make it fail.
            assertThatThrownBy(() -> store.append("room-3", ExpectedVersion.any(), List.of(EventData.of("Booked", "{}")),
                    AppendCondition.noneMatchingAfter(Query.all(), head)))
                    .isInstanceOf(AppendConditionFailedException.class);
            writer.get(10, TimeUnit.SECONDS);
            assertThat(store.streamVersion("room-3")).isZero();
        }
    }
}
