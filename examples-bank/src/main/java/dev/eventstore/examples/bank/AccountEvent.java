package dev.eventstore.examples.bank;

import dev.eventstore.typed.EventType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What happens to a chequing account: the facts its stream records, oldest first. The balance is a
 * fold over them ({@link AccountDecider#evolve}); the statement is a projection of them
 * ({@link StatementProjection}).
 *
 * <p>Every event carries a business date: the date the bank books it on, which the statement prints
 * and "balance as of a date" uses. It is distinct from the time the store recorded the event: a fee
 * can be recorded after later transactions and still belong to an earlier day.
 *
 * <p>An event is a fact that was recorded, so its record checks nothing. The rules are checked
 * before an event exists: by the {@link AccountCommand}s (the shape of a request) and by the
 * {@link AccountDecider} (the rules of the account). If an event checked them too, then tightening
 * a rule later (a shorter description, a stricter account number) would make the history recorded
 * under the old rule unreadable, and with it the accounts.
 */
public sealed interface AccountEvent {

    /** @return the date the event is booked on */
    default LocalDate businessDate() {
        return this instanceof AccountOpened opened ? opened.openedOn()
                : this instanceof MoneyDeposited deposited ? deposited.date()
                : this instanceof MoneyWithdrawn withdrawn ? withdrawn.date()
                : this instanceof FeeCharged fee ? fee.date()
                : this instanceof AccountClosed closed ? closed.closedOn()
                : ((DayClosed) this).date();
    }

    /** @return what the event does to the balance: positive in, negative out, zero for none */
    default BigDecimal balanceChange() {
        return this instanceof AccountOpened opened ? opened.openingBalance()
                : this instanceof MoneyDeposited deposited ? deposited.amount()
                : this instanceof MoneyWithdrawn withdrawn ? withdrawn.amount().negate()
                : this instanceof FeeCharged fee ? fee.amount().negate()
                : BigDecimal.ZERO.setScale(2);
    }

    /**
     * The account was opened; its opening balance is the previous balance of its first statement.
     *
     * @param accountNumber the number printed on statements, such as {@code 00005-123-456-7}
     * @param holder the holder's name
     * @param address the holder's address, one line each
     * @param openedOn the business date of the opening; statement periods end on this day of each month
     * @param openingBalance the balance carried in, zero or more
     * @param overdraftLimit how far below zero withdrawals may take the balance, zero or more
     */
    @EventType(name = "AccountOpened")
    record AccountOpened(String accountNumber, String holder, List<String> address, LocalDate openedOn,
            BigDecimal openingBalance, BigDecimal overdraftLimit) implements AccountEvent {
    }

    /**
     * Money came in.
     *
     * @param date the business date
     * @param type what kind of deposit; a deposit type
     * @param description what the statement prints
     * @param ref the reference printed in the Ref. column; empty if none
     * @param amount the amount, positive
     */
    @EventType(name = "MoneyDeposited")
    record MoneyDeposited(LocalDate date, TransactionType type, String description, String ref, BigDecimal amount)
            implements AccountEvent {
    }

    /**
     * Money went out, at the customer's request.
     *
     * @param date the business date
     * @param type what kind of withdrawal; a withdrawal type
     * @param network the ATM network of an {@link TransactionType#ATM_WITHDRAWAL} ({@code INTERAC} for
     *     a machine on the shared network), empty for the bank's own machines and other types
     * @param description what the statement prints
     * @param ref the reference printed in the Ref. column; empty if none
     * @param amount the amount, positive
     */
    @EventType(name = "MoneyWithdrawn")
    record MoneyWithdrawn(LocalDate date, TransactionType type, String network, String description, String ref,
            BigDecimal amount) implements AccountEvent {
    }

    /**
     * The bank charged a fee, on the decision of the {@link FeePolicy}.
     *
     * @param feeNumber the fee's number in the account's sequence of fees, from 1: what makes
     *     charging idempotent (see {@link AccountCommand.ChargeFee})
     * @param date the business date the fee is booked on
     * @param kind which fee
     * @param description what the statement prints
     * @param amount the amount, positive
     * @param reason why the policy charged it, for the audit trail
     */
    @EventType(name = "FeeCharged")
    record FeeCharged(int feeNumber, LocalDate date, FeeKind kind, String description, BigDecimal amount,
            String reason) implements AccountEvent {
    }

    /**
     * The bank's end-of-day run closed the account's books through {@code date}: this day and every
     * earlier one are over, and no customer transaction may be booked on them any more. The fee
     * policy charges what is due when a day closes (see {@link FeeRules}).
     *
     * @param date the last day closed
     */
    /**
     * The account was closed: it takes no more transactions, and fees decided afterwards are waived.
     * Its history stays readable (statements, balance as of a date) until the account is deleted.
     *
     * @param closedOn the business date of the closing
     */
    @EventType(name = "AccountClosed")
    record AccountClosed(LocalDate closedOn) implements AccountEvent {
    }

    @EventType(name = "DayClosed")
    record DayClosed(LocalDate date) implements AccountEvent {
    }
}
