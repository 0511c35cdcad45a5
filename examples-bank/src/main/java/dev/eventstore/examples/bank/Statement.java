package dev.eventstore.examples.bank;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A bank statement for a period, read from the statement projection's tables: the balance before the
 * period, each line booked in it (in business-date order, and in recording order within a day) with
 * the running balance, and the totals.
 *
 * @param account the account
 * @param from the period's first day
 * @param to the period's last day
 * @param previousBalance the balance at the end of the day before {@code from}
 * @param lines the lines booked from {@code from} to {@code to}
 */
public record Statement(AccountInfo account, LocalDate from, LocalDate to, BigDecimal previousBalance,
        List<Line> lines) {

    /** @throws IllegalArgumentException if a component is null */
    public Statement {
        Checks.notNull("account", account);
        Checks.notNull("from", from);
        Checks.notNull("to", to);
        Checks.notNull("previousBalance", previousBalance);
        lines = List.copyOf(Checks.notNull("lines", lines));
    }

    /** @return the date the "Previous balance" line is printed on: the day before the period */
    public LocalDate previousBalanceDate() {
        return from.minusDays(1);
    }

    /** @return the sum of the withdrawals and fees */
    public BigDecimal totalWithdrawals() {
        return lines.stream().filter(line -> line.amount().signum() < 0).map(line -> line.amount().negate())
                .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    /** @return the sum of the deposits */
    public BigDecimal totalDeposits() {
        return lines.stream().filter(line -> line.amount().signum() > 0).map(Line::amount)
                .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    /** @return the balance at the end of the period */
    public BigDecimal closingBalance() {
        return lines.isEmpty() ? previousBalance : lines.get(lines.size() - 1).balance();
    }

    /**
     * One booked transaction or fee.
     *
     * @param date its business date
     * @param description what the statement prints
     * @param ref the Ref. column; empty if none
     * @param amount positive for a deposit, negative for a withdrawal or fee
     * @param balance the balance after it
     * @param fee true for a fee charged by the policy
     * @param version the event's version in the account's stream
     * @param position the event's position in the log
     * @param category the transaction's type in lower case ({@code atm_withdrawal}), or {@code fee};
     *     empty when the read model is at version 1, which has no categories
     */
    public record Line(LocalDate date, String description, String ref, BigDecimal amount, BigDecimal balance,
            boolean fee, long version, long position, String category) {

        /** @return the Withdrawals column: the amount taken out, or null for a deposit */
        public BigDecimal withdrawal() {
            return amount.signum() < 0 ? amount.negate() : null;
        }

        /** @return the Deposits column: the amount put in, or null for a withdrawal */
        public BigDecimal deposit() {
            return amount.signum() > 0 ? amount : null;
        }
    }
}
