package dev.eventstore.memory;

import dev.eventstore.EventTransaction;
import dev.eventstore.internal.Args;
import dev.eventstore.reactor.Deadline;
import dev.eventstore.reactor.DeadlineStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link DeadlineStore} in the heap of this JVM, beside the in-memory event store: its deadlines last
 * as long as the process. Safe for concurrent use. It joins the transactions of an
 * {@link InMemoryEventStore} ({@link #within}): writes made there are applied when the transaction
 * commits.
 */
public final class InMemoryDeadlineStore implements DeadlineStore {

    /** Earliest first, ties by key: the order of {@link #due}. */
    static final Comparator<Deadline> ORDER = Comparator.comparing(Deadline::dueAt).thenComparing(Deadline::key);

    /** Guarded by this: owner, then key. */
    private final Map<String, Map<String, Deadline>> byOwner = new HashMap<>();

    /** An empty store. */
    public InMemoryDeadlineStore() {
    }

    @Override
    public synchronized void schedule(Deadline deadline) {
        Args.notNull("deadline", deadline);
        byOwner.computeIfAbsent(deadline.owner(), o -> new HashMap<>()).put(deadline.key(), deadline);
    }

    @Override
    public synchronized boolean cancel(String owner, String key) {
        checkNames(owner, key);
        Map<String, Deadline> keys = byOwner.get(owner);
        return keys != null && keys.remove(key) != null;
    }

    @Override
    public synchronized Optional<Deadline> find(String owner, String key) {
        checkNames(owner, key);
        Map<String, Deadline> keys = byOwner.get(owner);
        return Optional.ofNullable(keys == null ? null : keys.get(key));
    }

    @Override
    public List<Deadline> due(String owner, Instant now, int limit) {
        Args.notNull("now", now);
        Args.atLeast("limit", limit, 1);
        return due(all(owner), now, limit);
    }

    @Override
    public Optional<Instant> nextDue(String owner) {
        return all(owner).stream().map(Deadline::dueAt).min(Comparator.naturalOrder());
    }

    @Override
    public synchronized boolean claim(Deadline deadline) {
        Args.notNull("deadline", deadline);
        Map<String, Deadline> keys = byOwner.get(deadline.owner());
        return keys != null && keys.remove(deadline.key(), deadline);
    }

    /**
     * @param transaction an open transaction
     * @return for a transaction of an {@link InMemoryEventStore}, a view whose writes are applied when
     *     it commits and whose reads see them; for any other, this store
     * @throws IllegalArgumentException if {@code transaction} is null
     */
    @Override
    public DeadlineStore within(EventTransaction transaction) {
        Args.notNull("transaction", transaction);
        if (!(transaction instanceof MemoryTransaction memory)) {
            return this;
        }
        return memory.joined(this, () -> new Joined(memory));
    }

    /** @return every deadline of {@code owner}, in no particular order */
    synchronized List<Deadline> all(String owner) {
        Args.name("owner", owner, Deadline.MAX_NAME_LENGTH);
        Map<String, Deadline> keys = byOwner.get(owner);
        return keys == null ? List.of() : new ArrayList<>(keys.values());
    }

    private static List<Deadline> due(List<Deadline> deadlines, Instant now, int limit) {
        return deadlines.stream().filter(d -> !d.dueAt().isAfter(now)).sorted(ORDER).limit(limit).toList();
    }

    private static void checkNames(String owner, String key) {
        Args.name("owner", owner, Deadline.MAX_NAME_LENGTH);
        Args.name("key", key, Deadline.MAX_NAME_LENGTH);
    }

    /**
     * The writes of one transaction over the store's deadlines, applied when it commits: for each
     * owner and key changed, the deadline now, or empty when it was cancelled or claimed.
     */
    private final class Joined implements DeadlineStore, MemoryTransaction.Pending {
        private final MemoryTransaction transaction;
        /** Owner, then key. */
        private final Map<String, Map<String, Optional<Deadline>>> changed = new HashMap<>();

        Joined(MemoryTransaction transaction) {
            this.transaction = transaction;
        }

        @Override
        public void schedule(Deadline deadline) {
            Args.notNull("deadline", deadline);
            change(deadline.owner(), deadline.key(), Optional.of(deadline));
        }

        @Override
        public boolean cancel(String owner, String key) {
            boolean present = find(owner, key).isPresent();
            change(owner, key, Optional.empty());
            return present;
        }

        @Override
        public Optional<Deadline> find(String owner, String key) {
            checkNames(owner, key);
            transaction.checkUsable();
            Optional<Deadline> pending = changed.getOrDefault(owner, Map.of()).get(key);
            return pending != null ? pending : InMemoryDeadlineStore.this.find(owner, key);
        }

        @Override
        public List<Deadline> due(String owner, Instant now, int limit) {
            Args.notNull("now", now);
            Args.atLeast("limit", limit, 1);
            return InMemoryDeadlineStore.due(current(owner), now, limit);
        }

        @Override
        public Optional<Instant> nextDue(String owner) {
            return current(owner).stream().map(Deadline::dueAt).min(Comparator.naturalOrder());
        }

        @Override
        public boolean claim(Deadline deadline) {
            Args.notNull("deadline", deadline);
            if (!find(deadline.owner(), deadline.key()).equals(Optional.of(deadline))) {
                return false;
            }
            change(deadline.owner(), deadline.key(), Optional.empty());
            return true;
        }

        @Override
        public DeadlineStore within(EventTransaction other) {
            return InMemoryDeadlineStore.this.within(other);
        }

        @Override
        public void apply() {
            synchronized (InMemoryDeadlineStore.this) {
                changed.forEach((owner, keys) -> keys.forEach((key, deadline) -> {
                    Map<String, Deadline> stored = byOwner.computeIfAbsent(owner, o -> new HashMap<>());
                    if (deadline.isPresent()) {
                        stored.put(key, deadline.get());
                    } else {
                        stored.remove(key);
                    }
                }));
            }
        }

        private void change(String owner, String key, Optional<Deadline> deadline) {
            checkNames(owner, key);
            transaction.checkUsable();
            changed.computeIfAbsent(owner, o -> new HashMap<>()).put(key, deadline);
        }

        private List<Deadline> current(String owner) {
            transaction.checkUsable();
            Map<String, Deadline> merged = new HashMap<>();
            for (Deadline deadline : all(owner)) {
                merged.put(deadline.key(), deadline);
            }
            changed.getOrDefault(owner, Map.of()).forEach((key, deadline) -> {
                if (deadline.isPresent()) {
                    merged.put(key, deadline.get());
                } else {
                    merged.remove(key);
                }
            });
            return new ArrayList<>(merged.values());
        }
    }
}
