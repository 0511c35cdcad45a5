package dev.eventstore.aggregate;

import static dev.eventstore.aggregate.TestAccounts.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.WrongExpectedVersionException;
import dev.eventstore.aggregate.TestAccounts.Account;
import dev.eventstore.aggregate.TestAccounts.AccountCommand;
import dev.eventstore.aggregate.TestAccounts.AccountDecider;
import dev.eventstore.aggregate.TestAccounts.AccountEvent;
import dev.eventstore.aggregate.TestAccounts.Deposit;
import dev.eventstore.aggregate.TestAccounts.Deposited;
import dev.eventstore.aggregate.TestAccounts.Open;
import dev.eventstore.aggregate.TestAccounts.Opened;
import dev.eventstore.aggregate.TestAccounts.Withdraw;
import dev.eventstore.aggregate.TestAccounts.Withdrawn;
import dev.eventstore.memory.InMemoryEventStore;
import dev.eventstore.memory.InMemorySnapshotStore;
import dev.eventstore.typed.EventDecodingException;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventTypes;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CommandHandlerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    private final InMemoryEventStore memory = new InMemoryEventStore(clock);
    private final CountingEventStore store = new CountingEventStore(memory);
    private final EventTypes types = TestAccounts.types();
    private final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();

    @AfterEach
    void close() {
        store.close();
    }

    private CommandHandler.Builder<AccountCommand, Account, AccountEvent> handler(
            Decider<AccountCommand, Account, AccountEvent> decider) {
        return CommandHandler.builder(store, types, decider, AccountEvent.class);
    }

    private CommandHandler<AccountCommand, Account, AccountEvent> plain() {
        return handler(new AccountDecider()).build();
    }

    private CommandHandler<AccountCommand, Account, AccountEvent> snapshotting(long every, int schemaVersion) {
        return handler(new AccountDecider())
                .snapshots(snapshots, SnapshotPolicy.everyEvents(every), Account.class, schemaVersion)
                .clock(clock)
                .build();
    }

    /** Opens the account and makes {@code deposits} deposits of 1.00 each. */
    private void openWithDeposits(CommandHandler<AccountCommand, Account, AccountEvent> handler, String stream,
            int deposits) {
        handler.handle(stream, new Open("John Jones"));
        for (int i = 0; i < deposits; i++) {
            handler.handle(stream, new Deposit(money("1.00")));
        }
    }

    private void competingDeposit(String stream, String amount) {
        memory.append(stream, ExpectedVersion.any(), List.of(types.encode(new Deposited(money(amount)))));
    }

    @Nested
    class Handling {

        @Test
        void appendsTheDecidedEventsAndReturnsTheNewStateAndVersion() {
            CommandHandler<AccountCommand, Account, AccountEvent> accounts = plain();
            accounts.handle("account-1", new Open("John Jones"));

            CommandResult<Account, AccountEvent> result = accounts.handle("account-1", new Deposit(money("10.50")));

            assertThat(result.streamId()).isEqualTo("account-1");
            assertThat(result.events()).containsExactly(new Deposited(money("10.50")));
            assertThat(result.appended()).hasSize(1);
            assertThat(result.appended().get(0).type()).isEqualTo("Deposited");
            assertThat(result.state()).isEqualTo(new Account(true, "John Jones", money("10.50"), 2));
            assertThat(result.version()).isEqualTo(2);
            assertThat(result.lastPosition()).isEqualTo(memory.headPosition());
            assertThat(result.attempts()).isEqualTo(1);
            assertThat(result.isEmpty()).isFalse();
            List<RecordedEvent> recorded = memory.readStream("account-1").toList();
            assertThat(recorded).extracting(RecordedEvent::type).containsExactly("Opened", "Deposited");
            assertThat(recorded.get(1).id()).isEqualTo(result.appended().get(0).id());
            assertThat(recorded.get(1).tags()).containsExactly("bank");
        }

        @Test
        void aRejectedCommandAppendsNothingAndSurfacesTheDecidersReason() {
            CommandHandler<AccountCommand, Account, AccountEvent> accounts = plain();
            accounts.handle("account-1", new Open("John Jones"));
            accounts.handle("account-1", new Deposit(money("5.00")));

            assertThatThrownBy(() -> accounts.handle("account-1", new Withdraw(money("7.00"))))
                    .isExactlyInstanceOf(CommandRejectedException.class)
                    .hasMessage("insufficient funds: balance 5.00, asked 7.00")
                    .extracting(e -> ((CommandRejectedException) e).reason())
                    .isEqualTo("insufficient funds: balance 5.00, asked 7.00");
            assertThat(memory.streamVersion("account-1")).isEqualTo(2);
        }

        @Test
        void rethrowsTheDecidersOwnExceptionUnchanged() {
            IllegalStateException refusal = new IllegalStateException("frozen by compliance");
            CommandHandler<AccountCommand, Account, AccountEvent> accounts = handler(new AccountDecider() {
                @Override
                public List<AccountEvent> decide(AccountCommand command, Account state) {
                    throw refusal;
                }
            }).build();

            assertThatThrownBy(() -> accounts.handle("account-1", new Open("x"))).isSameAs(refusal);
            assertThat(memory.streamVersion("account-1")).isZero();
        }

        @Test
        void anEmptyDecisionAppendsNothingAndReturnsTheCurrentVersion() {
            CommandHandler<AccountCommand, Account, AccountEvent> accounts = plain();
            openWithDeposits(accounts, "account-1", 2);
            long head = memory.headPosition();

            CommandResult<Account, AccountEvent> result = accounts.handle("account-1", new Deposit(BigDecimal.ZERO));

            assertThat(result.isEmpty()).isTrue();
            assertThat(result.appended()).isEmpty();
            assertThat(result.version()).isEqualTo(3);
            assertThat(result.lastPosition()).isZero();
            assertThat(result.state().balance()).isEqualByComparingTo("2.00");
            assertThat(memory.headPosition()).isEqualTo(head);
        }

        @Test
        void aDeciderFoldsEventsAsALoadDoes() {
            AccountDecider decider = new AccountDecider();
            CommandHandler<AccountCommand, Account, AccountEvent> accounts = plain();
            accounts.handle("account-1", new Open("Ann"));
            accounts.handle("account-1", new Deposit(new BigDecimal("5.00")));
            Account opened = decider.fold(Account.NONE, decider.decide(new Open("Ann"), Account.NONE));

            assertThat(decider.fold(opened, decider.decide(new Deposit(new BigDecimal("5.00")), opened)))
                    .isEqualTo(accounts.load("account-1").state());
            assertThat(decider.fold(opened, List.of())).isSameAs(opened);
            assertThatThrownBy(() -> decider.fold(opened, null)).hasMessage("events must not be null");
        }

        @Test
        void loadCategoryFoldsEveryStreamOfTheCategoryInTheOrderTheyBegan() {
            CommandHandler<AccountCommand, Account, AccountEvent> accounts = plain();
            accounts.handle("account-2", new Open("Bob"));
            accounts.handle("account-1", new Open("Ann"));
            accounts.handle("account-2", new Deposit(new BigDecimal("5.00")));
            accounts.handle("accountant-1", new Open("Not an account"));

            List<AggregateState<Account>> all = accounts.loadCategory("account");

            assertThat(all).extracting(AggregateState::streamId).containsExactly("account-2", "account-1");
            assertThat(all.get(0).version()).isEqualTo(2);
            assertThat(all.get(0).state()).isEqualTo(accounts.load("account-2").state());
            assertThat(all.get(1).state().holder()).isEqualTo("Ann");
            assertThat(accounts.loadCategory("nothing")).isEmpty();
            assertThatThrownBy(() -> accounts.loadCategory(" ")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void theFirstCommandOfAStreamCreatesIt() {
            CommandResult<Account, AccountEvent> result = plain().handle("account-9", new Open("Ann"));

            assertThat(result.version()).isEqualTo(1);
            assertThat(memory.streamVersion("account-9")).isEqualTo(1);
        }

        @Test
        void aCommandOnANewStreamThatTheDeciderRejectsLeavesNoStream() {
            assertThatThrownBy(() -> plain().handle("account-9", new Deposit(money("1"))))
                    .isInstanceOf(CommandRejectedException.class).hasMessage("account is not open");
            assertThat(memory.streamVersion("account-9")).isZero();
        }

        @Test
        void anEventOfAnUnregisteredClassAppendsNothing() {
            EventTypes onlyOpened = EventTypes.builder().register(Opened.class, "Opened", 1).build();
            CommandHandler<AccountCommand, Account, AccountEvent> accounts =
                    CommandHandler.builder(store, onlyOpened, new AccountDecider(), AccountEvent.class).build();
            accounts.handle("account-1", new Open("x"));

            assertThatThrownBy(() -> accounts.handle("account-1", new Deposit(money("1"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(Deposited.class.getName() + " is not registered");
            assertThat(memory.streamVersion("account-1")).isEqualTo(1);
        }

        @Test
        void aDeciderReturningNullIsAnError() {
            CommandHandler<AccountCommand, Account, AccountEvent> nullDecision = handler(new AccountDecider() {
                @Override
                public List<AccountEvent> decide(AccountCommand command, Account state) {
                    return null;
                }
            }).build();
            List<AccountEvent> withNull = new ArrayList<>();
            withNull.add(new Opened("x"));
            withNull.add(null);
            CommandHandler<AccountCommand, Account, AccountEvent> nullEvent = handler(new AccountDecider() {
                @Override
                public List<AccountEvent> decide(AccountCommand command, Account state) {
                    return withNull;
                }
            }).build();

            assertThatThrownBy(() -> nullDecision.handle("account-1", new Open("x")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("returned null");
            assertThatThrownBy(() -> nullEvent.handle("account-1", new Open("x")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("null event at index 1");
            assertThat(memory.streamVersion("account-1")).isZero();
        }

        @Test
        void anUndecodableEventFailsTheCommandNamingStreamVersionAndType() {
            CommandHandler<AccountCommand, Account, AccountEvent> accounts = plain();
            accounts.handle("account-1", new Open("x"));
            memory.append("account-1", ExpectedVersion.any(), List.of(EventData.of("Deposited", "{\"amount\":\"lots\"}")));

            assertThatThrownBy(() -> accounts.handle("account-1", new Deposit(money("1"))))
                    .isInstanceOf(EventDecodingException.class)
                    .hasMessageContaining("'Deposited'")
                    .hasMessageContaining("stream 'account-1' at version 2");
            assertThat(memory.streamVersion("account-1")).isEqualTo(2);
        }

        @Test
        void anUnknownTypeInTheStreamFailsTheLoad() {
            CommandHandler<AccountCommand, Account, AccountEvent> accounts = plain();
            accounts.handle("account-1", new Open("x"));
            memory.append("account-1", ExpectedVersion.any(), List.of(EventData.of("Audited", "{}")));

            assertThatThrownBy(() -> accounts.load("account-1"))
                    .isInstanceOf(EventDecodingException.class)
                    .hasMessageContaining("'Audited' is not registered");
        }

        @Test
        void unknownTypesSkippedByOptionStillCountForTheVersion() {
            EventTypes lenient = TestAccounts.types(EventTypes.builder().skipUnknownTypes(true));
            CommandHandler<AccountCommand, Account, AccountEvent> accounts =
                    CommandHandler.builder(store, lenient, new AccountDecider(), AccountEvent.class).build();
            accounts.handle("account-1", new Open("x"));
            memory.append("account-1", ExpectedVersion.any(), List.of(EventData.of("Audited", "{}")));

            CommandResult<Account, AccountEvent> result = accounts.handle("account-1", new Deposit(money("1")));

            assertThat(result.version()).isEqualTo(3);
            assertThat(result.attempts()).isEqualTo(1);
            assertThat(result.state().events()).isEqualTo(2);
        }

        @Test
        void anEventOfAnotherFamilyInTheStreamFailsTheLoad() {
            EventTypes withOther = TestAccounts.types(EventTypes.builder().register(Other.class, "Other", 1));
            CommandHandler<AccountCommand, Account, AccountEvent> accounts =
                    CommandHandler.builder(store, withOther, new AccountDecider(), AccountEvent.class).build();
            memory.append("account-1", ExpectedVersion.any(), List.of(withOther.encode(new Other())));

            assertThatThrownBy(() -> accounts.load("account-1"))
                    .isInstanceOf(EventDecodingException.class)
                    .hasMessageContaining("not a " + AccountEvent.class.getName());
        }

        @Test
        void rejectsBadArguments() {
            CommandHandler<AccountCommand, Account, AccountEvent> accounts = plain();

            assertThatThrownBy(() -> accounts.handle(null, new Open("x")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("streamId must not be null");
            assertThatThrownBy(() -> accounts.handle(" ", new Open("x")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("streamId must not be blank");
            assertThatThrownBy(() -> accounts.handle("account-1", null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("command must not be null");
            assertThatThrownBy(() -> accounts.handle("account-1", new Open("x"), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata must not be null");
            assertThatThrownBy(() -> accounts.stateAt("account-1", -1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version must be at least 0, was: -1");
            assertThatThrownBy(() -> accounts.stateAt("account-1", (Instant) null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time must not be null");
            assertThatThrownBy(() -> CommandHandler.builder(null, types, new AccountDecider(), AccountEvent.class))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("store must not be null");
            assertThatThrownBy(() -> handler(new AccountDecider()).maxRetries(-1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRetries must be at least 0, was: -1");
            assertThatThrownBy(() -> handler(new AccountDecider()).snapshots(snapshots, SnapshotPolicy.none(),
                    Account.class, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("schemaVersion must be at least 1, was: 0");
            assertThat(memory.headPosition()).isZero();
        }
    }

    record Other() {
    }

    @Nested
    class Metadata {

        @Test
        void eventsOfACommandCarryItsCorrelationAndCausation() {
            CommandHandler<AccountCommand, Account, AccountEvent> accounts = plain();

            accounts.handle("account-1", new Open("x"), EventMetadata.forCommand("cmd-1").withEntry("user", "alice"));

            EventMetadata stored = EventMetadata.fromJson(memory.readStream("account-1").toList().get(0).metadata());
            assertThat(stored.correlationId()).contains("cmd-1");
            assertThat(stored.causationId()).contains("cmd-1");
            assertThat(stored.entry("user")).contains("alice");
        }

        @Test
        void withoutMetadataEventsStillGetACorrelationId() {
            plain().handle("account-1", new Open("x"));

            EventMetadata stored = EventMetadata.fromJson(memory.readStream("account-1").toList().get(0).metadata());
            assertThat(stored.correlationId()).isPresent();
            assertThat(stored.causationId()).isEmpty();
        }

        @Test
        void aPolicyReactingToAnEventCarriesTheConversationOn() {
            CommandHandler<AccountCommand, Account, AccountEvent> accounts = plain();
            accounts.handle("account-1", new Open("x"), EventMetadata.forCommand("cmd-1"));
            accounts.handle("account-1", new Deposit(money("100")), EventMetadata.forCommand("cmd-2", "cmd-1"));
            RecordedEvent deposited = memory.readStream("account-1").toList().get(1);

            // A policy: each deposit on account-1 opens a linked savings account.
            accounts.handle("account-2", new Open("savings"), EventMetadata.causedBy(deposited));

            EventMetadata reaction = EventMetadata.fromJson(memory.readStream("account-2").toList().get(0).metadata());
            assertThat(reaction.causationId()).contains(deposited.id().toString());
            assertThat(reaction.correlationId()).contains("cmd-1");
        }
    }

    @Nested
    class Conflicts {

        /** A decider that, on the first calls, lets a competing writer append between load and append. */
        private Decider<AccountCommand, Account, AccountEvent> competing(String stream, String amount, int times,
                AtomicInteger calls) {
            return new AccountDecider() {
                @Override
                public List<AccountEvent> decide(AccountCommand command, Account state) {
                    if (calls.incrementAndGet() <= times) {
                        competingDeposit(stream, amount);
                    }
                    return super.decide(command, state);
                }
            };
        }

        @Test
        void aConflictReloadsAndDecidesAgain() {
            plain().handle("account-1", new Open("x"));
            AtomicInteger calls = new AtomicInteger();
            CommandHandler<AccountCommand, Account, AccountEvent> accounts =
                    handler(competing("account-1", "100", 1, calls)).build();

            CommandResult<Account, AccountEvent> result = accounts.handle("account-1", new Deposit(money("5")));

            assertThat(calls).hasValue(2);
            assertThat(result.attempts()).isEqualTo(2);
            assertThat(result.version()).isEqualTo(3);
            assertThat(result.state().balance()).isEqualByComparingTo("105");
            assertThat(memory.readStream("account-1").map(RecordedEvent::type).toList())
                    .containsExactly("Opened", "Deposited", "Deposited");
        }

        @Test
        void theSecondDecisionSeesWhatTheCompetingWriterDid() {
            CommandHandler<AccountCommand, Account, AccountEvent> accounts = plain();
            accounts.handle("account-1", new Open("x"));
            accounts.handle("account-1", new Deposit(money("100")));
            AtomicInteger calls = new AtomicInteger();
            CommandHandler<AccountCommand, Account, AccountEvent> racing = handler(new AccountDecider() {
                @Override
                public List<AccountEvent> decide(AccountCommand command, Account state) {
                    if (calls.incrementAndGet() == 1) {
                        memory.append("account-1", ExpectedVersion.any(),
                                List.of(types.encode(new Withdrawn(money("50")))));
                    }
                    return super.decide(command, state);
                }
            }).build();

            assertThatThrownBy(() -> racing.handle("account-1", new Withdraw(money("80"))))
                    .isInstanceOf(CommandRejectedException.class)
                    .hasMessageContaining("insufficient funds: balance 50");
            assertThat(calls).hasValue(2);
            assertThat(memory.streamVersion("account-1")).isEqualTo(3);
        }

        @Test
        void whenTheRetriesAreUsedUpTheLastConflictIsRethrown() {
            plain().handle("account-1", new Open("x"));
            AtomicInteger calls = new AtomicInteger();
            CommandHandler<AccountCommand, Account, AccountEvent> accounts =
                    handler(competing("account-1", "1", Integer.MAX_VALUE, calls)).maxRetries(2).build();

            assertThatThrownBy(() -> accounts.handle("account-1", new Deposit(money("5"))))
                    .isInstanceOf(WrongExpectedVersionException.class)
                    .hasMessageContaining("account-1")
                    .satisfies(e -> assertThat(((WrongExpectedVersionException) e).actualVersion()).isEqualTo(4));
            assertThat(calls).hasValue(3);
            assertThat(memory.readStream("account-1").map(e -> types.decode(e).orElseThrow().event()).toList())
                    .as("only the competing writer's events")
                    .containsExactly(new Opened("x"), new Deposited(money("1")), new Deposited(money("1")),
                            new Deposited(money("1")));
        }

        @Test
        void noRetryFailsOnTheFirstConflict() {
            plain().handle("account-1", new Open("x"));
            AtomicInteger calls = new AtomicInteger();
            CommandHandler<AccountCommand, Account, AccountEvent> accounts =
                    handler(competing("account-1", "1", 1, calls)).maxRetries(0).build();

            assertThatThrownBy(() -> accounts.handle("account-1", new Deposit(money("5"))))
                    .isInstanceOf(WrongExpectedVersionException.class);
            assertThat(calls).hasValue(1);
        }

        @Test
        void concurrentCommandsAllSucceedWithinTheRetries() throws Exception {
            CommandHandler<AccountCommand, Account, AccountEvent> accounts =
                    handler(new AccountDecider()).maxRetries(100).build();
            accounts.handle("account-1", new Open("x"));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<CommandResult<Account, AccountEvent>>> results = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    results.add(pool.submit(() -> accounts.handle("account-1", new Deposit(money("0.01")))));
                }
                for (Future<CommandResult<Account, AccountEvent>> result : results) {
                    result.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(accounts.load("account-1").state().balance()).isEqualByComparingTo("2.00");
            assertThat(memory.streamVersion("account-1")).isEqualTo(201);
        }
    }

    @Nested
    class Snapshots {

        @Test
        void takesASnapshotEachTimeTheStreamCrossesAMultipleOfN() {
            CommandHandler<AccountCommand, Account, AccountEvent> accounts = snapshotting(3, 1);
            List<Long> snapshotVersions = new ArrayList<>();

            accounts.handle("account-1", new Open("x"));
            for (int i = 0; i < 7; i++) {
                accounts.handle("account-1", new Deposit(money("1")));
                snapshotVersions.add(snapshots.load("account-1").map(Snapshot::version).orElse(0L));
            }

            assertThat(snapshotVersions).containsExactly(0L, 3L, 3L, 3L, 6L, 6L, 6L);
            Snapshot latest = snapshots.load("account-1").orElseThrow();
            assertThat(latest.stateType()).isEqualTo(Account.class.getName());
            assertThat(latest.schemaVersion()).isEqualTo(1);
            assertThat(latest.state()).contains("\"balance\":5,");
            assertThat(latest.takenAt()).isEqualTo(clock.instant());
        }

        @Test
        void loadingFromASnapshotReadsOnlyTheLaterEvents() {
            openWithDeposits(snapshotting(5, 1), "account-1", 6);
            assertThat(snapshots.load("account-1").orElseThrow().version()).isEqualTo(5);
            store.reset();

            AggregateState<Account> loaded = snapshotting(5, 1).load("account-1");

            assertThat(store.reads()).hasSize(1);
            assertThat(store.reads().get(0).fromVersion()).isEqualTo(6);
            assertThat(store.reads().get(0).count()).isEqualTo(2);
            assertThat(loaded.version()).isEqualTo(7);
            assertThat(loaded.state()).isEqualTo(plain().load("account-1").state());
        }

        @Test
        void aCommandAfterASnapshotReadsOnlyTheLaterEvents() {
            openWithDeposits(snapshotting(4, 1), "account-1", 3);
            store.reset();

            CommandResult<Account, AccountEvent> result = snapshotting(4, 1).handle("account-1",
                    new Deposit(money("1")));

            assertThat(store.reads()).extracting(CountingEventStore.Read::fromVersion).containsExactly(5L);
            assertThat(store.eventsRead()).isZero();
            assertThat(result.version()).isEqualTo(5);
            assertThat(result.state().balance()).isEqualByComparingTo("4");
        }

        @Test
        void aSnapshotOfAnotherSchemaVersionIsIgnoredAndTheStreamReplayed() {
            openWithDeposits(snapshotting(2, 1), "account-1", 4);
            store.reset();

            CommandHandler<AccountCommand, Account, AccountEvent> v2 = snapshotting(2, 2);
            CommandResult<Account, AccountEvent> result = v2.handle("account-1", new Deposit(money("1")));

            assertThat(store.reads()).extracting(CountingEventStore.Read::fromVersion).containsExactly(1L);
            assertThat(store.eventsRead()).isEqualTo(5);
            assertThat(result.state()).isEqualTo(new Account(true, "John Jones", money("5.00"), 6));
            assertThat(snapshots.load("account-1").orElseThrow().schemaVersion())
                    .as("the next snapshot is taken at the new schema version").isEqualTo(2);
        }

        @Test
        void aSnapshotOfAnotherStateTypeIsIgnored() {
            openWithDeposits(plain(), "account-1", 2);
            snapshots.save(new Snapshot("account-1", 3, "com.example.Other", 1, "{}", clock.instant()));
            store.reset();

            AggregateState<Account> loaded = snapshotting(100, 1).load("account-1");

            assertThat(store.reads()).extracting(CountingEventStore.Read::fromVersion).containsExactly(1L);
            assertThat(loaded.state().balance()).isEqualByComparingTo("2");
        }

        @Test
        void anUndecodableSnapshotIsIgnoredAndTheStreamReplayed() {
            openWithDeposits(plain(), "account-1", 2);
            snapshots.save(new Snapshot("account-1", 3, Account.class.getName(), 1, "{\"bogus\":true}",
                    clock.instant()));
            store.reset();

            AggregateState<Account> loaded = snapshotting(100, 1).load("account-1");

            assertThat(store.reads()).extracting(CountingEventStore.Read::fromVersion).containsExactly(1L);
            assertThat(loaded).isEqualTo(new AggregateState<>("account-1",
                    new Account(true, "John Jones", money("2.00"), 3), 3));
        }

        @Test
        void aSnapshotStoreThatFailsNeverFailsTheCommand() {
            SnapshotStore broken = new SnapshotStore() {
                @Override
                public void save(Snapshot snapshot) {
                    throw new IllegalStateException("disk full");
                }

                @Override
                public Optional<Snapshot> load(String streamId) {
                    throw new IllegalStateException("disk gone");
                }

                @Override
                public void delete(String streamId) {
                }
            };
            CommandHandler<AccountCommand, Account, AccountEvent> accounts = handler(new AccountDecider())
                    .snapshots(broken, SnapshotPolicy.everyEvents(1), Account.class, 1).build();

            accounts.handle("account-1", new Open("x"));
            CommandResult<Account, AccountEvent> result = accounts.handle("account-1", new Deposit(money("1")));

            assertThat(result.version()).isEqualTo(2);
            assertThat(memory.streamVersion("account-1")).isEqualTo(2);
        }

        @Test
        void aStateThatCannotBeWrittenDoesNotFailTheCommand() {
            CommandHandler<AccountCommand, Account, AccountEvent> accounts = handler(new AccountDecider())
                    .snapshots(snapshots, (before, after) -> {
                        throw new IllegalStateException("policy bug");
                    }, Account.class, 1).build();

            assertThat(accounts.handle("account-1", new Open("x")).version()).isEqualTo(1);
        }

        @Test
        void withPolicyNoneExistingSnapshotsAreStillUsed() {
            openWithDeposits(snapshotting(3, 1), "account-1", 3);
            store.reset();
            CommandHandler<AccountCommand, Account, AccountEvent> readOnly = handler(new AccountDecider())
                    .snapshots(snapshots, SnapshotPolicy.none(), Account.class, 1).build();

            readOnly.handle("account-1", new Deposit(money("1")));
            readOnly.handle("account-1", new Deposit(money("1")));

            assertThat(snapshots.load("account-1").orElseThrow().version()).isEqualTo(3);
            assertThat(store.reads()).extracting(CountingEventStore.Read::fromVersion).containsExactly(4L, 4L);
        }
    }

    @Nested
    class Temporal {

        @Test
        void stateAsOfAVersion() {
            CommandHandler<AccountCommand, Account, AccountEvent> accounts = plain();
            accounts.handle("account-1", new Open("x"));
            accounts.handle("account-1", new Deposit(money("10")));
            accounts.handle("account-1", new Withdraw(money("3")));
            accounts.handle("account-1", new Deposit(money("100")));

            assertThat(accounts.stateAt("account-1", 0)).isEqualTo(new AggregateState<>("account-1", Account.NONE, 0));
            assertThat(accounts.stateAt("account-1", 1).state().open()).isTrue();
            assertThat(accounts.stateAt("account-1", 3).state().balance()).isEqualByComparingTo("7");
            assertThat(accounts.stateAt("account-1", 3).version()).isEqualTo(3);
            assertThat(accounts.stateAt("account-1", 99).version()).as("beyond the end: the current state")
                    .isEqualTo(4);
            assertThat(accounts.stateAt("account-9", 5).isNew()).isTrue();
        }

        @Test
        void stateAsOfAVersionStartsFromASnapshotAtOrBelowIt() {
            openWithDeposits(snapshotting(2, 1), "account-1", 2);
            assertThat(snapshots.load("account-1").orElseThrow().version()).isEqualTo(2);
            CommandHandler<AccountCommand, Account, AccountEvent> accounts = snapshotting(2, 1);
            store.reset();

            AggregateState<Account> atThree = accounts.stateAt("account-1", 3);

            assertThat(store.reads()).hasSize(1);
            assertThat(store.reads().get(0).fromVersion()).isEqualTo(3);
            assertThat(store.reads().get(0).count()).isEqualTo(1);
            assertThat(atThree.state()).isEqualTo(plain().stateAt("account-1", 3).state());
        }

        @Test
        void stateAsOfAVersionBelowTheSnapshotReplaysFromTheStart() {
            openWithDeposits(snapshotting(3, 1), "account-1", 4);
            store.reset();

            AggregateState<Account> atTwo = snapshotting(3, 1).stateAt("account-1", 2);

            assertThat(store.reads()).extracting(CountingEventStore.Read::fromVersion).containsExactly(1L);
            assertThat(store.eventsRead()).isEqualTo(2);
            assertThat(atTwo.state()).isEqualTo(new Account(true, "John Jones", money("1.00"), 2));
        }

        @Test
        void stateAsOfATime() {
            CommandHandler<AccountCommand, Account, AccountEvent> accounts = plain();
            Instant opened = clock.instant();
            accounts.handle("account-1", new Open("x"));
            clock.advance(Duration.ofHours(1));
            Instant firstDeposit = clock.instant();
            accounts.handle("account-1", new Deposit(money("10")));
            clock.advance(Duration.ofHours(1));
            accounts.handle("account-1", new Deposit(money("20")));

            assertThat(accounts.stateAt("account-1", opened.minusMillis(1)).version()).isZero();
            assertThat(accounts.stateAt("account-1", opened).version()).isEqualTo(1);
            AggregateState<Account> atFirstDeposit = accounts.stateAt("account-1", firstDeposit);
            assertThat(atFirstDeposit.version()).isEqualTo(2);
            assertThat(atFirstDeposit.state().balance()).isEqualByComparingTo("10");
            assertThat(accounts.stateAt("account-1", firstDeposit.plusSeconds(1800)).version()).isEqualTo(2);
            assertThat(accounts.stateAt("account-1", clock.instant().plusSeconds(1)).state().balance())
                    .isEqualByComparingTo("30");
        }

        @Test
        void stateAsOfATimeStopsReadingAtTheFirstLaterEvent() {
            CommandHandler<AccountCommand, Account, AccountEvent> accounts = plain();
            Instant opened = clock.instant();
            accounts.handle("account-1", new Open("x"));
            clock.advance(Duration.ofMinutes(1));
            List<Deposited> deposits = new ArrayList<>();
            for (int i = 0; i < 1200; i++) {
                deposits.add(new Deposited(money("1")));
            }
            memory.append("account-1", ExpectedVersion.exactly(1), types.encodeAll(deposits, EventMetadata.empty()));
            store.reset();

            accounts.stateAt("account-1", opened);

            assertThat(store.eventsRead()).as("the first event, and the next one found later").isEqualTo(2);
        }
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
