package dev.eventstore.memory;

import dev.eventstore.EventTransaction;
import dev.eventstore.internal.Args;
import dev.eventstore.reactor.ParkedEvent;
import dev.eventstore.reactor.ParkedEventStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link ParkedEventStore} in the heap of this JVM, beside the in-memory event store: its parked
 * events last as long as the process. Safe for concurrent use. It joins the transactions of an
 * {@link InMemoryEventStore} ({@link #within}): writes made there are applied when the transaction
 * commits; since such a transaction holds the store's write lock, its reads hold the rows too.
 */
public final class InMemoryParkedEventStore implements ParkedEventStore {

    /** Guarded by this: consumer, then position. */
    private final Map<String, TreeMap<Long, ParkedEvent>> byConsumer = new HashMap<>();

    /** An empty store. */
    public InMemoryParkedEventStore() {
    }

    @Override
    public synchronized void park(ParkedEvent event) {
        Args.notNull("event", event);
        byConsumer.computeIfAbsent(event.consumer(), c -> new TreeMap<>()).put(event.position(), event);
    }

    @Override
    public List<ParkedEvent> list(String consumer) {
        return new ArrayList<>(snapshot(consumer).values());
    }

    @Override
    public Optional<ParkedEvent> find(String consumer, long position) {
        return Optional.ofNullable(snapshot(consumer).get(position));
    }

    @Override
    public List<ParkedEvent> stream(String consumer, String streamId) {
        Args.notNull("streamId", streamId);
        return ofStream(snapshot(consumer), streamId);
    }

    @Override
    public Set<String> streams(String consumer) {
        return streamsOf(snapshot(consumer));
    }

    @Override
    public synchronized boolean remove(String consumer, long position) {
        ParkedEventStore.checkConsumer(consumer);
        TreeMap<Long, ParkedEvent> events = byConsumer.get(consumer);
        return events != null && events.remove(position) != null;
    }

    /**
     * @param transaction an open transaction
     * @return for a transaction of an {@link InMemoryEventStore}, a view whose writes are applied when
     *     it commits and whose reads see them; for any other, this store
     * @throws IllegalArgumentException if {@code transaction} is null
     */
    @Override
    public ParkedEventStore within(EventTransaction transaction) {
        Args.notNull("transaction", transaction);
        if (!(transaction instanceof MemoryTransaction memory)) {
            return this;
        }
        return memory.joined(this, () -> new Joined(memory));
    }

    /** @return a copy of a consumer's parked events */
    private synchronized TreeMap<Long, ParkedEvent> snapshot(String consumer) {
        ParkedEventStore.checkConsumer(consumer);
        TreeMap<Long, ParkedEvent> events = byConsumer.get(consumer);
        return events == null ? new TreeMap<>() : new TreeMap<>(events);
    }

    private static List<ParkedEvent> ofStream(TreeMap<Long, ParkedEvent> events, String streamId) {
        return events.values().stream().filter(e -> e.streamId().equals(streamId)).toList();
    }

    private static Set<String> streamsOf(TreeMap<Long, ParkedEvent> events) {
        Set<String> streams = new LinkedHashSet<>();
        events.values().forEach(e -> streams.add(e.streamId()));
        return streams;
    }

    /** The writes of one transaction, applied when it commits: per consumer and position, the event or empty. */
    private final class Joined implements ParkedEventStore, MemoryTransaction.Pending {
        private final MemoryTransaction transaction;
        private final Map<String, Map<Long, Optional<ParkedEvent>>> changed = new HashMap<>();

        Joined(MemoryTransaction transaction) {
            this.transaction = transaction;
        }

        @Override
        public void park(ParkedEvent event) {
            Args.notNull("event", event);
            change(event.consumer(), event.position(), Optional.of(event));
        }

        @Override
        public List<ParkedEvent> list(String consumer) {
            return new ArrayList<>(current(consumer).values());
        }

        @Override
        public Optional<ParkedEvent> find(String consumer, long position) {
            return Optional.ofNullable(current(consumer).get(position));
        }

        @Override
        public List<ParkedEvent> stream(String consumer, String streamId) {
            Args.notNull("streamId", streamId);
            return ofStream(current(consumer), streamId);
        }

        @Override
        public Set<String> streams(String consumer) {
            return streamsOf(current(consumer));
        }

        @Override
        public boolean remove(String consumer, long position) {
            boolean present = find(consumer, position).isPresent();
            change(consumer, position, Optional.empty());
            return present;
        }

        @Override
        public ParkedEventStore within(EventTransaction other) {
            return InMemoryParkedEventStore.this.within(other);
        }

        @Override
        public void apply() {
            synchronized (InMemoryParkedEventStore.this) {
                changed.forEach((consumer, positions) -> positions.forEach((position, event) -> {
                    TreeMap<Long, ParkedEvent> stored = byConsumer.computeIfAbsent(consumer, c -> new TreeMap<>());
                    if (event.isPresent()) {
                        stored.put(position, event.get());
                    } else {
                        stored.remove(position);
                    }
                }));
            }
        }

        private void change(String consumer, long position, Optional<ParkedEvent> event) {
            ParkedEventStore.checkConsumer(consumer);
            transaction.checkUsable();
            changed.computeIfAbsent(consumer, c -> new HashMap<>()).put(position, event);
        }

        private TreeMap<Long, ParkedEvent> current(String consumer) {
            transaction.checkUsable();
            TreeMap<Long, ParkedEvent> merged = snapshot(consumer);
            changed.getOrDefault(consumer, Map.of()).forEach((position, event) -> {
                if (event.isPresent()) {
                    merged.put(position, event.get());
                } else {
                    merged.remove(position);
                }
            });
            return merged;
        }
    }
}
