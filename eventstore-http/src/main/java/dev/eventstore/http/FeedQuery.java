package dev.eventstore.http;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a feed request, checked.
 *
 * @param after serve entries above this position
 * @param limit serve at most this many
 * @param waitFor how long to wait for an entry, already bounded by the publisher's maximum
 * @param accept the version the consumer reads, per type
 */
record FeedQuery(long after, int limit, Duration waitFor, Map<String, Integer> accept) {

    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    static FeedQuery parse(Map<String, List<String>> parameters, int maxLimit, Duration maxWait) {
        long after = 0;
        String afterText = single(parameters, "after");
        if (afterText != null) {
            after = wholeNumber("after", afterText, Long.MAX_VALUE, "a position (a whole number from 0)");
        }
        int limit = Math.min(FeedPublisher.DEFAULT_LIMIT, maxLimit);
        String limitText = single(parameters, "limit");
        if (limitText != null) {
            limit = (int) wholeNumber("limit", limitText, maxLimit, "a whole number from 0 to " + maxLimit);
        }
        Duration wait = Duration.ZERO;
        String waitText = single(parameters, "wait");
        if (waitText != null) {
            wait = seconds(waitText, maxWait);
        }
        Map<String, Integer> accept = new LinkedHashMap<>();
        for (String list : parameters.getOrDefault("accept", List.of())) {
            for (String item : list.split(",", -1)) {
                acceptItem(item.trim(), accept);
            }
        }
        return new FeedQuery(after, limit, wait, Map.copyOf(accept));
    }

    private static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidParameterException(name, name + " must be given once, was given " + values.size()
                    + " times: " + values);
        }
        return values.get(0);
    }

    private static long wholeNumber(String name, String text, long max, String what) {
        if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidParameterException(name, name + " must be " + what + ", was: \"" + text + "\"");
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(name, name + " must be " + what + ", was: \"" + text + "\"");
        }
        if (value > max) {
            throw new InvalidParameterException(name, name + " must be " + what + ", was: " + value);
        }
        return value;
    }

    private static Duration seconds(String text, Duration max) {
        BigDecimal seconds;
        try {
            seconds = text.length() > 20 ? null : new BigDecimal(text);
        } catch (NumberFormatException e) {
            seconds = null;
        }
        if (seconds == null || seconds.signum() < 0 || !text.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            throw new InvalidParameterException("wait", "wait must be a number of seconds from 0, was: \"" + text + "\"");
        }
        BigDecimal maxSeconds = new BigDecimal(max.toNanos()).divide(NANOS_PER_SECOND);
        if (seconds.compareTo(maxSeconds) >= 0) {
            return max;
        }
        return Duration.ofNanos(seconds.multiply(NANOS_PER_SECOND).longValue());
    }

    private static void acceptItem(String item, Map<String, Integer> accept) {
        int colon = item.lastIndexOf(':');
        String type = colon < 0 ? "" : item.substring(0, colon);
        String versionText = colon < 0 ? "" : item.substring(colon + 1);
        if (type.isBlank() || versionText.isEmpty() || versionText.length() > 9
                || !versionText.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(versionText) < 1) {
            throw new InvalidParameterException("accept", "accept must list Type:version items (a version from 1), "
                    + "separated by commas, was: \"" + item + "\"");
        }
        int version = Integer.parseInt(versionText);
        Integer earlier = accept.putIfAbsent(type, version);
        if (earlier != null && earlier != version) {
            throw new InvalidParameterException("accept", "accept names type '" + type + "' twice, with versions "
                    + earlier + " and " + version);
        }
    }
}
