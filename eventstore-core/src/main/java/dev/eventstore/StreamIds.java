package dev.eventstore;

import dev.eventstore.internal.Args;

/**
 * Rules for stream ids and their categories.
 *
 * <p>A stream id is any string of 1 to {@value #MAX_LENGTH} characters that is not blank and holds
 * no control character and no unpaired surrogate (half of a character beyond U+FFFF, which the
 * database drivers would write as {@code ?}), for example {@code account-42}. Its <em>category</em>
 * is the part before the first {@code '-'}: {@code account-42} and {@code account-7-savings} are both
 * in category {@code account}; an id without {@code '-'} is its own category. Stream ids are data,
 * never SQL: any id that passes these rules is stored as given.
 */
public final class StreamIds {

    /** The longest stream id, in characters. */
    public static final int MAX_LENGTH = 200;

    private StreamIds() {
    }

    /**
     * Checks a stream id.
     *
     * @param streamId the id to check
     * @return {@code streamId}, unchanged
     * @throws IllegalArgumentException naming the value if it is null, blank, longer than
     *     {@value #MAX_LENGTH} characters, or holds a control character or an unpaired surrogate
     */
    public static String validate(String streamId) {
        return Args.name("streamId", streamId, MAX_LENGTH);
    }

    /**
     * The category of a stream id: the part before the first {@code '-'}, or the whole id when it has
     * none.
     *
     * @param streamId a valid stream id
     * @return its category, for example {@code account} for {@code account-42}; empty when the id
     *     starts with {@code '-'}
     * @throws IllegalArgumentException if {@code streamId} is not a valid stream id
     */
    public static String category(String streamId) {
        validate(streamId);
        int dash = streamId.indexOf('-');
        return dash < 0 ? streamId : streamId.substring(0, dash);
    }

    /**
     * Checks a category name: the same rules as a stream id, and no {@code '-'}.
     *
     * @param category the category to check
     * @return {@code category}, unchanged
     * @throws IllegalArgumentException naming the value if it is not a valid category
     */
    public static String validateCategory(String category) {
        Args.name("category", category, MAX_LENGTH);
        if (category.indexOf('-') >= 0) {
            throw new IllegalArgumentException("category must not contain '-', was: " + Args.quote(category));
        }
        return category;
    }
}
