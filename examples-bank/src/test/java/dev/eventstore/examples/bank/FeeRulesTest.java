package dev.eventstore.examples.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.examples.bank.AccountCommand.ChargeFee;
import dev.eventstore.examples.bank.AccountEvent.AccountOpened;
import dev.eventstore.examples.bank.AccountEvent.DayClosed;
import dev.eventstore.examples.bank.AccountEvent.FeeCharged;
import dev.eventstore.examples.bank.AccountEvent.MoneyDeposited;
import dev.eventstore.examples.bank.AccountEvent.MoneyWithdrawn;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fee rules alone: a pure fold from events to fees, no store. */
class FeeRulesTest {

    private final FeeRules rules = new FeeRules(FeeSchedule.STANDARD);

    private static AccountOpened opened(String date, String balance) {
        return new AccountOpened("1-2", "A HOLDER", List.of(), LocalDate.parse(date), new BigDecimal(balance),
                new BigDecimal("100.00"));
    }

    private static MoneyDeposited in(String date, String amount) {
        return new MoneyDeposited(LocalDate.parse(date), TransactionType.DEPOSIT, "in", "", new BigDecimal(amount));
    }

    private static MoneyWithdrawn out(String date, String amount) {
        return new MoneyWithdrawn(LocalDate.parse(date), TransactionType.WITHDRAWAL, "", "out", "",
                new BigDecimal(amount));
    }

    private static MoneyWithdrawn atm(String date, String network) {
        return new MoneyWithdrawn(LocalDate.parse(date), TransactionType.ATM_WITHDRAWAL, network, "ATM", "77",
                new BigDecimal("20.00"));
    }

    private static DayClosed closed(String date) {
        return new DayClosed(LocalDate.parse(date));
    }

    /** Runs the rules over the events and returns the fees, as "date KIND #number". */
    private List<String> fees(AccountEvent... events) {
        FeeRules.State state = null;
        List<String> fees = new ArrayList<>();
        for (AccountEvent event : events) {
            FeeRules.Outcome outcome = rules.next(state, event);
            for (ChargeFee fee : outcome.fees()) {
                fees.add(fee.date() + " " + fee.kind() + " #" + fee.feeNumber());
            }
            state = outcome.state();
        }
        return fees;
    }

    @Test
    void theSeedsTransactionsCostTheSeedsThreeFees() {
        List<AccountEvent> events = new ArrayList<>();
        events.add(opened("2003-10-08", "0.55"));
        for (TransactionCsv.Row row : TransactionCsv.read("seed", seedTransactions())) {
            if (row.transaction() instanceof AccountCommand.Deposit d) {
                events.add(new MoneyDeposited(d.date(), d.type(), d.description(), d.ref(), d.amount()));
            } else if (row.transaction() instanceof AccountCommand.Withdraw w) {
                events.add(new MoneyWithdrawn(w.date(), w.type(), w.network(), w.description(), w.ref(), w.amount()));
            }
        }
        events.add(closed("2003-11-08"));

        assertThat(fees(events.toArray(AccountEvent[]::new)))
                .containsExactly("2003-10-16 INTERAC #1", "2003-11-07 OVERDRAFT #2", "2003-11-08 MONTHLY #3");
    }

    @Test
    void onlyAnAtmWithdrawalOnTheInteracNetworkCostsTheInteracFee() {
        assertThat(fees(opened("2003-10-08", "500.00"), atm("2003-10-09", "interac"), atm("2003-10-09", "FIRST BANK"),
                atm("2003-10-10", ""), new MoneyWithdrawn(LocalDate.parse("2003-10-10"),
                        TransactionType.INTERAC_PURCHASE, "", "Interac Purchase", "", new BigDecimal("5.00"))))
                .containsExactly("2003-10-09 INTERAC #1");
    }

    @Test
    void anOverdraftCostsOneFeeHoweverLongItLasts() {
        assertThat(fees(opened("2003-10-08", "10.00"), out("2003-10-09", "50.00"), out("2003-10-12", "1.00"),
                in("2003-10-15", "1.00"), closed("2003-10-20")))
                .containsExactly("2003-10-10 OVERDRAFT #1");
    }

    @Test
    void aDayClosedAtOrAboveZeroEndsTheOverdraftSoTheNextOneIsChargedAgain() {
        assertThat(fees(opened("2003-10-08", "10.00"), out("2003-10-09", "50.00"), in("2003-10-12", "100.00"),
                out("2003-10-13", "100.00"), closed("2003-10-13")))
                .containsExactly("2003-10-10 OVERDRAFT #1", "2003-10-14 OVERDRAFT #2");
    }

    @Test
    void aBalanceBelowZeroWithinADayButNotAtItsCloseCostsNothing() {
        assertThat(fees(opened("2003-10-08", "10.00"), out("2003-10-09", "50.00"), in("2003-10-09", "60.00"),
                closed("2003-10-20"))).isEmpty();
    }

    @Test
    void aDayIsNotClosedUntilALaterDateAppears() {
        assertThat(fees(opened("2003-10-08", "10.00"), out("2003-10-09", "50.00"), out("2003-10-09", "1.00")))
                .isEmpty();
        assertThat(fees(opened("2003-10-08", "10.00"), out("2003-10-09", "50.00"), in("2003-10-10", "1.00")))
                .containsExactly("2003-10-10 OVERDRAFT #1");
    }

    @Test
    void everyStatementClosingDateCostsTheMonthlyFeeEvenAcrossAGapAndAtMonthEnds() {
        assertThat(fees(opened("2004-01-31", "1000.00"), in("2004-05-01", "1.00")))
                .containsExactly("2004-02-29 MONTHLY #1", "2004-03-31 MONTHLY #2", "2004-04-30 MONTHLY #3");
    }

    @Test
    void aMonthlyFeeThatTakesTheBalanceBelowZeroCostsAnOverdraftFeeTheNextDay() {
        assertThat(fees(opened("2003-10-08", "3.00"), closed("2003-11-08")))
                .containsExactly("2003-11-08 MONTHLY #1", "2003-11-09 OVERDRAFT #2");
    }

    @Test
    void feeEventsInTheStreamChangeNoDecision() {
        FeeCharged recorded = new FeeCharged(1, LocalDate.parse("2003-10-09"), FeeKind.INTERAC, "Fees - Interac",
                new BigDecimal("1.50"), "");
        assertThat(fees(opened("2003-10-08", "21.00"), atm("2003-10-09", "INTERAC"), recorded, closed("2003-10-09")))
                .isEqualTo(fees(opened("2003-10-08", "21.00"), atm("2003-10-09", "INTERAC"), closed("2003-10-09")))
                .containsExactly("2003-10-09 INTERAC #1", "2003-10-10 OVERDRAFT #2");
    }

    @Test
    void anEventBeforeTheOpeningIsAnError() {
        assertThatThrownBy(() -> rules.next(null, in("2003-10-09", "1.00")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MoneyDeposited");
    }

    /** The seed's transactions as the demo ships them (src/main/resources). */
    static Reader seedTransactions() {
        return new InputStreamReader(FeeRulesTest.class.getResourceAsStream("seed-transactions.csv"),
                StandardCharsets.UTF_8);
    }
}
