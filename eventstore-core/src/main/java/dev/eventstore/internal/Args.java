package dev.eventstore.internal;

import java.util.Collection;

/**
 * Argument checks whose messages name the parameter and the bad value, so that a user reading
 * the exception knows what to fix without a debugger.
 */
public final class Args {

    /** Longest value quoted in full in an error message; longer ones are cut. */
    private static final int QUOTE_LIMIT = 80;

    private Args() {
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException naming {@code name} if {@code value} is null
     */
    public static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /**
     * Checks a name-like string: not null, not blank, at most {@code maxLength} characters (UTF-16
     * units, as {@link String#length()} counts them), no control characters, and no unpaired
     * surrogate. A surrogate pair (a character beyond U+FFFF, such as an emoji) is fine; half of one
     * is no Unicode text, and the PostgreSQL and SQLite drivers write it as {@code ?}, so two names
     * that differ only there would become one.
     *
     * @return {@code value}
     * @throws IllegalArgumentException naming {@code name} and the value
     */
    public static String name(String name, String value, int maxLength) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank, was: " + quote(value));
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(name + " must be at most " + maxLength + " characters, was "
                    + value.length() + " characters: " + quote(value));
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(name + " must not contain control characters, was: "
                        + quote(value));
            }
            if (Character.isSurrogate(c)) {
                if (!pairStartsAt(value, i)) {
                    throw new IllegalArgumentException(name + " must not contain an unpaired surrogate, found "
                            + escape(c) + " at index " + i + ": " + quote(value));
                }
                i++;
            }
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException naming {@code name} if {@code value} is below {@code min}
     */
    public static long atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was: " + value);
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException naming {@code name} if {@code value} is null, empty, or holds
     *     a null element
     */
    public static <C extends Collection<?>> C notEmpty(String name, C value) {
        notNull(name, value);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return noNulls(name, value);
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException naming {@code name} if {@code value} is null or holds a null
     *     element
     */
    public static <C extends Collection<?>> C noNulls(String name, C value) {
        notNull(name, value);
        int index = 0;
        for (Object element : value) {
            if (element == null) {
                throw new IllegalArgumentException(name + " must not contain null, found one at index " + index);
            }
            index++;
        }
        return value;
    }

    /**
     * Quotes a value for an error message: control characters and unpaired surrogates escaped (as
     * <code>&#92;u0007</code>, <code>&#92;ud800</code>), long values cut, never inside a surrogate pair.
     *
     * @param value any string, or null
     * @return the value in single quotes, or {@code null}
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), QUOTE_LIMIT) + 16).append('\'');
        int shown = Math.min(value.length(), QUOTE_LIMIT);
        if (shown < value.length() && pairStartsAt(value, shown - 1)) {
            shown--;
        }
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(escape(c));
            } else if (Character.isSurrogate(c)) {
                // A lone surrogate printed as it is becomes '?' in a log, hiding what was wrong.
                if (pairStartsAt(value, i)) {
                    out.append(c).append(value.charAt(++i));
                } else {
                    out.append(escape(c));
                }
            } else {
                out.append(c);
            }
        }
        if (shown < value.length()) {
            out.append("...");
        }
        return out.append('\'').toString();
    }

    /** @return whether {@code value} holds a high surrogate at {@code index} and a low one after it */
    private static boolean pairStartsAt(String value, int index) {
        return Character.isHighSurrogate(value.charAt(index)) && index + 1 < value.length()
                && Character.isLowSurrogate(value.charAt(index + 1));
    }

    /** @return {@code c} as a Java escape such as <code>&#92;ud800</code> */
    static String escape(char c) {
        return String.format("\\u%04x", (int) c);
    }

    /**
     * Checks names with {@link #name} and copies them into a sorted, unmodifiable set.
     *
     * @param what what one name is, for messages ({@code "tag"}); the collection is called its plural
     * @param names the names
     * @param maxLength the longest name allowed
     * @return the names, sorted; {@code Set.of()} when there are none
     * @throws IllegalArgumentException naming the bad name, if the collection or a name is invalid
     */
    public static java.util.Set<String> sortedNames(String what, Collection<String> names, int maxLength) {
        noNulls(what + "s", names);
        if (names.isEmpty()) {
            return java.util.Set.of();
        }
        java.util.TreeSet<String> sorted = new java.util.TreeSet<>();
        for (String name : names) {
            sorted.add(name(what, name, maxLength));
        }
        return java.util.Collections.unmodifiableSortedSet(sorted);
    }
}
