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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        return store.checkpointStore().load(NAME);
    }

    @Override
    public void apply(List<RecordedEvent> events) throws Exception {
        Map<String, FeeRules.State> changed = new LinkedHashMap<>();
        for (RecordedEvent recorded : events) {
            Optional<TypedEvent<AccountEvent>> decoded = types.decode(recorded, AccountEvent.class);
            if (decoded.isEmpty()) {
                continue;
            }
            String streamId = recorded.streamId();
            FeeRules.State state = changed.containsKey(streamId) ? changed.get(streamId) : load(streamId);
            FeeRules.Outcome outcome = rules.next(state, decoded.get().event());
            for (ChargeFee fee : outcome.fees()) {
                appended.accept(accounts.handle(streamId, fee, EventMetadata.causedBy(recorded)
                        .withEntry("issuedBy", NAME)).lastPosition());
            }
            changed.put(streamId, outcome.state());
        }
        long last = events.get(events.size() - 1).position();
        store.inTransaction(tx -> {
            Connection connection = tx.connection();
            try (PreparedStatement upsert = connection.prepareStatement(sql.upsertFeeState)) {
                for (Map.Entry<String, FeeRules.State> entry : changed.entrySet()) {
                    upsert.setString(1, entry.getKey());
                    upsert.setString(2, json.writeValueAsString(entry.getValue()));
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            store.checkpointStore().save(connection, NAME, last);
            return null;
        });
    }

    @Override
    public void reset() {
        store.inTransaction(tx -> {
            try (Statement statement = tx.connection().createStatement()) {
                statement.executeUpdate(sql.deleteFeeStates);
            }
            store.checkpointStore().save(tx.connection(), NAME, 0);
            return null;
        });
    }

    private FeeRules.State load(String streamId) throws SQLException, IOException {
        try (Connection connection = store.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(sql.selectFeeState)) {
            select.setString(1, streamId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? json.readValue(rows.getString(1), FeeRules.State.class) : null;
            }
        }
    }
}
