package dev.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.Decider;
import dev.eventstore.aggregate.Snapshot;
import dev.eventstore.aggregate.SnapshotPolicy;
import dev.eventstore.typed.EventTypes;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A command handler keeping its snapshots in the store's own database, on each JDBC backend. */
public abstract class JdbcSnapshotUseContract {

    /** An event of the counter used here. */
    public record Added(BigDecimal amount) {
    }

    /** The counter's state. */
    public record Total(BigDecimal sum) {
    }

    /** @return a new store */
    protected abstract JdbcEventStore openStore();

    private static final Decider<BigDecimal, Total, Added> COUNTER = new Decider<>() {
        @Override
        public Total initialState() {
            return new Total(BigDecimal.ZERO);
        }

        @Override
        public Total evolve(Total state, Added event) {
            return new Total(state.sum().add(event.amount()));
        }

        @Override
        public List<Added> decide(BigDecimal command, Total state) {
            return List.of(new Added(command));
        }
    };

    @Test
    void snapshotsAreTakenIntoTheDatabaseAndLoadingStartsFromThem() {
        try (JdbcEventStore store = openStore()) {
            EventTypes types = EventTypes.builder().register(Added.class, "Added", 1).build();
            CommandHandler<BigDecimal, Total, Added> handler = CommandHandler.builder(store, types, COUNTER, Added.class)
                    .snapshots(store.snapshotStore(), SnapshotPolicy.everyEvents(5), Total.class, 1)
                    .build();
            for (int i = 1; i <= 12; i++) {
                handler.handle("counter-1", new BigDecimal("0.10"));
            }
            Optional<Snapshot> snapshot = store.snapshotStore().load("counter-1");
            assertThat(snapshot).isPresent();
            assertThat(snapshot.get().version()).isEqualTo(10);
            assertThat(handler.load("counter-1").state().sum()).isEqualByComparingTo("1.20");
            assertThat(handler.load("counter-1").state().sum().scale()).isEqualTo(2);
            assertThat(handler.load("counter-1").version()).isEqualTo(12);
        }
    }
}
