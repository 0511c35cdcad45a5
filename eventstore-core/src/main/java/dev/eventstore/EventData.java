package dev.eventstore;

import dev.eventstore.internal.Args;
import dev.eventstore.internal.Json;
import dev.eventstore.internal.Uuids;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * An event to append: what the caller decides, before the store gives it a stream, a version and a
 * position.
 *
 * <p>Every component is checked when the value is built, so an {@code EventData} that exists is one
 * every store accepts:
 * <ul>
 *   <li>{@code id}: not null. The caller chooses it so that a retried append can be recognised;
 *       see the idempotency rule on {@link EventWriter#append}.</li>
 *   <li>{@code type}: 1 to {@value #MAX_TYPE_LENGTH} characters, not blank, no control characters,
 *       no unpaired surrogate (half of a character beyond U+FFFF; a whole one, such as an emoji, is
 *       fine).</li>
 *   <li>{@code data}: exactly one JSON value (usually an object).</li>
 *   <li>{@code metadata}: exactly one JSON object, {@code {}} when there is none. Correlation and
 *       causation ids go here.</li>
 *   <li>In both, nothing that one store would refuse or change: no member name twice in one
 *       object (compared after escapes are decoded, so <code>{"a":1,"&#92;u0061":2}</code> is refused),
 *       no <code>&#92;u0000</code>, no unpaired surrogate, escaped or not, no number of more than 900
 *       digits once written out without its exponent, and no more than 512 arrays and objects
 *       nested in one another.</li>
 *   <li>{@code tags}: at most {@value #MAX_TAGS} strings such as {@code account:42}, each 1 to
 *       {@value #MAX_TAG_LENGTH} characters, not blank, no control characters, no unpaired
 *       surrogate. They are what {@link Query queries} and {@link AppendCondition append conditions}
 *       select on. The set is kept sorted.</li>
 * </ul>
 * Stores keep {@code data} and {@code metadata} as JSON, not as text: a store may hand them back with
 * other white space or key order, but always as the same JSON value.
 *
 * @param id the event's unique id
 * @param type the event's type name, for example {@code MoneyDeposited}
 * @param data the event's payload, as JSON text
 * @param metadata data about the event, as a JSON object
 * @param tags the tags that queries and append conditions select this event by
 */
public record EventData(UUID id, String type, String data, String metadata, Set<String> tags) {

    /** The longest event type name, in characters. */
    public static final int MAX_TYPE_LENGTH = 200;
    /** The longest tag, in characters. */
    public static final int MAX_TAG_LENGTH = 200;
    /** The most tags one event may carry. */
    public static final int MAX_TAGS = 64;

    private static final String EMPTY_OBJECT = "{}";
    /**
     * The event a wither is copying, while it copies: the components it passes on unchanged (the
     * same objects) were checked when that event was built and are not checked again. Checking the
     * JSON is most of the cost of building an event.
     */
    private static final ThreadLocal<EventData> COPYING = new ThreadLocal<>();

    /**
     * Checks every component; see the class description for the rules.
     *
     * @param id the event's unique id
     * @param type the event's type name
     * @param data the event's payload, as JSON text
     * @param metadata data about the event, as a JSON object; {@code {}} when there is none
     * @param tags the tags that queries and append conditions select this event by
     * @throws IllegalArgumentException naming the component and the bad value
     */
    public EventData {
        Args.notNull("id", id);
        EventData copied = COPYING.get();
        if (copied == null || copied.type != type) {
            Args.name("type", type, MAX_TYPE_LENGTH);
        }
        if (copied == null || copied.data != data) {
            Json.value("data", data);
        }
        if (copied == null || copied.metadata != metadata) {
            Json.object("metadata", metadata);
        }
        tags = copied != null && copied.tags == tags ? tags : copyTags(tags);
    }

    /**
     * An event with a new time-ordered id, no metadata and no tags.
     *
     * @param type the event's type name
     * @param data the event's payload as JSON text
     * @return the event
     * @throws IllegalArgumentException if {@code type} or {@code data} is invalid
     */
    public static EventData of(String type, String data) {
        return new EventData(Uuids.v7(), type, data, EMPTY_OBJECT, Set.of());
    }

    /**
     * @param id the id to use instead of this event's
     * @return a copy of this event with {@code id}
     * @throws IllegalArgumentException if {@code id} is null
     */
    public EventData withId(UUID id) {
        return copy(id, metadata, tags);
    }

    /**
     * @param metadata a JSON object
     * @return a copy of this event with {@code metadata}
     * @throws IllegalArgumentException if {@code metadata} is not one JSON object
     */
    public EventData withMetadata(String metadata) {
        return copy(id, metadata, tags);
    }

    /**
     * @param tags the tags to carry instead of this event's
     * @return a copy of this event with {@code tags}
     * @throws IllegalArgumentException if a tag is invalid or there are too many
     */
    public EventData withTags(String... tags) {
        Args.notNull("tags", tags);
        return copy(id, metadata, new LinkedHashSet<>(Args.noNulls("tags", Arrays.asList(tags))));
    }

    /**
     * @param tags the tags to carry instead of this event's
     * @return a copy of this event with {@code tags}
     * @throws IllegalArgumentException if a tag is invalid or there are too many
     */
    public EventData withTags(Collection<String> tags) {
        return copy(id, metadata, Set.copyOf(Args.noNulls("tags", tags)));
    }

    /** This event with other components; those it keeps are not checked again. */
    private EventData copy(UUID newId, String newMetadata, Set<String> newTags) {
        COPYING.set(this);
        try {
            return new EventData(newId, type, data, newMetadata, newTags);
        } finally {
            COPYING.remove();
        }
    }

    static Set<String> copyTags(Collection<String> tags) {
        Args.notNull("tags", tags);
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException("an event may carry at most " + MAX_TAGS + " tags, found "
                    + tags.size());
        }
        return Args.sortedNames("tag", tags, MAX_TAG_LENGTH);
    }
}
