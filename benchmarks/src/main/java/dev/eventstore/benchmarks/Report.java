package dev.eventstore.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Turns a JMH JSON result file into the table and the plot of {@code benchmarks/README.md}: events/s
 * per workload and backend, each store beside the hand-written JDBC baseline of its database, with
 * the ratio store/raw.
 *
 * <p>Arguments: the JMH JSON file, the README to update between its result markers, and the folder
 * for {@code results.md} and {@code events-per-second.png}.
 */
public final class Report {

    static final String START = "<!-- results:start -->";
    static final String END = "<!-- results:end -->";

    /** The workloads, in the order of the table, by JMH class and method. */
    private static final Map<String, String> WORKLOADS = new LinkedHashMap<>();
    /** The backends, in the order of the table's columns. */
    private static final List<String> BACKENDS = List.of("InMemory", "Sqlite", "RawSqliteJdbc", "Postgres",
            "RawPostgresJdbc");
    private static final Map<String, String> BACKEND_NAMES = Map.of("InMemory", "in-memory", "Sqlite", "SQLite store",
            "RawSqliteJdbc", "raw SQLite", "Postgres", "PostgreSQL store", "RawPostgresJdbc", "raw PostgreSQL");
    private static final Map<String, Color> COLORS = Map.of("InMemory", new Color(0x8e, 0x8e, 0x8e),
            "Sqlite", new Color(0x2b, 0x6c, 0xb0), "RawSqliteJdbc", new Color(0x9c, 0xc3, 0xe8),
            "Postgres", new Color(0xc0, 0x50, 0x20), "RawPostgresJdbc", new Color(0xf0, 0xb0, 0x90));

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

