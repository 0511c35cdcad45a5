package dev.eventstore.examples.bank;

import java.math.BigDecimal;

/**
 * The amounts of the fees the {@link FeePolicy} charges, and the ATM network whose withdrawals cost
 * the Interac fee.
 *
 * @param interac charged the same day as each ATM withdrawal on {@code network}
 * @param overdraft charged the day after the balance first closes a day below zero
 * @param monthly charged on each statement's closing date
 * @param network the ATM network that costs the Interac fee, compared without regard to case
 */
public record FeeSchedule(BigDecimal interac, BigDecimal overdraft, BigDecimal monthly, String network) {

    /** The fees of the seed statement: 1.50 Interac, 5.00 overdraft, 5.00 monthly. */
    public static final FeeSchedule STANDARD = new FeeSchedule(new BigDecimal("1.50"), new BigDecimal("5.00"),
            new BigDecimal("5.00"), "INTERAC");

    /** @throws IllegalArgumentException naming a bad component */
    public FeeSchedule {
        interac = Money.checked("Interac fee", interac, false);
        overdraft = Money.checked("overdraft fee", overdraft, false);
        monthly = Money.checked("monthly fee", monthly, false);
        network = Checks.text("network", network);
    }

    /**
     * @param kind a fee
     * @return its amount
     */
    public BigDecimal amount(FeeKind kind) {
        return switch (kind) {
            case INTERAC -> interac;
            case OVERDRAFT -> overdraft;
            case MONTHLY -> monthly;
        };
    }
}
