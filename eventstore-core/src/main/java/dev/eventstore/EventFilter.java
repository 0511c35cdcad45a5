package dev.eventstore;

import dev.eventstore.internal.Args;

/**
 * Which events of the global log a position-ordered read or a subscription delivers: all of them,
 * those of one category, those of one stream, or those matching a {@link Query}.
 *
 * <pre>{@code
 * EventFilter.all()
 * EventFilter.category("account")
 * EventFilter.stream("account-42")
 * EventFilter.matching(Query.of(QueryItem.tags("account:42")))
 * }</pre>
 */
public sealed interface EventFilter {

    /** @return the filter that lets every event through */
    static EventFilter all() {
        return All.INSTANCE;
    }

    /**
     * @param category a category, for example {@code account}
     * @return a filter for the events of every stream in {@code category}
     * @throws IllegalArgumentException if {@code category} is not a valid category
     * @see StreamIds#category(String)
     */
    static EventFilter category(String category) {
        return new OfCategory(category);
    }

    /**
     * @param streamId a stream id
     * @return a filter for the events of one stream
     * @throws IllegalArgumentException if {@code streamId} is not a valid stream id
     */
    static EventFilter stream(String streamId) {
        return new OfStream(streamId);
    }

    /**
     * @param query a query
     * @return a filter for the events matching {@code query}
     * @throws IllegalArgumentException if {@code query} is null
     */
    static EventFilter matching(Query query) {
        return new Matching(query);
    }

    /**
     * @param event an event
     * @return true if this filter lets {@code event} through
     */
    boolean test(RecordedEvent event);

    /** Every event. */
    enum All implements EventFilter {
        /** The only instance. */
        INSTANCE;

        @Override
        public boolean test(RecordedEvent event) {
            return true;
        }

        @Override
        public String toString() {
            return "all events";
        }
    }

    /**
     * The events of one category.
     *
     * @param category the category
     */
    record OfCategory(String category) implements EventFilter {
        /**
         * @param category the category
         * @throws IllegalArgumentException if {@code category} is not a valid category
         */
        public OfCategory {
            StreamIds.validateCategory(category);
        }

        @Override
        public boolean test(RecordedEvent event) {
            return event.category().equals(category);
        }

        @Override
        public String toString() {
            return "category " + category;
        }
    }

    /**
     * The events of one stream.
     *
     * @param streamId the stream id
     */
    record OfStream(String streamId) implements EventFilter {
        /**
         * @param streamId the stream id
         * @throws IllegalArgumentException if {@code streamId} is not a valid stream id
         */
        public OfStream {
            StreamIds.validate(streamId);
        }

        @Override
        public boolean test(RecordedEvent event) {
            return event.streamId().equals(streamId);
        }

        @Override
        public String toString() {
            return "stream " + streamId;
        }
    }

    /**
     * The events matching a query.
     *
     * @param query the query
     */
    record Matching(Query query) implements EventFilter {
        /**
         * @param query the query
         * @throws IllegalArgumentException if {@code query} is null
         */
        public Matching {
            Args.notNull("query", query);
        }

        @Override
        public boolean test(RecordedEvent event) {
            return query.matches(event);
        }

        @Override
        public String toString() {
            return "events matching " + query;
        }
    }
}
