package dev.eventstore.internal;

/**
 * Checks that payloads are JSON (RFC 8259) before any store sees them.
 *
 * <p>A hand-written scanner rather than a parser: every append checks every event's data and
 * metadata, and a scan that allocates nothing costs a fraction of building a parser per payload.
 */
public final class Json {

    /** Deeper nesting than this is refused, so that a hostile payload cannot exhaust the stack. */
    public static final int MAX_DEPTH = 512;
    /**
     * The most digits a number may have once written out without an exponent (its digits plus the
     * size of its exponent): far beyond any measured quantity. PostgreSQL's {@code jsonb} writes
     * numbers out that way, and Jackson's parsers refuse numbers longer than 1,000 characters.
     */
    public static final int MAX_NUMBER_DIGITS = 900;

    private Json() {
    }

    /**
     * Checks that {@code value} holds exactly one JSON value (object, array, string, number,
     * boolean or null), surrounded by nothing but white space.
     *
     * @return {@code value}
     * @throws IllegalArgumentException naming {@code name}, what is wrong and where, and the value
     */
    public static String value(String name, String value) {
        new Scanner(name, value).document(false);
        return value;
    }

    /**
     * Checks that {@code value} holds exactly one JSON object, surrounded by nothing but white space.
     *
     * @return {@code value}
     * @throws IllegalArgumentException naming {@code name}, what is wrong and where, and the value
     */
    public static String object(String name, String value) {
        new Scanner(name, value).document(true);
        return value;
    }

    private static final class Scanner {
        /** Member names compared pairwise; more go into a hash set. */
        private static final int FEW_NAMES = 16;

        private final String name;
        private final String text;
        private final int length;
        private int at;

        Scanner(String name, String text) {
            this.name = name;
            this.text = Args.notNull(name, text);
            this.length = text.length();
        }

        void document(boolean objectOnly) {
            skipWhiteSpace();
            if (at == length) {
                throw new IllegalArgumentException(name + " must be JSON, was empty: " + Args.quote(text));
            }
            if (objectOnly && text.charAt(at) != '{') {
                throw new IllegalArgumentException(name + " must be a JSON object, was: " + Args.quote(text));
            }
            value(0);
            skipWhiteSpace();
            if (at != length) {
                throw fail("unexpected " + describe(text.charAt(at)) + " after the JSON value");
            }
        }

