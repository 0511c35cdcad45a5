package dev.eventstore.contract.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstore.AppendCondition;
import dev.eventstore.AppendConditionFailedException;
import dev.eventstore.AppendResult;
import dev.eventstore.Direction;
import dev.eventstore.DuplicateEventIdException;
import dev.eventstore.EventData;
import dev.eventstore.EventReader;
import dev.eventstore.EventTransaction;
import dev.eventstore.EventWriter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.RecordedEvent;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionOptions;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.WrongExpectedVersionException;
import dev.eventstore.contract.model.Model.Event;
import dev.eventstore.contract.model.Model.Outcome;
import dev.eventstore.contract.model.Model.Refused;
import dev.eventstore.contract.model.Model.Written;
import dev.eventstore.contract.model.Op.EventSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Runs one history against a store and the {@link Model} side by side, and fails at the first step
 * where the store says something the model does not: another result, another exception, other events
 * from a read, or a subscription that delivered other events.
 *
 * <p>Positions are compared through the events: the store may leave holes, so the runner learns each
 * event's position from the append that wrote it ({@link AppendResult#lastPosition()}, consecutive
 * positions for one append) and expects every later read to agree.
 */
public final class HistoryRunner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** A successful append, kept to be sent again. */
    private record Call(String stream, ExpectedVersion expected, List<EventSpec> events, Query query, int afterOrdinal) {
    }

    /** A running subscription and what it has delivered. */
    private record Running(Op.Subscribe op, Subscription subscription, int afterOrdinal, List<RecordedEvent> seen) {
    }

    /** The work of a transaction throws this to roll it back. */
    private static final class RollBack extends RuntimeException {
        RollBack() {
            super("rolled back by the history", null, false, false);
        }
    }

    private final TransactionalEventStore<?> store;
    private final Map<String, Long> tally;
    private Model model = new Model();
    /** The store's position of each event of the model's log, by ordinal - 1. */
    private final List<Long> positions = new ArrayList<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<Running> subscriptions = new ArrayList<>();

    /**
     * @param store the store, empty
     * @param tally counts what the history did, by kind (appends written, retries, refusals, reads,
     *     subscriptions, transactions): shared by the runners of one test to print its figures
     */
    public HistoryRunner(TransactionalEventStore<?> store, Map<String, Long> tally) {
        this.store = store;
        this.tally = tally;
    }

    private void count(String what) {
        tally.merge(what, 1L, Long::sum);
    }

    /**
     * Runs a history, then checks every subscription it started, and closes them.
     *
     * @param history the steps
     * @throws AssertionError naming the first step where the store and the model disagree
     */
    public void run(List<Op> history) {
        try {
            for (int i = 0; i < history.size(); i++) {
                Op op = history.get(i);
                try {
                    step(op);
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError("step " + (i + 1) + " of " + history.size() + " (" + op + "): "
                            + e.getMessage(), e);
                }
            }
            checkSubscriptions();
        } finally {
            for (Running running : subscriptions) {
                running.subscription().close();
            }
        }
    }

    // ---------------------------------------------------------------- steps

    private void step(Op op) {
        if (op instanceof Op.Append append) {
            String stream = Op.STREAMS.get(append.stream());
            appendAndCompare(store, model, positions, calls, stream, resolve(append.expect(), model.version(stream)),
                    append.events(), null, 0);
        } else if (op instanceof Op.ConditionalAppend conditional) {
            String stream = Op.STREAMS.get(conditional.stream());
            appendAndCompare(store, model, positions, calls, stream,
                    resolve(conditional.expect(), model.version(stream)), conditional.events(), conditional.query().query(), conditional.after().ordinal(model.log().size()));
        } else if (op instanceof Op.Resend resend) {
            resend(resend);
        } else if (op instanceof Op.ReadStream read) {
            readStream(store, model, positions, read);
        } else if (op instanceof Op.ReadLog read) {
            readLog(read);
        } else if (op instanceof Op.ReadEvent read) {
            readEvent(read);
        } else if (op instanceof Op.Versions) {
            versions();
        } else if (op instanceof Op.Subscribe subscribe) {
            subscribe(subscribe);
        } else if (op instanceof Op.Transaction transaction) {
            transaction(store, transaction);
        } else {
            throw new IllegalArgumentException("unknown step " + op);
        }
    }

    private void resend(Op.Resend resend) {
        if (calls.isEmpty()) {
            return;
        }
        Call call = calls.get(Math.floorMod(resend.which(), calls.size()));
        List<EventSpec> events = new ArrayList<>(call.events());
        String stream = call.stream();
        ExpectedVersion expected = call.expected();
        switch (resend.kind()) {
            case SAME -> { }
            case SAME_ANY -> expected = ExpectedVersion.any();
            case PREFIX_ANY -> {
                expected = ExpectedVersion.any();
                events = events.subList(0, Math.max(1, events.size() - 1));
            }
            case OTHER_STREAM -> stream = Op.STREAMS.get((Op.STREAMS.indexOf(stream) + 1) % Op.STREAMS.size());
            case WITH_NEW -> events.add(new EventSpec(resend.fresh(), Op.TYPES.get(0), Set.of(), 0));
            case REVERSED -> Collections.reverse(events);
            case LATER_PLACE -> {
                Optional<Event> first = model.event(events.get(0).id());
                expected = ExpectedVersion.exactly(first.map(Event::version).orElse(0L));
            }
        }
        appendAndCompare(store, model, positions, calls, stream, expected, events, call.query(), call.afterOrdinal());
    }

    /**
     * Appends on {@code writer} (the store or a transaction) and on {@code against}, and compares.
     *
     * @return the model's outcome
     */
    private Outcome appendAndCompare(EventWriter writer, Model against, List<Long> positionsOf,
            List<Call> callsOf, String stream, ExpectedVersion expected, List<EventSpec> events, Query query,
            int afterOrdinal) {
        long after = query == null ? 0 : position(positionsOf, afterOrdinal);
        Outcome outcome = against.append(stream, expected, events, query, afterOrdinal);
        List<EventData> data = events.stream().map(EventSpec::data).toList();
        AppendResult result;
        try {
            result = query == null ? writer.append(stream, expected, data)
                    : writer.append(stream, expected, data, new AppendCondition(query, after));
        } catch (WrongExpectedVersionException | AppendConditionFailedException | DuplicateEventIdException e) {
            if (!(outcome instanceof Refused refused) || !refused.allowed().contains(e.getClass())) {
                throw new AssertionError("the store refused the append with " + e + ", but the model says " + outcome);
            }
            checkRefusal(e, against, positionsOf, stream, expected, events, query, afterOrdinal);
            count(e instanceof WrongExpectedVersionException ? "refused: wrong version"
                    : e instanceof AppendConditionFailedException ? "refused: condition" : "refused: reused id");
            return outcome;
        }
        if (!(outcome instanceof Written written)) {
            throw new AssertionError("the store appended (" + result + "), but the model refuses: " + outcome);
        }
        for (int i = 0; i < written.written().size(); i++) {
            positionsOf.add(result.lastPosition() - written.written().size() + 1 + i);
        }
        AppendResult expectedResult = new AppendResult(written.version(), position(positionsOf, written.lastOrdinal()));
        if (!result.equals(expectedResult)) {
            throw new AssertionError("the store returned " + result + ", the model " + expectedResult
                    + (written.retry() ? " (a retry)" : ""));
        }
        callsOf.add(new Call(stream, expected, events, query, afterOrdinal));
        count(written.retry() ? "retries recognised" : query == null ? "appends" : "conditional appends");
        return outcome;
    }

    private static void checkRefusal(Exception e, Model against, List<Long> positionsOf, String stream,
            ExpectedVersion expected, List<EventSpec> events, Query query, int afterOrdinal) {
        if (e instanceof WrongExpectedVersionException wrong) {
            if (!wrong.streamId().equals(stream) || !wrong.expectedVersion().equals(expected)
                    || wrong.actualVersion() != against.version(stream)) {
                throw new AssertionError("the refusal names stream " + wrong.streamId() + ", expected "
                        + wrong.expectedVersion() + ", actual " + wrong.actualVersion() + "; the model: " + stream
                        + ", " + expected + ", " + against.version(stream));
            }
        } else if (e instanceof AppendConditionFailedException failed) {
            boolean named = against.log().stream().anyMatch(event -> event.ordinal() > afterOrdinal
                    && query.matches(event.type(), event.tags())
                    && position(positionsOf, event.ordinal()) == failed.conflictingPosition());
            if (!named) {
                throw new AssertionError("the refusal names position " + failed.conflictingPosition()
                        + ", which holds no matching event after the condition's position");
            }
        } else if (e instanceof DuplicateEventIdException duplicate) {
            if (events.stream().noneMatch(event -> event.id().equals(duplicate.eventId()))) {
                throw new AssertionError("the refusal names id " + duplicate.eventId() + ", which the append does not carry");
            }
        }
    }

    private void readStream(EventReader reader, Model against, List<Long> positionsOf, Op.ReadStream read) {
        count("reads");
        String stream = Op.STREAMS.get(read.stream());
        long max = read.max() < 0 ? Long.MAX_VALUE : read.max();
        List<Event> events = new ArrayList<>(against.stream(stream));
        long from;
        if (read.backward()) {
            from = read.from() < 0 ? Long.MAX_VALUE : read.from();
            events.removeIf(e -> e.version() > from);
            Collections.reverse(events);
        } else {
            from = read.from() < 0 ? 1 : read.from();
            events.removeIf(e -> e.version() < from);
        }
        List<RecordedEvent> got = reader.readStream(stream, from, max,
                read.backward() ? Direction.BACKWARD : Direction.FORWARD).toList();
        compare(events.subList(0, (int) Math.min(events.size(), max)), got, positionsOf);
    }

    private void readLog(Op.ReadLog read) {
        count("reads");
        int afterOrdinal = read.after().ordinal(model.log().size());
        long max = read.max() < 0 ? Long.MAX_VALUE : read.max();
        Predicate<Event> filter = matcher(read.filter());
        List<Event> expected = model.log().stream().filter(e -> e.ordinal() > afterOrdinal).filter(filter)
                .limit(max).toList();
        List<RecordedEvent> got = store.read(read.filter().filter(), position(positions, afterOrdinal), max).toList();
        compare(expected, got, positions);
    }

    private void readEvent(Op.ReadEvent read) {
        count("reads");
        List<Event> log = model.log();
        if (read.which() < 0 || log.isEmpty()) {
            Optional<RecordedEvent> got = store.readEvent(read.unknown());
            if (got.isPresent()) {
                throw new AssertionError("an id never appended was found: " + got.get());
            }
            return;
        }
        Event event = log.get(Math.floorMod(read.which(), log.size()));
        Optional<RecordedEvent> got = store.readEvent(event.id());
        compare(List.of(event), got.map(List::of).orElse(List.of()), positions);
    }

    private void versions() {
        for (String stream : Op.STREAMS) {
            long version = store.streamVersion(stream);
            if (version != model.version(stream)) {
                throw new AssertionError("stream " + stream + " is at version " + version + ", the model at "
                        + model.version(stream));
            }
        }
        long head = store.headPosition();
        long expected = position(positions, model.log().size());
        if (head != expected) {
            throw new AssertionError("the head position is " + head + ", the model's last event is at " + expected);
        }
    }

    private void subscribe(Op.Subscribe op) {
        int afterOrdinal = op.after().ordinal(model.log().size());
        List<RecordedEvent> seen = Collections.synchronizedList(new ArrayList<>());
        SubscriptionOptions options = SubscriptionOptions.builder(op.filter().filter())
                .afterPosition(position(positions, afterOrdinal)).batchSize(op.batches() ? 3 : 500).build();
        Subscription subscription = op.batches() ? store.subscribeBatches(options, seen::addAll)
                : store.subscribe(options, seen::add);
        subscriptions.add(new Running(op, subscription, afterOrdinal, seen));
        count("subscriptions");
    }

    private void checkSubscriptions() {
        for (Running running : subscriptions) {
            try {
                if (!running.subscription().awaitCaughtUp(TIMEOUT)) {
                    throw new AssertionError("the subscription (" + running.op() + ") did not catch up within "
                            + TIMEOUT + "; it is " + running.subscription().state());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            Predicate<Event> filter = matcher(running.op().filter());
            List<Event> expected = model.log().stream().filter(e -> e.ordinal() > running.afterOrdinal())
                    .filter(filter).toList();
            List<RecordedEvent> seen;
            synchronized (running.seen()) {
                seen = List.copyOf(running.seen());
            }
            try {
                compare(expected, seen, positions);
            } catch (AssertionError e) {
                throw new AssertionError("the subscription (" + running.op() + ") delivered other events: "
                        + e.getMessage(), e);
            }
        }
    }

    // ---------------------------------------------------------------- transactions

    private <T extends EventTransaction> void transaction(TransactionalEventStore<T> on, Op.Transaction op) {
        Model inside = model.copy();
        List<Long> insidePositions = new ArrayList<>(positions);
        List<Call> insideCalls = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        Set<String> written = new LinkedHashSet<>();
        TransactionBody<T> body = tx -> {
            for (Op step : op.appends()) {
                Outcome outcome = appendInTransaction(tx, inside, insidePositions, insideCalls, step);
                outcomes.add(outcome);
                if (outcome instanceof Refused) {
                    return false;
                }
                written.add(Op.STREAMS.get(step instanceof Op.Append a ? a.stream() : ((Op.ConditionalAppend) step).stream()));
            }
            for (String stream : written) {
                readStream(tx, inside, insidePositions, new Op.ReadStream(Op.STREAMS.indexOf(stream), -1, -1, false));
            }
            return op.commit();
        };
        boolean committed;
        if (op.explicit()) {
            try (T tx = on.beginTransaction()) {
                committed = body.run(tx);
                if (committed) {
                    tx.commit();
                }
            }
        } else {
            try {
                committed = on.inTransaction(tx -> {
                    if (!body.run(tx)) {
                        throw new RollBack();
                    }
                    return true;
                });
            } catch (RollBack e) {
                committed = false;
            }
        }
        count(committed ? "transactions committed" : "transactions rolled back");
        if (committed) {
            model = inside;
            positions.clear();
            positions.addAll(insidePositions);
            calls.addAll(insideCalls);
        }
    }

    private Outcome appendInTransaction(EventTransaction tx, Model inside, List<Long> insidePositions,
            List<Call> insideCalls, Op step) {
        if (step instanceof Op.Append append) {
            String stream = Op.STREAMS.get(append.stream());
            return appendAndCompare(tx, inside, insidePositions, insideCalls, stream,
                    resolve(append.expect(), inside.version(stream)), append.events(), null, 0);
        }
        Op.ConditionalAppend conditional = (Op.ConditionalAppend) step;
        String stream = Op.STREAMS.get(conditional.stream());
        return appendAndCompare(tx, inside, insidePositions, insideCalls, stream,
                resolve(conditional.expect(), inside.version(stream)), conditional.events(),
                conditional.query().query(), conditional.after().ordinal(inside.log().size()));
    }

    /** The body of a transaction: returns true to commit. */
    @FunctionalInterface
    private interface TransactionBody<T> {
        boolean run(T tx);
    }

    // ---------------------------------------------------------------- helpers

    static ExpectedVersion resolve(Op.Expect expect, long current) {
        return switch (expect.kind()) {
            case ANY -> ExpectedVersion.any();
            case NO_STREAM -> ExpectedVersion.noStream();
            case STREAM_EXISTS -> ExpectedVersion.streamExists();
            case CURRENT -> ExpectedVersion.exactly(current);
            case OFF -> ExpectedVersion.exactly(Math.max(0, current + expect.delta()));
        };
    }

    private static long position(List<Long> positionsOf, int ordinal) {
        return ordinal == 0 ? 0 : positionsOf.get(ordinal - 1);
    }

    static Predicate<Event> matcher(Op.FilterSpec filter) {
        return switch (filter.kind()) {
            case ALL -> e -> true;
            case CATEGORY -> e -> e.category().equals(Op.CATEGORIES.get(filter.index()));
            case STREAM -> e -> e.stream().equals(Op.STREAMS.get(filter.index()));
            case QUERY -> {
                Query query = filter.query().query();
                yield e -> query.matches(e.type(), e.tags());
            }
        };
    }

    private static void compare(List<Event> expected, List<RecordedEvent> got, List<Long> positionsOf) {
        if (expected.size() != got.size()) {
            throw new AssertionError("expected " + expected.size() + " events " + describe(expected, positionsOf) + ", got "
                    + got.size() + " " + got);
        }
        for (int i = 0; i < expected.size(); i++) {
            Event want = expected.get(i);
            RecordedEvent have = got.get(i);
            boolean same = want.id().equals(have.id()) && want.stream().equals(have.streamId())
                    && want.version() == have.version() && have.position() == position(positionsOf, want.ordinal())
                    && want.type().equals(have.type()) && want.tags().equals(have.tags())
                    && json("{\"n\":" + want.n() + "}").equals(json(have.data())) && json("{}").equals(json(have.metadata()))
                    && have.recordedAt() != null;
            if (!same) {
                throw new AssertionError("event " + (i + 1) + " of " + expected.size() + " differs: expected "
                        + describe(List.of(want), positionsOf) + ", got " + have + " " + have.tags() + " " + have.data());
            }
        }
    }

    private static String describe(List<Event> events, List<Long> positionsOf) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            out.add(e.stream() + "@" + e.version() + " #" + e.ordinal() + " pos " + position(positionsOf, e.ordinal()) + " " + e.type()
                    + e.tags() + " " + e.id().toString().substring(0, 8));
        }
        return out.toString();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
