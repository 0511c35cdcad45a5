package dev.eventstore.internal;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Checks that payloads are JSON (RFC 8259) that every store can keep, before any store sees them.
 *
 * <p>Jackson's streaming parser reads the text token by token and nothing is built from it. Beyond
 * the grammar, the check refuses what one of the stores would reject or silently change, so that an
 * event one store accepts is one every store accepts and gives back as the same value:
 * <ul>
 *   <li>a member name given twice in one object, compared after escapes are decoded
 *       (<code>{"a":1,"&#92;u0061":2}</code> too): PostgreSQL's {@code jsonb} keeps only the last;</li>
 *   <li>the escape <code>&#92;u0000</code>: {@code jsonb} cannot hold it;</li>
 *   <li>a lone surrogate, escaped or not: it is no Unicode text, and the drivers write it as {@code ?};</li>
 *   <li>a number of more than {@value #MAX_NUMBER_DIGITS} digits once written out without an exponent:
 *       {@code jsonb} writes numbers out that way, longer than Jackson then reads back;</li>
 *   <li>nesting deeper than {@value #MAX_DEPTH} arrays and objects, so that no reader of the event
 *       exhausts its stack.</li>
 * </ul>
 */
public final class Json {

    /** The most arrays and objects that may be nested in one another. */
    public static final int MAX_DEPTH = 512;
    /**
     * The most digits a number may have once written out without an exponent (its digits plus the
     * size of its exponent): far beyond any measured quantity. PostgreSQL's {@code jsonb} writes
     * numbers out that way, and Jackson's parsers refuse numbers longer than 1,000 characters.
     */
    public static final int MAX_NUMBER_DIGITS = 900;

    /** Longest piece of the payload that Jackson quotes in a message; the whole value follows anyway. */
    private static final int ERROR_TOKEN_LENGTH = 40;

    /**
     * Thread-safe; it hands each parser recycled buffers and the field names it has seen before, so
     * that a check allocates little beyond the parser itself.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Field names come from callers: interning them all would fill the JVM's string table.
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    // Counts the digits as written, exponent included: the exact rule is checked below.
                    .maxNumberLength(MAX_NUMBER_DIGITS)
                    // No limit of our own on text: Jackson's defaults (20 million characters in a
                    // string, 50,000 in a name) would refuse payloads the stores keep.
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .build())
            .errorReportConfiguration(ErrorReportConfiguration.builder()
                    .maxErrorTokenLength(ERROR_TOKEN_LENGTH)
                    .build())
            .build();

    private Json() {
    }

    /**
     * Checks that {@code value} holds exactly one JSON value (object, array, string, number,
     * boolean or null), surrounded by nothing but white space, that every store can keep (see the
     * class description).
     *
     * @return {@code value}
     * @throws IllegalArgumentException naming {@code name}, what is wrong and where, and the value
     */
    public static String value(String name, String value) {
        check(name, value, false);
        return value;
    }

    /**
     * Checks that {@code value} holds exactly one JSON object, surrounded by nothing but white space,
     * that every store can keep (see the class description).
     *
     * @return {@code value}
     * @throws IllegalArgumentException naming {@code name}, what is wrong and where, and the value
     */
    public static String object(String name, String value) {
        check(name, value, true);
        return value;
    }

    private static void check(String name, String text, boolean objectOnly) {
        Args.notNull(name, text);
        try (JsonParser parser = FACTORY.createParser(text)) {
            try {
                scan(parser, name, text, objectOnly);
            } catch (JsonProcessingException e) {
                throw failure(parser, name, text, e);
            }
        } catch (IOException e) {
            // Reading a String cannot fail, and closing a parser over one neither.
            throw new UncheckedIOException(e);
        }
    }

    private static void scan(JsonParser parser, String name, String text, boolean objectOnly) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw new IllegalArgumentException(name + " must be JSON, was empty: " + Args.quote(text));
        }
        if (objectOnly && token != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException(name + " must be a JSON object, was: " + Args.quote(text));
        }
        int depth = 0;
        boolean pairs = false;
        while (true) {
            switch (parser.currentTokenId()) {
                case JsonTokenId.ID_START_OBJECT, JsonTokenId.ID_START_ARRAY -> depth++;
                case JsonTokenId.ID_END_OBJECT, JsonTokenId.ID_END_ARRAY -> depth--;
                // The parser's own buffers, often the input itself: no String is made for a value.
                case JsonTokenId.ID_FIELD_NAME -> pairs |= checkText(parser, name, text, "member name");
                case JsonTokenId.ID_STRING -> pairs |= checkText(parser, name, text, "string");
                case JsonTokenId.ID_NUMBER_INT, JsonTokenId.ID_NUMBER_FLOAT -> checkNumber(parser, name, text);
                default -> {
                    // true, false and null need nothing.
                }
            }
            if (depth == 0) {
                break;
            }
            // Inside an array or object the parser either returns the next token or throws.
            parser.nextToken();
        }
        // Jackson reads a sequence of root values separated by white space; only one is allowed.
        if (parser.nextToken() != null) {
            long offset = parser.currentTokenLocation().getCharOffset();
            throw fail(name, text, "unexpected " + describe(text.charAt((int) offset)) + " after the JSON value",
                    offset);
        }
        if (pairs) {
            checkRawPairs(name, text);
        }
    }

    /**
     * Refuses NUL and lone surrogates in the decoded text of a string or member name.
     *
     * @return whether the text holds a surrogate pair, which may have been written half escaped
     */
    private static boolean checkText(JsonParser parser, String name, String text, String where)
            throws IOException {
        char[] chars = parser.getTextCharacters();
        int end = parser.getTextOffset() + parser.getTextLength();
        boolean pairs = false;
        for (int i = parser.getTextOffset(); i < end; i++) {
            char c = chars[i];
            if (c == 0 || Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
                    pairs = true;
                    i++;
                } else {
                    throw unfit(parser, name, text, c, where);
                }
            }
        }
        return pairs;
    }

    /**
     * A pair whose one half is escaped and the other not (<code>"&#92;ud83d</code> followed by a raw
     * U+DE00) decodes to a character, but the raw half is no Unicode text: the drivers would send it
     * as {@code ?}, and the database would then refuse the escape or keep another string.
     */
    private static void checkRawPairs(String name, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == text.length()
                        || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    throw fail(name, text, "a lone surrogate " + Args.escape(c) + " (half of a UTF-16 pair), which "
                            + "is no Unicode text, written next to an escaped half", i);
                }
                i++;
            }
        }
    }

    /**
     * Refuses a decoded character that not every store can keep: NUL can only come from the escape
     * <code>&#92;u0000</code>, since the parser refuses a raw control character in a string.
     */
    private static IllegalArgumentException unfit(JsonParser parser, String name, String text, char c,
            String where) {
        String problem = c == 0
                ? "the escape \\u0000 (NUL), which not every store can keep, in the " + where
                : "a lone surrogate " + Args.escape(c) + " (half of a UTF-16 pair), which is no Unicode text, in "
                        + "the " + where;
        return fail(name, text, problem, parser.currentTokenLocation().getCharOffset());
    }

    /**
     * Checks the digits a number would have once written out without its exponent. The parser has
     * already refused numbers of many more characters, so this never reads a long exponent.
     */
    private static void checkNumber(JsonParser parser, String name, String text) throws IOException {
        char[] chars = parser.getTextCharacters();
        int at = parser.getTextOffset();
        int end = at + parser.getTextLength();
        long written = 0;
        for (; at < end; at++) {
            char c = chars[at];
            if (c == 'e' || c == 'E') {
                break;
            }
            if (c != '-' && c != '.') {
                written++;
            }
        }
        if (at < end) {
            at++;
            if (chars[at] == '+' || chars[at] == '-') {
                at++;
            }
            // Leading zeros do not make an exponent large; more than four digits always do.
            while (at < end - 1 && chars[at] == '0') {
                at++;
            }
            if (end - at > 4) {
                written = Long.MAX_VALUE;
            } else {
                int exponent = 0;
                for (; at < end; at++) {
                    exponent = exponent * 10 + (chars[at] - '0');
                }
                written += exponent;
            }
        }
        if (written > MAX_NUMBER_DIGITS) {
            throw fail(name, text, "a number of more than " + MAX_NUMBER_DIGITS + " digits once written out "
                    + "without its exponent, which not every store can keep",
                    parser.currentTokenLocation().getCharOffset());
        }
    }

    /** Turns what the parser refused into a message that names the payload, the problem and where it is. */
    private static IllegalArgumentException failure(JsonParser parser, String name, String text,
            JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        long offset = location != null && location.getCharOffset() >= 0 ? location.getCharOffset()
                : parser.currentLocation().getCharOffset();
        JsonStreamContext context = parser.getParsingContext();
        String problem;
        if (e instanceof JsonEOFException eof) {
            // Jackson's own message points at where the open array or object started, in its own notation.
            JsonToken inside = eof.getTokenBeingDecoded();
            problem = "unexpected end " + (inside == JsonToken.VALUE_STRING || inside == JsonToken.FIELD_NAME
                    ? "inside a string"
                    : context.inObject() ? "inside an object" : context.inArray() ? "inside an array" : "of the text");
            offset = text.length();
        } else if (e instanceof StreamConstraintsException && context.getNestingDepth() > MAX_DEPTH) {
            problem = "nested deeper than " + MAX_DEPTH + " levels";
            // Where the array or object one level too deep opens.
            offset = parser.currentTokenLocation().getCharOffset();
        } else {
            problem = withoutJacksonSettings(e.getOriginalMessage());
        }
        return fail(name, text, problem, offset);
    }

    /**
     * Jackson's messages are precise but speak to whoever configures the parser: they suggest
     * features to enable, name the setting behind a limit, and print locations in their own notation
     * with the source withheld. A caller of this library can change none of that, so those parts go;
     * should Jackson word them otherwise, they stay, and the message is only longer.
     */
    private static String withoutJacksonSettings(String message) {
        return message
                .replaceAll("\\[Source: [^\\]]*; line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
                .replaceAll(": enable `[^`]*` to allow", "")
                .replaceAll(" \\(not recognized as one since Feature '[^']*' not enabled for parser\\)", "")
                .replaceAll(", from `[^`]*`", "");
    }

    private static IllegalArgumentException fail(String name, String text, String problem, long offset) {
        return new IllegalArgumentException(name + " is not valid JSON (" + problem + " at offset " + offset + "): "
                + Args.quote(text));
    }

    private static String describe(char c) {
        return c < 0x20 || c == 0x7f ? String.format("character U+%04X", (int) c) : "'" + c + "'";
    }
}
