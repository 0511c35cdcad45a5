package dev.eventstore.examples.bank;

import dev.eventstore.EventFilter;
import dev.eventstore.RecordedEvent;
import dev.eventstore.StreamLifecycle;
import dev.eventstore.examples.bank.AccountEvent.AccountOpened;
import dev.eventstore.examples.bank.AccountEvent.FeeCharged;
import dev.eventstore.examples.bank.AccountEvent.MoneyDeposited;
import dev.eventstore.examples.bank.AccountEvent.MoneyWithdrawn;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcProjection;
import dev.eventstore.jdbc.JdbcProjectionHandler;
import dev.eventstore.projection.Projection;
import dev.eventstore.typed.EventTypes;
import dev.eventstore.typed.TypedEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The bank statement as a read model (the query side of CQRS): the accounts and their statement
 * lines in SQL tables of the store's own database ({@link BankTables}), kept up to date from the
 * {@code account} category. {@link AccountQueries} reads them.
 *
 * <p>Each batch of events and the projection's checkpoint commit in one transaction
 * ({@link JdbcProjection}), so every event is applied exactly once, across crashes and restarts. Two
 * processes may run the projection on one database at once (two commands of the command line at the
 * same time): their batches take turns on the checkpoint's row and skip the events it already covers;
 * the lines' primary key would refuse a duplicate anyway.
 *
 * <p>Lines are kept in business-date order with a running balance. Fees are often recorded after
 * later transactions (the fee policy runs behind the writers) yet dated earlier; such a line is put
 * in its place and the balances of the later-dated lines are shifted by its amount, in the same
 * transaction. The statement printed is therefore the same whatever the order in which the fee
 * policy's events landed in the stream.
 */
public final class StatementProjection implements JdbcProjectionHandler {

    /** The projection's name, also its checkpoint's. */
    public static final String NAME = "bank-statement";

    private final JdbcEventStore store;
    private final EventTypes types;
    private final BankTables tables;

    StatementProjection(JdbcEventStore store, EventTypes types, BankTables tables) {
        this.store = store;
        this.types = types;
        this.tables = tables;
    }

    /**
     * @return the projection to run with a {@link dev.eventstore.projection.ProjectionRunner}: this
     *     handler over the {@code account} category, each batch in one transaction with the
     *     checkpoint, safe with other processes running it at the same time
     */
    public Projection projection() {
        return JdbcProjection.builder(NAME, store).filter(EventFilter.category(Bank.CATEGORY)).handler(this).build();
    }

    @Override
    public void apply(List<RecordedEvent> events, Connection connection) throws SQLException {
        for (RecordedEvent recorded : events) {
            if (recorded.type().equals(StreamLifecycle.STREAM_TOMBSTONED)) {
                // The account was deleted (Bank#deleteAccount): its statement goes with it.
                for (String delete : tables.deleteAccount) {
                    BankTables.update(connection, delete, recorded.streamId());
                }
                continue;
            }
            Optional<AccountEvent> decoded = types.decode(recorded, AccountEvent.class).map(TypedEvent::event);
            if (decoded.isEmpty()) {
                continue;
            }
            AccountEvent event = decoded.get();
            if (event instanceof AccountOpened opened) {
                BankTables.update(connection, tables.insertAccount, recorded.streamId(), opened.accountNumber(),
                        opened.holder(), String.join("\n", opened.address()), opened.openedOn().toString(),
                        Money.toCents(opened.openingBalance()), Money.toCents(opened.overdraftLimit()));
            } else if (event instanceof MoneyDeposited deposited) {
                insertLine(connection, recorded, event, deposited.description(), deposited.ref());
            } else if (event instanceof MoneyWithdrawn withdrawn) {
                insertLine(connection, recorded, event, withdrawn.description(), withdrawn.ref());
            } else if (event instanceof FeeCharged fee) {
                insertLine(connection, recorded, event, fee.description(), "");
            }
            // DayClosed and AccountClosed change no line.
        }
    }

    @Override
    public void reset(Connection connection) throws SQLException {
        BankTables.update(connection, tables.deleteLines);
        BankTables.update(connection, tables.deleteAccounts);
    }

    private void insertLine(Connection connection, RecordedEvent recorded, AccountEvent event, String description,
            String ref) throws SQLException {
        String streamId = recorded.streamId();
        String date = event.businessDate().toString();
        long amount = Money.toCents(event.balanceChange());
        Long before = BankTables.firstLong(connection, tables.lastBalanceUpTo, streamId, date);
        if (before == null) {
            before = BankTables.firstLong(connection, tables.selectOpeningBalance, streamId);
            if (before == null) {
                throw new IllegalStateException("the statement has no opening of " + streamId + " before its event at "
                        + "version " + recorded.version());
            }
        }
        BankTables.update(connection, tables.insertLine, streamId, recorded.position(), recorded.version(),
                date, description, ref, amount, before + amount, event instanceof FeeCharged ? 1 : 0);
        BankTables.update(connection, tables.shiftLaterBalances, amount, streamId, date);
    }
}
