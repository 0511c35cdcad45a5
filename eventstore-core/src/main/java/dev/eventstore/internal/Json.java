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
            while (true) {
                skipWhiteSpace();
                if (peek() != '"') {
                    throw fail(at == length ? "unexpected end, a member name was expected"
                            : "unexpected " + describe(text.charAt(at)) + ", a member name in double quotes was expected");
                }
                string();
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
            if (peek() == '-') {
                at++;
            }
            if (peek() == '0') {
                at++;
            } else if (!digits()) {
                throw fail("a digit was expected");
            }
            if (peek() == '.') {
                at++;
                if (!digits()) {
                    throw fail("a digit was expected after the decimal point");
                }
            }
            if (peek() == 'e' || peek() == 'E') {
                at++;
                if (peek() == '+' || peek() == '-') {
                    at++;
                }
                if (!digits()) {
                    throw fail("a digit was expected in the exponent");
                }
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
