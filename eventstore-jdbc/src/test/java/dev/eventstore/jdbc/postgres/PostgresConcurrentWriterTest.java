package dev.eventstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.AppendResult;
import dev.eventstore.ConcurrencyConflictException;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.RetryPolicy;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.contract.Tally;
import dev.eventstore.contract.Tally.Add;
import dev.eventstore.contract.Tally.Added;
import dev.eventstore.contract.Tally.Total;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.reactor.Reactor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What only PostgreSQL shows, because there a transaction does not keep other writers out: a writer
 * that appends to a stream while a transaction that has already written is about to append to it too.
 * The transaction's id, taken at its first write, would put its event below the other writer's; the
 * store refuses that, which aborts the transaction, and only running it again can succeed.
 */
class PostgresConcurrentWriterTest {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    private JdbcEventStore store;
    private CommandHandler<Add, Total, Added> tallies;
    private final ExecutorService writer = Executors.newSingleThreadExecutor();

    @BeforeEach
    void openStore() {
        store = JdbcEventStore.postgres(PostgresDatabase.pool()).schema(SCHEMA.name()).build();
        tallies = Tally.handler(store).build();
    }

    @AfterEach
    void closeStore() {
        writer.shutdownNow();
        store.close();
    }

    /** Appends to {@code stream} on another thread, and waits for it to commit. */
    private void appendElsewhere(String stream) throws Exception {
        writer.submit(() -> store.append(stream, ExpectedVersion.any(), List.of(Tally.TYPES.encode(new Added(100)))))
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCommandInsideATransactionThatMeetsAConcurrentWriterFailsWithAConflictAndRunsAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();

        assertThatThrownBy(() -> store.inTransaction(tx -> {
            runs.incrementAndGet();
            tx.append("audit-1", ExpectedVersion.any(), List.of(EventData.of("Audited", "{}")));
            appendElsewhere("tally-1");
            return tallies.within(tx).handle("tally-1", new Add(1));
        })).isInstanceOf(ConcurrencyConflictException.class).hasMessageContaining("tally-1");
        store.inTransaction(tx -> {
            runs.incrementAndGet();
            tx.append("audit-1", ExpectedVersion.any(), List.of(EventData.of("Audited", "{}")));
            return tallies.within(tx).handle("tally-1", new Add(1));
        });

        assertThat(runs.get()).isEqualTo(2);
        assertThat(tallies.load("tally-1").state()).isEqualTo(new Total(101, 2));
        assertThat(store.streamVersion("audit-1")).isEqualTo(1);
    }

    /**
     * A reaction's transaction has its id from the moment it locks the reactor's checkpoint: a
     * concurrent writer of its command's stream fails that attempt, and the next one books the command
     * once.
     */
    @Test
    void aReactionWhoseCommandMeetsAConcurrentWriterOfItsStreamIsRetriedAndBooksOnce() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        AppendResult order;
        try (Reactor<JdbcTransaction> reactor = Reactor.builder("tally-keeper", store)
                .retry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20)))
                .filter(EventFilter.category("order"))
                .reaction((event, ctx) -> {
                    ctx.transaction();
                    if (attempts.incrementAndGet() == 1) {
                        appendElsewhere("tally-1");
                    }
                    ctx.handle(tallies, "tally-1", new Add(1));
                })
                .start()) {
            order = store.append("order-1", ExpectedVersion.noStream(), List.of(EventData.of("Placed", "{}")));

            assertThat(reactor.awaitPosition(order.lastPosition(), Duration.ofSeconds(10))).isTrue();
            assertThat(reactor.failure()).isEmpty();
        }

        assertThat(attempts.get()).isEqualTo(2);
        assertThat(tallies.load("tally-1").state()).isEqualTo(new Total(101, 2));
        List<RecordedEvent> stream = store.readStream("tally-1").toList();
        assertThat(stream.get(1).position()).isGreaterThan(stream.get(0).position());
        assertThat(store.checkpointStore().load("tally-keeper")).isEqualTo(order.lastPosition());
    }
}
