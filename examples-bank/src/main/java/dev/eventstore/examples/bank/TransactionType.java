package dev.eventstore.examples.bank;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a customer's transaction is. The type decides the direction (money in or out) and gives a
 * default description; the fee policies look at it (an {@link #ATM_WITHDRAWAL} on the Interac network
 * costs a fee).
 */
public enum TransactionType {

    /** A salary paid in by an employer. */
    PAYROLL_DEPOSIT(true, "Payroll Deposit"),
    /** Money paid in at a branch or machine. */
    DEPOSIT(true, "Deposit"),
    /** A merchant's refund of an earlier purchase. */
    REFUND(true, "Refund"),
    /** Money moved in from another account. */
    TRANSFER_IN(true, "Funds Transfer"),

    /** Cash from an automated teller machine; its network decides whether a fee is due. */
    ATM_WITHDRAWAL(false, "ATM Withdrawal"),
    /** A debit card purchase. */
    INTERAC_PURCHASE(false, "Interac Purchase"),
    /** A bill paid on the web or by telephone. */
    BILL_PAYMENT(false, "Bill Payment"),
    /** A payment the customer authorised a company to take. */
    PRE_AUTHORIZED_PAYMENT(false, "Pre-Auth. Payment"),
    /** A cheque the customer wrote, cashed. */
    CHEQUE(false, "Cheque"),
    /** A mortgage instalment. */
    MORTGAGE_PAYMENT(false, "Mortgage Payment"),
    /** Money moved out to another account. */
    TRANSFER_OUT(false, "Funds Transfer"),
    /** Money taken out at a branch. */
    WITHDRAWAL(false, "Withdrawal");

    private final boolean deposit;
    private final String defaultDescription;

    TransactionType(boolean deposit, String defaultDescription) {
        this.deposit = deposit;
        this.defaultDescription = defaultDescription;
    }

    /** @return true if money comes in, false if it goes out */
    public boolean isDeposit() {
        return deposit;
    }

    /** @return the description used when a transaction gives none */
    public String defaultDescription() {
        return defaultDescription;
    }

    /**
     * @param text a type name, in any case
     * @return the type
     * @throws IllegalArgumentException naming the text and listing the types if there is no such type
     */
    public static TransactionType parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown transaction type '" + text + "' (expected one of "
                    + names() + ")");
        }
    }

    /** @return the type names, comma-separated */
    public static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
