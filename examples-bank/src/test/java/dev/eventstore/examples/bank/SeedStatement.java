package dev.eventstore.examples.bank;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The seed statement as the tests expect it: its rows as the seed prints them
 * ({@code seed-statement-rows.tsv}) and its plain-text layout ({@code seed-statement.txt}).
 */
final class SeedStatement {

    /**
     * One row of the seed, amounts as printed (thousands separators included), empty when blank.
     *
     * @param date the date; empty on the totals row
     * @param description the description
     * @param ref the Ref. column
     * @param withdrawal the Withdrawals column
     * @param deposit the Deposits column
     * @param balance the Balance column
     */
    record Row(String date, String description, String ref, String withdrawal, String deposit, String balance) {

        /** @return the row with the amounts as plain decimals, as CSV prints them */
        List<String> plain() {
            return List.of(date, description, ref, plain(withdrawal), plain(deposit), plain(balance));
        }

        boolean isFee() {
            return description.startsWith("Fees - ");
        }

        private static String plain(String amount) {
            return amount.replace(",", "");
        }

        BigDecimal amount(String column) {
            return column.isEmpty() ? null : new BigDecimal(plain(column));
        }
    }

    private SeedStatement() {
    }

    /** @return every row: the previous balance, the 17 lines, the totals */
    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String line : resource("seed-statement-rows.tsv").split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] cells = Arrays.copyOf(line.split("\t", -1), 6);
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cells[i] == null ? "" : cells[i];
            }
            rows.add(new Row(cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]));
        }
        return rows;
    }

    /** @return the 17 transaction and fee lines, without the previous balance and the totals */
    static List<Row> lines() {
        List<Row> rows = rows();
        return rows.subList(1, rows.size() - 1);
    }

    /** @return the seed statement laid out as plain text */
    static String text() {
        return resource("seed-statement.txt");
    }

    static String resource(String name) {
        try (InputStream in = SeedStatement.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
