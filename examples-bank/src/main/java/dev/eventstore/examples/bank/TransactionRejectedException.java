package dev.eventstore.examples.bank;

import dev.eventstore.aggregate.CommandRejectedException;

/**
 * One transaction of an {@link AccountCommand.ImportTransactions} broke a rule, so the whole import is
 * refused and nothing is appended. Says which transaction, so that an importer can name the line.
 */
public class TransactionRejectedException extends CommandRejectedException {

    private final int index;

    /**
     * @param index the failing transaction's index in the import, from 0
     * @param count how many transactions the import holds
     * @param refused the decider's refusal of that transaction, kept as the cause
     */
    public TransactionRejectedException(int index, int count, CommandRejectedException refused) {
        super("transaction " + (index + 1) + " of " + count + " refused, so none is booked: " + refused.reason());
        initCause(refused);
        this.index = index;
    }

    /** @return the failing transaction's index in the import, from 0 */
    public int index() {
        return index;
    }

    /** @return why that transaction is refused, without the position */
    public String transactionReason() {
        return ((CommandRejectedException) getCause()).reason();
    }
}
