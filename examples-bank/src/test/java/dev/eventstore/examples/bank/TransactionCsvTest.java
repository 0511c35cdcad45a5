package dev.eventstore.examples.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.examples.bank.AccountCommand.Deposit;
import dev.eventstore.examples.bank.AccountCommand.Withdraw;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionCsvTest {

    private static List<TransactionCsv.Row> read(String text) {
        return TransactionCsv.read("t.csv", new StringReader(text));
    }

    @Test
    void theSeedFileHoldsTheSeedsFourteenTransactions() {
        List<TransactionCsv.Row> rows = TransactionCsv.read("seed", seedTransactions());
        assertThat(rows).hasSize(14);
        assertThat(rows.get(0).line()).as("after the header and two comment lines").isEqualTo(4);
        Withdraw atm = (Withdraw) rows.get(2).transaction();
        assertThat(atm.network()).isEqualTo("INTERAC");
        assertThat(atm.ref()).isEqualTo("3990");
        assertThat(((Withdraw) rows.get(5).transaction()).ref()).isEqualTo("0064");
        BigDecimal net = rows.stream().map(r -> r.transaction() instanceof Deposit d ? d.amount()
                : r.transaction().amount().negate()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(net).as("the seed's deposits less its withdrawals without the fees").isEqualTo("-61.52");
    }

    @Test
    void quotedFieldsMayHoldCommasAndQuotesAndBlankLinesAreSkipped() {
        List<TransactionCsv.Row> rows = read(TransactionCsv.HEADER + "\n\n"
                + "2003-10-14,DEPOSIT,\"Cash, \"\"counted\"\"\",\"1,2\",10.5,\n");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).line()).isEqualTo(3);
        Deposit deposit = (Deposit) rows.get(0).transaction();
        assertThat(deposit.description()).isEqualTo("Cash, \"counted\"");
        assertThat(deposit.ref()).isEqualTo("1,2");
        assertThat(deposit.amount()).isEqualTo("10.50");
        assertThat(TransactionCsv.field("a,\"b\"")).isEqualTo("\"a,\"\"b\"\"\"");
    }

    @Test
    void everyBadLineIsNamedWithItsValue() {
        String h = TransactionCsv.HEADER + "\n";
        assertThatThrownBy(() -> read("")).hasMessageContaining("t.csv line 1: the file is empty");
        assertThatThrownBy(() -> read("date,amount\n")).hasMessageContaining("line 1: expected the header");
        assertThatThrownBy(() -> read(h)).hasMessageContaining("a header but no transaction");
        assertThatThrownBy(() -> read(h + "2003-10-14,SALARY,,,1.00,\n"))
                .hasMessageContaining("line 2: unknown transaction type 'SALARY'");
        assertThatThrownBy(() -> read(h + "2003-10-14,DEPOSIT,,,-1.00,\n"))
                .hasMessageContaining("line 2: amount must be positive, was: -1.00");
        assertThatThrownBy(() -> read(h + "2003-10-14,DEPOSIT,,,1.00,,extra\n"))
                .hasMessageContaining("line 2: expected 6 columns").hasMessageContaining("found 7");
        assertThatThrownBy(() -> read(h + "14/10/2003,DEPOSIT,,,1.00,\n"))
                .hasMessageContaining("line 2: bad date '14/10/2003'");
        assertThatThrownBy(() -> read(h + "2003-10-14,CHEQUE,,,1.00,INTERAC\n"))
                .hasMessageContaining("line 2: only an ATM_WITHDRAWAL has a network");
        assertThatThrownBy(() -> read(h + "2003-10-14,DEPOSIT,\"open,,,1.00,\n"))
                .hasMessageContaining("line 2: a quote in field 3 is never closed");
        assertThatThrownBy(() -> read(h + "2003-10-14,DEPOSIT,,,1.00,\n2003-10-14,DEPOSIT,,,1 000,\n"))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageContaining("not an amount: '1 000'");
    }

    /** The seed's transactions as the demo ships them (src/main/resources). */
    static Reader seedTransactions() {
        return new InputStreamReader(TransactionCsvTest.class.getResourceAsStream("seed-transactions.csv"),
                StandardCharsets.UTF_8);
    }
}
