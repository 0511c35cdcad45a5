package dev.eventstore.aggregate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstore.AppendResult;
import dev.eventstore.ConcurrencyConflictException;
import dev.eventstore.Direction;
import dev.eventstore.DuplicateEventIdException;
import dev.eventstore.EventData;
import dev.eventstore.EventReader;
import dev.eventstore.EventStore;
import dev.eventstore.EventStoreException;
import dev.eventstore.EventTransaction;
import dev.eventstore.EventWriter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.StreamIds;
import dev.eventstore.WrongExpectedVersionException;
import dev.eventstore.internal.Args;
import dev.eventstore.internal.Uuids;
import dev.eventstore.typed.EventDecodingException;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventTypes;
import dev.eventstore.typed.TypedEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands against event-sourced aggregates, one stream per aggregate: load the state, let the
 * {@link Decider} decide, append the new events with the expected version, and on a conflict with a
 * concurrent writer load and decide again, a bounded number of times. Immutable and safe for
 * concurrent use; built with {@link #builder}.
 *
 * <pre>{@code
 * CommandHandler<AccountCommand, Account, AccountEvent> accounts =
 *         CommandHandler.builder(store, types, new AccountDecider(), AccountEvent.class)
 *                 .snapshots(new InMemorySnapshotStore(), SnapshotPolicy.everyEvents(100), Account.class, 1)
 *                 .build();
 * CommandResult<Account, AccountEvent> result =
 *         accounts.handle("account-42", new Deposit(new BigDecimal("10.00")), EventMetadata.forCommand(requestId));
 * }</pre>
 *
 * <h2>Loading</h2>
 * The state is the latest snapshot, if there is one of the expected state type and schema version
 * and it decodes, evolved by the events after it: only those are read. Otherwise the whole stream
 * is replayed. A snapshot that cannot be used is logged (naming the stream, version and type) and
 * never mis-read. An event that cannot be decoded fails the load with an
 * {@link EventDecodingException} naming its stream, version, position and type; events of unknown
 * types are skipped instead if the {@link EventTypes} skip them.
 *
 * <h2>Commands sent twice</h2>
 * A command whose metadata carries a command id ({@link EventMetadata#forCommand(String)},
 * {@link EventMetadata#withCommandId}) is handled once. Its events get ids derived from the command id
 * ({@link #eventId(String, int)}), and carry the id and a fingerprint of the command (a digest of its
 * class and its JSON form). Before deciding, the handler looks the first of those ids up:
 * <ul>
 *   <li>not recorded: the command is new, and is decided and appended as below. If a copy of it
 *       sent concurrently is appended first, the store recognises this append as a retry of that one
 *       (or the handler looks again and finds it): the command is booked once, and both copies get
 *       its version and position. Only a copy that found the booking before deciding can tell, by
 *       {@link CommandResult#alreadyHandled()}; of two copies that raced, either may report false.</li>
 *   <li>recorded on the same stream for the same command: a repeat (a retry after a lost response, a
 *       message delivered twice). Nothing is decided or appended; the result describes the first
 *       handling, with {@link CommandResult#alreadyHandled()} set, even if other commands changed the
 *       stream since. This holds across restarts: the record is the events themselves.</li>
 *   <li>recorded on another stream, or for a command with another fingerprint: a
 *       {@link CommandIdConflictException}, and nothing is appended.</li>
 * </ul>
 * A command that was rejected, or decided to change nothing, left no event: sent again, it is decided
 * again. Without a command id, every call decides and appends anew.
 *
 * <h2>Inside a transaction</h2>
 * {@link #within(EventTransaction)} gives a handler that loads, appends and takes snapshots inside a
 * transaction of the store: its events commit with whatever else the transaction writes (a read model,
 * a reactor's checkpoint).
 *
 * <h2>Deciding and appending</h2>
 * <ul>
 *   <li>A rejection (any exception from {@link Decider#decide} or {@link Decider#evolve}) appends
 *       nothing and is rethrown unchanged.</li>
 *   <li>An empty decision appends nothing and returns the current state and version.</li>
 *   <li>The new events are appended with {@link ExpectedVersion#exactly(long)} the loaded version,
 *       all carrying the same metadata. On a {@link WrongExpectedVersionException} (or a
 *       {@link ConcurrencyConflictException}, except inside a transaction: see {@link #within}) the
 *       handler loads and decides again, up to {@link Builder#maxRetries(int)} times, then rethrows
 *       the last conflict.</li>
 *   <li>After a successful append, the {@link SnapshotPolicy} is asked whether to snapshot the new
 *       state. A snapshot that cannot be taken is logged and does not fail the command: its events
 *       are committed.</li>
 * </ul>
 *
 * @param <C> the commands
 * @param <S> the state
 * @param <E> the events
 */
public final class CommandHandler<C, S, E> {

    private static final Logger LOG = LoggerFactory.getLogger(CommandHandler.class);

    /** The default number of retries after a conflict. */
    public static final int DEFAULT_MAX_RETRIES = 3;

    /**
     * The namespace of the event ids derived from command ids: name-based (version 5) UUIDs of
     * {@code commandId + "/" + index} in this namespace.
     */
    public static final UUID COMMAND_EVENT_NAMESPACE = UUID.fromString("6f1b7c2e-3d9a-5e41-9b0c-8a7d2f4e1c35");

    private final EventReader reader;
    private final EventWriter writer;
    private final EventTypes types;
    private final Decider<C, S, E> decider;
    private final Class<E> eventClass;
    private final int maxRetries;
    private final Clock clock;
    private final SnapshotStore snapshots;
    private final SnapshotPolicy snapshotPolicy;
    private final Class<S> stateClass;
    private final String stateType;
    private final int stateSchemaVersion;
    private final ObjectMapper mapper;

    private CommandHandler(Builder<C, S, E> builder) {
        this.reader = builder.store;
        this.writer = builder.store;
        this.types = builder.types;
        this.decider = builder.decider;
        this.eventClass = builder.eventClass;
        this.maxRetries = builder.maxRetries;
        this.clock = builder.clock;
        this.snapshots = builder.snapshots;
        this.snapshotPolicy = builder.snapshotPolicy;
        this.stateClass = builder.stateClass;
        this.stateType = builder.stateClass == null ? null : builder.stateClass.getName();
        this.stateSchemaVersion = builder.stateSchemaVersion;
        this.mapper = types.objectMapper();
    }

    /** A copy of {@code other} that reads and writes through {@code transaction}. */
    private CommandHandler(CommandHandler<C, S, E> other, EventTransaction transaction) {
        this.reader = transaction;
        this.writer = transaction;
        this.types = other.types;
        this.decider = other.decider;
        this.eventClass = other.eventClass;
        this.maxRetries = other.maxRetries;
        this.clock = other.clock;
        this.snapshots = other.snapshots == null ? null : other.snapshots.within(transaction);
        this.snapshotPolicy = other.snapshotPolicy;
        this.stateClass = other.stateClass;
        this.stateType = other.stateType;
        this.stateSchemaVersion = other.stateSchemaVersion;
        this.mapper = other.mapper;
    }

    /**
     * @param store where the streams are
     * @param types the registry that encodes and decodes the events
     * @param decider the aggregate's logic
     * @param eventClass the class every event of the aggregate's streams is (typically a sealed
     *     interface); an event of another class in a stream fails the load
     * @param <C> the commands
     * @param <S> the state
     * @param <E> the events
     * @return a builder with no snapshots and {@value #DEFAULT_MAX_RETRIES} retries
     * @throws IllegalArgumentException if an argument is null
     */
    public static <C, S, E> Builder<C, S, E> builder(EventStore store, EventTypes types, Decider<C, S, E> decider,
            Class<E> eventClass) {
        return new Builder<>(Args.notNull("store", store), Args.notNull("types", types),
                Args.notNull("decider", decider), Args.notNull("eventClass", eventClass));
    }

    /**
     * A handler that does everything this one does inside a transaction: it reads through
     * {@code transaction}, appends through it (the events commit or roll back with it), and saves and
     * loads snapshots through {@code snapshotStore.within(transaction)}. Cheap; make one per
     * transaction. A {@link WrongExpectedVersionException} is retried as outside; a
     * {@link ConcurrencyConflictException} is thrown at once, since the database has then refused the
     * transaction itself: run the transaction again.
     *
     * @param transaction an open transaction of the store this handler was built on
     * @return the handler bound to {@code transaction}
     * @throws IllegalArgumentException if {@code transaction} is null
     */
    public CommandHandler<C, S, E> within(EventTransaction transaction) {
        Args.notNull("transaction", transaction);
        return new CommandHandler<>(this, transaction);
    }

    /**
     * The id of an event decided on a command with a command id: the same for the same command id and
     * index, in every process, so that a command sent again maps to the events it recorded.
     *
     * @param commandId the command id
     * @param index the event's index among the command's events, from 0
     * @return a name-based UUID of {@code commandId + "/" + index} in {@link #COMMAND_EVENT_NAMESPACE}
     * @throws IllegalArgumentException if {@code commandId} is null or {@code index} negative
     */
    public static UUID eventId(String commandId, int index) {
        Args.notNull("commandId", commandId);
        Args.atLeast("index", index, 0);
        return Uuids.v5(COMMAND_EVENT_NAMESPACE, commandId + "/" + index);
    }

    /**
     * Handles a command whose events start a new conversation: they carry a new random correlation
     * id and no causation id.
     *
     * @param streamId the aggregate's stream
     * @param command the command
     * @return the new events, the state and version after them
     * @throws IllegalArgumentException if an argument is null or invalid, or the decider returned an
     *     event of a class the {@link EventTypes} do not register; nothing is appended
     * @throws RuntimeException whatever the decider threw to reject the command, unchanged; nothing is
     *     appended
     * @throws WrongExpectedVersionException if concurrent writers changed the stream on every attempt (or
     *     {@link ConcurrencyConflictException}, if that was the last attempt's failure)
     * @throws EventDecodingException if an event of the stream cannot be decoded
     * @throws dev.eventstore.EventStoreException if the store fails
     */
    public CommandResult<S, E> handle(String streamId, C command) {
        return handle(streamId, command, EventMetadata.empty().withCorrelationId(UUID.randomUUID().toString()));
    }

    /**
     * Handles a command; every new event carries {@code metadata} (see
     * {@link EventMetadata#forCommand(String)}). If the metadata carries a command id, a command sent
     * again with it returns the first result and appends nothing (see the class description).
     *
     * @param streamId the aggregate's stream
     * @param command the command
     * @param metadata the correlation id, causation id and entries for the new events
     * @return the new events, the state and version after them
     * @throws IllegalArgumentException if an argument is null or invalid, or the decider returned an
     *     event of a class the {@link EventTypes} do not register; nothing is appended
     * @throws RuntimeException whatever the decider threw to reject the command, unchanged; nothing is
     *     appended
     * @throws WrongExpectedVersionException if concurrent writers changed the stream on every attempt (or
     *     {@link ConcurrencyConflictException}, if that was the last attempt's failure)
     * @throws CommandIdConflictException if {@code metadata} carries a command id already used on another
     *     stream or for another command; nothing is appended
     * @throws EventDecodingException if an event of the stream cannot be decoded
     * @throws IllegalStateException if the decider returned null or a list holding null
     * @throws dev.eventstore.EventStoreException if the store fails
     */
    public CommandResult<S, E> handle(String streamId, C command, EventMetadata metadata) {
        StreamIds.validate(streamId);
        Args.notNull("command", command);
        Args.notNull("metadata", metadata);
        String commandId = metadata.commandId().orElse(null);
        EventMetadata stamped = commandId == null ? metadata : metadata.withCommandHash(fingerprint(command));
        EventStoreException lastConflict = null;
        for (int attempt = 1; attempt <= maxRetries + 1; attempt++) {
            if (commandId != null) {
                Optional<CommandResult<S, E>> earlier = earlierResult(streamId, command, stamped, attempt);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
            AggregateState<S> current = load(streamId);
            List<E> events = checkedDecision(command, decider.decide(command, current.state()));
            if (events.isEmpty()) {
                return new CommandResult<>(streamId, List.of(), List.of(), current.state(), current.version(), 0,
                        attempt, false);
            }
            List<EventData> data = types.encodeAll(events, stamped);
            if (commandId != null) {
                List<EventData> derived = new ArrayList<>(data.size());
                for (int i = 0; i < data.size(); i++) {
                    derived.add(data.get(i).withId(eventId(commandId, i)));
                }
                data = derived;
            }
            // Folding before appending means a state the decider cannot evolve fails the command
            // while nothing is written yet.
            S state = current.state();
            for (E event : events) {
                state = decider.evolve(state, event);
            }
            AppendResult appended;
            try {
                appended = writer.append(streamId, ExpectedVersion.exactly(current.version()), data);
            } catch (WrongExpectedVersionException | ConcurrencyConflictException conflict) {
                if (conflict instanceof ConcurrencyConflictException && writer instanceof EventTransaction) {
                    // The database refused the transaction, not only this append (PostgreSQL aborts it, and
                    // every later statement in it fails): only running the whole transaction again helps.
                    throw conflict;
                }
                lastConflict = conflict;
                LOG.debug("Stream '{}' changed while deciding {} (attempt {} of {}): {}", streamId,
                        command.getClass().getSimpleName(), attempt, maxRetries + 1, conflict.getMessage());
                pauseBeforeRetry(attempt);
                continue;
            } catch (DuplicateEventIdException duplicate) {
                if (commandId == null) {
                    throw duplicate;
                }
                // A copy of this command was appended meanwhile, deciding on another version: the look-up
                // at the top of the next attempt finds it.
                lastConflict = duplicate;
                continue;
            }
            takeSnapshotIfDue(streamId, current.version(), appended.nextExpectedVersion(), state);
            return new CommandResult<>(streamId, events, data, state, appended.nextExpectedVersion(),
                    appended.lastPosition(), attempt, false);
        }
        LOG.warn("Giving up on {} for stream '{}' after {} attempts, each met a concurrent writer",
                command.getClass().getSimpleName(), streamId, maxRetries + 1);
        throw lastConflict;
    }

    /**
     * The result of the first handling of a command with a command id, if its events are recorded.
     *
     * @throws CommandIdConflictException if they are recorded on another stream or for another command
     */
    private Optional<CommandResult<S, E>> earlierResult(String streamId, C command, EventMetadata stamped,
            int attempt) {
        String commandId = stamped.commandId().orElseThrow();
        Optional<RecordedEvent> first = reader.readEvent(eventId(commandId, 0));
        if (first.isEmpty()) {
            return Optional.empty();
        }
        RecordedEvent recorded = first.get();
        if (!recorded.streamId().equals(streamId)) {
            throw new CommandIdConflictException(commandId, streamId, "it was handled on stream '"
                    + recorded.streamId() + "'");
        }
        Optional<String> recordedHash = EventMetadata.fromJson(recorded.metadata()).commandHash();
        if (recordedHash.isPresent() && !recordedHash.equals(stamped.commandHash())) {
            throw new CommandIdConflictException(commandId, streamId, "it was handled for a different "
                    + command.getClass().getSimpleName() + " (fingerprint " + recordedHash.get() + ", this one "
                    + stamped.commandHash().orElse("none") + ")");
        }
        List<E> events = new ArrayList<>();
        List<EventData> appended = new ArrayList<>();
        RecordedEvent last = recorded;
        try (Stream<RecordedEvent> stream = reader.readStream(streamId, recorded.version(), Long.MAX_VALUE,
                Direction.FORWARD)) {
            for (Iterator<RecordedEvent> it = stream.iterator(); it.hasNext();) {
                RecordedEvent next = it.next();
                if (!next.id().equals(eventId(commandId, appended.size()))) {
                    break;
                }
                types.decode(next, eventClass).ifPresent(typed -> events.add(typed.event()));
                appended.add(new EventData(next.id(), next.type(), next.data(), next.metadata(), next.tags()));
                last = next;
            }
        }
        AggregateState<S> state = fold(streamId, last.version());
        LOG.debug("Command {} with id '{}' on stream '{}' was handled before, at version {}; nothing appended",
                command.getClass().getSimpleName(), commandId, streamId, last.version());
        return Optional.of(new CommandResult<>(streamId, events, appended, state.state(), last.version(),
                last.position(), attempt, true));
    }

    /**
     * A digest of the command's class and JSON form, to tell a repeat of a command from another
     * command sent with the same id. A command Jackson cannot write is known by its class alone.
     */
    private String fingerprint(C command) {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(command);
        } catch (Exception e) {
            LOG.debug("Command {} cannot be written as JSON; its fingerprint is its class alone: {}",
                    command.getClass().getName(), e.toString());
            json = new byte[0];
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(command.getClass().getName().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(json);
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Writers that keep colliding on one stream would collide again if they retried in lockstep; a
     * short random pause, growing with the attempts, spreads them out. Nothing waits without a
     * conflict.
     */
    private static void pauseBeforeRetry(int attempt) {
        long maxMicros = Math.min(attempt, 10) * 1_000L;
        try {
            TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextLong(maxMicros + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventStoreException("Interrupted while retrying a command after a concurrent writer", e);
        }
    }

    /**
     * Loads the current state of a stream: the latest usable snapshot and the events after it.
     *
     * @param streamId the stream
     * @return the state and the version it includes; the initial state at version 0 if the stream
     *     does not exist
     * @throws IllegalArgumentException if {@code streamId} is invalid
     * @throws EventDecodingException if an event cannot be decoded
     * @throws dev.eventstore.EventStoreException if the store fails
     */
    public AggregateState<S> load(String streamId) {
        StreamIds.validate(streamId);
        return fold(streamId, Long.MAX_VALUE);
    }

    /**
     * The current state of every stream of a category, each folded from its events: for lists and
     * reports over one kind of aggregate ("every order"). It reads the whole category on each call,
     * without snapshots: right for a category of thousands of events; a projection that keeps a read
     * model is the answer for more.
     *
     * @param category the category, such as {@code order} for the streams {@code order-42}, …
     * @return the state of each stream of the category and the version it includes, in the order the
     *     streams began (by the position of their first events); empty if the category has none
     * @throws IllegalArgumentException if {@code category} is invalid
     * @throws EventDecodingException if an event cannot be decoded
     * @throws dev.eventstore.EventStoreException if the store fails
     */
    public List<AggregateState<S>> loadCategory(String category) {
        Map<String, AggregateState<S>> states = new LinkedHashMap<>();
        try (Stream<RecordedEvent> events = reader.readCategory(category, 0, Long.MAX_VALUE)) {
            for (Iterator<RecordedEvent> it = events.iterator(); it.hasNext();) {
                RecordedEvent recorded = it.next();
                AggregateState<S> before = states.get(recorded.streamId());
                S state = evolve(before == null ? decider.initialState() : before.state(), recorded);
                states.put(recorded.streamId(), new AggregateState<>(recorded.streamId(), state, recorded.version()));
            }
        }
        return List.copyOf(states.values());
    }

    /**
     * The state of a stream as of a version: events 1 to {@code version} folded, starting from a
     * snapshot at or below {@code version} if there is a usable one.
     *
     * @param streamId the stream
     * @param version the last version to include; 0 for the initial state
     * @return the state; if the stream has fewer events, the state after its last, with its version
     * @throws IllegalArgumentException if {@code streamId} is invalid or {@code version} negative
     * @throws EventDecodingException if an event cannot be decoded
     * @throws dev.eventstore.EventStoreException if the store fails
     */
    public AggregateState<S> stateAt(String streamId, long version) {
        StreamIds.validate(streamId);
        Args.atLeast("version", version, 0);
        if (version == 0) {
            return new AggregateState<>(streamId, decider.initialState(), 0);
        }
        return fold(streamId, version);
    }

    /**
     * The state of a stream as of a time: the stream's events folded in version order up to the
     * first one recorded after {@code time} (by the store's clock, {@link RecordedEvent#recordedAt()}).
     * Snapshots are not used: a snapshot does not say when its last event was recorded.
     *
     * @param streamId the stream
     * @param time the moment; events recorded at exactly this instant are included
     * @return the state and the version it includes; version 0 if the stream had no event yet
     * @throws IllegalArgumentException if an argument is null or invalid
     * @throws EventDecodingException if an event cannot be decoded
     * @throws dev.eventstore.EventStoreException if the store fails
     */
    public AggregateState<S> stateAt(String streamId, Instant time) {
        StreamIds.validate(streamId);
        Args.notNull("time", time);
        S state = decider.initialState();
        long version = 0;
        try (Stream<RecordedEvent> events = reader.readStream(streamId, 1, Long.MAX_VALUE, Direction.FORWARD)) {
            // Stop at the first later event: the lazy stream then fetches no further page.
            for (Iterator<RecordedEvent> it = events.iterator(); it.hasNext();) {
                RecordedEvent recorded = it.next();
                if (recorded.recordedAt().isAfter(time)) {
                    break;
                }
                state = evolve(state, recorded);
                version = recorded.version();
            }
        }
        return new AggregateState<>(streamId, state, version);
    }

    private AggregateState<S> fold(String streamId, long upTo) {
        S state = decider.initialState();
        long version = 0;
        Optional<AggregateState<S>> snapshot = usableSnapshot(streamId, upTo);
        if (snapshot.isPresent()) {
            state = snapshot.get().state();
            version = snapshot.get().version();
        }
        long maxCount = upTo == Long.MAX_VALUE ? Long.MAX_VALUE : upTo - version;
        try (Stream<RecordedEvent> events = reader.readStream(streamId, version + 1, maxCount, Direction.FORWARD)) {
            for (Iterator<RecordedEvent> it = events.iterator(); it.hasNext();) {
                RecordedEvent recorded = it.next();
                state = evolve(state, recorded);
                version = recorded.version();
            }
        }
        return new AggregateState<>(streamId, state, version);
    }

    private S evolve(S state, RecordedEvent recorded) {
        Optional<TypedEvent<E>> decoded = types.decode(recorded, eventClass);
        return decoded.isPresent() ? decider.evolve(state, decoded.get().event()) : state;
    }

    private Optional<AggregateState<S>> usableSnapshot(String streamId, long upTo) {
        if (snapshots == null) {
            return Optional.empty();
        }
        Optional<Snapshot> loaded;
        try {
            loaded = snapshots.load(streamId);
        } catch (RuntimeException e) {
            LOG.warn("Cannot load the snapshot of stream '{}'; replaying the stream instead", streamId, e);
            return Optional.empty();
        }
        if (loaded.isEmpty() || loaded.get().version() > upTo) {
            return Optional.empty();
        }
        Snapshot snapshot = loaded.get();
        if (!snapshot.stateType().equals(stateType) || snapshot.schemaVersion() != stateSchemaVersion) {
            LOG.info("Ignoring the snapshot of stream '{}' at version {}: it holds {} schema version {}, expected {} "
                    + "schema version {}; replaying the stream", streamId, snapshot.version(), snapshot.stateType(),
                    snapshot.schemaVersion(), stateType, stateSchemaVersion);
            return Optional.empty();
        }
        try {
            return Optional.of(new AggregateState<>(streamId, mapper.readValue(snapshot.state(), stateClass),
                    snapshot.version()));
        } catch (Exception e) {
            LOG.warn("Cannot decode the snapshot of stream '{}' at version {} as {} schema version {}; replaying the "
                    + "stream instead: {}", streamId, snapshot.version(), stateType, stateSchemaVersion, e.toString());
            return Optional.empty();
        }
    }

    private void takeSnapshotIfDue(String streamId, long versionBefore, long versionAfter, S state) {
        if (snapshots == null) {
            return;
        }
        try {
            if (snapshotPolicy.shouldSnapshot(versionBefore, versionAfter)) {
                snapshots.save(new Snapshot(streamId, versionAfter, stateType, stateSchemaVersion,
                        mapper.writeValueAsString(state), clock.instant()));
            }
        } catch (Exception e) {
            // The events are committed; a missing snapshot only makes the next load read more.
            LOG.warn("Cannot take a snapshot of stream '{}' at version {}; the command succeeded, later loads replay "
                    + "more events", streamId, versionAfter, e);
        }
    }

    private List<E> checkedDecision(C command, List<E> decided) {
        if (decided == null) {
            throw new IllegalStateException("the decider returned null for " + command.getClass().getName()
                    + "; it must return an empty list to append nothing");
        }
        List<E> events = new ArrayList<>(decided.size());
        for (E event : decided) {
            if (event == null) {
                throw new IllegalStateException("the decider returned a null event at index " + events.size()
                        + " for " + command.getClass().getName());
            }
            events.add(event);
        }
        return List.copyOf(events);
    }

    /**
     * Builds a {@link CommandHandler}; each setter checks its value at once.
     *
     * @param <C> the commands
     * @param <S> the state
     * @param <E> the events
     */
    public static final class Builder<C, S, E> {
        private final EventStore store;
        private final EventTypes types;
        private final Decider<C, S, E> decider;
        private final Class<E> eventClass;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Clock clock = Clock.systemUTC();
        private SnapshotStore snapshots;
        private SnapshotPolicy snapshotPolicy;
        private Class<S> stateClass;
        private int stateSchemaVersion;

        private Builder(EventStore store, EventTypes types, Decider<C, S, E> decider, Class<E> eventClass) {
            this.store = store;
            this.types = types;
            this.decider = decider;
            this.eventClass = eventClass;
        }

        /**
         * @param maxRetries how many times to load and decide again after a conflict with a
         *     concurrent writer; 0 to fail on the first conflict. Default
         *     {@value CommandHandler#DEFAULT_MAX_RETRIES}.
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder<C, S, E> maxRetries(int maxRetries) {
            this.maxRetries = (int) Args.atLeast("maxRetries", maxRetries, 0);
            return this;
        }

        /**
         * Loads from snapshots and takes them by {@code policy}. The state is written as JSON with the
         * {@link EventTypes}' mapper; its type ({@code stateClass}'s name) and {@code schemaVersion}
         * are stored with it, and a snapshot of another type or schema version is ignored on load.
         *
         * @param store where snapshots are kept
         * @param policy when to take one; {@link SnapshotPolicy#none()} to only read existing ones
         * @param stateClass the state's class, for reading the JSON back
         * @param schemaVersion the state's schema version, from 1; raise it when the state's JSON
         *     shape changes, and old snapshots are ignored
         * @return this builder
         * @throws IllegalArgumentException if an argument is null or {@code schemaVersion} below 1
         */
        public Builder<C, S, E> snapshots(SnapshotStore store, SnapshotPolicy policy, Class<S> stateClass,
                int schemaVersion) {
            this.snapshots = Args.notNull("snapshotStore", store);
            this.snapshotPolicy = Args.notNull("policy", policy);
            this.stateClass = Args.notNull("stateClass", stateClass);
            this.stateSchemaVersion = (int) Args.atLeast("schemaVersion", schemaVersion, 1);
            return this;
        }

        /**
         * @param clock stamps {@link Snapshot#takenAt()}; default the system clock (UTC)
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<C, S, E> clock(Clock clock) {
            this.clock = Args.notNull("clock", clock);
            return this;
        }

        /** @return the command handler */
        public CommandHandler<C, S, E> build() {
            return new CommandHandler<>(this);
        }
    }
}
