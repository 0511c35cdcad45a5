package dev.eventstore.examples.bank;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a {@link Statement}: as text laid out like the paper statement, as CSV, or as JSON.
 * Amounts are exact: the text shows thousands separators, CSV and JSON plain decimals.
 */
public enum StatementFormat {

    /** The paper statement's layout in plain text: header, aligned columns, totals. */
    TEXT {
        @Override
        public String format(Statement statement) {
            return text(statement);
        }
    },
    /** One line per row, as the text shows them, with a header row; amounts without separators. */
    CSV {
        @Override
        public String format(Statement statement) {
            return csv(statement);
        }
    },
    /** One JSON document; amounts are JSON numbers with two decimals. */
    JSON {
        @Override
        public String format(Statement statement) {
            return json(statement);
        }
    };

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    private static final String GAP = "  ";

    /**
     * @param statement a statement
     * @return it in this format, ending with a line break
     */
    public abstract String format(Statement statement);

    /**
     * @param name {@code text}, {@code csv} or {@code json}, in any case
     * @return the format
     * @throws IllegalArgumentException naming the value if there is no such format
     */
    public static StatementFormat parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown format '" + name + "' (expected text, csv or json)");
        }
    }

    private static String text(Statement statement) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Date", "Description", "Ref.", "Withdrawals", "Deposits", "Balance"});
        rows.add(new String[] {statement.previousBalanceDate().toString(), "Previous balance", "", "", "",
                Money.grouped(statement.previousBalance())});
        for (Statement.Line line : statement.lines()) {
            rows.add(new String[] {line.date().toString(), line.description(), line.ref(), grouped(line.withdrawal()),
                    grouped(line.deposit()), Money.grouped(line.balance())});
        }
        rows.add(new String[] {"", "*** Totals ***", "", Money.grouped(statement.totalWithdrawals()),
                Money.grouped(statement.totalDeposits()), ""});
        int[] widths = new int[6];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("CHEQUING ACCOUNT STATEMENT\n\n");
        out.append(statement.account().holder()).append('\n');
        for (String line : statement.account().address()) {
            out.append(line).append('\n');
        }
        out.append('\n');
        String period = statement.from() + " to " + statement.to();
        int periodWidth = Math.max("Statement period".length(), period.length());
        out.append(strip(pad("Statement period", periodWidth) + GAP + "Account No.")).append('\n');
        out.append(strip(pad(period, periodWidth) + GAP + statement.account().accountNumber())).append('\n');
        out.append('\n');
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    line.append(GAP);
                }
                // Text columns are left-aligned, amounts right-aligned, headers included.
                line.append(i < 3 ? pad(row[i], widths[i]) : padLeft(row[i], widths[i]));
            }
            out.append(strip(line.toString())).append('\n');
        }
        return out.toString();
    }

    private static String csv(Statement statement) {
        StringBuilder out = new StringBuilder("date,description,ref,withdrawals,deposits,balance\n");
        csvRow(out, statement.previousBalanceDate().toString(), "Previous balance", "", "", "",
                Money.plain(statement.previousBalance()));
        for (Statement.Line line : statement.lines()) {
            csvRow(out, line.date().toString(), line.description(), line.ref(), plain(line.withdrawal()),
                    plain(line.deposit()), Money.plain(line.balance()));
        }
        csvRow(out, "", "*** Totals ***", "", Money.plain(statement.totalWithdrawals()),
                Money.plain(statement.totalDeposits()), "");
        return out.toString();
    }

    private static void csvRow(StringBuilder out, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(TransactionCsv.field(fields[i]));
        }
        out.append('\n');
    }

    private static String json(Statement statement) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode account = root.putObject("account");
        account.put("number", statement.account().accountNumber());
        account.put("holder", statement.account().holder());
        ArrayNode address = account.putArray("address");
        statement.account().address().forEach(address::add);
        ObjectNode period = root.putObject("period");
        period.put("from", statement.from().toString());
        period.put("to", statement.to().toString());
        ObjectNode previous = root.putObject("previousBalance");
        previous.put("date", statement.previousBalanceDate().toString());
        previous.put("balance", statement.previousBalance());
        ArrayNode lines = root.putArray("lines");
        for (Statement.Line line : statement.lines()) {
            ObjectNode node = lines.addObject();
            node.put("date", line.date().toString());
            node.put("description", line.description());
            node.put("ref", line.ref());
            node.put("withdrawal", line.withdrawal());
            node.put("deposit", line.deposit());
            node.put("balance", line.balance());
            node.put("fee", line.fee());
            if (!line.category().isEmpty()) {
                node.put("category", line.category());
            }
        }
        ObjectNode totals = root.putObject("totals");
        totals.put("withdrawals", statement.totalWithdrawals());
        totals.put("deposits", statement.totalDeposits());
        root.put("closingBalance", statement.closingBalance());
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a statement could not be written as JSON", e);
        }
    }

    private static String grouped(BigDecimal amount) {
        return amount == null ? "" : Money.grouped(amount);
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? "" : Money.plain(amount);
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    private static String padLeft(String text, int width) {
        return " ".repeat(width - text.length()) + text;
    }

    private static String strip(String line) {
        return line.stripTrailing();
    }
}
