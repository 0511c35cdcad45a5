package dev.eventstore.contract.model;

import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One step of a generated history. Every step is plain data, chosen before the history runs, and
 * refers to what earlier steps did only through indexes taken modulo what exists when it runs (the
 * third append, the fifth event, the head of the log): a history stays meaningful when the shrinker
 * removes any of its steps.
 *
 * <p>{@link #simpler()} lists smaller variants of a step, which the {@link Shrinker} tries once it can
 * remove no more steps.
 */
public sealed interface Op {

    /** The streams a history writes: two categories of two streams each. */
    List<String> STREAMS = List.of("acct-1", "acct-2", "order-1", "order-2");
    /** The categories of {@link #STREAMS}. */
    List<String> CATEGORIES = List.of("acct", "order");
    /** The event types a history uses. */
    List<String> TYPES = List.of("Opened", "Moved", "Closed");
    /** The tags a history uses. */
    List<String> TAGS = List.of("t:a", "t:b", "t:c");

    /** @return smaller variants of this step, simplest first; empty if there is none */
    default List<Op> simpler() {
        return List.of();
    }

    // ---------------------------------------------------------------- the parts of steps

    /** The kinds of expected version a step can name; {@code OFF} is the current version plus a delta. */
    enum ExpectKind { ANY, NO_STREAM, STREAM_EXISTS, CURRENT, OFF }

    /**
     * An expected version, resolved against the stream's version when the step runs.
     *
     * @param kind the kind
     * @param delta for {@code OFF}: added to the current version (never 0), clamped at 0
     */
    record Expect(ExpectKind kind, int delta) {
        static final Expect ANY = new Expect(ExpectKind.ANY, 0);

        @Override
        public String toString() {
            return kind == ExpectKind.OFF ? "current" + (delta > 0 ? "+" : "") + delta : kind.name().toLowerCase();
        }
    }

    /**
     * An event to append.
     *
     * @param id its id
     * @param type its type
     * @param tags its tags
     * @param n the number its data carries
     */
    record EventSpec(UUID id, String type, Set<String> tags, int n) {
        /** @return the event as the store takes it */
        public EventData data() {
            return new EventData(id, type, "{\"n\":" + n + "}", "{}", tags);
        }

        @Override
        public String toString() {
            return type + (tags.isEmpty() ? "" : tags.toString()) + "#" + id.toString().substring(0, 8);
        }
    }

    /**
     * A query: items OR-ed, each types (any of) and tags (all of).
     *
     * @param items the items, each a pair of type and tag sets
     */
    record QuerySpec(List<List<Set<String>>> items) {
        /** @return the query as the store takes it */
        public Query query() {
            List<QueryItem> built = new ArrayList<>();
            for (List<Set<String>> item : items) {
                built.add(new QueryItem(item.get(0), item.get(1)));
            }
            return new Query(built);
        }

        @Override
        public String toString() {
            return query().toString();
        }
    }

    /** Where a log read starts: nothing read, the whole log read, or all but its last {@code back} events. */
    enum AfterKind { ZERO, HEAD, BACK }

    /**
     * A position, resolved when the step runs to the position of an event of the log.
     *
     * @param kind the kind
     * @param back for {@code BACK}: how many events before the head
     */
    record After(AfterKind kind, int back) {
        static final After ZERO = new After(AfterKind.ZERO, 0);

        /**
         * @param logSize how many events the log holds
         * @return how many of them lie at or before this position
         */
        int ordinal(int logSize) {
            return switch (kind) {
                case ZERO -> 0;
                case HEAD -> logSize;
                case BACK -> Math.max(0, logSize - back);
            };
        }

        @Override
        public String toString() {
            return switch (kind) {
                case ZERO -> "0";
                case HEAD -> "head";
                case BACK -> "head-" + back;
            };
        }
    }

    /** Which events a log read or subscription selects. */
    enum FilterKind { ALL, CATEGORY, STREAM, QUERY }

    /**
     * A filter.
     *
     * @param kind the kind
     * @param index for a category or stream: which one
     * @param query for {@code QUERY}: the query
     */
    record FilterSpec(FilterKind kind, int index, QuerySpec query) {
        static final FilterSpec ALL = new FilterSpec(FilterKind.ALL, 0, null);

        /** @return the filter as the store takes it */
        public EventFilter filter() {
            return switch (kind) {
                case ALL -> EventFilter.all();
                case CATEGORY -> EventFilter.category(CATEGORIES.get(index));
                case STREAM -> EventFilter.stream(STREAMS.get(index));
                case QUERY -> EventFilter.matching(query.query());
            };
        }

        @Override
        public String toString() {
            return filter().toString();
        }
    }

    /** How a re-sent append differs from the one that recorded its events. */
    enum ResendKind {
        /** Exactly the same call: a retry. */
        SAME,
        /** The same events with {@code any()}: a retry. */
        SAME_ANY,
        /** The first events only, with {@code any()}: still a retry of part of the append. */
        PREFIX_ANY,
        /** The same events to another stream: a reuse of ids. */
        OTHER_STREAM,
        /** The same events and one new one: a reuse of ids. */
        WITH_NEW,
        /** The same events in reverse order, if there are two or more: a reuse of ids. */
        REVERSED,
        /** The same events expecting one version later than the first time: a reuse of ids. */
        LATER_PLACE
    }

    // ---------------------------------------------------------------- the steps

    /**
     * An append.
     *
     * @param stream which of {@link #STREAMS}
     * @param expect the expected version
     * @param events the events, one or more
     */
    record Append(int stream, Expect expect, List<EventSpec> events) implements Op {
        @Override
        public List<Op> simpler() {
            List<Op> out = new ArrayList<>();
            if (events.size() > 1) {
                out.add(new Append(stream, expect, events.subList(0, 1)));
            }
            if (expect.kind() != ExpectKind.ANY) {
                out.add(new Append(stream, Expect.ANY, events));
            }
            if (stream != 0) {
                out.add(new Append(0, expect, events));
            }
            List<EventSpec> plain = plain(events);
            if (!plain.equals(events)) {
                out.add(new Append(stream, expect, plain));
            }
            return out;
        }

        @Override
        public String toString() {
            return "append " + STREAMS.get(stream) + " expecting " + expect + " " + events;
        }
    }

    /**
     * A conditional (DCB) append.
     *
     * @param stream which of {@link #STREAMS}
     * @param expect the expected version
     * @param events the events
     * @param query the condition's query
     * @param after the condition's position
     */
    record ConditionalAppend(int stream, Expect expect, List<EventSpec> events, QuerySpec query, After after)
            implements Op {
        @Override
        public List<Op> simpler() {
            List<Op> out = new ArrayList<>();
            out.add(new Append(stream, expect, events));
            if (events.size() > 1) {
                out.add(new ConditionalAppend(stream, expect, events.subList(0, 1), query, after));
            }
            if (expect.kind() != ExpectKind.ANY) {
                out.add(new ConditionalAppend(stream, Expect.ANY, events, query, after));
            }
            if (query.items().size() > 1) {
                out.add(new ConditionalAppend(stream, expect, events, new QuerySpec(query.items().subList(0, 1)),
                        after));
            }
            List<EventSpec> plain = plain(events);
            if (!plain.equals(events)) {
                out.add(new ConditionalAppend(stream, expect, plain, query, after));
            }
            return out;
        }

        @Override
        public String toString() {
            return "append " + STREAMS.get(stream) + " expecting " + expect + " " + events + " if none of ("
                    + query + ") after " + after;
        }
    }

    /**
     * Sends again an append that succeeded earlier.
     *
     * @param which which of the successful appends so far (modulo their number)
     * @param kind how the call differs
     * @param fresh the id of the new event, for {@link ResendKind#WITH_NEW}
     */
    record Resend(int which, ResendKind kind, UUID fresh) implements Op {
        @Override
        public List<Op> simpler() {
            return kind == ResendKind.SAME ? List.of() : List.of(new Resend(which, ResendKind.SAME, fresh));
        }

        @Override
        public String toString() {
            return "send again append #" + which + " (" + kind + ")";
        }
    }

    /**
     * A read of one stream.
     *
     * @param stream which of {@link #STREAMS}
     * @param from the version to start from; -1 for the default of the direction
     * @param max the most events; -1 for all
     * @param backward the direction
     */
    record ReadStream(int stream, int from, int max, boolean backward) implements Op {
        @Override
        public String toString() {
            return "read " + STREAMS.get(stream) + (backward ? " backward" : " forward") + " from "
                    + (from < 0 ? "the start" : from) + ", at most " + (max < 0 ? "all" : max);
        }
    }

    /**
     * A read of the log in position order.
     *
     * @param filter which events
     * @param after where to start
     * @param max the most events; -1 for all
     */
    record ReadLog(FilterSpec filter, After after, int max) implements Op {
        @Override
        public String toString() {
            return "read the log (" + filter + ") after " + after + ", at most " + (max < 0 ? "all" : max);
        }
    }

    /**
     * A read by event id.
     *
     * @param which which event of the log (modulo its size); -1 for an id never appended
     * @param unknown the id never appended
     */
    record ReadEvent(int which, UUID unknown) implements Op {
        @Override
        public String toString() {
            return which < 0 ? "read an unknown event id" : "read event #" + which + " by id";
        }
    }

    /** Checks every stream's version and the head position. */
    record Versions() implements Op {
        @Override
        public String toString() {
            return "check stream versions and the head";
        }
    }

    /**
     * Starts a subscription; it is checked when the history ends.
     *
     * @param filter which events
     * @param after where it starts
     * @param batches true to take events a batch at a time
     */
    record Subscribe(FilterSpec filter, After after, boolean batches) implements Op {
        @Override
        public String toString() {
            return "subscribe to " + filter + " after " + after + (batches ? " in batches" : "");
        }
    }

    /**
     * A transaction of appends, with a read of each stream it wrote before it ends.
     *
     * @param appends {@link Append} and {@link ConditionalAppend} steps
     * @param commit true to commit, false to roll back
     * @param explicit true for {@code beginTransaction()}, false for {@code inTransaction}
     */
    record Transaction(List<Op> appends, boolean commit, boolean explicit) implements Op {
        @Override
        public List<Op> simpler() {
            List<Op> out = new ArrayList<>();
            if (appends.size() > 1) {
                for (int i = 0; i < appends.size(); i++) {
                    List<Op> fewer = new ArrayList<>(appends);
                    fewer.remove(i);
                    out.add(new Transaction(fewer, commit, explicit));
                }
            }
            if (appends.size() == 1 && commit) {
                out.add(appends.get(0));
            }
            if (explicit) {
                out.add(new Transaction(appends, commit, false));
            }
            return out;
        }

        @Override
        public String toString() {
            return (explicit ? "begin transaction " : "in transaction ") + appends + (commit ? ", commit" : ", roll back");
        }
    }

    private static List<EventSpec> plain(List<EventSpec> events) {
        List<EventSpec> plain = new ArrayList<>();
        for (EventSpec event : events) {
            plain.add(new EventSpec(event.id(), TYPES.get(0), Set.of(), event.n()));
        }
        return plain;
    }
}
