package dev.eventstore.examples.bank;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * An account as the statement's read model knows it: what a statement's header prints.
 *
 * @param streamId the account's stream
 * @param accountNumber its number
 * @param holder the holder's name
 * @param address the holder's address lines
 * @param openedOn the business date of the opening
 * @param openingBalance the balance carried in
 * @param overdraftLimit how far below zero withdrawals may go
 */
public record AccountInfo(String streamId, String accountNumber, String holder, List<String> address,
        LocalDate openedOn, BigDecimal openingBalance, BigDecimal overdraftLimit) {

    /** @throws IllegalArgumentException if a component is null */
    public AccountInfo {
        Checks.notNull("streamId", streamId);
        Checks.notNull("accountNumber", accountNumber);
        Checks.notNull("holder", holder);
        address = List.copyOf(Checks.notNull("address", address));
        Checks.notNull("openedOn", openedOn);
        Checks.notNull("openingBalance", openingBalance);
        Checks.notNull("overdraftLimit", overdraftLimit);
    }
}
