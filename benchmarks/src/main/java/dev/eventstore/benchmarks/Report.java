package dev.eventstore.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the JMH JSON files of one or more runs of the suite into the tables and the plot of
 * {@code benchmarks/README.md}. Every store is compared with the hand-written JDBC of its database
 * measured in the same run; across runs, the report gives the median ratio and its range (min–max),
 * and the median events/s with its range.
 *
 * <p>Arguments: the folder for {@code results.md} and {@code events-per-second.png}, the README to
 * update between its result markers (or {@code -} to leave it alone), then one JMH JSON file per run.
 */
public final class Report {

    static final String START = "<!-- results:start -->";
    static final String END = "<!-- results:end -->";

    /** The workloads, in the order of the table, by JMH class and method. */
    private static final Map<String, String> WORKLOADS = new LinkedHashMap<>();
    /** The backends, in the order of the columns of events/s. */
    private static final List<String> BACKENDS = List.of("InMemory", "Sqlite", "RawSqliteJdbc", "Postgres", "Axon",
            "RawPostgresJdbc");
    private static final Map<String, String> BACKEND_NAMES = Map.of("InMemory", "in-memory", "Sqlite", "SQLite store",
            "RawSqliteJdbc", "raw SQLite", "Postgres", "PostgreSQL store", "Axon", "Axon JDBC (PostgreSQL)",
            "RawPostgresJdbc", "raw PostgreSQL");
    private static final Map<String, Color> COLORS = Map.of("InMemory", new Color(0x8e, 0x8e, 0x8e),
            "Sqlite", new Color(0x2b, 0x6c, 0xb0), "RawSqliteJdbc", new Color(0x9c, 0xc3, 0xe8),
            "Postgres", new Color(0xc0, 0x50, 0x20), "Axon", new Color(0x4a, 0x9a, 0x4a),
            "RawPostgresJdbc", new Color(0xf0, 0xb0, 0x90));

    /** A store and the baseline it is divided by: the columns of ratios. */
    record Pair(String store, String raw, String title) {
    }

    private static final List<Pair> PAIRS = List.of(
            new Pair("Sqlite", "RawSqliteJdbc", "SQLite store ÷ raw"),
            new Pair("Postgres", "RawPostgresJdbc", "PostgreSQL store ÷ raw"),
            new Pair("Axon", "RawPostgresJdbc", "Axon JDBC ÷ raw PostgreSQL"));

    static {
        WORKLOADS.put("AppendOneBenchmark.oneThread", "W1 append 1 event, 1 thread");
        WORKLOADS.put("AppendOneBenchmark.fourThreads", "W1 append 1 event, 4 threads");
        WORKLOADS.put("AppendBatchBenchmark.hundredEvents", "W2 append 100 events at once");
        WORKLOADS.put("ReadStreamBenchmark.readAndDecode", "W3 read a 1,000-event stream, decode");
        WORKLOADS.put("ReadAllBenchmark.readAllInPages", "W4 read 100,000 events in pages of 1,000");
        WORKLOADS.put("LoadAggregateBenchmark.withoutSnapshot", "W5 load a 10,000-event aggregate, no snapshot");
        WORKLOADS.put("LoadAggregateBenchmark.withSnapshot", "W5 load a 10,000-event aggregate, snapshot");
        WORKLOADS.put("ProjectionCatchUpBenchmark.catchUpFromZero", "W6 projection catch-up over 100,000 events");
        WORKLOADS.put("ConditionalAppendBenchmark.fourThreadsOwnTags", "W7 conditional append, 4 threads");
    }

    private Report() {
    }

    /** One measured figure, in events per second. */
    record Figure(double eventsPerSecond, double error) {
    }

    /** A median and the range it was taken from. */
    record Spread(double median, double min, double max, int runs) {
        static Spread of(List<Double> values) {
            List<Double> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return new Spread(median, sorted.get(0), sorted.get(n - 1), n);
        }
    }

    /** One run of the suite: workload, then backend, then its figure. */
    static final class Run {
        final Map<String, Map<String, Figure>> figures = new LinkedHashMap<>();

        Figure get(String workload, String backend) {
            Map<String, Figure> by = figures.get(workload);
            return by == null ? null : by.get(backend);
        }
    }

