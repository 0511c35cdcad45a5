package dev.eventstore.examples.shop.launcher;

import java.time.Duration;
import java.util.Map;

/**
 * A service's settings as its command line gives them ({@code --set key=value}), read with their
 * defaults; a bad value is refused naming the setting and the value. The names and defaults of every
 * service's settings are in {@link Shop#start}.
 */
final class Settings {

    private final Map<String, String> values;

    /** @param values the settings given, by name */
    Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * @param key a setting given in milliseconds, such as {@code payment-timeout-ms}
     * @param defaultMillis its value when not given
     * @return its value
     * @throws IllegalArgumentException if it is not a whole number of milliseconds, 0 or more
     */
    Duration millis(String key, long defaultMillis) {
        return Duration.ofMillis(wholeNumber(key, defaultMillis, "a number of milliseconds"));
    }

    /**
     * @param key a setting that is a count or a version, such as {@code order-placed-version}
     * @param defaultValue its value when not given
     * @return its value
     * @throws IllegalArgumentException if it is not a whole number, 0 or more, that fits an int
     */
    int number(String key, int defaultValue) {
        long value = wholeNumber(key, defaultValue, "a whole number");
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("setting " + key + " is too large, was: '" + values.get(key) + "'");
        }
        return (int) value;
    }

    /**
     * @param key a setting that is text, such as {@code undeliverable}
     * @param defaultValue its value when not given
     * @return its value
     */
    String text(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    private long wholeNumber(String key, long defaultValue, String what) {
        String value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            long number = Long.parseLong(value.trim());
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("setting " + key + " must be " + what + ", 0 or more, was: '" + value + "'");
    }
}
