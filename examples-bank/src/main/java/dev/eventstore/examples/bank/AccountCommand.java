package dev.eventstore.examples.bank;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What can be asked of a chequing account. Each record checks its own shape when built (an
 * {@link IllegalArgumentException} naming the bad value); the {@link AccountDecider} checks the
 * business rules against the account's state (a {@link dev.eventstore.aggregate.CommandRejectedException}
 * with the reason).
 */
public sealed interface AccountCommand {

    /**
     * Opens the account.
     *
     * @param accountNumber the number, digits and dashes
     * @param holder the holder's name
     * @param address the holder's address lines
     * @param openedOn the business date of the opening
     * @param openingBalance the balance carried in, zero or more
     * @param overdraftLimit how far below zero withdrawals may take the balance, zero or more
     */
    record OpenAccount(String accountNumber, String holder, List<String> address, LocalDate openedOn,
            BigDecimal openingBalance, BigDecimal overdraftLimit) implements AccountCommand {
        /** @throws IllegalArgumentException naming a bad component */
        public OpenAccount {
            Checks.accountNumber(accountNumber);
            holder = Checks.text("holder", holder);
            address = Checks.lines("address", address);
            Checks.notNull("openedOn", openedOn);
            openingBalance = Money.checked("opening balance", openingBalance, true);
            overdraftLimit = Money.checked("overdraft limit", overdraftLimit, true);
        }
    }

    /** A customer's transaction: a deposit or a withdrawal, on a business date. */
    sealed interface Transaction extends AccountCommand {
        /** @return the business date */
        LocalDate date();

        /** @return the kind of transaction */
        TransactionType type();

        /** @return the amount, positive */
        BigDecimal amount();
    }

    /**
     * Puts money in.
     *
     * @param date the business date
     * @param type a deposit type
     * @param description what the statement prints; the type's default when blank
     * @param ref the Ref. column; empty if none
     * @param amount the amount, positive, at most two decimals
     */
    record Deposit(LocalDate date, TransactionType type, String description, String ref, BigDecimal amount)
            implements Transaction {
        /** @throws IllegalArgumentException naming a bad component */
        public Deposit {
            Checks.notNull("date", date);
            Checks.notNull("type", type);
            if (!type.isDeposit()) {
                throw new IllegalArgumentException(type + " is a withdrawal type; a deposit is one of "
                        + typeNames(true));
            }
            description = defaulted(description, type);
            ref = Checks.optionalText("ref", ref);
            amount = Money.checked("amount", amount, false);
        }
    }

    /**
     * Takes money out, down to the account's overdraft limit.
     *
     * @param date the business date
     * @param type a withdrawal type
     * @param network for an {@link TransactionType#ATM_WITHDRAWAL}, the machine's network
     *     ({@code INTERAC} for the shared network; empty for the bank's own machines); empty otherwise
     * @param description what the statement prints; the type's default when blank
     * @param ref the Ref. column; empty if none
     * @param amount the amount, positive, at most two decimals
     */
    record Withdraw(LocalDate date, TransactionType type, String network, String description, String ref,
            BigDecimal amount) implements Transaction {
        /** @throws IllegalArgumentException naming a bad component */
        public Withdraw {
            Checks.notNull("date", date);
            Checks.notNull("type", type);
            if (type.isDeposit()) {
                throw new IllegalArgumentException(type + " is a deposit type; a withdrawal is one of "
                        + typeNames(false));
            }
            network = Checks.optionalText("network", network);
            if (!network.isEmpty() && type != TransactionType.ATM_WITHDRAWAL) {
                throw new IllegalArgumentException("only an ATM_WITHDRAWAL has a network, but a " + type
                        + " was given network '" + network + "'");
            }
            description = defaulted(description, type);
            ref = Checks.optionalText("ref", ref);
            amount = Money.checked("amount", amount, false);
        }
    }

    /**
     * Books many transactions at once, all or none: one append, so a file that cannot be booked
     * entirely leaves no trace.
     *
     * @param source where the transactions come from (a file name), for the audit trail
     * @param transactions the transactions in booking order, at least one
     */
    record ImportTransactions(String source, List<Transaction> transactions) implements AccountCommand {
        /** @throws IllegalArgumentException if a component is null or the list empty */
        public ImportTransactions {
            source = Checks.text("source", source);
            Checks.notNull("transactions", transactions);
            if (transactions.isEmpty()) {
                throw new IllegalArgumentException("an import needs at least one transaction; " + source
                        + " has none");
            }
            transactions = List.copyOf(transactions);
        }
    }

    /**
     * Charges a fee; issued by the {@link FeePolicy}, not by customers. Idempotent by
     * {@code feeNumber}: the policy numbers its fees 1, 2, 3, ... per account, in the order it decides
     * them, and a fee whose number the account has already charged is a no-op. The policy's
     * decisions depend only on the account's events in stream order, so a policy re-run after a
     * restart issues the same numbers and charges nothing twice.
     *
     * @param feeNumber the fee's number, from 1
     * @param date the business date to book it on
     * @param kind which fee
     * @param amount the amount, positive
     * @param reason why it is due, for the audit trail
     */
    record ChargeFee(int feeNumber, LocalDate date, FeeKind kind, BigDecimal amount, String reason)
            implements AccountCommand {
        /** @throws IllegalArgumentException naming a bad component */
        public ChargeFee {
            if (feeNumber < 1) {
                throw new IllegalArgumentException("feeNumber must be at least 1, was: " + feeNumber);
            }
            Checks.notNull("date", date);
            Checks.notNull("kind", kind);
            amount = Money.checked("fee amount", amount, false);
            reason = Checks.optionalText("reason", reason);
        }
    }

    /**
     * The bank's end-of-day run: closes the account's books through {@code date}. Closing a day that
     * is closed already does nothing.
     *
     * @param date the last day to close
     */
    record CloseDay(LocalDate date) implements AccountCommand {
        /** @throws IllegalArgumentException if {@code date} is null */
        public CloseDay {
            Checks.notNull("date", date);
        }
    }

    /**
     * Close the account for good on a business date. The balance must be zero (withdraw or deposit what
     * is left first); closing a closed account does nothing.
     *
     * @param date the business date of the closing
     */
    record CloseAccount(LocalDate date) implements AccountCommand {
        /** @throws IllegalArgumentException if {@code date} is null */
        public CloseAccount {
            Checks.notNull("date", date);
        }
    }

    private static String defaulted(String description, TransactionType type) {
        String given = Checks.optionalText("description", description);
        return given.isEmpty() ? type.defaultDescription() : given;
    }

    private static String typeNames(boolean deposits) {
        return Arrays.stream(TransactionType.values()).filter(t -> t.isDeposit() == deposits).map(Enum::name)
                .collect(Collectors.joining(", "));
    }
}
