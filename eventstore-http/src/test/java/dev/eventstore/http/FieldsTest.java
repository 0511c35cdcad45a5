package dev.eventstore.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks of command fields name the field and the bad value. */
class FieldsTest {

    @Test
    void anIdIsLettersDigitsAndThreeMarksUpToItsLength() {
        assertThat(Fields.id("orderId", "o-1_b.2", 7)).isEqualTo("o-1_b.2");
        for (String bad : Arrays.asList(null, "", "o 1", "o/1", "ö", "o-1_b.2x")) {
            assertThatThrownBy(() -> Fields.id("lines/0/sku", bad, 7)).as(bad)
                    .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                        assertThat(e.field()).isEqualTo("lines/0/sku");
                        assertThat(e.getMessage()).isEqualTo("lines/0/sku must be 1 to 7 letters, digits, '-', '_' "
                                + "or '.', was: " + (bad == null ? "null" : "'" + bad + "'"));
                    });
        }
    }

    @Test
    void aTextIsNotBlankAndUpToItsLength() {
        assertThat(Fields.text("address", " 12 Main St ", 12)).isEqualTo(" 12 Main St ");
        for (String bad : Arrays.asList(null, "", "   ", "1234567890123")) {
            assertThatThrownBy(() -> Fields.text("address", bad, 12)).as(bad)
                    .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getMessage())
                            .isEqualTo("address must be 1 to 12 characters, was: " + (bad == null ? "null" : "'" + bad + "'")));
        }
        String long_ = "x".repeat(300);
        assertThatThrownBy(() -> Fields.text("name", long_, 200)).hasMessageEndingWith("'" + "x".repeat(100) + "...'");
    }

    @Test
    void aRuleWithoutAFieldOrLengthIsAMistake() {
        for (Runnable bad : List.<Runnable>of(() -> Fields.id(null, "a", 1), () -> Fields.text("a", "a", 0))) {
            assertThatThrownBy(bad::run).isInstanceOf(IllegalArgumentException.class)
                    .isNotInstanceOf(InvalidFieldException.class);
        }
    }
}
