package dev.eventstore;

import dev.eventstore.internal.Args;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A selection of events across streams: an event matches the query when it matches <em>any</em> of
 * its {@link QueryItem items}. Queries see every event of the log, whatever its stream.
 *
 * <pre>{@code
 * // every claim or release of the username alice
 * Query q = Query.of(QueryItem.types("UsernameClaimed", "UsernameReleased").withTags("username:alice"));
 * }</pre>
 *
 * <h2>Every event, and no item</h2>
 * The query that matches every event is {@link #all()}: one item with neither types nor tags, since an
 * item constrains an event only by what it names. A query of <em>no</em> items is refused
 * ({@code Query.of()} throws), although the DCB specification lets "no items" stand for "match all":
 * items are OR-ed, so no item at all would read as "match nothing", and a query built from a list that
 * happens to be empty (the tags of a decision, say) would otherwise widen silently to the whole log. A
 * condition on the whole log is the most expensive there is (on PostgreSQL it waits for every open
 * transaction of the store); asking for it takes the explicit {@code Query.all()}.
 *
 * @param items the items, OR-ed; never empty
 */
public record Query(List<QueryItem> items) {

    private static final Query ALL = new Query(List.of(QueryItem.all()));

    /**
     * @param items the items, OR-ed
     * @throws IllegalArgumentException if {@code items} is null, empty (the message points to
     *     {@link #all()}), or holds null
     */
    public Query {
        Args.notNull("items", items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("items must not be empty: a query of no items is refused rather than "
                    + "read as \"match nothing\" or \"match all\"; use Query.all() to match every event");
        }
        items = List.copyOf(Args.noNulls("items", items));
    }

    /**
     * @param items the items, at least one
     * @return a query matching events that match any item
     * @throws IllegalArgumentException if there is no item (use {@link #all()} to match every event) or
     *     an item is null
     */
    public static Query of(QueryItem... items) {
        Args.notNull("items", items);
        return new Query(Arrays.asList(items));
    }

    /** @return the query that matches every event */
    public static Query all() {
        return ALL;
    }

    /**
     * @param type an event type
     * @param tags the event's tags
     * @return true if an event with this type and these tags matches any item
     */
    public boolean matches(String type, Set<String> tags) {
        for (QueryItem item : items) {
            if (item.matches(type, tags)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param event an event
     * @return true if the event matches any item
     */
    public boolean matches(RecordedEvent event) {
        return matches(event.type(), event.tags());
    }

    /** @return true if some item matches every event */
    public boolean matchesAll() {
        for (QueryItem item : items) {
            if (item.matchesAll()) {
                return true;
            }
        }
        return false;
    }

    /** @return the items joined by {@code OR} */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (QueryItem item : items) {
            if (out.length() > 0) {
                out.append(" OR ");
            }
            out.append('(').append(item).append(')');
        }
        return out.toString();
    }
}
