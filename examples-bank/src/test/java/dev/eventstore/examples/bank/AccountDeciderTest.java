package dev.eventstore.examples.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstore.EventData;
import dev.eventstore.RecordedEvent;
import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.examples.bank.AccountCommand.ChargeFee;
import dev.eventstore.examples.bank.AccountCommand.CloseDay;
import dev.eventstore.examples.bank.AccountCommand.Deposit;
import dev.eventstore.examples.bank.AccountCommand.ImportTransactions;
import dev.eventstore.examples.bank.AccountCommand.OpenAccount;
import dev.eventstore.examples.bank.AccountCommand.Withdraw;
import dev.eventstore.examples.bank.AccountEvent.FeeCharged;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventTypes;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The account's rules alone: the decider's pure functions, no store. */
class AccountDeciderTest {

    private static final LocalDate DAY = LocalDate.parse("2003-10-14");
    private final AccountDecider decider = new AccountDecider();

    private Account run(Account state, AccountCommand command) {
        for (AccountEvent event : decider.decide(command, state)) {
            state = decider.evolve(state, event);
        }
        return state;
    }

    private Account opened() {
        return run(Account.UNOPENED, new OpenAccount("00005-123-456-7", "JOHN JONES", List.of("TORONTO"),
                LocalDate.parse("2003-10-08"), new BigDecimal("0.55"), new BigDecimal("100.00")));
    }

    private static Withdraw withdraw(LocalDate date, String amount) {
        return new Withdraw(date, TransactionType.WITHDRAWAL, "", "", "", new BigDecimal(amount));
    }

    private static Deposit deposit(LocalDate date, String amount) {
        return new Deposit(date, TransactionType.DEPOSIT, "", "", new BigDecimal(amount));
    }

    @Test
    void anAccountOpensOnceAndTakesNothingBefore() {
        assertThatThrownBy(() -> decider.decide(deposit(DAY, "1.00"), Account.UNOPENED))
                .isInstanceOf(CommandRejectedException.class).hasMessage("the account is not open");
        Account account = opened();
        assertThat(account.balance()).isEqualTo("0.55");
        assertThatThrownBy(() -> decider.decide(new OpenAccount("00005-123-456-7", "X", List.of(), DAY,
                BigDecimal.ZERO, BigDecimal.ZERO), account)).isInstanceOf(CommandRejectedException.class)
                .hasMessage("account 00005-123-456-7 is already open (since 2003-10-08)");
    }

    @Test
    void transactionsAreBookedInDateOrderAndNeverOnAClosedDay() {
        Account account = run(opened(), deposit(DAY, "10.00"));
        assertThat(run(account, deposit(DAY, "1.00")).balance()).isEqualTo("11.55");
        assertThatThrownBy(() -> decider.decide(deposit(DAY.minusDays(1), "1.00"), account))
                .isInstanceOf(CommandRejectedException.class)
                .hasMessage("a transaction cannot be dated 2003-10-13: the account books transactions in date order "
                        + "and its earliest open day is 2003-10-14");
        Account closed = run(account, new CloseDay(DAY));
        assertThat(closed.openDay()).isEqualTo(DAY.plusDays(1));
        assertThatThrownBy(() -> decider.decide(deposit(DAY, "1.00"), closed))
                .isInstanceOf(CommandRejectedException.class).hasMessageContaining("earliest open day is 2003-10-15");
        assertThat(decider.decide(new CloseDay(DAY), closed)).as("closing a closed day again").isEmpty();
    }

    @Test
    void aWithdrawalMayReachTheOverdraftLimitButNotPassIt() {
        Account account = opened();
        assertThat(run(account, withdraw(DAY, "100.55")).balance()).isEqualTo("-100.00");
        assertThatThrownBy(() -> decider.decide(withdraw(DAY, "100.56"), account))
                .isInstanceOf(CommandRejectedException.class)
                .hasMessage("withdrawal of 100.56 on 2003-10-14 refused: it would take the balance from 0.55 to "
                        + "-100.01, past the overdraft limit of 100.00");
    }

