package dev.eventstore.contract.model;

import dev.eventstore.AppendConditionFailedException;
import dev.eventstore.DuplicateEventIdException;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.WrongExpectedVersionException;
import dev.eventstore.contract.model.Op.EventSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The reference model of an event store: a list of events and nothing else, written from the
 * promises of {@link dev.eventstore.EventWriter} and {@link dev.eventstore.EventReader} alone, not
 * from any store's code. Events are numbered by their place in the log (the ordinal, from 1); a store's
 * positions may have holes, so the runner maps ordinals to the store's positions.
 *
 * <p>Not thread-safe: one history runs on one thread.
 */
public final class Model {

    /**
     * An event the model holds.
     *
     * @param id its id
     * @param stream its stream
     * @param version its version in the stream, from 1
     * @param ordinal its place in the log, from 1
     * @param type its type
     * @param tags its tags
     * @param n the number in its data
     */
    public record Event(UUID id, String stream, long version, int ordinal, String type, Set<String> tags, int n) {
        /** @return the category of its stream */
        public String category() {
            int dash = stream.indexOf('-');
            return dash < 0 ? stream : stream.substring(0, dash);
        }
    }

    /** What the model says an append does. */
    public sealed interface Outcome {
    }

    /**
     * The append succeeds.
     *
     * @param version the stream's version it returns
     * @param lastOrdinal the ordinal of the event whose position it returns
     * @param written the events it writes; empty for a retry
     */
    public record Written(long version, int lastOrdinal, List<Event> written) implements Outcome {
        /** @return true if the append is recognised as a retry and writes nothing */
        public boolean retry() {
            return written.isEmpty();
        }
    }

    /**
     * The append fails and writes nothing.
     *
     * @param allowed the exceptions a store may throw: more than one when several rules are broken at
     *     once and the contract does not say which is checked first
     * @param why the rule, for messages
     */
    public record Refused(Set<Class<? extends Exception>> allowed, String why) implements Outcome {
    }

    private final List<Event> log = new ArrayList<>();
    private final Map<UUID, Event> byId = new HashMap<>();
    private final Map<String, List<Event>> streams = new HashMap<>();

    /** @return a copy, for a transaction that may be rolled back */
    public Model copy() {
        Model copy = new Model();
        for (Event event : log) {
            copy.add(event);
        }
        return copy;
    }

    /** @return the whole log, in order */
    public List<Event> log() {
        return List.copyOf(log);
    }

    /**
     * @param stream a stream
     * @return its events, oldest first
     */
    public List<Event> stream(String stream) {
        return List.copyOf(streams.getOrDefault(stream, List.of()));
    }

    /**
     * @param stream a stream
     * @return its version: its number of events
     */
    public long version(String stream) {
        return streams.getOrDefault(stream, List.of()).size();
    }

    /**
     * @param id an event id
     * @return the event recorded with it
     */
    public Optional<Event> event(UUID id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * Applies one append, as the contract says it goes: the idempotency rule first (all ids recorded,
     * in this stream, in this order, at consecutive versions, at the place the expected version names:
     * a retry; some ids recorded in any other way: a reuse), then the expected version and the
     * condition.
     *
     * @param stream the stream
     * @param expected the expected version
     * @param events the events
     * @param query the condition's query, or null for none
     * @param afterOrdinal the condition's position, as the ordinal of the last event it covers
     * @return what the append does; the model is changed only if it writes
     */
    public Outcome append(String stream, ExpectedVersion expected, List<EventSpec> events, Query query,
            int afterOrdinal) {
        List<Event> found = new ArrayList<>();
        for (EventSpec event : events) {
            Event recorded = byId.get(event.id());
            if (recorded != null) {
                found.add(recorded);
            }
        }
        if (!found.isEmpty()) {
            return retryOrReuse(stream, expected, events, found);
        }
        long version = version(stream);
        boolean wrongVersion = !expected.accepts(version);
        boolean conflict = query != null && log.stream().anyMatch(e -> e.ordinal() > afterOrdinal
                && query.matches(e.type(), e.tags()));
        if (wrongVersion && conflict) {
            return new Refused(Set.of(WrongExpectedVersionException.class, AppendConditionFailedException.class),
                    "the stream is at " + version + ", not " + expected + ", and a matching event follows the condition's position");
        }
        if (wrongVersion) {
            return new Refused(Set.of(WrongExpectedVersionException.class),
                    "the stream is at " + version + ", not " + expected);
        }
        if (conflict) {
            return new Refused(Set.of(AppendConditionFailedException.class),
                    "a matching event follows the condition's position");
        }
        List<Event> written = new ArrayList<>();
        for (EventSpec event : events) {
            Event recorded = new Event(event.id(), stream, version(stream) + 1, log.size() + 1, event.type(),
                    event.tags(), event.n());
            add(recorded);
            written.add(recorded);
        }
        Event last = written.get(written.size() - 1);
        return new Written(last.version(), last.ordinal(), written);
    }

    private Outcome retryOrReuse(String stream, ExpectedVersion expected, List<EventSpec> events, List<Event> found) {
        Refused reuse = new Refused(Set.of(DuplicateEventIdException.class), "event ids reused outside a retry");
        if (found.size() < events.size()) {
            return reuse;
        }
        Event first = found.get(0);
        for (int i = 0; i < found.size(); i++) {
            Event event = found.get(i);
            if (!event.stream().equals(stream) || event.version() != first.version() + i) {
                return reuse;
            }
        }
        if (expected.isExact() && first.version() != expected.version() + 1) {
            return reuse;
        }
        Event last = found.get(found.size() - 1);
        return new Written(last.version(), last.ordinal(), List.of());
    }

    private void add(Event event) {
        log.add(event);
        byId.put(event.id(), event);
        streams.computeIfAbsent(event.stream(), s -> new ArrayList<>()).add(event);
    }
}
