package dev.eventstore;

import dev.eventstore.internal.Args;
import java.util.Arrays;
import java.util.Set;

/**
 * One item of a {@link Query}: an event matches it when its type is <em>any of</em> {@code types}
 * and it carries <em>all of</em> {@code tags}. An empty {@code types} accepts every type; an empty
 * {@code tags} asks for no tag. An item with neither matches every event.
 *
 * <pre>{@code
 * QueryItem.types("UsernameClaimed", "UsernameReleased").withTags("username:alice")
 * QueryItem.tags("course:c1", "student:s7")
 * }</pre>
 *
 * @param types the accepted event types; empty for any type
 * @param tags the tags a matching event must all carry
 */
public record QueryItem(Set<String> types, Set<String> tags) {

    private static final QueryItem ALL = new QueryItem(Set.of(), Set.of());

    /**
     * Checks and copies both sets (sorted).
     *
     * @param types the accepted event types; empty for any type
     * @param tags the tags a matching event must all carry
     * @throws IllegalArgumentException if a set is null, or a type or tag is invalid
     */
    public QueryItem {
        types = Args.sortedNames("type", types, EventData.MAX_TYPE_LENGTH);
        tags = Args.sortedNames("tag", tags, EventData.MAX_TAG_LENGTH);
    }

    /**
     * @param types the accepted event types
     * @return an item that matches events of any of {@code types}, whatever their tags
     * @throws IllegalArgumentException if a type is invalid
     */
    public static QueryItem types(String... types) {
        Args.notNull("types", types);
        return new QueryItem(Set.copyOf(Args.noNulls("types", Arrays.asList(types))), Set.of());
    }

    /**
     * @param tags the tags a matching event must all carry
     * @return an item that matches events of any type carrying all of {@code tags}
     * @throws IllegalArgumentException if a tag is invalid
     */
    public static QueryItem tags(String... tags) {
        Args.notNull("tags", tags);
        return new QueryItem(Set.of(), Set.copyOf(Args.noNulls("tags", Arrays.asList(tags))));
    }

    /** @return the item that matches every event */
    public static QueryItem all() {
        return ALL;
    }

    /**
     * @param tags the tags a matching event must all carry, replacing this item's
     * @return a copy of this item with {@code tags}
     * @throws IllegalArgumentException if a tag is invalid
     */
    public QueryItem withTags(String... tags) {
        Args.notNull("tags", tags);
        return new QueryItem(types, Set.copyOf(Args.noNulls("tags", Arrays.asList(tags))));
    }

    /**
     * @param type an event type
     * @param eventTags the event's tags
     * @return true if an event with this type and these tags matches this item
     */
    public boolean matches(String type, Set<String> eventTags) {
        return (types.isEmpty() || types.contains(type)) && eventTags.containsAll(tags);
    }

    /** @return true if this item matches every event */
    public boolean matchesAll() {
        return types.isEmpty() && tags.isEmpty();
    }

    /** @return for example {@code types [A, B] with tags [t1]} */
    @Override
    public String toString() {
        if (matchesAll()) {
            return "any event";
        }
        StringBuilder out = new StringBuilder();
        out.append(types.isEmpty() ? "any type" : "types " + types);
        if (!tags.isEmpty()) {
            out.append(" with tags ").append(tags);
        }
        return out.toString();
    }
}
