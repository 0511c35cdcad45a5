package dev.eventstore.aggregate;

import dev.eventstore.typed.EventTypes;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/** A small bank account aggregate for the tests of this package. */
final class TestAccounts {

    private TestAccounts() {
    }

    sealed interface AccountEvent permits Opened, Deposited, Withdrawn {
    }

    record Opened(String holder) implements AccountEvent {
    }

    record Deposited(BigDecimal amount) implements AccountEvent {
    }

    record Withdrawn(BigDecimal amount) implements AccountEvent {
    }

    sealed interface AccountCommand permits Open, Deposit, Withdraw {
    }

    record Open(String holder) implements AccountCommand {
    }

    record Deposit(BigDecimal amount) implements AccountCommand {
    }

    record Withdraw(BigDecimal amount) implements AccountCommand {
    }

    /** The state: also counts the events folded, to tell a replay from a snapshot's state. */
    record Account(boolean open, String holder, BigDecimal balance, long events) {
        static final Account NONE = new Account(false, null, BigDecimal.ZERO, 0);
    }

    static EventTypes types() {
        return types(EventTypes.builder());
    }

    static EventTypes types(EventTypes.Builder builder) {
        return builder.registerSealed(AccountEvent.class, e -> Set.of("bank")).build();
    }

    static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }

    /** The decider: pure functions. */
    static class AccountDecider implements Decider<AccountCommand, Account, AccountEvent> {
        @Override
        public Account initialState() {
            return Account.NONE;
        }

        @Override
        public Account evolve(Account state, AccountEvent event) {
            if (event instanceof Opened opened) {
                return new Account(true, opened.holder(), state.balance(), state.events() + 1);
            }
            if (event instanceof Deposited deposited) {
                return new Account(state.open(), state.holder(), state.balance().add(deposited.amount()),
                        state.events() + 1);
            }
            Withdrawn withdrawn = (Withdrawn) event;
            return new Account(state.open(), state.holder(), state.balance().subtract(withdrawn.amount()),
                    state.events() + 1);
        }

        @Override
        public List<AccountEvent> decide(AccountCommand command, Account state) {
            if (command instanceof Open open) {
                if (state.open()) {
                    throw new CommandRejectedException("account is already open, for " + state.holder());
                }
                return List.of(new Opened(open.holder()));
            }
            if (!state.open()) {
                throw new CommandRejectedException("account is not open");
            }
            if (command instanceof Deposit deposit) {
                // Depositing nothing changes nothing: an empty decision.
                return deposit.amount().signum() == 0 ? List.of() : List.of(new Deposited(deposit.amount()));
            }
            Withdraw withdraw = (Withdraw) command;
            if (state.balance().compareTo(withdraw.amount()) < 0) {
                throw new CommandRejectedException("insufficient funds: balance " + state.balance() + ", asked "
                        + withdraw.amount());
            }
            return List.of(new Withdrawn(withdraw.amount()));
        }
    }
}