    /**
     * @param args the JMH JSON file, the README, the output folder
     * @throws Exception if a file cannot be read or written
     */
    public static void main(String[] args) throws Exception {
        Path json = Path.of(args[0]);
        Path readme = Path.of(args[1]);
        Path out = Path.of(args[2]);
        Map<String, Map<String, Figure>> figures = read(json);
        String table = table(figures) + "\n" + machine() + "\n"
                + "![events/s per workload and backend](results/events-per-second.png)\n";
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.md"), table, StandardCharsets.UTF_8);
        plot(figures, out.resolve("events-per-second.png"));
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalStateException(readme + " has no " + START + " ... " + END + " section");
        }
        Files.writeString(readme, text.substring(0, start + START.length()) + "\n" + table + text.substring(end),
                StandardCharsets.UTF_8);
        System.out.println(table);
    }

    static Map<String, Map<String, Figure>> read(Path json) throws IOException {
        Map<String, Map<String, Figure>> figures = new LinkedHashMap<>();
        for (String workload : WORKLOADS.keySet()) {
            figures.put(workload, new LinkedHashMap<>());
        }
        for (JsonNode result : new ObjectMapper().readTree(json.toFile())) {
            // dev.eventstore.benchmarks.AppendOneBenchmark.Postgres.oneThread
            String[] parts = result.get("benchmark").asText().split("\\.");
            String method = parts[parts.length - 1];
            String backend = parts[parts.length - 2];
            String workload = parts[parts.length - 3] + "." + method;
            Map<String, Figure> row = figures.get(workload);
            if (row == null) {
                // A micro-benchmark with no backends (EventDataBenchmark) has no place in the table.
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
            row.put(backend, figure);
        }
        return figures;
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

    static String table(Map<String, Map<String, Figure>> figures) {
        StringBuilder md = new StringBuilder();
        md.append("| workload | in-memory | SQLite store | raw SQLite | SQLite ratio | PostgreSQL store | raw PostgreSQL "
                + "| PostgreSQL ratio |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, Map<String, Figure>> row : figures.entrySet()) {
            Map<String, Figure> by = row.getValue();
            if (by.isEmpty()) {
                continue;
            }
            md.append("| ").append(WORKLOADS.getOrDefault(row.getKey(), row.getKey()));
            md.append(" | ").append(cell(by.get("InMemory")));
            md.append(" | ").append(cell(by.get("Sqlite")));
            md.append(" | ").append(cell(by.get("RawSqliteJdbc")));
            md.append(" | ").append(ratio(by.get("Sqlite"), by.get("RawSqliteJdbc")));
            md.append(" | ").append(cell(by.get("Postgres")));
            md.append(" | ").append(cell(by.get("RawPostgresJdbc")));
            md.append(" | ").append(ratio(by.get("Postgres"), by.get("RawPostgresJdbc")));
            md.append(" |\n");
        }
        Map<String, Figure> without = figures.get("LoadAggregateBenchmark.withoutSnapshot");
        Map<String, Figure> with = figures.get("LoadAggregateBenchmark.withSnapshot");
        if (without != null && with != null) {
            md.append("\nW5, load with a snapshot against without:");
            for (String backend : List.of("InMemory", "Sqlite", "Postgres")) {
                if (without.containsKey(backend) && with.containsKey(backend)) {
                    md.append(String.format(Locale.ROOT, " %s %.0f×;", BACKEND_NAMES.get(backend),
                            with.get(backend).eventsPerSecond() / without.get(backend).eventsPerSecond()));
                }
            }
            md.setLength(md.length() - 1);
            md.append(".\n");
        }
        md.append("\nFigures are events per second, ± the 99.9 % confidence half-width JMH reports; a ratio is store ÷ "
                + "hand-written JDBC on the same database, measured in the same run (above 1: the store is faster). "
                + "W5 counts the events of history a load stands for (10,010), whether it reads them or a snapshot.\n");
        return md.toString();
    }

    private static String cell(Figure figure) {
        if (figure == null) {
            return "—";
        }
        String value = String.format(Locale.ROOT, "%,.0f", figure.eventsPerSecond());
        if (Double.isNaN(figure.error())) {
            return value;
        }
        return value + String.format(Locale.ROOT, " ± %,.0f", figure.error());
    }

    private static String ratio(Figure store, Figure raw) {
        if (store == null || raw == null) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f×", store.eventsPerSecond() / raw.eventsPerSecond());
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
    static void plot(Map<String, Map<String, Figure>> figures, Path png) throws IOException {
        List<String> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, Figure>> row : figures.entrySet()) {
            if (!row.getValue().isEmpty()) {
                rows.add(row.getKey());
            }
        }
        int barHeight = 11;
        int groupHeight = barHeight * BACKENDS.size() + 14;
        int left = 330;
        int top = 60;
        int width = 1200;
        int chartWidth = width - left - 80;
        int height = top + rows.size() * groupHeight + 70;
        double minLog = 2;
        double maxLog = 9;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Events per second (log scale), each store beside hand-written JDBC", left, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int bottom = top + rows.size() * groupHeight;
        for (int exponent = (int) minLog; exponent <= maxLog; exponent++) {
            int x = left + (int) ((exponent - minLog) / (maxLog - minLog) * chartWidth);
            g.setColor(new Color(0xdd, 0xdd, 0xdd));
            g.setStroke(new BasicStroke(1));
            g.drawLine(x, top - 5, x, bottom);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%,.0f", Math.pow(10, exponent)), x - 18, bottom + 18);
        }
        int y = top;
        for (String row : rows) {
            g.setColor(Color.BLACK);
            g.drawString(WORKLOADS.getOrDefault(row, row), 10, y + groupHeight / 2);
            int bar = 0;
            for (String backend : BACKENDS) {
                Figure figure = figures.get(row).get(backend);
                int barTop = y + bar * barHeight;
                if (figure != null && figure.eventsPerSecond() > 0) {
                    double log = Math.max(minLog, Math.min(maxLog, Math.log10(figure.eventsPerSecond())));
                    int length = (int) ((log - minLog) / (maxLog - minLog) * chartWidth);
                    g.setColor(COLORS.get(backend));
                    g.fillRect(left, barTop, Math.max(1, length), barHeight - 2);
                }
                bar++;
            }
            y += groupHeight;
        }
        int legendX = left;
        for (String backend : BACKENDS) {
            g.setColor(COLORS.get(backend));
            g.fillRect(legendX, height - 30, 14, 12);
            g.setColor(Color.BLACK);
            g.drawString(BACKEND_NAMES.get(backend), legendX + 18, height - 20);
            legendX += 160;
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }
}
