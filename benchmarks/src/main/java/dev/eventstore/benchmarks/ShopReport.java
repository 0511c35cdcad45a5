package dev.eventstore.benchmarks;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the CSV file that {@code benchmarks/shop.sh} fills (one row per run of the shop's {@code load}
 * command) into the tables and the plot of "The shop under load" in {@code benchmarks/README.md}: orders
 * per second and the latency from placing to confirmed beside the raw appends of the same stores, the
 * checkout step by step, and the targets.
 *
 * <p>Arguments: the folder for {@code shop.md} and {@code shop.png}, the README to update between its
 * shop markers (or {@code -} to leave it alone), then the CSV file.
 */
public final class ShopReport {

    static final String START = "<!-- shop:start -->";
    static final String END = "<!-- shop:end -->";

    /** The steps of the checkout, as the load command names them in its columns. */
    private static final Map<String, String> STEPS = new LinkedHashMap<>();

    static {
        STEPS.put("place", "POST /orders until orders records the order");
        STEPS.put("reserve", "until inventory publishes the reservation");
        STEPS.put("authorise", "until payments publishes the authorisation");
        STEPS.put("capture", "until payments publishes the capture");
        STEPS.put("commit", "until inventory publishes the stock taken");
        STEPS.put("book", "until shipping publishes the shipment booked");
        STEPS.put("confirm", "until orders publishes the confirmation");
        STEPS.put("hear", "until the customer reads it on the orders feed");
    }

    private static final List<Color> PALETTE = List.of(new Color(0x2b, 0x6c, 0xb0), new Color(0x9c, 0xc3, 0xe8),
            new Color(0xc0, 0x50, 0x20), new Color(0xf0, 0xb0, 0x90), new Color(0x4a, 0x9a, 0x4a),
            new Color(0x8e, 0x8e, 0x8e));

    private ShopReport() {
    }

