package dev.eventstore.memory;

import dev.eventstore.EventTransaction;
import dev.eventstore.internal.Args;
import dev.eventstore.reactor.LeaseStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A {@link LeaseStore} in the heap of this JVM, beside the in-memory event store: the members of a
 * consumer group that share it are threads of one process. Safe for concurrent use; each call is
 * atomic. Its writes are applied at once, also {@link #within} a transaction: a
 * {@link dev.eventstore.reactor.ConsumerGroup} makes them in transactions of the in-memory store,
 * which hold the store's write lock, so a member's lease cannot be taken while one of its reactions
 * is committing.
 */
public final class InMemoryLeaseStore implements LeaseStore {

    /** Guarded by this: group, then partition. */
    private final Map<String, TreeMap<Integer, Lease>> leases = new HashMap<>();
    /** Guarded by this: group, then member, then heartbeat expiry. */
    private final Map<String, TreeMap<String, Instant>> members = new HashMap<>();

    /** An empty store. */
    public InMemoryLeaseStore() {
    }

    @Override
    public synchronized void heartbeat(String group, String member, Instant expiresAt) {
        LeaseStore.checkName("group", group);
        LeaseStore.checkName("member", member);
        Args.notNull("expiresAt", expiresAt);
        members.computeIfAbsent(group, g -> new TreeMap<>()).put(member, expiresAt);
    }

    @Override
    public synchronized List<String> members(String group, Instant now) {
        LeaseStore.checkName("group", group);
        Args.notNull("now", now);
        List<String> alive = new ArrayList<>();
        members.getOrDefault(group, new TreeMap<>()).forEach((member, expiresAt) -> {
            if (expiresAt.isAfter(now)) {
                alive.add(member);
            }
        });
        return alive;
    }

    @Override
    public synchronized void leave(String group, String member) {
        LeaseStore.checkName("group", group);
        LeaseStore.checkName("member", member);
        TreeMap<String, Instant> ofGroup = members.get(group);
        if (ofGroup != null) {
            ofGroup.remove(member);
        }
    }

    @Override
    public synchronized List<Lease> leases(String group) {
        LeaseStore.checkName("group", group);
        return List.copyOf(leases.getOrDefault(group, new TreeMap<>()).values());
    }

    @Override
    public synchronized OptionalLong acquire(String group, int partition, String member, Instant now,
            Instant expiresAt) {
        LeaseStore.checkName("group", group);
        LeaseStore.checkPartition(partition);
        LeaseStore.checkName("member", member);
        Args.notNull("now", now);
        Args.notNull("expiresAt", expiresAt);
        if (!expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("expiresAt must be after now (" + now + "), was: " + expiresAt);
        }
        TreeMap<Integer, Lease> ofGroup = leases.computeIfAbsent(group, g -> new TreeMap<>());
        Lease lease = ofGroup.get(partition);
        if (lease != null && !lease.isFree(now)) {
            return OptionalLong.empty();
        }
        long epoch = lease == null ? 1 : lease.epoch() + 1;
        ofGroup.put(partition, new Lease(group, partition, member, epoch, expiresAt));
        return OptionalLong.of(epoch);
    }

    @Override
    public synchronized Map<Integer, Long> renew(String group, String member, Instant expiresAt) {
        LeaseStore.checkName("group", group);
        LeaseStore.checkName("member", member);
        Args.notNull("expiresAt", expiresAt);
        Map<Integer, Long> held = new TreeMap<>();
        TreeMap<Integer, Lease> ofGroup = leases.get(group);
        if (ofGroup != null) {
            for (Lease lease : new ArrayList<>(ofGroup.values())) {
                if (member.equals(lease.owner())) {
                    ofGroup.put(lease.partition(), new Lease(group, lease.partition(), member, lease.epoch(), expiresAt));
                    held.put(lease.partition(), lease.epoch());
                }
            }
        }
        return held;
    }

    @Override
    public synchronized void release(String group, int partition, String member, long epoch) {
        if (holds(group, partition, member, epoch)) {
            leases.get(group).put(partition, new Lease(group, partition, null, epoch, Instant.EPOCH));
        }
    }

    @Override
    public synchronized boolean holds(String group, int partition, String member, long epoch) {
        LeaseStore.checkName("group", group);
        LeaseStore.checkPartition(partition);
        LeaseStore.checkName("member", member);
        TreeMap<Integer, Lease> ofGroup = leases.get(group);
        Lease lease = ofGroup == null ? null : ofGroup.get(partition);
        return lease != null && member.equals(lease.owner()) && lease.epoch() == epoch;
    }

    /**
     * @param transaction an open transaction
     * @return this store: its writes are applied at once
     * @throws IllegalArgumentException if {@code transaction} is null
     */
    @Override
    public LeaseStore within(EventTransaction transaction) {
        Args.notNull("transaction", transaction);
        return this;
    }
}
