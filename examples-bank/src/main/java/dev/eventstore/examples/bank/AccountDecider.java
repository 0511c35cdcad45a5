package dev.eventstore.examples.bank;

import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.aggregate.Decider;
import dev.eventstore.examples.bank.AccountCommand.ChargeFee;
import dev.eventstore.examples.bank.AccountCommand.CloseAccount;
import dev.eventstore.examples.bank.AccountCommand.CloseDay;
import dev.eventstore.examples.bank.AccountCommand.Deposit;
import dev.eventstore.examples.bank.AccountCommand.ImportTransactions;
import dev.eventstore.examples.bank.AccountCommand.OpenAccount;
import dev.eventstore.examples.bank.AccountCommand.Transaction;
import dev.eventstore.examples.bank.AccountCommand.Withdraw;
import dev.eventstore.examples.bank.AccountEvent.AccountClosed;
import dev.eventstore.examples.bank.AccountEvent.AccountOpened;
import dev.eventstore.examples.bank.AccountEvent.DayClosed;
import dev.eventstore.examples.bank.AccountEvent.FeeCharged;
import dev.eventstore.examples.bank.AccountEvent.MoneyDeposited;
import dev.eventstore.examples.bank.AccountEvent.MoneyWithdrawn;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The chequing account's rules, as pure functions: the balance is a fold over the events, and a
 * command becomes events or is rejected with the reason.
 *
 * <ul>
 *   <li>An account opens once.</li>
 *   <li>Customer transactions are booked in business-date order and never on a closed day: a
 *       transaction dated before the account's {@link Account#openDay() open day} is rejected. This
 *       is what lets the fee policy know that a day is over (see {@link FeeRules}).</li>
 *   <li>A withdrawal that would take the balance below minus the overdraft limit is rejected and
 *       nothing is appended. Fees are not held to the limit: the bank charges them regardless.</li>
 *   <li>An import books all its transactions or none ({@link TransactionRejectedException} says which
 *       one failed).</li>
 *   <li>Fees are idempotent by fee number (see {@link ChargeFee}); closing a closed day does
 *       nothing.</li>
 * </ul>
 */
public final class AccountDecider implements Decider<AccountCommand, Account, AccountEvent> {

    @Override
    public Account initialState() {
        return Account.UNOPENED;
    }

    @Override
    public Account evolve(Account state, AccountEvent event) {
        if (event instanceof AccountOpened opened) {
            return new Account(opened.accountNumber(), opened.openingBalance(), opened.overdraftLimit(),
                    opened.openedOn(), opened.openedOn(), 0, null);
        }
        if (event instanceof MoneyDeposited || event instanceof MoneyWithdrawn) {
            return new Account(state.accountNumber(), state.balance().add(event.balanceChange()),
                    state.overdraftLimit(), state.openedOn(), later(state.openDay(), event.businessDate()),
                    state.feesCharged(), state.closedOn());
        }
        if (event instanceof FeeCharged fee) {
            // Fees are dated by the policy, often before the open day: they never move it.
            return new Account(state.accountNumber(), state.balance().add(event.balanceChange()),
                    state.overdraftLimit(), state.openedOn(), state.openDay(),
                    Math.max(state.feesCharged(), fee.feeNumber()), state.closedOn());
        }
        if (event instanceof AccountClosed closed) {
            return state.closed(closed.closedOn());
        }
        DayClosed closed = (DayClosed) event;
        return new Account(state.accountNumber(), state.balance(), state.overdraftLimit(), state.openedOn(),
                later(state.openDay(), closed.date().plusDays(1)), state.feesCharged(), state.closedOn());
    }

