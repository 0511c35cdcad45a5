package dev.eventstore.examples.bank;

import dev.eventstore.examples.bank.AccountCommand.Deposit;
import dev.eventstore.examples.bank.AccountCommand.Transaction;
import dev.eventstore.examples.bank.AccountCommand.Withdraw;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a CSV file of transactions, all of it before anything is booked, so that a bad row stops
 * the import with its line number and nothing of the file is imported.
 *
 * <h2>Format</h2>
 * UTF-8 text. The first line is the header, exactly {@value #HEADER} (any case). Each other line is
 * one transaction with those six fields, in booking order (dates never go back):
 * <ul>
 *   <li>{@code date}: the business date, {@code YYYY-MM-DD};</li>
 *   <li>{@code type}: a {@link TransactionType} name, which says whether money comes in or goes out;</li>
 *   <li>{@code description}: what the statement prints; empty for the type's default;</li>
 *   <li>{@code ref}: the Ref. column, kept as text ({@code 0064} stays {@code 0064}); may be empty;</li>
 *   <li>{@code amount}: positive, at most two decimals, no thousands separator ({@code 694.81});</li>
 *   <li>{@code network}: for an {@code ATM_WITHDRAWAL}, the machine's network ({@code INTERAC}
 *       costs the Interac fee; empty for the bank's own machines); empty for other types.</li>
 * </ul>
 * Fields holding a comma or a quote are quoted, with quotes doubled ({@code "Smith, J ""Jr"""}).
 * Blank lines and lines starting with {@code #} are skipped.
 */
public final class TransactionCsv {

    /** The header line. */
    public static final String HEADER = "date,type,description,ref,amount,network";
    private static final int COLUMNS = 6;

    /**
     * A transaction and the line it came from.
     *
     * @param line the line number, from 1
     * @param transaction the transaction
     */
    public record Row(int line, Transaction transaction) {
    }

    private TransactionCsv() {
    }

    /**
     * @param source the file's name, for messages
     * @param reader the file's text; read to the end, not closed
     * @return the transactions, in file order, at least one
     * @throws CsvFormatException naming the line and the value, at the first bad line
     * @throws UncheckedIOException if the reader fails
     */
    public static List<Row> read(String source, Reader reader) {
        BufferedReader lines = reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
        List<Row> rows = new ArrayList<>();
        try {
            String header = lines.readLine();
            if (header == null) {
                throw new CsvFormatException(source, 1, "the file is empty; expected the header '" + HEADER + "'");
            }
            header = header.replace("\uFEFF", "").strip();
            if (!header.toLowerCase(Locale.ROOT).replace(" ", "").equals(HEADER)) {
                throw new CsvFormatException(source, 1, "expected the header '" + HEADER + "', found '" + header + "'");
            }
            int number = 1;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                rows.add(new Row(number, transaction(source, number, line)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + source + ": " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new CsvFormatException(source, 1, "the file holds a header but no transaction");
        }
        return rows;
    }

    private static Transaction transaction(String source, int number, String line) {
        List<String> fields = fields(source, number, line);
        if (fields.size() != COLUMNS) {
            throw new CsvFormatException(source, number, "expected " + COLUMNS + " columns (" + HEADER + "), found "
                    + fields.size() + " in '" + line + "'");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(fields.get(0).strip());
        } catch (DateTimeParseException e) {
            throw new CsvFormatException(source, number, "bad date '" + fields.get(0) + "' (expected YYYY-MM-DD)");
        }
        TransactionType type;
        BigDecimal amount;
        try {
            type = TransactionType.parse(fields.get(1));
            amount = Money.parse(fields.get(4));
        } catch (IllegalArgumentException e) {
            throw new CsvFormatException(source, number, e.getMessage());
        }
        try {
            return type.isDeposit()
                    ? new Deposit(date, type, fields.get(2), fields.get(3), amount)
                    : new Withdraw(date, type, fields.get(5), fields.get(2), fields.get(3), amount);
        } catch (IllegalArgumentException e) {
            throw new CsvFormatException(source, number, e.getMessage());
        }
    }

    /** Splits one line into fields, RFC 4180 style, without fields spanning lines. */
    private static List<String> fields(String source, int number, String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
                field.setLength(0);
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (wasQuoted && !Character.isWhitespace(c)) {
                throw new CsvFormatException(source, number, "text after a closing quote in field " + (fields.size() + 1)
                        + " of '" + line + "'");
            } else if (!wasQuoted) {
                field.append(c);
            }
        }
        if (quoted) {
            throw new CsvFormatException(source, number, "a quote in field " + (fields.size() + 1)
                    + " is never closed in '" + line + "'");
        }
        fields.add(field.toString());
        return fields;
    }

    /**
     * @param value a field's value
     * @return the value as a CSV field: quoted if it holds a comma, quote or line break
     */
    static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
