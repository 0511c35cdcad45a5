package dev.eventstore.reactor;

import dev.eventstore.EventTransaction;
import dev.eventstore.internal.Args;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The leases of {@link ConsumerGroup consumer groups}: which member of a group holds which partition,
 * until when, under which epoch, and which members are alive. Kept beside a store's events
 * ({@link dev.eventstore.TransactionalEventStore#leaseStore()}) so that the members of a group, in one
 * process or in several, share them.
 *
 * <p>Times are the caller's ({@code now}, {@code expiresAt}): the members of one group must have clocks
 * that agree to well within the group's lease time. A lease whose {@code expiresAt} is at or before a
 * caller's {@code now} is free for that caller to take. Taking a partition anew raises its
 * <em>epoch</em>; a member's work on a partition is fenced by it ({@link #holds}).
 *
 * <p>Every method runs on its own (auto-commit) or, on a view {@link #within} a transaction of the
 * store, in that transaction. A {@link ConsumerGroup} takes and releases partitions in transactions of
 * the store, so that a take waits for a reaction transaction that still holds the lease to end.
 * Implementations are safe for concurrent use.
 */
public interface LeaseStore {

    /** The longest group or member name. */
    int MAX_NAME_LENGTH = 200;

    /**
     * One partition's lease.
     *
     * @param group the group
     * @param partition the partition, from 0
     * @param owner the member that holds it, or null if released
     * @param epoch how many times it has been taken; 0 if never
     * @param expiresAt when it expires unless renewed
     */
    record Lease(String group, int partition, String owner, long epoch, Instant expiresAt) {

        /**
         * @param now the caller's time
         * @return true if a member may take it at {@code now}: released, or expired
         */
        public boolean isFree(Instant now) {
            return owner == null || !expiresAt.isAfter(now);
        }
    }

    /**
     * Records that {@code member} is alive until {@code expiresAt}.
     *
     * @param group the group
     * @param member the member
     * @param expiresAt until when
     * @throws IllegalArgumentException if an argument is null or a name invalid
     */
    void heartbeat(String group, String member, Instant expiresAt);

    /**
     * @param group the group
     * @param now the caller's time
     * @return the members whose heartbeat has not expired at {@code now}, sorted
     * @throws IllegalArgumentException if an argument is null or the name invalid
     */
    List<String> members(String group, Instant now);

    /**
     * Removes a member's heartbeat: the others count it out at once.
     *
     * @param group the group
     * @param member the member
     * @throws IllegalArgumentException if an argument is null or a name invalid
     */
    void leave(String group, String member);

    /**
     * @param group the group
     * @return the leases of the group's partitions that were ever taken, by partition
     * @throws IllegalArgumentException if the name is null or invalid
     */
    List<Lease> leases(String group);

    /**
     * Takes a partition for {@code member} if it is free at {@code now} (never taken, released, or
     * expired), raising its epoch.
     *
     * @param group the group
     * @param partition the partition, from 0
     * @param member the member taking it
     * @param now the caller's time
     * @param expiresAt until when the lease holds unless renewed; after {@code now}
     * @return the lease's new epoch, or empty if another member holds it
     * @throws IllegalArgumentException if an argument is null, a name invalid, the partition negative or
     *     {@code expiresAt} not after {@code now}
     */
    OptionalLong acquire(String group, int partition, String member, Instant now, Instant expiresAt);

    /**
     * Extends every lease {@code member} still holds, expired or not, to {@code expiresAt}.
     *
     * @param group the group
     * @param member the member
     * @param expiresAt the new expiry
     * @return the partitions the member holds, each with its epoch; a partition that another member took
     *     is not among them
     * @throws IllegalArgumentException if an argument is null or a name invalid
     */
    Map<Integer, Long> renew(String group, String member, Instant expiresAt);

    /**
     * Gives a partition up, if {@code member} still holds it at {@code epoch}; otherwise does nothing.
     *
     * @param group the group
     * @param partition the partition
     * @param member the member
     * @param epoch the epoch it took the partition at
     * @throws IllegalArgumentException if an argument is null, a name invalid or the partition negative
     */
    void release(String group, int partition, String member, long epoch);

    /**
     * The fence of a member's work on a partition: true if {@code member} holds the partition at
     * {@code epoch}. Within a transaction of the store, the answer holds until the transaction ends: a
     * member that takes the partition meanwhile waits for it (on PostgreSQL the lease's row is locked
     * for share; SQLite and the in-memory store let one transaction write at a time).
     *
     * @param group the group
     * @param partition the partition
     * @param member the member
     * @param epoch the epoch it took the partition at
     * @return true if it still holds it, expired or not, at that epoch
     * @throws IllegalArgumentException if an argument is null, a name invalid or the partition negative
     */
    boolean holds(String group, int partition, String member, long epoch);

    /**
     * @param transaction an open transaction
     * @return for a transaction of this store, the leases in it; for any other, this store
     * @throws IllegalArgumentException if {@code transaction} is null
     */
    LeaseStore within(EventTransaction transaction);

    /**
     * Checks a group or member name: what implementations call on their arguments.
     *
     * @param what the argument's name, for the message
     * @param name the name
     * @return the name
     * @throws IllegalArgumentException if null, empty, longer than {@value #MAX_NAME_LENGTH} or holding
     *     control characters
     */
    static String checkName(String what, String name) {
        return Args.name(what, name, MAX_NAME_LENGTH);
    }

    /**
     * Checks a partition number.
     *
     * @param partition the partition
     * @return the partition
     * @throws IllegalArgumentException if negative
     */
    static int checkPartition(int partition) {
        if (partition < 0) {
            throw new IllegalArgumentException("partition must not be negative, was: " + partition);
        }
        return partition;
    }
}
