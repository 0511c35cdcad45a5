package dev.eventstore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
        "{}", "[]", "0", "-0", "12", "-3.25", "1e9", "1E+9", "2.5e-3", "\"\"", "\"a\\\"b\\\\c\\/\\b\\f\\n\\r\\t\"",
        "\"\\u00e9\\uD83D\\uDE00\"", "true", "false", "null", " \n\t{ \"a\" : [ 1 , { \"b\" : null } ] } \r\n",
        "{\"amount\":\"1,515.63\",\"nested\":{\"deep\":[[[]]]}}", "\"caf\u00e9 \uD83D\uDE00\"",
        "{\"\uD83D\uDE00\":\"\\uD83D\\uDE00\"}", "[\"a\",\"a\"]", "{\"A\":1,\"a\":2}", "\"\\u0001\\u001f\""
    })
    void acceptsWhatJacksonAccepts(String json) throws Exception {
        JACKSON.readTree(json);
        assertThat(Json.value("data", json)).isSameAs(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "{", "}", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\"}", "{\"a\" 1}", "{a:1}", "{'a':1}", "01", "1.",
        ".5", "-", "1e", "+1", "tru", "nul", "True", "\"abc", "\"a\\x\"", "\"\\u12G4\"", "\"tab\there\"", "{} {}",
        "[1] x", "NaN", "Infinity", "\"a\"\"b\"", "[1}", "{\"a\":1]", "[1]]", "1x", "0x10", "[1 2]", "1 2",
        "/* comment */ {}", "{} // comment", "\uFEFF{}", "\u00a0{}", "{}\u0000", "\u000b{}", "{\"a\":undefined}"
    })
    void rejectsWhatIsNotJsonNamingTheParameterAndTheValue(String notJson) {
        assertThatThrownBy(() -> Json.value("data", notJson))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("data ")
                .hasMessageContaining(Args.quote(notJson));
    }

    @Test
    void saysWhatAndWhereTheProblemIs() {
        assertThatThrownBy(() -> Json.value("data", "{\"a\":1 \"b\":2}"))
                .hasMessageStartingWith("data is not valid JSON (")
                .hasMessageContaining("comma")
                .hasMessageContaining("at offset 7");
        assertThatThrownBy(() -> Json.value("data", "{\"a\":[1,2"))
                .hasMessageContaining("unexpected end inside an array at offset 9");
        assertThatThrownBy(() -> Json.value("data", "{\"a\":\"text"))
                .hasMessageContaining("unexpected end inside a string at offset 10");
        assertThatThrownBy(() -> Json.value("data", "[1] [2]"))
                .hasMessageContaining("unexpected '[' after the JSON value at offset 4");
    }

    /** The parser's messages suggest settings of its own; a caller of the library can change none. */
    @ParameterizedTest
    @ValueSource(strings = {"NaN", "+1", "[1}", "{\"a\":1]", "/* c */ {}"})
    void messagesDoNotSendTheCallerToTheParsersSettings(String notJson) {
        assertThatThrownBy(() -> Json.value("data", notJson))
                .message()
                .doesNotContain("enable")
                .doesNotContain("Source")
                .doesNotContain("Feature")
                .doesNotContain("`");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"a\\u0000b\"", "\"\\uD83D\"", "\"\\uD83Dx\"", "\"\\uD83D\\u0041\"", "\"\\uDE00\"", "\"\\uDE00\\uD83D\"",
        "\"\uD83D\"", "\"\uDE00\uD83D\"", "\"x\uD83D\"", "{\"\\u0000\":1}", "{\"\\uD800\":1}", "{\"\uDC00\":1}",
        // One half escaped, the other raw: it decodes to a character, but the raw half is no text.
        "\"\\uD83D\uDE00\"", "\"\uD83D" + "\\uDE00\"", "{\"\\uD83D\uDE00\":1}"
    })
    void rejectsTextThatNotEveryStoreCanKeep(String json) {
        assertThatThrownBy(() -> Json.value("data", json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("data is not valid JSON")
                .hasMessageContaining(Args.quote(json));
    }

    @Test
    void namesTheCharacterThatNotEveryStoreCanKeepAndShowsItEscaped() {
        assertThatThrownBy(() -> Json.value("data", "{\"nul\":\"a\\u0000b\"}"))
                .hasMessageContaining("\\u0000 (NUL)")
                .hasMessageContaining("in the string at offset 7");
        assertThatThrownBy(() -> Json.value("data", "[\"\\uD83D\"]"))
                .hasMessageContaining("lone surrogate \\ud83d")
                .hasMessageContaining("at offset 1");
        assertThatThrownBy(() -> Json.value("data", "{\"\\uDE00\":1}"))
                .hasMessageContaining("lone surrogate \\ude00")
                .hasMessageContaining("in the member name at offset 1");
        assertThatThrownBy(() -> Json.value("data", "{\"\uDE00\":1}"))
                .hasMessageContaining("lone surrogate \\ude00")
                .hasMessageContaining("at offset 2")
                // The value is quoted with the half escaped: printed raw it would turn into '?'.
                .hasMessageEndingWith("'{\"\\ude00\":1}'");
        assertThatThrownBy(() -> Json.value("data", "[\"ok\",\"\\uD83D\uDE00\"]"))
                .hasMessageContaining("lone surrogate \\ude00")
                .hasMessageContaining("at offset 13");
    }

    /** An escaped backslash followed by u is text, not an escape; the escape after it is one. */
    @Test
    void tellsAnEscapedBackslashFromAnEscape() {
        String text = "{\"path\":\"C:\\\\u0000\\\\ud800\"}";
        assertThat(Json.value("data", text)).isSameAs(text);
        assertThatThrownBy(() -> Json.value("data", "[\"\\\\\\u0000\"]")).hasMessageContaining("\\u0000 (NUL)");
        assertThatThrownBy(() -> Json.value("data", "[\"\\\\\\ud800\"]")).hasMessageContaining("\\ud800");
    }

    @Test
    void refusesAMemberNameGivenTwiceInOneObject() {
        assertThatThrownBy(() -> Json.value("data", "{\"a\":1,\"b\":2,\"a\":3}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Duplicate field 'a'");
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 100; i++) {
            many.append("\"k").append(i).append("\":").append(i).append(',');
        }
        String withRepeat = many + "\"k57\":0}";
        assertThatThrownBy(() -> Json.value("data", withRepeat)).hasMessageContaining("'k57'");
        String distinct = many.substring(0, many.length() - 1) + "}";
        assertThat(Json.value("data", distinct)).isSameAs(distinct);
        // The same name in different objects is fine.
        assertThat(Json.value("data", "{\"a\":{\"a\":1},\"b\":{\"a\":2}}")).isNotNull();
        assertThat(Json.value("data", "[{\"a\":1},{\"a\":2}]")).isNotNull();
    }

    /** PostgreSQL's jsonb decodes escapes before it compares names, and keeps only the last of two. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":1,\"\\u0061\":2}", "{\"\\u0061\":1,\"a\":2}", "{\"\\/\":1,\"/\":2}", "{\"x\\ty\":1,\"x\\u0009y\":2}",
        "{\"\\uD83D\\uDE00\":1,\"\uD83D\uDE00\":2}", "{\"o\":{\"caf\u00e9\":1,\"caf\\u00e9\":2}}"
    })
    void refusesANameGivenTwiceOnceEscaped(String json) {
        assertThatThrownBy(() -> Json.value("data", json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("data is not valid JSON (Duplicate field")
                .hasMessageContaining(Args.quote(json));
    }

    @Test
    void refusesNumbersNotEveryStoreCanKeep() {
        assertThat(Json.value("data", "[1e800, -2.5E-800, 1e+000800, 0.10, " + "9".repeat(900) + ", -"
                + "9".repeat(900) + ", 0." + "1".repeat(899) + ", 1" + "0".repeat(898) + ".5]")).isNotNull();
        List<String> tooLong = List.of("{\"x\":1e1000000}", "1e1000", "-1.5e-900", "9".repeat(901),
                "-" + "9".repeat(901), "0." + "1".repeat(901), "0." + "1".repeat(900), "1" + "0".repeat(899) + ".0",
                "[1" + "0".repeat(899) + ".0]", "9".repeat(899) + "e2", "1" + "0".repeat(5000),
                "[" + "9".repeat(901) + "]", "{\"n\":-" + "9".repeat(901) + "}", "[0." + "1".repeat(900) + "]");
        for (String number : tooLong) {
            assertThatThrownBy(() -> Json.value("data", number)).as(number.length() + " characters")
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("data is not valid JSON")
                    .hasMessageContaining("900");
        }
        assertThatThrownBy(() -> Json.value("data", "{\"x\":1e1000000}"))
                .hasMessageContaining("more than 900 digits once written out without its exponent")
                .hasMessageContaining("at offset 5");
    }

    @Test
    void metadataMustBeAnObject() {
        assertThat(Json.object("metadata", " {\"correlationId\":\"x\"} ")).isNotNull();
        assertThatThrownBy(() -> Json.object("metadata", "[1]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metadata must be a JSON object, was: '[1]'");
        assertThatThrownBy(() -> Json.object("metadata", "\"text\""))
                .hasMessageContaining("metadata must be a JSON object");
        assertThatThrownBy(() -> Json.object("metadata", "{} {}"))
                .hasMessageStartingWith("metadata is not valid JSON (unexpected '{' after the JSON value");
        assertThatThrownBy(() -> Json.object("metadata", "{\"a\":1,\"\\u0061\":2}"))
                .hasMessageStartingWith("metadata is not valid JSON (Duplicate field 'a'");
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String deepest = "[".repeat(Json.MAX_DEPTH) + "1" + "]".repeat(Json.MAX_DEPTH);
        assertThat(Json.value("data", deepest)).isSameAs(deepest);
        String objects = "{\"a\":".repeat(Json.MAX_DEPTH) + "1" + "}".repeat(Json.MAX_DEPTH);
        assertThat(Json.value("data", objects)).isSameAs(objects);
        String deeper = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertThatThrownBy(() -> Json.value("data", deeper))
                .hasMessageStartingWith("data is not valid JSON (nested deeper than 512 levels at offset 512)");
        String hostile = "[".repeat(100_000);
        assertThatThrownBy(() -> Json.value("data", hostile)).hasMessageContaining("nested deeper than 512 levels");
    }

    /** Jackson's own defaults would refuse long names and strings that the stores keep. */
    @Test
    void longNamesAndStringsAreNotLimited() {
        String name = "n".repeat(100_000);
        String json = "{\"" + name + "\":\"" + "v".repeat(100_000) + "\"}";
        assertThat(Json.value("data", json)).isSameAs(json);
    }

    @Test
    void manyThreadsCheckAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 1_000; i++) {
                        String ok = "{\"t" + thread + "\":" + i + ",\"k" + (i % 50) + "\":[\"x\"]}";
                        assertThat(Json.value("data", ok)).isSameAs(ok);
                        String twice = "{\"k" + i + "\":1,\"k" + i + "\":2}";
                        assertThatThrownBy(() -> Json.value("data", twice)).hasMessageContaining("'k" + i + "'");
                    }
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nullIsNamed() {
        assertThatThrownBy(() -> Json.value("data", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data must not be null");
        assertThatThrownBy(() -> Json.object("metadata", null)).hasMessage("metadata must not be null");
    }
}
