package dev.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.Subscription;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link JdbcEventStore#inTransaction} on each JDBC backend. */
public abstract class JdbcTransactionContract {

    /** @return a new, empty store */
    protected abstract JdbcEventStore openStore();

    /** @return a table name for this test's own rows, qualified as the database needs */
    protected abstract String table();

    @Test
    void eventsAndRowsOfOneTransactionCommitTogetherAndWakeSubscriptions() throws Exception {
        try (JdbcEventStore store = openStore()) {
            execute(store, "CREATE TABLE " + table() + " (note TEXT NOT NULL)");
            List<RecordedEvent> seen = new CopyOnWriteArrayList<>();
            Subscription subscription = store.subscribe(EventFilter.all(), 0, seen::add);
            store.inTransaction(tx -> {
                tx.append("order-1", ExpectedVersion.noStream(), List.of(EventData.of("Placed", "{}")));
                try (Statement statement = tx.connection().createStatement()) {
                    statement.execute("INSERT INTO " + table() + " (note) VALUES ('outbox row')");
                }
                return null;
            });
            assertThat(subscription.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            assertThat(seen).extracting(RecordedEvent::streamId).containsExactly("order-1");
            assertThat(count(store)).isEqualTo(1);
            subscription.close();
        }
    }

    @Test
    void workThatThrowsRollsBackItsAppendsAndItsRows() throws Exception {
        try (JdbcEventStore store = openStore()) {
            execute(store, "CREATE TABLE " + table() + " (note TEXT NOT NULL)");
            assertThatThrownBy(() -> store.inTransaction(tx -> {
                tx.append("order-2", ExpectedVersion.noStream(), List.of(EventData.of("Placed", "{}")));
                try (Statement statement = tx.connection().createStatement()) {
                    statement.execute("INSERT INTO " + table() + " (note) VALUES ('outbox row')");
                }
                throw new IllegalStateException("changed my mind");
            })).isInstanceOf(IllegalStateException.class).hasMessage("changed my mind");
            assertThat(store.streamVersion("order-2")).isZero();
            assertThat(store.headPosition()).isZero();
            assertThat(count(store)).isZero();
        }
    }

    @Test
    void appendingThroughTheStoreInsideItsOwnTransactionIsRefusedNotDeadlocked() {
        try (JdbcEventStore store = openStore()) {
            assertThatThrownBy(() -> store.inTransaction(tx -> {
                tx.append("nested-1", ExpectedVersion.noStream(), List.of(EventData.of("Outer", "{}")));
                return store.append("nested-1", ExpectedVersion.any(), List.of(EventData.of("Inner", "{}")));
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("JdbcTransaction");
            assertThatThrownBy(() -> store.inTransaction(tx -> store.inTransaction(inner -> null)))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(store.headPosition()).isZero();
            // The store is still usable afterwards.
            store.append("nested-1", ExpectedVersion.noStream(), List.of(EventData.of("After", "{}")));
            assertThat(store.streamVersion("nested-1")).isEqualTo(1);
        }
    }

    @Test
    void aTransactionIsUsableOnlyInsideItsWork() {
        try (JdbcEventStore store = openStore()) {
            JdbcTransaction escaped = store.inTransaction(tx -> tx);
            assertThatThrownBy(() -> escaped.append("late-1", ExpectedVersion.any(), List.of(EventData.of("Late", "{}"))))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(escaped::connection).isInstanceOf(IllegalStateException.class);
        }
    }

    private static void execute(JdbcEventStore store, String sql) throws Exception {
        try (Connection connection = store.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long count(JdbcEventStore store) throws Exception {
        try (Connection connection = store.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM " + table())) {
            row.next();
            return row.getLong(1);
        }
    }
}
