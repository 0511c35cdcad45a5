package dev.eventstore.examples.bank;

import dev.eventstore.examples.bank.AccountEvent.AccountOpened;
import dev.eventstore.examples.bank.AccountEvent.DayClosed;
import dev.eventstore.examples.bank.AccountEvent.FeeCharged;
import dev.eventstore.examples.bank.AccountEvent.MoneyDeposited;
import dev.eventstore.examples.bank.AccountEvent.MoneyWithdrawn;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints an account's history, the audit trail: every event with its version, position, recording
 * time, business date, effect on the balance and metadata (who or what caused it), and a line after
 * each event whose state was snapshotted.
 */
public final class HistoryFormat {

    private HistoryFormat() {
    }

    /**
     * @param accountNumber the account
     * @param history its events, oldest first
     * @return the history as text, ending with a line break
     */
    public static String format(String accountNumber, List<HistoryEntry> history) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Ver", "Position", "Recorded at (UTC)", "Event", "Date", "Amount", "Balance"});
        for (HistoryEntry entry : history) {
            AccountEvent event = entry.event();
            String amount = event.balanceChange().signum() == 0 ? ""
                    : (event.balanceChange().signum() > 0 ? "+" : "") + Money.grouped(event.balanceChange());
            rows.add(new String[] {Long.toString(entry.recorded().version()), Long.toString(entry.recorded().position()),
                    entry.recorded().recordedAt().truncatedTo(ChronoUnit.MILLIS).toString(), entry.recorded().type(),
                    event.businessDate().toString(), amount, Money.grouped(entry.balanceAfter())});
        }
        int[] widths = new int[7];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        int indent = widths[0] + 2 + widths[1] + 2;
        StringBuilder out = new StringBuilder();
        out.append("History of account ").append(accountNumber).append(" (stream ").append(Bank.streamId(accountNumber))
                .append("): ").append(history.size()).append(history.size() == 1 ? " event\n\n" : " events\n\n");
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    line.append("  ");
                }
                boolean number = i < 2 || i > 4;
                line.append(number ? " ".repeat(widths[i] - row[i].length()) + row[i]
                        : row[i] + " ".repeat(widths[i] - row[i].length()));
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                continue;
            }
            HistoryEntry entry = history.get(r - 1);
            String pad = " ".repeat(indent);
            out.append(pad).append(details(entry.event())).append('\n');
            out.append(pad).append(metadata(entry)).append('\n');
            entry.snapshotTakenAt().ifPresent(at -> out.append(pad).append("** snapshot of the state at version ")
                    .append(entry.recorded().version()).append(" taken ").append(at.truncatedTo(ChronoUnit.MILLIS))
                    .append('\n'));
        }
        return out.toString();
    }

    private static String details(AccountEvent event) {
        if (event instanceof AccountOpened opened) {
            return "opened for " + opened.holder() + " (" + String.join(", ", opened.address()) + "), opening balance "
                    + Money.grouped(opened.openingBalance()) + ", overdraft limit " + Money.grouped(opened.overdraftLimit());
        }
        if (event instanceof MoneyDeposited deposited) {
            return deposited.description() + ref(deposited.ref()) + " [" + deposited.type() + "]";
        }
        if (event instanceof MoneyWithdrawn withdrawn) {
            String network = withdrawn.network().isEmpty() ? "" : ", network " + withdrawn.network();
            return withdrawn.description() + ref(withdrawn.ref()) + " [" + withdrawn.type() + network + "]";
        }
        if (event instanceof FeeCharged fee) {
            return fee.description() + ", fee #" + fee.feeNumber() + ": " + fee.reason();
        }
        if (event instanceof AccountEvent.AccountClosed closed) {
            return "account closed on " + closed.closedOn();
        }
        return "end of day: books closed through " + ((DayClosed) event).date();
    }

    private static String ref(String ref) {
        return ref.isEmpty() ? "" : ", ref " + ref;
    }

    private static String metadata(HistoryEntry entry) {
        StringBuilder out = new StringBuilder("id ").append(entry.recorded().id());
        entry.metadata().correlationId().ifPresent(id -> out.append(", correlation ").append(id));
        entry.metadata().causationId().ifPresent(id -> out.append(", causation ").append(id));
        entry.metadata().entries().forEach((key, value) -> out.append(", ").append(key).append('=').append(value));
        return out.toString();
    }
}
