package dev.eventstore.aggregate;

import java.util.List;

/**
 * An aggregate in the decider shape: pure functions, no framework. The state is what
 * {@link #evolve} folds from the stream's events, starting at {@link #initialState()}; a command is
 * turned into new events by {@link #decide}, or rejected by throwing.
 *
 * <pre>{@code
 * Decider<AccountCommand, Account, AccountEvent> accounts = new Decider<>() {
 *     public Account initialState() { return Account.NONE; }
 *     public Account evolve(Account state, AccountEvent event) { ... }
 *     public List<AccountEvent> decide(AccountCommand command, Account state) {
 *         if (command instanceof Withdraw w && state.balance().compareTo(w.amount()) < 0) {
 *             throw new CommandRejectedException("insufficient funds: balance " + state.balance());
 *         }
 *         ...
 *     }
 * };
 * }</pre>
 *
 * <p>The functions should be pure: {@code decide} may run more than once for one command (the
 * {@link CommandHandler} decides again after a concurrent writer changed the stream), and
 * {@code evolve} runs on every load.
 *
 * @param <C> the commands
 * @param <S> the state; may be a nullable type if {@link #initialState()} returns null
 * @param <E> the events, typically a sealed interface of records
 */
public interface Decider<C, S, E> {

    /** @return the state of a stream with no events */
    S initialState();

    /**
     * @param state the state before {@code event}
     * @param event the next event of the stream
     * @return the state after {@code event}
     */
    S evolve(S state, E event);

    /**
     * @param command the command
     * @param state the current state
     * @return the events the command causes, in order; empty if it changes nothing
     * @throws RuntimeException to reject the command, for example {@link CommandRejectedException};
     *     the handler appends nothing and rethrows it unchanged
     */
    List<E> decide(C command, S state);
}