    @Override
    public List<AccountEvent> decide(AccountCommand command, Account state) {
        if (command instanceof OpenAccount open) {
            if (state.exists()) {
                throw new CommandRejectedException("account " + state.accountNumber() + " is already open (since "
                        + state.openedOn() + ")");
            }
            return List.of(new AccountOpened(open.accountNumber(), open.holder(), open.address(), open.openedOn(),
                    open.openingBalance(), open.overdraftLimit()));
        }
        if (!state.exists()) {
            throw new CommandRejectedException("the account is not open");
        }
        if (state.hasBeenClosed()) {
            if (command instanceof CloseAccount || command instanceof ChargeFee) {
                // Closing again changes nothing; a fee decided after the closing is waived.
                return List.of();
            }
            throw new CommandRejectedException("account " + state.accountNumber() + " is closed (since "
                    + state.closedOn() + "): it takes no more transactions");
        }
        if (command instanceof CloseAccount close) {
            if (state.balance().signum() != 0) {
                throw new CommandRejectedException("account " + state.accountNumber() + " cannot be closed with a "
                        + "balance of " + Money.plain(state.balance()) + ": bring it to 0.00 first");
            }
            if (close.date().isBefore(state.openDay())) {
                throw new CommandRejectedException("the account cannot be closed on " + close.date()
                        + ": its books are closed through " + state.openDay().minusDays(1));
            }
            return List.of(new AccountClosed(close.date()));
        }
        if (command instanceof Transaction transaction) {
            return List.of(book(transaction, state));
        }
        if (command instanceof ImportTransactions batch) {
            List<AccountEvent> events = new ArrayList<>(batch.transactions().size());
            Account after = state;
            for (int i = 0; i < batch.transactions().size(); i++) {
                AccountEvent event;
                try {
                    event = book(batch.transactions().get(i), after);
                } catch (CommandRejectedException e) {
                    throw new TransactionRejectedException(i, batch.transactions().size(), e);
                }
                events.add(event);
                after = evolve(after, event);
            }
            return events;
        }
        if (command instanceof ChargeFee fee) {
            if (fee.feeNumber() <= state.feesCharged()) {
                return List.of(); // charged already: a re-run of the policy
            }
            if (fee.feeNumber() != state.feesCharged() + 1) {
                throw new CommandRejectedException("fee number " + fee.feeNumber() + " is out of sequence: the account "
                        + "has charged " + state.feesCharged() + " fees, so the next is number " + (state.feesCharged() + 1));
            }
            if (fee.date().isBefore(state.openedOn())) {
                throw new CommandRejectedException("a fee cannot be dated " + fee.date() + ", before the account opened on "
                        + state.openedOn());
            }
            return List.of(new FeeCharged(fee.feeNumber(), fee.date(), fee.kind(), fee.kind().description(),
                    fee.amount(), fee.reason()));
        }
        CloseDay close = (CloseDay) command;
        if (close.date().isBefore(state.openDay())) {
            return List.of(); // closed already
        }
        return List.of(new DayClosed(close.date()));
    }

    private static AccountEvent book(Transaction transaction, Account state) {
        if (transaction.date().isBefore(state.openDay())) {
            throw new CommandRejectedException("a transaction cannot be dated " + transaction.date()
                    + ": the account books transactions in date order and its earliest open day is "
                    + state.openDay());
        }
        if (transaction instanceof Deposit deposit) {
            return new MoneyDeposited(deposit.date(), deposit.type(), deposit.description(), deposit.ref(),
                    deposit.amount());
        }
        Withdraw withdraw = (Withdraw) transaction;
        if (!state.canWithdraw(withdraw.amount())) {
            throw new CommandRejectedException("withdrawal of " + Money.plain(withdraw.amount()) + " on "
                    + withdraw.date() + " refused: it would take the balance from " + Money.plain(state.balance())
                    + " to " + Money.plain(state.balance().subtract(withdraw.amount()))
                    + ", past the overdraft limit of " + Money.plain(state.overdraftLimit()));
        }
        return new MoneyWithdrawn(withdraw.date(), withdraw.type(), withdraw.network(), withdraw.description(),
                withdraw.ref(), withdraw.amount());
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return b.isAfter(a) ? b : a;
    }
}
