package dev.eventstore.examples.bank;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstore.RecordedEvent;
import dev.eventstore.StreamLifecycle;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.CommandResult;
import dev.eventstore.examples.bank.AccountCommand.ChargeFee;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.reactor.Reaction;
import dev.eventstore.reactor.ReactionContext;
import dev.eventstore.typed.EventTypes;
import dev.eventstore.typed.TypedEvent;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The fee policies as a process manager: run by a {@link dev.eventstore.reactor.Reactor} over the
 * {@code account} category, it folds the {@link FeeRules} over each account's events and charges each
 * fee due with a {@link ChargeFee} command. The fees are not code inside the decider: the account only
 * knows how to charge a fee it is told to charge.
 *
 * <p>The reactor makes it exact: each event's fees, the policy's state of the account (a row of
 * {@code bank_fee_policy}) and the reactor's checkpoint commit in one transaction, so a crash charges
 * nothing twice and skips nothing; reactors in several processes take turns; and a re-run from the
 * start (checkpoint back to 0, states emptied) decides every fee again with the command id it had,
 * which the account has handled already.
 * Each fee's event carries, as causation id, the id of the event that made it due, and that event's
 * correlation id: the history shows which import or end-of-day run led to each fee.
 */
public final class FeePolicy implements Reaction<JdbcTransaction> {

    /** The policy's name: its reactor's, its checkpoint's. */
    public static final String NAME = "bank-fee-policy";

    private final EventTypes types;
    private final BankTables tables;
    private final FeeRules rules;
    private final CommandHandler<AccountCommand, Account, AccountEvent> accounts;
    private final LongConsumer charged;
    private final ObjectMapper json;

    /**
     * @param charged told the position of each fee once it has committed
     */
    FeePolicy(EventTypes types, BankTables tables, FeeRules rules,
            CommandHandler<AccountCommand, Account, AccountEvent> accounts, LongConsumer charged) {
        this.types = types;
        this.tables = tables;
        this.rules = rules;
        this.accounts = accounts;
        this.charged = charged;
        this.json = types.objectMapper();
    }

    @Override
    public void react(RecordedEvent recorded, ReactionContext<JdbcTransaction> context) throws Exception {
        if (recorded.type().equals(StreamLifecycle.STREAM_TOMBSTONED)) {
            // The account was deleted: so is what the policy remembered of it, and its snapshots' history.
            BankTables.update(context.transaction().connection(), tables.deleteFeeState, recorded.streamId());
            BankTables.update(context.transaction().connection(), tables.deleteSnapshotLog, recorded.streamId());
            return;
        }
        Optional<TypedEvent<AccountEvent>> decoded = types.decode(recorded, AccountEvent.class);
        if (decoded.isEmpty()) {
            return;
        }
        JdbcTransaction tx = context.transaction();
        String account = recorded.streamId();
        List<String> saved = BankTables.select(tx.connection(), tables.selectFeeState, row -> row.getString(1),
                account);
        FeeRules.State state = saved.isEmpty() ? null : json.readValue(saved.get(0), FeeRules.State.class);
        FeeRules.Outcome outcome = rules.next(state, decoded.get().event());
        for (ChargeFee fee : outcome.fees()) {
            CommandResult<Account, AccountEvent> result = accounts.within(tx).handle(account, fee,
                    context.metadata("fee-" + fee.feeNumber()).withEntry("issuedBy", NAME));
            tx.afterCommit(() -> charged.accept(result.lastPosition()));
        }
        BankTables.update(tx.connection(), tables.upsertFeeState, account, json.writeValueAsString(outcome.state()));
    }
}
