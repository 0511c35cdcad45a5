package dev.eventstore.benchmarks;

import java.math.BigDecimal;

/**
 * The event the read benchmarks decode: the payload of {@link Fixtures#payload(int)} as a record.
 *
 * @param accountId the account
 * @param amount the amount, exact
 * @param currency the currency
 * @param description the statement's description
 * @param reference the transaction's reference
 */
public record MoneyWithdrawn(String accountId, BigDecimal amount, String currency, String description,
        String reference) {
}
