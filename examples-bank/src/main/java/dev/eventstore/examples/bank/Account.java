package dev.eventstore.examples.bank;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The state of a chequing account as the {@link AccountDecider} folds it from the account's events:
 * just what deciding a command needs. It is also what snapshots hold (as JSON), so its components
 * are its schema: change them and raise the snapshot schema version in {@link Bank}.
 *
 * @param accountNumber the account's number; null before it is opened
 * @param balance the balance after every event so far, whatever its business date
 * @param overdraftLimit how far below zero a withdrawal may take the balance
 * @param openedOn the business date of the opening; null before it is opened
 * @param openDay the earliest business date a customer transaction may carry: transactions are
 *     booked in date order, and closed days take no more
 * @param feesCharged how many fees have been charged: the last fee number
 * @param closedOn the business date the account was closed on; null while it is open
 */
public record Account(String accountNumber, BigDecimal balance, BigDecimal overdraftLimit, LocalDate openedOn,
        LocalDate openDay, int feesCharged, LocalDate closedOn) {

    /** @return true once the account is closed: it takes no more transactions */
    public boolean hasBeenClosed() {
        return closedOn != null;
    }

    /**
     * @param date the business date of the closing
     * @return this account, closed on {@code date}
     */
    Account closed(LocalDate date) {
        return new Account(accountNumber, balance, overdraftLimit, openedOn, openDay, feesCharged, date);
    }

    /** The state of an account that has not been opened. */
    public static final Account UNOPENED = new Account(null, BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2),
            null, null, 0, null);

    /** @return true once the account has been opened */
    public boolean exists() {
        return accountNumber != null;
    }

    /**
     * @param amount an amount to take out
     * @return true if the balance after it stays at or above minus the overdraft limit
     */
    public boolean canWithdraw(BigDecimal amount) {
        return balance.subtract(amount).compareTo(overdraftLimit.negate()) >= 0;
    }
}
