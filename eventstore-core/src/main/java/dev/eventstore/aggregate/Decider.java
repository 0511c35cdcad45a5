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

    /**
     * Folds events into a state, one {@link #evolve} after the other, as a load does: for a test that
     * checks the state a command leads to ({@code fold(state, decide(command, state))}), or code that
     * has a command's events in hand.
     *
     * @param state the state before the events
     * @param events the events, in order
     * @return the state after the last of them; {@code state} itself if there are none
     * @throws IllegalArgumentException if {@code events} is null
     */
    default S fold(S state, List<? extends E> events) {
        if (events == null) {
            throw new IllegalArgumentException("events must not be null");
        }
        S folded = state;
        for (E event : events) {
            folded = evolve(folded, event);
        }
        return folded;
    }
}
