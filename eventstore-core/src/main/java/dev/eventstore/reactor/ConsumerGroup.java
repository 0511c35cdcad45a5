package dev.eventstore.reactor;

import dev.eventstore.EventFilter;
import dev.eventstore.EventTransaction;
import dev.eventstore.RetryPolicy;
import dev.eventstore.SubscriptionFailedException;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.internal.Args;
import dev.eventstore.projection.CheckpointStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of a consumer group: several processes (or threads) share the reactions to one log, each
 * stream's events handled in order, by one member at a time.
 *
 * <pre>{@code
 * ConsumerGroup<JdbcTransaction> shipping = ConsumerGroup.builder("shipping", store)
 *         .filter(EventFilter.category("order"))
 *         .reaction((event, ctx) -> ship(event, ctx.transaction()))
 *         .leaseTime(Duration.ofSeconds(10))
 *         .start();                       // in each process; close() to leave the group
 * }</pre>
 *
 * <h2>Partitions and leases</h2>
 * The events are split into a fixed number of {@linkplain Builder#partitions partitions} by stream
 * ({@link Reactor#partitionOf}, a hash stable across JVMs), so all of a stream's events fall in one
 * partition. Each partition is worked by at most one member at a time, which holds its <em>lease</em>
 * in the store's {@link LeaseStore} and runs a partitioned {@link Reactor} for it, with the checkpoint
 * {@code name#i/n} that every member shares. A member renews its leases, and its own heartbeat, every
 * {@linkplain Builder#heartbeatInterval heartbeat interval}.
 *
 * <h2>Rebalancing and failover</h2>
 * Each member takes at most its fair share, {@code ceil(partitions / live members)}, counting the
 * members whose heartbeat has not expired; one that holds more (because another member joined) stops
 * the extra partitions' reactors and releases their leases, and the newcomer takes them. A member
 * that stops heart-beating (killed, hung, cut off) loses its partitions when its leases expire, after
 * at most the {@linkplain Builder#leaseTime lease time}, and the other members take them over, each
 * carrying on from the partition's checkpoint. {@link #close()} releases at once.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Nothing is skipped</b>: a partition's reactor never moves its checkpoint past an event it
 *       did not react to, and a new owner starts from that checkpoint.</li>
 *   <li><b>Order</b>: a stream's events are reacted to in order; a new owner only begins once the old
 *       owner's reactions can no longer commit.</li>
 *   <li><b>Fencing</b>: taking a partition raises its lease's epoch, and every transaction of a
 *       partition's reactor first checks, in that transaction, that its member still holds the lease
 *       at its epoch ({@link LeaseStore#holds}). A member that lost its lease (it paused past the lease
 *       time, say) cannot commit: its reaction rolls back and its reactor stops.</li>
 *   <li><b>Exactly once in the store</b>: what a reaction does through its
 *       {@linkplain ReactionContext#transaction() transaction} (commands, the application's own tables
 *       on a JDBC store) commits with the partition's checkpoint, under the fence: once, across kills
 *       and takeovers.</li>
 *   <li><b>At least once outside it</b>: an effect outside the store (an HTTP call) may be made again
 *       after a member dies or loses a partition: for the event whose reaction was under way, and for
 *       events whose reactions committed nothing and whose checkpoint was still unsaved (at most a
 *       {@linkplain Builder#batchSize batch}, or the {@linkplain Builder#checkpointInterval checkpoint
 *       interval}'s worth), in each partition it held.</li>
 * </ul>
 *
 * <h2>Failures</h2>
 * A reaction that keeps failing stops its partition's reactor as a {@link Reactor} stops
 * ({@link Builder#retry retried}, then stopped, never skipped): the member keeps the partition's lease,
 * so that no other member fails on the same event, and reports it in {@link #failures()}. The
 * partition resumes when the member is started again.
 *
 * @param <T> the store's transaction type
 */
public final class ConsumerGroup<T extends EventTransaction> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroup.class);

    /** The default number of partitions. */
    public static final int DEFAULT_PARTITIONS = 16;
    /** The most partitions a group may have. */
    public static final int MAX_PARTITIONS = 1024;
    /** The default lease time. */
    public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(10);

    private final String name;
    private final String member;
    private final TransactionalEventStore<T> store;
    private final LeaseStore leases;
    private final Clock clock;
    private final int partitions;
    private final long leaseMillis;
    private final long heartbeatMillis;
    private final Builder<T> settings;
    /** The partitions this member holds, each with its reactor; written by the balancer thread. */
    private final Map<Integer, Worker<T>> workers = new ConcurrentHashMap<>();
    private final Map<Integer, SubscriptionFailedException> failures = new ConcurrentHashMap<>();
    private final Object wake = new Object();
    private volatile List<String> members = List.of();
    private volatile boolean closing;
    /** When the leases were last renewed (System.nanoTime()); written by the heartbeat thread. */
    private volatile long renewedAt;
    /** Guarded by {@link #wake}: the last heartbeat's view. */
    private View view;
    private Thread heartbeat;
    private Thread balancer;

    /** A partition held at an epoch, and its reactor. */
    private record Worker<T extends EventTransaction>(int partition, long epoch, Reactor<T> reactor, long startedAt) {
    }

    private ConsumerGroup(Builder<T> builder) {
        this.name = builder.name;
        this.member = builder.member;
        this.store = builder.store;
        this.leases = builder.leases;
        this.clock = builder.clock;
        this.partitions = builder.partitions;
        this.leaseMillis = builder.leaseTime.toMillis();
        this.heartbeatMillis = builder.heartbeatInterval != null ? builder.heartbeatInterval.toMillis()
                : Math.max(1, leaseMillis / 3);
        this.settings = builder;
    }

    /**
     * @param name the group's name: its reactors' name (so their checkpoints are {@code name#i/n} and
     *     their command ids derive from it) and its leases' group; 1 to 100 characters, no control
     *     characters. Every member of one group uses the same name, partitions and reaction.
     * @param store the store whose log the group follows, and where its leases, checkpoints and effects
     *     commit
     * @param <T> the store's transaction type
     * @return a builder: {@value #DEFAULT_PARTITIONS} partitions, a lease time of 10 s, a heartbeat every
     *     third of it, a random member id, all events
     * @throws IllegalArgumentException if an argument is null or the name invalid
     */
    public static <T extends EventTransaction> Builder<T> builder(String name, TransactionalEventStore<T> store) {
        return new Builder<>(Args.name("name", name, 100), Args.notNull("store", store));
    }

    /** @return the group's name */
    public String name() {
        return name;
    }

    /** @return this member's id */
    public String member() {
        return member;
    }

    /** @return how many partitions the group's events are split into */
    public int partitions() {
        return partitions;
    }

    /**
     * @return the partitions this member holds now (from 0), those whose reactor failed among them
     */
    public SortedSet<Integer> ownedPartitions() {
        return new TreeSet<>(workers.keySet());
    }

    /** @return the live members of the group as this member last saw them (itself among them), sorted */
    public List<String> members() {
        return members;
    }

    /**
     * The partitions whose reactor stopped because a reaction kept failing: the member holds them, and
     * reacts to none of their events, until it is started again.
     *
     * @return each such partition's failure; its cause, a {@link ReactionFailedException}, names the event
     */
    public Map<Integer, SubscriptionFailedException> failures() {
        return Map.copyOf(failures);
    }

    /**
     * The group's parked events (with {@link Builder#onPoison Poison.PARK}): all members' and all
     * partitions', kept under the group's name. Retrying and skipping react on the calling thread with
     * this member's reaction, in a transaction fenced by one of the partitions this member holds, as
     * {@link ParkedEvents} says; the stream's parked rows are locked meanwhile, so a member reacting to
     * the same stream at the same time parks its events behind instead.
     *
     * @return the parked events, through one of this member's partitions
     * @throws IllegalStateException if this member holds no partition now (ask a member that does)
     */
    public ParkedEvents parkedEvents() {
        for (Worker<T> worker : workers.values()) {
            return worker.reactor().parkedEvents();
        }
        throw new IllegalStateException("member " + member + " of consumer group '" + name
                + "' holds no partition now; ask a member that holds one");
    }

    /**
     * Waits until the group as a whole, whichever members hold the partitions, has reacted to every
     * event at or below {@code position}: every partition's saved checkpoint has reached it. Members in
     * other processes count; a partition no member holds keeps this waiting. With a
     * {@linkplain Builder#checkpointInterval checkpoint interval}, a partition whose last events were
     * other partitions' saves its checkpoint only with its next commit or on closing, so this may wait
     * until then.
     *
     * @param position the position, typically an append's {@code lastPosition()}
     * @param timeout the longest wait
     * @return true when done; false if the time ran out
     * @throws InterruptedException if the waiting thread is interrupted
     * @throws IllegalArgumentException if {@code position} is negative, or {@code timeout} null or negative
     */
    public boolean awaitPosition(long position, Duration timeout) throws InterruptedException {
        Args.atLeast("position", position, 0);
        Args.notNull("timeout", timeout);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was: " + timeout);
        }
        CheckpointStore checkpoints = store.checkpointStore();
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = 0;
        while (true) {
            while (next < partitions && checkpoints.load(Reactor.checkpointName(name, next, partitions)) >= position) {
                next++;
            }
            if (next == partitions) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(10);
        }
    }

    /**
     * Leaves the group: stops the heartbeat, stops each partition's reactor (the reaction under way
     * finishes and commits), releases the leases and removes this member's heartbeat, so the other
     * members take the partitions over at their next heartbeat. Calling it again is harmless. Close the
     * group before its store.
     */
    @Override
    public void close() {
        synchronized (wake) {
            if (closing) {
                return;
            }
            closing = true;
            wake.notifyAll();
        }
        for (Thread running : new Thread[] {heartbeat, balancer}) {
            if (running != null && running != Thread.currentThread()) {
                try {
                    running.join(TimeUnit.MINUTES.toMillis(1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        for (Worker<T> worker : List.copyOf(workers.values())) {
            stop(worker, true);
        }
        try {
            store.inTransaction(tx -> {
                leases.within(tx).leave(name, member);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Consumer group '{}': member {} could not remove its heartbeat; the others count it out when "
                    + "it expires", name, member, e);
        }
        LOG.info("Consumer group '{}': member {} left", name, member);
    }

    @Override
    public String toString() {
        return "ConsumerGroup[" + name + ", member " + member + ", partitions " + ownedPartitions() + " of "
                + partitions + "]";
    }

    // ---------------------------------------------------------------- the heartbeat and the balancer

    /**
     * What one heartbeat saw.
     *
     * @param began when its transaction began (System.nanoTime()): it saw every lease taken before
     * @param now the clock's time of the heartbeat
     * @param alive the live members
     * @param held the partitions this member held, with their epochs
     */
    private record View(long began, Instant now, List<String> alive, Map<Integer, Long> held) {
    }

    private ConsumerGroup<T> start() {
        renewedAt = System.nanoTime();
        heartbeat = new Thread(this::beat, "eventstore-group-heartbeat-" + name + "-" + member);
        heartbeat.setDaemon(true);
        balancer = new Thread(this::balance, "eventstore-group-balancer-" + name + "-" + member);
        balancer.setDaemon(true);
        heartbeat.start();
        balancer.start();
        return this;
    }

    /**
     * The heartbeat thread: one short transaction every interval that records this member's heartbeat
     * and renews its leases, whatever the balancer is busy with (stopping a reactor waits for its
     * reaction under way).
     */
    private void beat() {
        while (!closing) {
            long began = System.nanoTime();
            Instant now = clock.instant();
            Instant expiresAt = now.plusMillis(leaseMillis);
            try {
                View seen = store.inTransaction(tx -> {
                    LeaseStore joined = leases.within(tx);
                    joined.heartbeat(name, member, expiresAt);
                    Map<Integer, Long> renewed = joined.renew(name, member, expiresAt);
                    return new View(began, now, joined.members(name, now), renewed);
                });
                renewedAt = began;
                synchronized (wake) {
                    view = seen;
                    wake.notifyAll();
                }
            } catch (RuntimeException e) {
                LOG.warn("Consumer group '{}': member {} could not renew its leases; trying again in {} ms", name, member,
                        heartbeatMillis, e);
            }
            if (!pause(began + TimeUnit.MILLISECONDS.toNanos(heartbeatMillis))) {
                return;
            }
        }
    }

    /** Waits until {@code until} (System.nanoTime()) or closing; false if closing. */
    private boolean pause(long until) {
        synchronized (wake) {
            while (!closing) {
                long remaining = until - System.nanoTime();
                if (remaining <= 0) {
                    return true;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(wake, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }

    /** The balancer thread: after each heartbeat, moves this member toward its share. */
    private void balance() {
        View done = null;
        while (!closing) {
            View next;
            synchronized (wake) {
                while (!closing && view == done) {
                    try {
                        wake.wait(heartbeatMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (view == done && !workers.isEmpty()
                            && System.nanoTime() - renewedAt > TimeUnit.MILLISECONDS.toNanos(leaseMillis)) {
                        break;
                    }
                }
                next = view;
            }
            if (closing) {
                return;
            }
            try {
                if (next == done) {
                    // The leases have expired, or are about to: another member may own the partitions by now.
                    LOG.warn("Consumer group '{}': member {} could not renew its leases for longer than the lease "
                            + "time; it stops its partitions {}", name, member, ownedPartitions());
                    for (Worker<T> worker : List.copyOf(workers.values())) {
                        stop(worker, false);
                    }
                } else {
                    rebalance(next, done == null);
                }
            } catch (RuntimeException e) {
                LOG.warn("Consumer group '{}': member {} failed to balance its partitions; trying again after the "
                        + "next heartbeat", name, member, e);
            }
            done = next;
        }
    }

    /**
     * Drops the partitions this member lost, and moves toward its fair share, releasing extra partitions
     * or taking free ones.
     *
     * @param seen the last heartbeat's view
     * @param first true for the first view: a partition held but not running (held by this member's id
     *     before a restart) is resumed
     */
    private void rebalance(View seen, boolean first) {
        List<String> alive = seen.alive();
        members = alive;
        for (Worker<T> worker : List.copyOf(workers.values())) {
            Long epoch = seen.held().get(worker.partition());
            if (seen.began() - worker.startedAt() > 0 && (epoch == null || epoch != worker.epoch())) {
                LOG.info("Consumer group '{}': member {} lost partition {} to another member", name, member,
                        worker.partition());
                stop(worker, false);
            } else {
                noteFailure(worker);
            }
        }
        for (Map.Entry<Integer, Long> lease : seen.held().entrySet()) {
            if (!closing && !workers.containsKey(lease.getKey())) {
                if (first) {
                    run(lease.getKey(), lease.getValue());
                } else {
                    // Held but not worked: stopped since the heartbeat, or its release failed. The heartbeat
                    // would renew it for ever; give it back (a no-op if it was taken again meanwhile).
                    release(lease.getKey(), lease.getValue());
                }
            }
        }
        int share = (partitions + Math.max(1, alive.size()) - 1) / Math.max(1, alive.size());
        if (workers.size() > share) {
            List<Integer> owned = new ArrayList<>(new TreeSet<>(workers.keySet()).descendingSet());
            for (int partition : owned.subList(0, workers.size() - share)) {
                Worker<T> worker = workers.get(partition);
                LOG.info("Consumer group '{}': member {} releases partition {} ({} members, a share of {})", name,
                        member, partition, alive.size(), share);
                stop(worker, true);
            }
        } else if (workers.size() < share) {
            take(share);
        }
    }

    /** Takes free partitions until this member holds its share; each take is a transaction of its own. */
    private void take(int share) {
        Instant now = clock.instant();
        Instant expiresAt = now.plusMillis(leaseMillis);
        Map<Integer, LeaseStore.Lease> known = new HashMap<>();
        for (LeaseStore.Lease lease : leases.leases(name)) {
            known.put(lease.partition(), lease);
        }
        // Members start looking at different places, so that they rarely race for the same partition.
        int offset = Math.floorMod(member.hashCode(), partitions);
        for (int i = 0; i < partitions && workers.size() < share && !closing; i++) {
            int partition = (offset + i) % partitions;
            LeaseStore.Lease lease = known.get(partition);
            if (workers.containsKey(partition) || (lease != null && !lease.isFree(now))) {
                continue;
            }
            OptionalLong epoch = store.inTransaction(tx -> leases.within(tx).acquire(name, partition, member, now,
                    expiresAt));
            if (epoch.isPresent()) {
                LOG.info("Consumer group '{}': member {} takes partition {} (epoch {})", name, member, partition,
                        epoch.getAsLong());
                run(partition, epoch.getAsLong());
            }
        }
    }

    /** Starts the reactor of a partition taken at {@code epoch}; on failure gives the partition back. */
    private void run(int partition, long epoch) {
        Reactor.Builder<T> reactor = Reactor.builder(name, store)
                .filter(settings.filter)
                .reaction(settings.reaction)
                .retry(settings.retry)
                .batchSize(settings.batchSize)
                .checkpointInterval(settings.checkpointInterval)
                .clock(clock)
                .partition(partition, partitions)
                .onPoison(settings.poison)
                .fence(tx -> leases.within(tx).holds(name, partition, member, epoch));
        try {
            long startedAt = System.nanoTime();
            workers.put(partition, new Worker<>(partition, epoch, reactor.start(), startedAt));
        } catch (RuntimeException e) {
            LOG.warn("Consumer group '{}': member {} could not start partition {}; it gives the partition back",
                    name, member, partition, e);
            release(partition, epoch);
        }
    }

    /** Stops a partition's reactor (its reaction under way finishes), then releases it if asked. */
    private void stop(Worker<T> worker, boolean release) {
        workers.remove(worker.partition());
        failures.remove(worker.partition());
        worker.reactor().close();
        if (release) {
            release(worker.partition(), worker.epoch());
        }
    }

    private void release(int partition, long epoch) {
        try {
            store.inTransaction(tx -> {
                leases.within(tx).release(name, partition, member, epoch);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Consumer group '{}': member {} could not release partition {}; it is free once its lease "
                    + "expires", name, member, partition, e);
        }
    }

    /**
     * Records a partition whose reactor stopped on a failing reaction. This is where a poison event's
     * partition is reported; it stays held, and stopped, until the member starts again.
     */
    private void noteFailure(Worker<T> worker) {
        if (worker.reactor().stopped().isDone() && !failures.containsKey(worker.partition())) {
            worker.reactor().failure().ifPresent(failure -> {
                failures.put(worker.partition(), failure);
                LOG.error("Consumer group '{}': member {} stopped partition {}: {}", name, member, worker.partition(),
                        failure.getMessage(), failure);
            });
        }
    }

    /**
     * Builds and starts a {@link ConsumerGroup} member; each setter checks its value at once.
     *
     * @param <T> the store's transaction type
     */
    public static final class Builder<T extends EventTransaction> {
        private final String name;
        private final TransactionalEventStore<T> store;
        private String member = UUID.randomUUID().toString();
        private int partitions = DEFAULT_PARTITIONS;
        private Duration leaseTime = DEFAULT_LEASE_TIME;
        private Duration heartbeatInterval;
        private Reaction<T> reaction;
        private EventFilter filter = EventFilter.all();
        private RetryPolicy retry = RetryPolicy.defaults();
        private int batchSize = Reactor.DEFAULT_BATCH_SIZE;
        private Duration checkpointInterval = Duration.ZERO;
        private Clock clock = Clock.systemUTC();
        private LeaseStore leases;
        private Poison poison = Poison.STOP;

        private Builder(String name, TransactionalEventStore<T> store) {
            this.name = name;
            this.store = store;
        }

        /**
         * @param member this member's id, unique in the group (default a random UUID); a member started
         *     again under the same id resumes the partitions it still holds
         * @return this builder
         * @throws IllegalArgumentException if null, empty, longer than {@value LeaseStore#MAX_NAME_LENGTH}
         *     or holding control characters
         */
        public Builder<T> member(String member) {
            this.member = LeaseStore.checkName("member", member);
            return this;
        }

        /**
         * @param partitions how many partitions the events are split into (default
         *     {@value ConsumerGroup#DEFAULT_PARTITIONS}): the most members that can work at once. Every
         *     member of a group must use the same number; changing it later starts new checkpoints from
         *     the group's unpartitioned one, as {@link Reactor.Builder#partition} says.
         * @return this builder
         * @throws IllegalArgumentException if not between 1 and {@value ConsumerGroup#MAX_PARTITIONS}
         */
        public Builder<T> partitions(int partitions) {
            if (partitions < 1 || partitions > MAX_PARTITIONS) {
                throw new IllegalArgumentException("partitions must be between 1 and " + MAX_PARTITIONS + ", was: "
                        + partitions);
            }
            this.partitions = partitions;
            return this;
        }

        /**
         * @param leaseTime how long a lease lasts unless renewed: how long the partitions of a member that
         *     died wait before the others take them over (default 10 s). Shorter fails over sooner; it must
         *     stay well above a heartbeat's worst delay (a long GC pause, a slow database), or members lose
         *     partitions they still work on, which is safe but wasteful.
         * @return this builder
         * @throws IllegalArgumentException if null, or not between 100 ms and 1 hour
         */
        public Builder<T> leaseTime(Duration leaseTime) {
            Args.notNull("leaseTime", leaseTime);
            if (leaseTime.toMillis() < 100 || leaseTime.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("leaseTime must be between 100 ms and 1 hour, was: " + leaseTime);
            }
            this.leaseTime = leaseTime;
            return this;
        }

        /**
         * @param interval how often the member renews its leases and rebalances (default a third of the
         *     lease time); must be shorter than the lease time
         * @return this builder
         * @throws IllegalArgumentException if null, below 10 ms or above one hour
         */
        public Builder<T> heartbeatInterval(Duration interval) {
            Args.notNull("interval", interval);
            if (interval.toMillis() < 10 || interval.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("heartbeatInterval must be between 10 ms and 1 hour, was: "
                        + interval);
            }
            this.heartbeatInterval = interval;
            return this;
        }

        /**
         * @param reaction what to do with each event; required. Runs in the partition's reactor: see
         *     {@link Reactor} and {@link ReactionContext} for what commits with the checkpoint.
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T> reaction(Reaction<T> reaction) {
            this.reaction = Args.notNull("reaction", reaction);
            return this;
        }

        /**
         * @param filter the events to react to (default all)
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T> filter(EventFilter filter) {
            this.filter = Args.notNull("filter", filter);
            return this;
        }

        /**
         * @param retry how a failing reaction is retried before its partition stops (see {@link ConsumerGroup#failures()})
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T> retry(RetryPolicy retry) {
            this.retry = Args.notNull("retry", retry);
            return this;
        }

        /**
         * @param batchSize the most events a partition's reactor reads at once; also the bound on the
         *     events reacted to again after a failover whose reactions committed nothing
         * @return this builder
         * @throws IllegalArgumentException as {@link Reactor.Builder#batchSize} does
         */
        public Builder<T> batchSize(int batchSize) {
            Reactor.builder(name, store).batchSize(batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param interval as {@link Reactor.Builder#checkpointInterval}: it widens the events reacted to
         *     again after a failover to this interval's worth
         * @return this builder
         * @throws IllegalArgumentException as {@link Reactor.Builder#checkpointInterval} does
         */
        public Builder<T> checkpointInterval(Duration interval) {
            Reactor.builder(name, store).checkpointInterval(interval);
            this.checkpointInterval = interval;
            return this;
        }

        /**
         * @param clock what lease times are measured by (default the system clock); the members' clocks
         *     must agree to well within the lease time
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T> clock(Clock clock) {
            this.clock = Args.notNull("clock", clock);
            return this;
        }

        /**
         * @param leases where the leases are kept (default the store's {@link TransactionalEventStore#leaseStore()});
         *     every member of the group must share it
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T> leases(LeaseStore leases) {
            this.leases = Args.notNull("leases", leases);
            return this;
        }

        /**
         * What a partition does with an event whose reaction keeps failing, as {@link Reactor.Builder#onPoison}
         * says: {@link Poison#STOP} (the default) stops the partition, which stays held and stopped
         * ({@link ConsumerGroup#failures()}); {@link Poison#PARK} parks the event in the store's parked
         * event store under the group's name, moves on, and parks the later events of its stream behind
         * it, so a stream's events are never reacted to out of order, whichever member holds it.
         * {@link ConsumerGroup#parkedEvents()} lists, retries and skips them. Every member of a group
         * should use the same setting.
         *
         * @param poison what to do
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T> onPoison(Poison poison) {
            this.poison = Args.notNull("poison", poison);
            return this;
        }

        /**
         * Joins the group: starts the heartbeat, which registers the member and takes its share of the
         * free partitions at once, and then every heartbeat interval.
         *
         * @return the running member
         * @throws IllegalStateException if no reaction was given, or the heartbeat interval is not shorter
         *     than the lease time
         */
        public ConsumerGroup<T> start() {
            if (reaction == null) {
                throw new IllegalStateException("consumer group '" + name + "' needs a reaction; call reaction(...)");
            }
            if (heartbeatInterval != null && heartbeatInterval.compareTo(leaseTime) >= 0) {
                throw new IllegalStateException("heartbeatInterval (" + heartbeatInterval + ") must be shorter than "
                        + "leaseTime (" + leaseTime + ")");
            }
            if (leases == null) {
                leases = store.leaseStore();
            }
            return new ConsumerGroup<>(this).start();
        }
    }
}
