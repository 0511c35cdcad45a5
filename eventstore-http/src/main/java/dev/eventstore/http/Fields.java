package dev.eventstore.http;

import java.util.regex.Pattern;

/**
 * Checks of the fields of a command, for the application code that takes it (a use case, a command
 * record's constructor). Each refuses a bad value with an {@link InvalidFieldException} that names the
 * field and the value, which {@link CommandEndpoint} answers with a 400 problem whose member
 * {@code field} names the field.
 *
 * <pre>{@code
 * String orderId = Fields.id("orderId", command.orderId(), 60);        // goes into paths and stream ids
 * String address = Fields.text("address", command.address(), 200);
 * // orderId must be 1 to 60 letters, digits, '-', '_' or '.', was: 'o 1'
 * }</pre>
 */
public final class Fields {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");

    private Fields() {
    }

    /**
     * Checks an identifier that may go anywhere a service puts one without escaping: a URL's path
     * segment, a stream id, a tag.
     *
     * @param field the field, as {@link InvalidFieldException#field()} names it ({@code orderId},
     *     {@code lines/0/sku})
     * @param value the value
     * @param maxLength the most characters it may have, from 1
     * @return the value
     * @throws InvalidFieldException if the value is null, empty, longer than {@code maxLength}, or holds
     *     anything but ASCII letters, digits, {@code -}, {@code _} and {@code .}
     * @throws IllegalArgumentException if {@code field} is null or {@code maxLength} below 1
     */
    public static String id(String field, String value, int maxLength) {
        checkRule(field, maxLength);
        if (value == null || value.length() > maxLength || !ID.matcher(value).matches()) {
            throw new InvalidFieldException(field, field + " must be 1 to " + maxLength
                    + " letters, digits, '-', '_' or '.', was: " + quote(value));
        }
        return value;
    }

    /**
     * Checks a text such as a name or an address.
     *
     * @param field the field, as {@link InvalidFieldException#field()} names it
     * @param value the value
     * @param maxLength the most characters it may have, from 1
     * @return the value, as given
     * @throws InvalidFieldException if the value is null, blank or longer than {@code maxLength}
     * @throws IllegalArgumentException if {@code field} is null or {@code maxLength} below 1
     */
    public static String text(String field, String value, int maxLength) {
        checkRule(field, maxLength);
        if (value == null || value.isBlank() || value.length() > maxLength) {
            throw new InvalidFieldException(field, field + " must be 1 to " + maxLength + " characters, was: "
                    + quote(value));
        }
        return value;
    }

    private static void checkRule(String field, int maxLength) {
        Args.notNull("field", field);
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1, was: " + maxLength);
        }
    }

    private static String quote(String value) {
        if (value == null) {
            return "null";
        }
        return "'" + (value.length() > 100 ? value.substring(0, 100) + "..." : value) + "'";
    }
}
