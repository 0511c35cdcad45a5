package dev.eventstore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
        "{}", "[]", "0", "-0", "12", "-3.25", "1e9", "1E+9", "2.5e-3", "\"\"", "\"a\\\"b\\\\c\\/\\b\\f\\n\\r\\t\"",
        "\"\\u00e9\\uD83D\\uDE00\"", "true", "false", "null", " \n\t{ \"a\" : [ 1 , { \"b\" : null } ] } \r\n",
        "{\"amount\":\"1,515.63\",\"nested\":{\"deep\":[[[]]]}}", "\"caf\u00e9 \uD83D\uDE00\""
    })
    void acceptsWhatJacksonAccepts(String json) throws Exception {
        JACKSON.readTree(json);
        assertThat(Json.value("data", json)).isSameAs(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "{", "}", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\"}", "{\"a\" 1}", "{a:1}", "{'a':1}", "01", "1.",
        ".5", "-", "1e", "+1", "tru", "nul", "True", "\"abc", "\"a\\x\"", "\"\\u12G4\"", "\"tab\there\"", "{} {}",
        "[1] x", "NaN", "Infinity", "\"a\"\"b\""
    })
    void rejectsWhatIsNotJsonNamingTheParameterAndTheValue(String notJson) {
        assertThatThrownBy(() -> Json.value("data", notJson))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("data ")
                .hasMessageContaining(Args.quote(notJson));
    }

    @Test
    void saysWhereTheProblemIs() {
        assertThatThrownBy(() -> Json.value("data", "{\"a\":1 \"b\":2}"))
                .hasMessageContaining("unexpected '\"', '}' was expected at offset 7");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"a\\u0000b\"", "\"\\uD83D\"", "\"\\uD83Dx\"", "\"\\uD83D\\u0041\"", "\"\\uDE00\"",
        "\"\uD83D\"", "\"\uDE00\uD83D\"", "{\"\\u0000\":1}"
    })
    void rejectsTextThatNotEveryStoreCanKeep(String json) {
        assertThatThrownBy(() -> Json.value("data", json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("data is not valid JSON");
    }

    @Test
    void refusesAMemberNameGivenTwiceInOneObject() {
        assertThatThrownBy(() -> Json.value("data", "{\"a\":1,\"b\":2,\"a\":3}"))
                .hasMessageContaining("member name \"a\" given twice");
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 100; i++) {
            many.append("\"k").append(i).append("\":").append(i).append(',');
        }
        String withRepeat = many + "\"k57\":0}";
        assertThatThrownBy(() -> Json.value("data", withRepeat)).hasMessageContaining("\"k57\" given twice");
        String distinct = many.substring(0, many.length() - 1) + "}";
        assertThat(Json.value("data", distinct)).isSameAs(distinct);
        // The same name in different objects is fine.
        assertThat(Json.value("data", "{\"a\":{\"a\":1},\"b\":{\"a\":2}}")).isNotNull();
    }

    @Test
    void refusesNumbersNotEveryStoreCanKeep() {
        assertThat(Json.value("data", "[1e800, -2.5E-800, 1e+000800, 0.10, " + "9".repeat(900) + "]")).isNotNull();
        assertThatThrownBy(() -> Json.value("data", "{\"x\":1e1000000}")).hasMessageContaining("digits once written");
        assertThatThrownBy(() -> Json.value("data", "1e1000")).hasMessageContaining("digits once written");
        assertThatThrownBy(() -> Json.value("data", "-1.5e-900")).hasMessageContaining("digits once written");
        assertThatThrownBy(() -> Json.value("data", "9".repeat(901))).hasMessageContaining("digits once written");
        assertThatThrownBy(() -> Json.value("data", "0." + "1".repeat(901))).hasMessageContaining("digits");
    }

    @Test
    void metadataMustBeAnObject() {
        assertThat(Json.object("metadata", " {\"correlationId\":\"x\"} ")).isNotNull();
        assertThatThrownBy(() -> Json.object("metadata", "[1]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metadata must be a JSON object");
        assertThatThrownBy(() -> Json.object("metadata", "\"text\""))
                .hasMessageContaining("metadata must be a JSON object");
    }

    @Test
    void refusesNestingDeepEnoughToExhaustTheStack() {
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
        assertThatThrownBy(() -> Json.value("data", deep)).hasMessageContaining("nested deeper than");
        String fine = "[".repeat(100) + "]".repeat(100);
        assertThat(Json.value("data", fine)).isSameAs(fine);
    }

    @Test
    void nullIsNamed() {
        assertThatThrownBy(() -> Json.value("data", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data must not be null");
    }
}
