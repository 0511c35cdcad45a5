package example.jdbc;

import dev.eventstore.EventFilter;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.aggregate.CommandResult;
import dev.eventstore.aggregate.Decider;
import dev.eventstore.aggregate.SnapshotPolicy;
import dev.eventstore.projection.Projection;
import dev.eventstore.projection.ProjectionRunner;
import dev.eventstore.reactor.Reactor;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventTypes;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The typed example of eventstore-core's README: records, a decider, a command sent twice and booked once, a reactor, a projection. */
public final class CoreReadme {

    private CoreReadme() {
    }

    // README:start
    sealed interface AccountEvent permits Opened, Deposited {}
    record Opened(String owner) implements AccountEvent {}
    record Deposited(BigDecimal amount) implements AccountEvent {}
    sealed interface AccountCommand permits Open, Deposit {}
    record Open(String owner) implements AccountCommand {}
    record Deposit(BigDecimal amount) implements AccountCommand {}
    record Account(boolean open, BigDecimal balance) {}

    static class Accounts implements Decider<AccountCommand, Account, AccountEvent> {
        public Account initialState() { return new Account(false, BigDecimal.ZERO); }
        public Account evolve(Account state, AccountEvent event) {
            BigDecimal amount = event instanceof Deposited d ? d.amount() : BigDecimal.ZERO;
            return new Account(true, state.balance().add(amount));
        }
        public List<AccountEvent> decide(AccountCommand command, Account state) {
            if (command instanceof Open open) return state.open() ? List.of() : List.of(new Opened(open.owner()));
            if (!state.open()) throw new CommandRejectedException("account is not open");
            return List.of(new Deposited(((Deposit) command).amount()));
        }
    }

    static Map<String, BigDecimal> example(TransactionalEventStore<?> store) throws InterruptedException {
        EventTypes types = EventTypes.builder().registerSealed(AccountEvent.class).build();
        CommandHandler<AccountCommand, Account, AccountEvent> accounts =
                CommandHandler.builder(store, types, new Accounts(), AccountEvent.class)
                        .snapshots(store.snapshotStore(), SnapshotPolicy.everyEvents(100), Account.class, 1)
                        .build();

        // A process manager: every new account gets a welcome bonus, booked exactly once.
        var bonus = Reactor.builder("welcome-bonus", store)
                .filter(EventFilter.category("account"))
                .reaction((event, ctx) -> {
                    if (types.decode(event, AccountEvent.class).orElseThrow().event() instanceof Opened) {
                        ctx.handle(accounts, event.streamId(), new Deposit(new BigDecimal("5.00")));
                    }
                })
                .start();

        accounts.handle("account-42", new Open("John Jones"), EventMetadata.forCommand("request-1"));
        CommandResult<Account, AccountEvent> deposit =
                accounts.handle("account-42", new Deposit(new BigDecimal("10.50")), EventMetadata.forCommand("request-2"));
        // The client lost the response and sends the same request again: it is booked once.
        CommandResult<Account, AccountEvent> again =
                accounts.handle("account-42", new Deposit(new BigDecimal("10.50")), EventMetadata.forCommand("request-2"));
        // again.alreadyHandled() is true, again.version() == deposit.version(): nothing was appended

        Map<String, BigDecimal> balances = new ConcurrentHashMap<>();
        Projection balanceView = Projection.builder("balances", store.checkpointStore())
                .filter(EventFilter.category("account"))
                .handler(types.batchHandler(Deposited.class,
                        e -> balances.merge(e.streamId(), e.event().amount(), BigDecimal::add)))
                .build();
        try (bonus; ProjectionRunner runner = ProjectionRunner.start(store, balanceView)) {
            bonus.awaitCaughtUp(Duration.ofSeconds(5));
            runner.awaitCaughtUp(Duration.ofSeconds(5));
        }
        return balances; // {account-42=15.50}
    }
    // README:end
}
