package dev.eventstore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ArgsTest {

    private static final String EMOJI = "\uD83D\uDE00";

    @ParameterizedTest
    @ValueSource(strings = {"acct-" + EMOJI, EMOJI, EMOJI + EMOJI + "-1", "caf\u00e9-\u65e5\u672c", "a"})
    void aNameMayHoldAnyCharacterOutsideTheControlCharactersSurrogatePairsIncluded(String name) {
        assertThat(Args.name("streamId", name, 200)).isSameAs(name);
    }

    /** Each name with the escaped half its message must show. */
    @ParameterizedTest
    @CsvSource({
        "'acct-\uD800', '\\ud800', 5",
        "'\uDC00acct', '\\udc00', 0",
        "'acct-\uDE00\uD83D', '\\ude00', 5",
        "'acct-\uD83Dx', '\\ud83d', 5",
        "'" + EMOJI + "\uD83D', '\\ud83d', 2"
    })
    void aNameWithAnUnpairedSurrogateIsRefusedShowingItEscaped(String name, String escaped, int index) {
        assertThatThrownBy(() -> Args.name("streamId", name, 200))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("streamId must not contain an unpaired surrogate, found " + escaped + " at index " + index
                        + ": " + Args.quote(name))
                .hasMessageContaining(escaped)
                .satisfies(e -> assertThat(e.getMessage().codePoints()
                        .filter(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE))
                        .as("every half in the message is escaped").isEmpty());
    }

    @Test
    void theLengthCountsUtf16Units() {
        String hundred = EMOJI.repeat(100);
        assertThat(Args.name("tag", hundred, 200)).isSameAs(hundred);
        assertThatThrownBy(() -> Args.name("tag", hundred + "x", 200)).hasMessageContaining("at most 200");
    }

    @Test
    void quoteEscapesControlCharactersAndUnpairedSurrogatesButKeepsPairs() {
        assertThat(Args.quote("a\u0007b")).isEqualTo("'a\\u0007b'");
        assertThat(Args.quote("a\uD800b\uDFFF")).isEqualTo("'a\\ud800b\\udfff'");
        assertThat(Args.quote("a" + EMOJI)).isEqualTo("'a" + EMOJI + "'");
        assertThat(Args.quote(null)).isEqualTo("null");
    }

    @Test
    void quoteCutsLongValuesBetweenCharactersNeverInsideAPair() {
        String pairAcrossTheCut = "x".repeat(79) + EMOJI + "tail";
        assertThat(Args.quote(pairAcrossTheCut)).isEqualTo("'" + "x".repeat(79) + "...'");
        String pairBeforeTheCut = "x".repeat(78) + EMOJI + "tail";
        assertThat(Args.quote(pairBeforeTheCut)).isEqualTo("'" + "x".repeat(78) + EMOJI + "...'");
        assertThat(Args.quote("y".repeat(80))).isEqualTo("'" + "y".repeat(80) + "'");
    }
}
