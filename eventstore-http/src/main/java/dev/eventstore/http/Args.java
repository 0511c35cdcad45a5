package dev.eventstore.http;

/** Argument checks whose messages name the argument and its value. */
final class Args {

    private Args() {
    }

    static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /** A name: 1 to {@code maxLength} characters, not blank, no control characters. */
    static String name(String name, String value, int maxLength) {
        notNull(name, value);
        if (value.isBlank() || value.length() > maxLength || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(name + " must be 1 to " + maxLength
                    + " characters, not blank, without control characters, was: \"" + value + "\"");
        }
        return value;
    }
}
