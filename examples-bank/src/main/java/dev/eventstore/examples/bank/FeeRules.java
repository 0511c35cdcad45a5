package dev.eventstore.examples.bank;

import dev.eventstore.examples.bank.AccountCommand.ChargeFee;
import dev.eventstore.examples.bank.AccountEvent.AccountOpened;
import dev.eventstore.examples.bank.AccountEvent.DayClosed;
import dev.eventstore.examples.bank.AccountEvent.FeeCharged;
import dev.eventstore.examples.bank.AccountEvent.MoneyDeposited;
import dev.eventstore.examples.bank.AccountEvent.MoneyWithdrawn;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The fee rules, as a pure fold over one account's events in stream order: given what the policy has
 * seen so far ({@link State}) and the next event, the fees now due. {@link FeePolicy} runs it over the
 * log and turns the fees into commands; nothing here touches a store.
 *
 * <h2>The rules</h2>
 * <ul>
 *   <li><b>Interac</b>: an {@link TransactionType#ATM_WITHDRAWAL} on the schedule's network costs the
 *       Interac fee, booked on the withdrawal's date, decided as soon as the withdrawal is seen.</li>
 *   <li><b>Monthly</b>: when a statement's closing date closes (see {@link StatementCycle}), the
 *       monthly fee is booked on that date, before the day's closing balance is taken.</li>
 *   <li><b>Overdraft</b>: when a day closes with the balance below zero and the account is not
 *       already in an overdraft, the overdraft fee is booked on the next day and the account is in
 *       an overdraft; a day that closes at or above zero ends the overdraft. So one fee per
 *       overdraft, however many days it lasts.</li>
 * </ul>
 *
 * <h2>When a day closes</h2>
 * Day <i>D</i> is over when the account's stream shows that the bank has moved past it: a customer
 * transaction dated after <i>D</i>, or a {@link DayClosed} event for <i>D</i> or a later day (the
 * end-of-day run). That is sound because the {@link AccountDecider} books customer transactions in
 * date order and refuses closed days: once a later date has appeared, nothing more can be booked on
 * <i>D</i> except the fees these rules decide themselves. Days are closed one by one, in order,
 * including days without transactions (their closing balance is the previous day's, less any fee
 * booked on them).
 *
 * <p>The balance the rules keep counts the fees they decide at the moment they decide them, and
 * ignores {@link FeeCharged} events: where the fee events land in the stream (the policy runs behind
 * the writers, so a fee may be recorded after later transactions) cannot change a decision. The
 * decisions are therefore a function of the customer events alone, and a re-run after a restart
 * decides the same fees with the same numbers.
 *
 * <p>In the seed statement: the ATM withdrawal on the Interac network on 2003-10-16 costs 1.50 that
 * day; the mortgage payment on 2003-11-06 leaves -62.47, and when the end-of-day run closes the days
 * through 2003-11-08, 2003-11-06 closes below zero (overdraft fee on 2003-11-07) and 2003-11-08 is the
 * statement's closing date (monthly fee that day).
 */
public final class FeeRules {

    /**
     * What the policy knows of one account.
     *
     * @param openedOn the account's opening date, which fixes its statement periods
     * @param openDay the first day not closed yet
     * @param balance the balance of every event seen, plus the fees decided
     * @param overdrawn true while the account is in an overdraft that has been charged for
     * @param feesDecided how many fees have been decided: the last fee number
     */
    public record State(LocalDate openedOn, LocalDate openDay, BigDecimal balance, boolean overdrawn,
            int feesDecided) {
        /** @throws IllegalArgumentException if a component is null or negative */
        public State {
            Checks.notNull("openedOn", openedOn);
            Checks.notNull("openDay", openDay);
            Checks.notNull("balance", balance);
            if (feesDecided < 0) {
                throw new IllegalArgumentException("feesDecided must not be negative, was: " + feesDecided);
            }
        }
    }

    /**
     * @param state the state after the event
     * @param fees the fees the event made due, in order; empty for none
     */
    public record Outcome(State state, List<ChargeFee> fees) {
    }

    private final FeeSchedule schedule;

    /** @param schedule the amounts and the network */
    public FeeRules(FeeSchedule schedule) {
        this.schedule = Checks.notNull("schedule", schedule);
    }

    /** The policy's state for a new account: its opening day is its first open day. */
    private State opened(AccountOpened opened) {
        return new State(opened.openedOn(), opened.openedOn(), opened.openingBalance(), false, 0);
    }

    /**
     * @param state what the policy knows of the account; null if it has not seen the opening
     * @param event the account's next event
     * @return the new state and the fees due now
     * @throws IllegalStateException if {@code state} is null and the event is not an opening
     */
    public Outcome next(State state, AccountEvent event) {
        if (event instanceof AccountOpened opened) {
            return new Outcome(opened(opened), List.of());
        }
        if (state == null) {
            throw new IllegalStateException("the fee policy met a " + event.getClass().getSimpleName()
                    + " of an account whose opening it has not seen");
        }
        Fold fold = new Fold(state);
        if (event instanceof MoneyDeposited deposited) {
            fold.closeDaysBefore(deposited.date());
            fold.balance = fold.balance.add(deposited.amount());
        } else if (event instanceof MoneyWithdrawn withdrawn) {
            fold.closeDaysBefore(withdrawn.date());
            fold.balance = fold.balance.subtract(withdrawn.amount());
            if (withdrawn.type() == TransactionType.ATM_WITHDRAWAL
                    && withdrawn.network().equalsIgnoreCase(schedule.network())) {
                String ref = withdrawn.ref().isEmpty() ? "" : ", ref " + withdrawn.ref();
                fold.charge(FeeKind.INTERAC, withdrawn.date(), "ATM withdrawal on the " + withdrawn.network()
                        + " network on " + withdrawn.date() + ref);
            }
        } else if (event instanceof DayClosed closed) {
            fold.closeDaysBefore(closed.date().plusDays(1));
        }
        // FeeCharged: counted when decided (see the class comment).
        return new Outcome(fold.state(), List.copyOf(fold.fees));
    }

    /** The state being changed by one event, and the fees it decides. */
    private final class Fold {
        private final LocalDate openedOn;
        private LocalDate openDay;
        private BigDecimal balance;
        private boolean overdrawn;
        private int feesDecided;
        private final List<ChargeFee> fees = new ArrayList<>();

        Fold(State state) {
            this.openedOn = state.openedOn();
            this.openDay = state.openDay();
            this.balance = state.balance();
            this.overdrawn = state.overdrawn();
            this.feesDecided = state.feesDecided();
        }

        /** Closes every open day before {@code date}, in order. */
        void closeDaysBefore(LocalDate date) {
            while (openDay.isBefore(date)) {
                closeDay(openDay);
                openDay = openDay.plusDays(1);
            }
        }

        private void closeDay(LocalDate day) {
            if (StatementCycle.isClosingDate(openedOn, day)) {
                StatementCycle cycle = StatementCycle.containing(openedOn, day);
                charge(FeeKind.MONTHLY, day, "statement period " + cycle.from() + " to " + cycle.to() + " closes");
            }
            if (balance.signum() >= 0) {
                overdrawn = false;
            } else if (!overdrawn) {
                overdrawn = true;
                charge(FeeKind.OVERDRAFT, day.plusDays(1), "the balance closed " + day + " at " + Money.plain(balance));
            }
        }

        void charge(FeeKind kind, LocalDate date, String reason) {
            BigDecimal amount = schedule.amount(kind);
            feesDecided++;
            balance = balance.subtract(amount);
            fees.add(new ChargeFee(feesDecided, date, kind, amount, reason));
        }

        State state() {
            return new State(openedOn, openDay, balance, overdrawn, feesDecided);
        }
    }
}