    /**
     * @param args the output folder, the README or {@code -}, then the JMH JSON file of each run
     * @throws Exception if a file cannot be read or written
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: Report OUT_DIR README|- RUN.json..., was: " + List.of(args));
        }
        Path out = Path.of(args[0]);
        List<Run> runs = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            runs.add(read(Path.of(args[i])));
        }
        String text = tables(runs) + "\n" + machine() + "\n"
                + "![events/s per workload and backend](results/events-per-second.png)\n";
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.md"), text, StandardCharsets.UTF_8);
        plot(runs, out.resolve("events-per-second.png"));
        if (!args[1].equals("-")) {
            replaceSection(Path.of(args[1]), START, END, text);
        }
        System.out.println(text);
    }

    /**
     * Replaces what a file holds between two marker lines.
     *
     * @param file the file, a README
     * @param start the marker before the section
     * @param end the marker after it
     * @param text the section's new text
     * @throws IOException if the file cannot be read or written
     * @throws IllegalStateException if the file does not hold both markers, in that order
     */
    static void replaceSection(Path file, String start, String end, String text) throws IOException {
        String old = Files.readString(file, StandardCharsets.UTF_8);
        int from = old.indexOf(start);
        int to = old.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalStateException(file + " has no " + start + " ... " + end + " section");
        }
        Files.writeString(file, old.substring(0, from + start.length()) + "\n" + text + old.substring(to),
                StandardCharsets.UTF_8);
    }

    static Run read(Path json) throws IOException {
        Run run = new Run();
        for (JsonNode result : new ObjectMapper().readTree(json.toFile())) {
            // dev.eventstore.benchmarks.AppendOneBenchmark.Postgres.oneThread
            String[] parts = result.get("benchmark").asText().split("\\.");
            if (parts.length < 3) {
                continue;
            }
            String method = parts[parts.length - 1];
            String backend = parts[parts.length - 2];
            String workload = parts[parts.length - 3] + "." + method;
            if (!WORKLOADS.containsKey(workload)) {
                continue;
            }
            JsonNode metric = result.get("primaryMetric");
            double score = metric.get("score").asDouble();
            double error = metric.get("scoreError").isNumber() ? metric.get("scoreError").asDouble() : Double.NaN;
            String unit = metric.get("scoreUnit").asText();
            Figure figure;
            if (unit.endsWith("/op")) {
                double perEvent = score * secondsPer(unit);
                figure = new Figure(1 / perEvent, Double.isNaN(error) ? Double.NaN : (1 / perEvent) * (error / score));
            } else {
                figure = new Figure(score, error);
            }
            run.figures.computeIfAbsent(workload, w -> new LinkedHashMap<>()).put(backend, figure);
        }
        return run;
    }

    private static double secondsPer(String unit) {
        return switch (unit.substring(0, unit.indexOf('/'))) {
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "us" -> 1e-6;
            case "ns" -> 1e-9;
            default -> throw new IllegalArgumentException("unknown time unit in " + unit);
        };
    }

    /** Events/s of a backend across the runs that measured it, or null if none did. */
    static Spread eventsPerSecond(List<Run> runs, String workload, String backend) {
        List<Double> values = new ArrayList<>();
        for (Run run : runs) {
            Figure figure = run.get(workload, backend);
            if (figure != null) {
                values.add(figure.eventsPerSecond());
            }
        }
        return values.isEmpty() ? null : Spread.of(values);
    }

    /** Store ÷ baseline, each run's own pair, across the runs that measured both; or null. */
    static Spread ratio(List<Run> runs, String workload, String store, String raw) {
        List<Double> values = new ArrayList<>();
        for (Run run : runs) {
            Figure s = run.get(workload, store);
            Figure r = run.get(workload, raw);
            if (s != null && r != null) {
                values.add(s.eventsPerSecond() / r.eventsPerSecond());
            }
        }
        return values.isEmpty() ? null : Spread.of(values);
    }

    static String tables(List<Run> runs) {
        List<String> rows = new ArrayList<>();
        for (String workload : WORKLOADS.keySet()) {
            for (Run run : runs) {
                if (run.figures.containsKey(workload)) {
                    rows.add(workload);
                    break;
                }
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("Ratios to hand-written JDBC on the same database (above 1: faster than the baseline), the median of ")
                .append(runs.size()).append(runs.size() == 1 ? " run" : " runs, with the lowest and highest in brackets")
                .append(":\n\n");
        md.append("| workload |");
        for (Pair pair : PAIRS) {
            md.append(' ').append(pair.title()).append(" |");
        }
        md.append("\n|---|");
        md.append("---:|".repeat(PAIRS.size()));
        md.append('\n');
        for (String workload : rows) {
            md.append("| ").append(WORKLOADS.get(workload)).append(" |");
            for (Pair pair : PAIRS) {
                md.append(' ').append(ratioCell(ratio(runs, workload, pair.store(), pair.raw()))).append(" |");
            }
            md.append('\n');
        }
        md.append("\nEvents per second, the median").append(runs.size() == 1 ? "" : " (lowest–highest)").append(":\n\n");
        md.append("| workload |");
        for (String backend : BACKENDS) {
            md.append(' ').append(BACKEND_NAMES.get(backend)).append(" |");
        }
        md.append("\n|---|");
        md.append("---:|".repeat(BACKENDS.size()));
        md.append('\n');
        for (String workload : rows) {
            md.append("| ").append(WORKLOADS.get(workload)).append(" |");
            for (String backend : BACKENDS) {
                md.append(' ').append(rateCell(eventsPerSecond(runs, workload, backend))).append(" |");
            }
            md.append('\n');
        }
        StringBuilder snapshots = new StringBuilder();
        for (String backend : List.of("InMemory", "Sqlite", "Postgres")) {
            Spread factor = ratio(runs, "LoadAggregateBenchmark.withSnapshot", backend, backend,
                    "LoadAggregateBenchmark.withoutSnapshot");
            if (factor != null) {
                snapshots.append(String.format(Locale.ROOT, " %s %,.0f×;", BACKEND_NAMES.get(backend), factor.median()));
            }
        }
        if (snapshots.length() > 0) {
            snapshots.setLength(snapshots.length() - 1);
            md.append("\nW5, load with a snapshot against without (median):").append(snapshots).append(".\n");
        }
        md.append("\nEach run measures every backend once (one JMH fork); a ratio divides a store's figure by the "
                + "baseline's of the same run, so runs on a machine whose speed drifts still compare like with like. "
                + "W5 counts the events of history a load stands for (10,010), whether it reads them or a snapshot.\n");
        return md.toString();
    }

    /** The ratio of one backend's figure on two workloads, run by run. */
    private static Spread ratio(List<Run> runs, String workload, String backend, String sameBackend, String other) {
        List<Double> values = new ArrayList<>();
        for (Run run : runs) {
            Figure a = run.get(workload, backend);
            Figure b = run.get(other, sameBackend);
            if (a != null && b != null) {
                values.add(a.eventsPerSecond() / b.eventsPerSecond());
            }
        }
        return values.isEmpty() ? null : Spread.of(values);
    }

    private static String ratioCell(Spread spread) {
        if (spread == null) {
            return "—";
        }
        String median = String.format(Locale.ROOT, "%.2f×", spread.median());
        return spread.runs() == 1 ? median
                : median + String.format(Locale.ROOT, " (%.2f–%.2f)", spread.min(), spread.max());
    }

    private static String rateCell(Spread spread) {
        if (spread == null) {
            return "—";
        }
        String median = String.format(Locale.ROOT, "%,.0f", spread.median());
        return spread.runs() == 1 ? median
                : median + String.format(Locale.ROOT, " (%,.0f–%,.0f)", spread.min(), spread.max());
    }

    static String machine() {
        StringBuilder text = new StringBuilder();
        text.append("Measured ").append(LocalDate.now()).append(" on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MiB heap, Java ")
                .append(System.getProperty("java.version"));
        try (Connection connection = DriverManager.getConnection(Fixtures.PG_URL);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT current_setting('server_version'), "
                        + "current_setting('fsync'), current_setting('synchronous_commit'), "
                        + "current_setting('shared_buffers'), current_setting('full_page_writes')")) {
            row.next();
            text.append("; PostgreSQL ").append(row.getString(1)).append(" on the same machine (fsync=")
                    .append(row.getString(2)).append(", synchronous_commit=").append(row.getString(3))
                    .append(", shared_buffers=").append(row.getString(4)).append(", full_page_writes=")
                    .append(row.getString(5)).append(')');
        } catch (SQLException e) {
            text.append("; PostgreSQL settings unavailable (").append(e.getMessage()).append(')');
        }
        return text.append("; SQLite in WAL mode with synchronous=FULL.\n").toString();
    }

    /** A grouped bar chart, one group per workload, a log scale of events/s. */
    static void plot(List<Run> runs, Path png) throws IOException {
        List<BarChart.Series> series = new ArrayList<>();
        for (String backend : BACKENDS) {
            series.add(new BarChart.Series(BACKEND_NAMES.get(backend), COLORS.get(backend)));
        }
        BarChart chart = new BarChart("Events per second (log scale, median of the runs), each store beside "
                + "hand-written JDBC", series, 2, 9, "%,.0f");
        for (String workload : WORKLOADS.keySet()) {
            double[] values = new double[BACKENDS.size()];
            boolean measured = false;
            for (int i = 0; i < BACKENDS.size(); i++) {
                Spread figure = eventsPerSecond(runs, workload, BACKENDS.get(i));
                values[i] = figure == null ? Double.NaN : figure.median();
                measured |= figure != null;
            }
            if (measured) {
                chart.row(WORKLOADS.get(workload), values);
            }
        }
        BarChart.write(png, 1200, chart);
    }
}
