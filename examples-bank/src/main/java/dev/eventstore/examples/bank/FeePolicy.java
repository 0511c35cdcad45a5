package dev.eventstore.examples.bank;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstore.EventFilter;
import dev.eventstore.RecordedEvent;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.examples.bank.AccountCommand.ChargeFee;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.projection.Projection;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventTypes;
import dev.eventstore.typed.TypedEvent;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The fee policies as a process manager: it follows the {@code account} category, runs the
 * {@link FeeRules} over each account's events, and issues a {@link ChargeFee} command through the
 * accounts' {@link CommandHandler} for each fee due. The fees are not code inside the decider: the
 * account only knows how to charge a fee it is told to charge.
 *
 * <h2>Exactly one charge per fee, across restarts</h2>
 * Each batch goes: decide and issue the batch's fees (each its own append), then save the policy's
 * state per account and its checkpoint in one transaction. A crash in between makes the next run
 * decide the batch again from the saved state, which yields the same fees with the same
 * {@linkplain ChargeFee#feeNumber() fee numbers} (the rules depend only on the events); the account
 * ignores a fee number it has charged already. A rebuild from position 0 is harmless for the same
 * reason. The commands are issued before the policy's own transaction, never inside it: on SQLite a
 * transaction holds the database's only write lock, which the command's append needs.
 *
 * <h2>Several processes at once</h2>
 * Each command of the command line is a process running the policy, and two may run at once. A batch
 * therefore starts from the saved state and checkpoint (read under a lock), skips the events they
 * already cover, and saves its own only if they are later than what is saved by then. Two processes
 * deciding the same fees issue them with the same numbers, and the account charges each once.
 *
 * <h2>Audit trail</h2>
 * Each fee's event carries, as causation id, the id of the event that made it due (the ATM
 * withdrawal, or the event that closed the day), and that event's correlation id: the history shows
 * which import or end-of-day run led to each fee.
 */
public final class FeePolicy implements Projection {

    /** The policy's name, also its checkpoint's. */
    public static final String NAME = "bank-fee-policy";

    private final JdbcEventStore store;
    private final EventTypes types;
    private final BankSql sql;
    private final FeeRules rules;
    private final CommandHandler<AccountCommand, Account, AccountEvent> accounts;
    private final LongConsumer appended;
    private final ObjectMapper json;
    /** The checkpoint this instance last read or wrote; a stored one below it was moved back by a rebuild. */
    private volatile long known;

    FeePolicy(JdbcEventStore store, EventTypes types, BankSql sql, FeeRules rules,
            CommandHandler<AccountCommand, Account, AccountEvent> accounts, LongConsumer appended) {
        this.store = store;
        this.types = types;
        this.sql = sql;
        this.rules = rules;
        this.accounts = accounts;
        this.appended = appended;
        this.json = types.objectMapper();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EventFilter filter() {
        return EventFilter.category(Bank.CATEGORY);
    }

    @Override
    public long checkpoint() {
        long stored = store.checkpointStore().load(NAME);
        known = stored;
        return stored;
    }

    @Override
    public void apply(List<RecordedEvent> events) throws Exception {
        // Start from the saved state and checkpoint, not from where this runner thinks it is:
        // another process running the policy on the same database may have got further.
        Set<String> streams = new LinkedHashSet<>();
        events.forEach(event -> streams.add(event.streamId()));
        Saved saved = store.inTransaction(tx -> load(tx.connection(), streams));
        if (saved.checkpoint() < known) {
            // Another process reset the policy to rebuild it; deciding from its emptied state here
            // would number fees again from 1. Stop, rather than charge or skip anything.
            throw new IllegalStateException("The checkpoint of " + NAME + " went back from " + known + " to "
                    + saved.checkpoint() + ": another process is rebuilding it. This runner stops; start it again "
                    + "once the rebuild is done.");
        }
        long last = events.get(events.size() - 1).position();
        if (last <= saved.checkpoint()) {
            known = saved.checkpoint();
            return;
        }
        Map<String, FeeRules.State> states = new HashMap<>(saved.states());
        Set<String> changed = new LinkedHashSet<>();
        for (RecordedEvent recorded : events) {
            if (recorded.position() <= saved.checkpoint()) {
                continue;
            }
            Optional<TypedEvent<AccountEvent>> decoded = types.decode(recorded, AccountEvent.class);
            if (decoded.isEmpty()) {
                continue;
            }
            String streamId = recorded.streamId();
            FeeRules.Outcome outcome = rules.next(states.get(streamId), decoded.get().event());
            for (ChargeFee fee : outcome.fees()) {
                appended.accept(accounts.handle(streamId, fee, EventMetadata.causedBy(recorded)
                        .withEntry("issuedBy", NAME)).lastPosition());
            }
            states.put(streamId, outcome.state());
            changed.add(streamId);
        }
        store.inTransaction(tx -> {
            Connection connection = tx.connection();
            if (store.checkpointStore().lock(connection, NAME) >= last) {
                return null; // another process saved this far, or further, meanwhile
            }
            // States as of `last`: every stream another process may have saved since our read has an
            // event in this batch, so this replaces its states with later ones, never older ones.
            try (PreparedStatement upsert = connection.prepareStatement(sql.upsertFeeState)) {
                for (String streamId : changed) {
                    upsert.setString(1, streamId);
                    upsert.setString(2, json.writeValueAsString(states.get(streamId)));
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            store.checkpointStore().save(connection, NAME, last);
            return null;
        });
        known = last;
    }

    @Override
    public void reset() {
        store.inTransaction(tx -> {
            store.checkpointStore().lock(tx.connection(), NAME);
            try (Statement statement = tx.connection().createStatement()) {
                statement.executeUpdate(sql.deleteFeeStates);
            }
            store.checkpointStore().save(tx.connection(), NAME, 0);
            return null;
        });
        known = 0;
    }

    /**
     * The policy's saved checkpoint and the saved states of some accounts, read together.
     *
     * @param checkpoint the position the states are as of
     * @param states the states of the accounts asked for that have one
     */
    private record Saved(long checkpoint, Map<String, FeeRules.State> states) {
    }

    private Saved load(Connection connection, Set<String> streams) throws SQLException, IOException {
        long checkpoint = store.checkpointStore().lock(connection, NAME);
        Map<String, FeeRules.State> states = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(sql.selectFeeState)) {
            for (String streamId : streams) {
                select.setString(1, streamId);
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        states.put(streamId, json.readValue(rows.getString(1), FeeRules.State.class));
                    }
                }
            }
        }
        return new Saved(checkpoint, states);
    }
}
