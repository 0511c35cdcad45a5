package dev.eventstore.examples.bank;

import java.util.List;
import java.util.regex.Pattern;

/** Argument checks shared by the records of this package; each message names the bad value. */
final class Checks {

    private static final Pattern ACCOUNT_NUMBER = Pattern.compile("\\d(?:[\\d-]{0,38}\\d)?");
    private static final int MAX_TEXT = 200;

    private Checks() {
    }

    static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /** Text that must be present: stripped, 1 to 200 characters, no control characters. */
    static String text(String name, String value) {
        notNull(name, value);
        String stripped = value.strip();
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return optionalText(name, stripped);
    }

    /** Text that may be empty (never null): stripped, at most 200 characters, no control characters. */
    static String optionalText(String name, String value) {
        String stripped = value == null ? "" : value.strip();
        if (stripped.length() > MAX_TEXT) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_TEXT + " characters, was "
                    + stripped.length() + ": '" + stripped.substring(0, 40) + "...'");
        }
        for (int i = 0; i < stripped.length(); i++) {
            if (Character.isISOControl(stripped.charAt(i))) {
                throw new IllegalArgumentException(name + " must not hold control characters, was: '"
                        + stripped.replaceAll("\\p{Cntrl}", "?") + "'");
            }
        }
        return stripped;
    }

    static String accountNumber(String value) {
        notNull("account number", value);
        if (!ACCOUNT_NUMBER.matcher(value).matches()) {
            throw new IllegalArgumentException("account number must be digits and dashes, such as 00005-123-456-7,"
                    + " was: '" + value + "'");
        }
        return value;
    }

    static List<String> lines(String name, List<String> values) {
        notNull(name, values);
        return values.stream().map(line -> text(name + " line", line)).toList();
    }
}
