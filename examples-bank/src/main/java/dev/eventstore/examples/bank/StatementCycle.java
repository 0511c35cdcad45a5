package dev.eventstore.examples.bank;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * A monthly statement period. An account's periods follow from its opening date: the first starts
 * the day after the opening and each ends on the opening's day of the month (clamped to the month's
 * last day), so an account opened on 2003-10-08 has periods 2003-10-09 to 2003-11-08, 2003-11-09 to
 * 2003-12-08, and so on. The opening balance is the first period's previous balance.
 *
 * @param number the period's number, from 1
 * @param from its first day
 * @param to its last day: the statement's closing date
 */
public record StatementCycle(int number, LocalDate from, LocalDate to) {

    /**
     * @param openedOn the account's opening date
     * @param number the period's number, from 1
     * @return that period
     * @throws IllegalArgumentException if {@code number} is below 1
     */
    public static StatementCycle of(LocalDate openedOn, int number) {
        if (number < 1) {
            throw new IllegalArgumentException("a statement period's number starts at 1, was: " + number);
        }
        return new StatementCycle(number, openedOn.plusMonths(number - 1L).plusDays(1), openedOn.plusMonths(number));
    }

    /**
     * @param openedOn the account's opening date
     * @param date a date after it
     * @return the period that holds {@code date}
     * @throws IllegalArgumentException if {@code date} is not after {@code openedOn}
     */
    public static StatementCycle containing(LocalDate openedOn, LocalDate date) {
        if (!date.isAfter(openedOn)) {
            throw new IllegalArgumentException("the account opened on " + openedOn + "; its first statement period "
                    + "starts on " + openedOn.plusDays(1) + ", so " + date + " is in none");
        }
        // The month count is a lower bound: the clamping of month ends can put date in the next period.
        int number = (int) Math.max(1, ChronoUnit.MONTHS.between(openedOn, date));
        StatementCycle cycle = of(openedOn, number);
        while (cycle.to().isBefore(date)) {
            cycle = of(openedOn, cycle.number() + 1);
        }
        return cycle;
    }

    /**
     * @param openedOn the account's opening date
     * @param date a date
     * @return true if {@code date} closes one of the account's statement periods
     */
    public static boolean isClosingDate(LocalDate openedOn, LocalDate date) {
        return date.isAfter(openedOn) && containing(openedOn, date).to().equals(date);
    }
}