    /**
     * @param args the output folder, the README or {@code -}, then the CSV file
     * @throws Exception if a file cannot be read or written
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ShopReport OUT_DIR README|- SHOP.csv, was: " + List.of(args));
        }
        Path out = Path.of(args[0]);
        List<Map<String, String>> runs = read(Path.of(args[2]));
        if (runs.isEmpty()) {
            throw new IllegalArgumentException(args[2] + " holds no run");
        }
        String text = tables(runs) + "\n![orders per second, latency and the checkout's steps](results/shop.png)\n";
        Files.createDirectories(out);
        Files.writeString(out.resolve("shop.md"), text, StandardCharsets.UTF_8);
        plot(runs, out.resolve("shop.png"));
        if (!args[1].equals("-")) {
            Report.replaceSection(Path.of(args[1]), START, END, text);
        }
        System.out.println(text);
    }

    /** The rows of the CSV file, by column name. */
    static List<Map<String, String>> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<Map<String, String>> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            return rows;
        }
        String[] names = lines.get(0).split(",", -1);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] values = line.split(",", -1);
            if (values.length != names.length) {
                throw new IllegalArgumentException(csv + ": a row has " + values.length + " values for "
                        + names.length + " columns: " + line);
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) {
                row.put(names[i], values[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static double number(Map<String, String> row, String column) {
        String value = row.get(column);
        return value == null || value.isEmpty() ? Double.NaN : Double.parseDouble(value);
    }

    private static String rate(double value) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String millis(double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        return value < 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%,.0f", value);
    }

    /** Orders per second from the first order to the last confirmation; the measured window's if not given. */
    private static double overall(Map<String, String> row) {
        double overall = number(row, "overall_per_s");
        return Double.isNaN(overall) ? number(row, "orders_per_s") : overall;
    }

    /** Events per second that all the shop's stores took together. */
    private static double shopEvents(Map<String, String> row) {
        return overall(row) * number(row, "events_per_order");
    }

    private static double cpu(Map<String, String> row) {
        double sum = 0;
        for (Map.Entry<String, String> column : row.entrySet()) {
            if (column.getKey().startsWith("cpu_ms_") && !column.getValue().isEmpty()) {
                sum += Double.parseDouble(column.getValue());
            }
        }
        return sum;
    }

    static String tables(List<Map<String, String>> runs) {
        StringBuilder md = new StringBuilder();
        md.append("| run | orders/s: measured, overall | place → confirmed p50 / p99 / max, ms "
                + "| POST /orders p50 / p99, ms | events per order | CPU ms per order | raw appends/s, 1 / 4 threads "
                + "| all stores' events/s ÷ raw (4 threads) | books |\n");
        md.append("|---|---:|---:|---:|---:|---:|---|---:|---|\n");
        for (Map<String, String> run : runs) {
            StringBuilder raw = new StringBuilder("SQLite " + rate(number(run, "raw_sqlite_1t_per_s")) + " / "
                    + rate(number(run, "raw_sqlite_4t_per_s")));
            StringBuilder ratio = new StringBuilder(Double.isNaN(shopEvents(run)) ? "—"
                    : String.format(Locale.ROOT, "%.2f", shopEvents(run) / number(run, "raw_sqlite_4t_per_s")));
            if (!Double.isNaN(number(run, "raw_pg_1t_per_s"))) {
                raw.append("; PostgreSQL ").append(rate(number(run, "raw_pg_1t_per_s"))).append(" / ")
                        .append(rate(number(run, "raw_pg_4t_per_s")));
                if (!Double.isNaN(shopEvents(run))) {
                    ratio.append(String.format(Locale.ROOT, " (PostgreSQL %.2f)",
                            shopEvents(run) / number(run, "raw_pg_4t_per_s")));
                }
            }
            String notPlaced = run.getOrDefault("not_placed", "0");
            md.append("| ").append(run.get("label")).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f, %.1f", number(run, "orders_per_s"), overall(run)))
                    .append(notPlaced.equals("0") ? "" : " (behind: " + notPlaced + " due, not placed)").append(" | ")
                    .append(millis(number(run, "confirm_p50_ms"))).append(" / ")
                    .append(millis(number(run, "confirm_p99_ms"))).append(" / ")
                    .append(millis(number(run, "confirm_max_ms"))).append(" | ")
                    .append(millis(number(run, "place_p50_ms"))).append(" / ")
                    .append(millis(number(run, "place_p99_ms"))).append(" | ")
                    .append(Double.isNaN(number(run, "events_per_order")) ? "— (on SQLite only)"
                            : String.format(Locale.ROOT, "%.1f", number(run, "events_per_order"))).append(" | ")
                    .append(millis(cpu(run))).append(" | ").append(raw).append(" | ").append(ratio).append(" | ")
                    .append(run.get("ok").equals("true") ? "balance"
                            : "**FAILED** (" + run.get("failures") + " failures)")
                    .append(run.getOrDefault("not_shipped", "0").equals("0") ? ", every order shipped"
                            : "; " + run.get("not_shipped") + " orders cancelled by the shop rather than shipped")
                    .append(" |\n");
        }
        md.append("\nThe checkout step by step: the mean (and median) milliseconds from the step before, over the "
                + "order history's timelines of up to 200 orders of each run.\n\n| step |");
        for (Map<String, String> run : runs) {
            md.append(' ').append(run.get("label")).append(" |");
        }
        md.append("\n|---|").append("---:|".repeat(runs.size())).append('\n');
        for (Map.Entry<String, String> step : STEPS.entrySet()) {
            md.append("| ").append(step.getKey()).append(": ").append(step.getValue()).append(" |");
            for (Map<String, String> run : runs) {
                md.append(' ').append(millis(number(run, "step_" + step.getKey() + "_mean_ms"))).append(" (")
                        .append(millis(number(run, "step_" + step.getKey() + "_p50_ms"))).append(") |");
            }
            md.append('\n');
        }
        md.append('\n').append(targets(runs));
        StringBuilder when = new StringBuilder();
        for (Map<String, String> run : runs) {
            when.append(String.format(Locale.ROOT, "%s: %s s measured after a warm-up, %s customers, load average "
                    + "%s; ", run.get("label"), run.get("seconds"), run.get("customers"),
                    run.getOrDefault("load_average", "?")));
        }
        when.setLength(when.length() - 2);
        if (runs.stream().anyMatch(run -> number(run, "seconds") < 60)) {
            md.append("\n**Short runs** (less than the 60 s measured of `benchmarks/shop.sh`): for trying the tool "
                    + "and seeing where the time goes, not figures of record.\n");
        }
        md.append("\nMeasured ").append(runs.get(0).get("date")).append(" on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores (").append(when)
                .append("). The load average counts every runnable process of the machine, others' too.\n");
        return md.toString();
    }

    /** The targets of the shop under load, and whether the runs met them. */
    static String targets(List<Map<String, String>> runs) {
        double best = Double.NaN;
        double p99AtFifty = Double.NaN;
        boolean allOk = true;
        for (Map<String, String> run : runs) {
            boolean sqlite = "sqlite".equals(run.get("deployment"));
            if (sqlite && "max".equals(run.get("mode"))) {
                best = Double.isNaN(best) ? number(run, "orders_per_s") : Math.max(best, number(run, "orders_per_s"));
            }
            if (sqlite && "rate".equals(run.get("mode")) && number(run, "offered_per_s") == 50) {
                p99AtFifty = number(run, "confirm_p99_ms");
            }
            allOk &= "true".equals(run.get("ok"));
        }
        StringBuilder md = new StringBuilder("| target | this run | |\n|---|---:|---|\n");
        md.append("| ≥ 200 orders/s on SQLite | ").append(Double.isNaN(best) ? "not run"
                : String.format(Locale.ROOT, "%.1f orders/s", best)).append(" | ")
                .append(Double.isNaN(best) ? "—" : best >= 200 ? "met" : "missed").append(" |\n");
        md.append("| p99 place → confirmed < 250 ms at 50 orders/s (SQLite) | ").append(Double.isNaN(p99AtFifty)
                ? "not run" : millis(p99AtFifty) + " ms").append(" | ")
                .append(Double.isNaN(p99AtFifty) ? "—" : p99AtFifty < 250 ? "met" : "missed").append(" |\n");
        md.append("| no order lost or stuck; the books balance | ").append(allOk ? "every run" : "not every run")
                .append(" | ").append(allOk ? "met" : "**missed**").append(" |\n");
        return md.toString();
    }

    static void plot(List<Map<String, String>> runs, Path png) throws IOException {
        BarChart throughput = new BarChart("Orders per second, beside raw appends of the same stores (log scale)",
                List.of(new BarChart.Series("orders/s, overall", new Color(0x20, 0x20, 0x60)),
                        new BarChart.Series("events/s of all the shop's stores", new Color(0x4a, 0x9a, 0x4a)),
                        new BarChart.Series("raw SQLite appends/s, 4 threads", new Color(0x9c, 0xc3, 0xe8)),
                        new BarChart.Series("raw PostgreSQL appends/s, 4 threads", new Color(0xf0, 0xb0, 0x90))),
                0, 5, "%,.0f");
        BarChart latency = new BarChart("Place → confirmed, milliseconds (log scale)",
                List.of(new BarChart.Series("p50", new Color(0x2b, 0x6c, 0xb0)),
                        new BarChart.Series("p99", new Color(0xc0, 0x50, 0x20)),
                        new BarChart.Series("max", new Color(0x8e, 0x8e, 0x8e))),
                0, 5, "%,.0f");
        for (Map<String, String> run : runs) {
            throughput.row(run.get("label"), overall(run), shopEvents(run),
                    number(run, "raw_sqlite_4t_per_s"), number(run, "raw_pg_4t_per_s"));
            latency.row(run.get("label"), number(run, "confirm_p50_ms"), number(run, "confirm_p99_ms"),
                    number(run, "confirm_max_ms"));
        }
        List<BarChart.Series> perRun = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            perRun.add(new BarChart.Series(runs.get(i).get("label"), PALETTE.get(i % PALETTE.size())));
        }
        BarChart steps = new BarChart("Where the time goes: mean ms of each step of the checkout (log scale)", perRun,
                -1, 5, "%,.1f");
        for (String step : STEPS.keySet()) {
            double[] values = new double[runs.size()];
            for (int i = 0; i < runs.size(); i++) {
                values[i] = number(runs.get(i), "step_" + step + "_mean_ms");
            }
            steps.row(step, values);
        }
        BarChart.write(png, 1200, throughput, latency, steps);
    }
}
