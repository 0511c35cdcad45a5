package dev.eventstore.examples.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class StatementCycleTest {

    private static final LocalDate SEED_OPENING = LocalDate.parse("2003-10-08");

    @Test
    void theSeedAccountsFirstPeriodIsTheSeedStatements() {
        StatementCycle first = StatementCycle.of(SEED_OPENING, 1);
        assertThat(first).isEqualTo(new StatementCycle(1, LocalDate.parse("2003-10-09"), LocalDate.parse("2003-11-08")));
        assertThat(StatementCycle.containing(SEED_OPENING, LocalDate.parse("2003-10-09"))).isEqualTo(first);
        assertThat(StatementCycle.containing(SEED_OPENING, LocalDate.parse("2003-11-08"))).isEqualTo(first);
        assertThat(StatementCycle.containing(SEED_OPENING, LocalDate.parse("2003-11-09")).number()).isEqualTo(2);
        assertThat(StatementCycle.isClosingDate(SEED_OPENING, LocalDate.parse("2003-11-08"))).isTrue();
        assertThat(StatementCycle.isClosingDate(SEED_OPENING, LocalDate.parse("2003-11-07"))).isFalse();
        assertThat(StatementCycle.isClosingDate(SEED_OPENING, SEED_OPENING)).isFalse();
    }

    @Test
    void periodsOfAnAccountOpenedAtAMonthsEndEndAtEachMonthsEnd() {
        LocalDate opened = LocalDate.parse("2004-01-31");
        assertThat(StatementCycle.of(opened, 1).to()).isEqualTo("2004-02-29");
        assertThat(StatementCycle.of(opened, 2)).isEqualTo(new StatementCycle(2, LocalDate.parse("2004-03-01"),
                LocalDate.parse("2004-03-31")));
        for (LocalDate date = opened.plusDays(1); date.isBefore(LocalDate.parse("2006-01-01")); date = date.plusDays(1)) {
            StatementCycle cycle = StatementCycle.containing(opened, date);
            assertThat(date).isBetween(cycle.from(), cycle.to());
            assertThat(StatementCycle.isClosingDate(opened, date)).isEqualTo(date.equals(date.withDayOfMonth(
                    date.lengthOfMonth())));
        }
    }

    @Test
    void noPeriodHoldsTheOpeningDayOrEarlier() {
        assertThatThrownBy(() -> StatementCycle.containing(SEED_OPENING, SEED_OPENING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2003-10-09");
        assertThatThrownBy(() -> StatementCycle.of(SEED_OPENING, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
