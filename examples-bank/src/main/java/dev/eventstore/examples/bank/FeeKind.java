package dev.eventstore.examples.bank;

/** The fees the {@link FeePolicy} charges; each prints on the statement under its description. */
public enum FeeKind {

    /** An ATM withdrawal on the shared Interac network, charged the same day. */
    INTERAC("Fees - Interac"),
    /** The balance closed a day below zero, charged the next day, once per overdraft. */
    OVERDRAFT("Fees - Overdraft"),
    /** The account's monthly fee, charged on each statement's closing date. */
    MONTHLY("Fees - Monthly");

    private final String description;

    FeeKind(String description) {
        this.description = description;
    }

    /** @return what the statement prints, such as {@code Fees - Interac} */
    public String description() {
        return description;
    }
}