        private void value(int depth) {
            if (depth > MAX_DEPTH) {
                throw fail("nested deeper than " + MAX_DEPTH + " levels");
            }
            if (at == length) {
                throw fail("unexpected end, a value was expected");
            }
            char c = text.charAt(at);
            switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        number();
                    } else {
                        throw fail("unexpected " + describe(c) + ", a value was expected");
                    }
                }
            }
        }

        private void object(int depth) {
            at++;
            skipWhiteSpace();
            if (peek() == '}') {
                at++;
                return;
            }
            // Where each member name starts and ends, to refuse a name given twice: PostgreSQL's
            // jsonb would keep only the last, other stores both.
            int[] names = new int[2 * FEW_NAMES];
            int count = 0;
            java.util.Set<String> many = null;
            while (true) {
                skipWhiteSpace();
                if (peek() != '"') {
                    throw fail(at == length ? "unexpected end, a member name was expected"
                            : "unexpected " + describe(text.charAt(at)) + ", a member name in double quotes was expected");
                }
                int start = at;
                string();
                boolean seen = false;
                if (many != null) {
                    seen = !many.add(text.substring(start, at));
                } else {
                    for (int i = 0; i < count && !seen; i++) {
                        int otherStart = names[2 * i];
                        int otherLength = names[2 * i + 1] - otherStart;
                        seen = otherLength == at - start && text.regionMatches(otherStart, text, start, otherLength);
                    }
                    names[2 * count] = start;
                    names[2 * count + 1] = at;
                    count++;
                    if (count == FEW_NAMES) {
                        // Past a few names, comparing each with all before it would grow quadratically.
                        many = new java.util.HashSet<>();
                        for (int i = 0; i < count; i++) {
                            many.add(text.substring(names[2 * i], names[2 * i + 1]));
                        }
                    }
                }
                if (seen) {
                    int end = at;
                    at = start;
                    throw fail("the member name " + text.substring(start, end) + " given twice in one object");
                }
                skipWhiteSpace();
                expect(':');
                skipWhiteSpace();
                value(depth + 1);
                skipWhiteSpace();
                if (peek() == ',') {
                    at++;
                } else {
                    expect('}');
                    return;
                }
            }
        }

        private void array(int depth) {
            at++;
            skipWhiteSpace();
            if (peek() == ']') {
                at++;
                return;
            }
            while (true) {
                skipWhiteSpace();
                value(depth + 1);
                skipWhiteSpace();
                if (peek() == ',') {
                    at++;
                } else {
                    expect(']');
                    return;
                }
            }
        }

        private void string() {
            at++;
            while (at < length) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return;
                }
                if (c == '\\') {
                    if (at == length) {
                        break;
                    }
                    char escaped = text.charAt(at++);
                    if (escaped == 'u') {
                        unicodeEscape();
                    } else if ("\"\\/bfnrt".indexOf(escaped) < 0) {
                        at--;
                        throw fail("invalid escape \\" + escaped);
                    }
                } else if (c < 0x20) {
                    at--;
                    throw fail("unescaped control character " + describe(c) + " in a string");
                } else if (Character.isHighSurrogate(c)) {
                    if (at == length || !Character.isLowSurrogate(text.charAt(at))) {
                        at--;
                        throw fail("a lone surrogate character U+" + hex(c) + ", which is no Unicode text");
                    }
                    at++;
                } else if (Character.isLowSurrogate(c)) {
                    at--;
                    throw fail("a lone surrogate character U+" + hex(c) + ", which is no Unicode text");
                }
            }
            throw fail("unexpected end inside a string");
        }

        /**
         * After {@code \\u}. Besides the four hexadecimal digits, refuses what some stores cannot keep
         * and no text needs: {@code \\u0000} (PostgreSQL's jsonb rejects it) and surrogate escapes that
         * do not form a pair.
         */
        private void unicodeEscape() {
            int start = at - 2;
            char unit = hexDigits();
            if (unit == 0) {
                at = start;
                throw fail("the escape \\u0000 (NUL), which not every store can keep");
            }
            if (Character.isHighSurrogate(unit)) {
                if (!text.startsWith("\\u", at)) {
                    at = start;
                    throw fail("a high surrogate escape \\u" + hex(unit) + " without its low surrogate");
                }
                at += 2;
                char low = hexDigits();
                if (!Character.isLowSurrogate(low)) {
                    at = start;
                    throw fail("a high surrogate escape \\u" + hex(unit) + " without its low surrogate");
                }
            } else if (Character.isLowSurrogate(unit)) {
                at = start;
                throw fail("a low surrogate escape \\u" + hex(unit) + " without its high surrogate");
            }
        }

        private char hexDigits() {
            int value = 0;
            for (int i = 0; i < 4; i++) {
                int digit = at == length ? -1 : Character.digit(text.charAt(at), 16);
                if (digit < 0) {
                    throw fail("a \\u escape needs four hexadecimal digits");
                }
                value = value * 16 + digit;
                at++;
            }
            return (char) value;
        }

        private static String hex(char c) {
            return String.format("%04X", (int) c);
        }

        private void number() {
            int start = at;
            if (peek() == '-') {
                at++;
            }
            int integer = at;
            if (peek() == '0') {
                at++;
            } else if (!digits()) {
                throw fail("a digit was expected");
            }
            long written = at - integer;
            if (peek() == '.') {
                at++;
                int fraction = at;
                if (!digits()) {
                    throw fail("a digit was expected after the decimal point");
                }
                written += at - fraction;
            }
            if (peek() == 'e' || peek() == 'E') {
                at++;
                if (peek() == '+' || peek() == '-') {
                    at++;
                }
                int exponent = at;
                if (!digits()) {
                    throw fail("a digit was expected in the exponent");
                }
                // Leading zeros do not make an exponent large; more than four digits always do.
                int significant = exponent;
                while (significant < at - 1 && text.charAt(significant) == '0') {
                    significant++;
                }
                written += at - significant > 4 ? Integer.MAX_VALUE : Integer.parseInt(text, significant, at, 10);
            }
            if (written > MAX_NUMBER_DIGITS) {
                at = start;
                throw fail("a number of more than " + MAX_NUMBER_DIGITS + " digits once written out without its "
                        + "exponent, which not every store can keep");
            }
        }

        private boolean digits() {
            int start = at;
            while (at < length && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                at++;
            }
            return at > start;
        }

        private void literal(String word) {
            if (!text.startsWith(word, at)) {
                throw fail("unexpected " + describe(text.charAt(at)) + ", a value was expected");
            }
            at += word.length();
        }

        private void expect(char c) {
            if (peek() != c) {
                throw fail(at == length ? "unexpected end, '" + c + "' was expected"
                        : "unexpected " + describe(text.charAt(at)) + ", '" + c + "' was expected");
            }
            at++;
        }

        private char peek() {
            return at < length ? text.charAt(at) : '\0';
        }

        private void skipWhiteSpace() {
            while (at < length) {
                char c = text.charAt(at);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                at++;
            }
        }

        private IllegalArgumentException fail(String problem) {
            return new IllegalArgumentException(name + " is not valid JSON (" + problem + " at offset " + at + "): "
                    + Args.quote(text));
        }

        private static String describe(char c) {
            return c < 0x20 || c == 0x7f ? String.format("character U+%04X", (int) c) : "'" + c + "'";
        }
    }
}
