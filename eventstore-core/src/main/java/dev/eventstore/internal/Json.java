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
import java.util.regex.Pattern;

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

    private static final String EMPTY_OBJECT = "{}";
    /** Jackson's own message for a half pair escaped in a member name, with the half in hex. */
    private static final java.util.regex.Pattern SURROGATE_IN_NAME =
            java.util.regex.Pattern.compile("(?:low|high) surrogate in field name: 0x([0-9a-fA-F]{4})");

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

    /** The parts of Jackson's messages that {@link #withoutJacksonSettings} takes out or rewrites. */
    private static final Pattern[] JACKSON_SETTINGS = {
        Pattern.compile("\\[Source: [^\\]]*; line: (\\d+), column: (\\d+)\\]"),
        Pattern.compile(": enable `[^`]*` to allow"),
        Pattern.compile(" \\(not recognized as one since Feature '[^']*' not enabled for parser\\)"),
        Pattern.compile(", from `[^`]*`"),
    };
    private static final String[] JACKSON_SETTINGS_REPLACEMENTS = {"line $1, column $2", "", "", ""};

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
        if (text.equals(EMPTY_OBJECT)) {
            // The metadata of most events: valid as any value and as an object, no parser needed.
            return;
        }
        boolean escapes = checkRaw(name, text);
        try (JsonParser parser = FACTORY.createParser(text)) {
            try {
                scan(parser, name, text, objectOnly, escapes);
            } catch (JsonProcessingException e) {
                throw failure(parser, name, text, e);
            }
        } catch (IOException e) {
            // Reading a String cannot fail, and closing a parser over one neither.
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One pass over the text as written, far cheaper than the parser's: refuses a lone surrogate
     * written raw (also one whose other half is escaped, as in <code>"&#92;ud83d</code> followed by
     * a raw U+DE00: it decodes to a character, but the driver would send the raw half as {@code ?}),
     * and tells whether a <code>&#92;u</code> escape could decode to what no store keeps.
     *
     * @return whether {@code text} holds a <code>&#92;u</code> escape
     */
    private static boolean checkRaw(String name, String text) {
        boolean escapes = false;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                // The escaped character is skipped: after an escaped backslash, a u starts no escape.
                i++;
                escapes |= i < length && text.charAt(i) == 'u';
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == length
                        || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    throw fail(name, text, loneSurrogate(c), i);
                }
                i++;
            }
        }
        return escapes;
    }

    private static void scan(JsonParser parser, String name, String text, boolean objectOnly, boolean escapes)
            throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw new IllegalArgumentException(name + " must be JSON, was empty: " + Args.quote(text));
        }
        if (objectOnly && token != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException(name + " must be a JSON object, was: " + Args.quote(text));
        }
        int depth = 0;
        while (true) {
            switch (parser.currentTokenId()) {
                case JsonTokenId.ID_START_OBJECT, JsonTokenId.ID_START_ARRAY -> depth++;
                case JsonTokenId.ID_END_OBJECT, JsonTokenId.ID_END_ARRAY -> depth--;
                // Without escapes the decoded text is the raw text, already checked: not decoding
                // it lets the parser skip over strings.
                case JsonTokenId.ID_FIELD_NAME -> {
                    if (escapes) {
                        checkDecoded(parser, name, text, "member name");
                    }
                }
                case JsonTokenId.ID_STRING -> {
                    if (escapes) {
                        checkDecoded(parser, name, text, "string");
                    }
                }
                // The parser bounds the digits of an integer itself.
                case JsonTokenId.ID_NUMBER_FLOAT -> checkNumber(parser, name, text);
                default -> {
                    // Integers, true, false and null need nothing more.
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
    }

    /**
     * Refuses NUL and lone surrogates in the decoded text of a string or member name: NUL can only
     * come from the escape <code>&#92;u0000</code>, since the parser refuses a raw control character
     * in a string, and a lone surrogate here from an escape, since {@link #checkRaw} refused raw ones.
     */
    private static void checkDecoded(JsonParser parser, String name, String text, String where)
            throws IOException {
        // The parser's own buffer: no String is made for the value.
        char[] chars = parser.getTextCharacters();
        int end = parser.getTextOffset() + parser.getTextLength();
        for (int i = parser.getTextOffset(); i < end; i++) {
            char c = chars[i];
            if (c == 0 || Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
                    i++;
                } else {
                    String problem = c == 0 ? "the escape \\u0000 (NUL), which not every store can keep"
                            : loneSurrogate(c);
                    throw fail(name, text, problem + ", in the " + where,
                            parser.currentTokenLocation().getCharOffset());
                }
            }
        }
    }

    private static String loneSurrogate(char c) {
        return "a lone surrogate " + Args.escape(c) + " (half of a UTF-16 pair), which is no Unicode text";
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
    /** Where the member name ending before {@code end} starts: its opening quote. */
    private static int nameStart(String text, int end) {
        for (int i = Math.min(end, text.length()) - 1; i > 0; i--) {
            if (text.charAt(i - 1) == '"' && (i < 2 || text.charAt(i - 2) != '\\')) {
                return i - 1;
            }
        }
        return 0;
    }

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
        } else if (SURROGATE_IN_NAME.matcher(String.valueOf(e.getOriginalMessage())).find()) {
            // Newer Jackson refuses an escaped half pair in a member name itself: say it as for strings.
            java.util.regex.Matcher found = SURROGATE_IN_NAME.matcher(e.getOriginalMessage());
            found.find();
            problem = loneSurrogate((char) Integer.parseInt(found.group(1), 16)) + " in the member name";
            offset = nameStart(text, (int) Math.min(offset, text.length()));
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
        String shorter = message;
        for (int i = 0; i < JACKSON_SETTINGS.length; i++) {
            shorter = JACKSON_SETTINGS[i].matcher(shorter).replaceAll(JACKSON_SETTINGS_REPLACEMENTS[i]);
        }
        return shorter;
    }

    private static IllegalArgumentException fail(String name, String text, String problem, long offset) {
        return new IllegalArgumentException(name + " is not valid JSON (" + problem + " at offset " + offset + "): "
                + Args.quote(text));
    }

    private static String describe(char c) {
        return c < 0x20 || c == 0x7f ? String.format("character U+%04X", (int) c) : "'" + c + "'";
    }
}