    @Test
    void feesAreChargedOncePerNumberInSequenceAndEvenPastTheLimit() {
        Account account = run(opened(), withdraw(DAY, "100.55"));
        ChargeFee first = new ChargeFee(1, DAY, FeeKind.OVERDRAFT, new BigDecimal("5.00"), "why");
        Account charged = run(account, first);
        assertThat(charged.balance()).isEqualTo("-105.00");
        assertThat(charged.feesCharged()).isEqualTo(1);
        assertThat(decider.decide(first, charged)).as("the same fee again").isEmpty();
        assertThatThrownBy(() -> decider.decide(new ChargeFee(3, DAY, FeeKind.MONTHLY, BigDecimal.ONE, ""), charged))
                .isInstanceOf(CommandRejectedException.class).hasMessageContaining("fee number 3 is out of sequence");
        FeeCharged event = (FeeCharged) decider.decide(first, account).get(0);
        assertThat(event.description()).isEqualTo("Fees - Overdraft");
        assertThat(event.reason()).isEqualTo("why");
    }

    @Test
    void anImportBooksEveryTransactionOrNoneAndSaysWhichFailed() {
        Account account = opened();
        ImportTransactions batch = new ImportTransactions("f.csv", List.of(deposit(DAY, "50.00"),
                withdraw(DAY, "150.00"), withdraw(DAY, "1.00")));
        assertThatThrownBy(() -> decider.decide(batch, account)).isInstanceOfSatisfying(
                TransactionRejectedException.class, e -> {
                    assertThat(e.index()).isEqualTo(2);
                    assertThat(e.transactionReason()).contains("past the overdraft limit");
                });
        assertThat(decider.decide(new ImportTransactions("g.csv", List.of(deposit(DAY, "1.00"), withdraw(DAY,
                "1.00"))), account)).hasSize(2);
    }

    @Test
    void commandsCheckTheirShapeWhenBuilt() {
        assertThatThrownBy(() -> deposit(DAY, "0.00")).hasMessage("amount must be positive, was: 0.00");
        assertThatThrownBy(() -> deposit(DAY, "1.001")).hasMessage("amount must have at most two decimals, was: 1.001");
        assertThatThrownBy(() -> new Deposit(DAY, TransactionType.CHEQUE, "", "", BigDecimal.ONE))
                .hasMessageStartingWith("CHEQUE is a withdrawal type");
        assertThatThrownBy(() -> new Withdraw(DAY, TransactionType.CHEQUE, "INTERAC", "", "", BigDecimal.ONE))
                .hasMessage("only an ATM_WITHDRAWAL has a network, but a CHEQUE was given network 'INTERAC'");
        assertThatThrownBy(() -> new OpenAccount("12a", "X", List.of(), DAY, BigDecimal.ZERO, BigDecimal.ZERO))
                .hasMessageContaining("'12a'");
        assertThat(deposit(DAY, "1").amount()).isEqualTo("1.00");
        assertThat(new Deposit(DAY, TransactionType.PAYROLL_DEPOSIT, " ", "", BigDecimal.ONE).description())
                .isEqualTo("Payroll Deposit");
    }

    @Test
    void eventsAndStateRoundTripThroughJsonToTheCent() throws Exception {
        EventTypes types = EventTypes.builder().registerSealed(AccountEvent.class).build();
        AccountEvent event = new AccountEvent.MoneyWithdrawn(DAY, TransactionType.ATM_WITHDRAWAL, "INTERAC",
                "ATM Withdrawal - INTERAC", "0064", new BigDecimal("21.20"));
        EventData data = types.encode(event, EventMetadata.forCommand("c"));
        assertThat(data.type()).isEqualTo("MoneyWithdrawn");
        assertThat(data.data()).contains("\"amount\":21.20", "\"ref\":\"0064\"", "\"date\":\"2003-10-14\"");
        RecordedEvent recorded = new RecordedEvent(data.id(), "account-1", 1, 1, data.type(), data.data(),
                data.metadata(), data.tags(), Instant.now());
        assertThat(types.decode(recorded, AccountEvent.class).orElseThrow().event()).isEqualTo(event);

        ObjectMapper json = types.objectMapper();
        Account state = opened();
        assertThat(json.readValue(json.writeValueAsString(state), Account.class)).isEqualTo(state);
    }
}
