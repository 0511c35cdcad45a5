package dev.eventstore.examples.shop.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code load}: the shop under load. Starts every service in a fresh data directory (and, with
 * {@code --pg}, fresh PostgreSQL databases), measures raw appends into a store of each kind the
 * services use, runs {@link Load}, prints the figures, appends them to a CSV file if asked, and exits
 * 0 only if every order was confirmed and shipped and the books balance.
 */
@Command(name = "load", mixinStandardHelpOptions = true, description = "Start every service, let customers place "
        + "orders end to end, report orders per second and the latency from placing to confirmed, and check the "
        + "books; exit 0 only if every order shipped and they balance.")
final class LoadCommand implements Callable<Integer> {

    /** The raw appends are measured with these many threads. */
    private static final List<Integer> RAW_THREADS = List.of(1, 4);

    @CommandLine.Mixin
    Shop.Databases databases = new Shop.Databases();

    @Option(names = "--customers", paramLabel = "N", description = "customers placing orders at once (default 50); "
            + "at a fixed rate they place the orders due and do not wait for the confirmations")
    int customers = 50;

    @Option(names = "--seconds", paramLabel = "S", description = "how long orders are measured (default 60)")
    int seconds = 60;

    @Option(names = "--warmup", paramLabel = "S", description = "seconds of orders before the measuring starts, "
            + "not counted (default 5)")
    int warmup = 5;

    @Option(names = "--rate", paramLabel = "R", description = "orders offered per second; 0 for as fast as the "
            + "customers go (default 0)")
    double rate;

    @Option(names = "--products", paramLabel = "P", description = "products to order from (default 20)")
    int products = 20;

    @Option(names = "--timeout", paramLabel = "S", description = "seconds an order may take to be confirmed, and "
            + "the orders to ship after the run (default 120)")
    int timeout = 120;

    @Option(names = "--raw-seconds", paramLabel = "S", description = "seconds of raw appends per store kind and "
            + "thread count, before the shop starts; 0 to skip (default 3)")
    int rawSeconds = 3;

    @Option(names = "--gateway-ms", paramLabel = "MS", description = "the simulated card gateway's delay (default 0)")
    long gatewayMillis;

    @Option(names = "--dispatch-ms", paramLabel = "MS", description = "the simulated carrier's delay (default 0)")
    long dispatchMillis;

    @Option(names = "--jvm", paramLabel = "OPTIONS", split = " ", description = "the services' JVM options "
            + "(default: -Xmx256m -XX:+UseSerialGC -Xss512k; the demo's JVMs also leave the optimising compiler out)")
    List<String> jvm = List.of("-Xmx256m", "-XX:+UseSerialGC", "-Xss512k");

    @Option(names = "--csv", paramLabel = "FILE", description = "append the figures to this CSV file")
    Path csv;

    @Option(names = "--label", paramLabel = "TEXT", description = "the run's name in the CSV file")
    String label;

    @Option(names = "--keep", description = "keep the data directory (and PostgreSQL databases) afterwards")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        Load.Settings settings = new Load.Settings(customers, Duration.ofSeconds(seconds), Duration.ofSeconds(warmup),
                rate, products, Duration.ofSeconds(timeout));
        Path data = Files.createTempDirectory("shop-load-");
        String prefix = "shop_load_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        PrintStream out = System.out;
        boolean ok = false;
        try (Deployment shop = new Deployment(data, databases.urls(data, prefix))) {
            shop.jvmOptions(jvm);
            shop.set(ServiceName.PAYMENTS, "gateway-delay-ms", Long.toString(gatewayMillis));
            shop.set(ServiceName.SHIPPING, "dispatch-delay-ms", Long.toString(dispatchMillis));
            Map<String, RawAppends.Rate> raw = rawAppends(data, prefix, out);
            long start = System.nanoTime();
            shop.startAll();
            out.printf("Started 6 services in %d ms; data in %s%n", (System.nanoTime() - start) / 1_000_000, data);
            Load.Result result = new Load(shop, settings, out).run();
            print(result, raw, out);
            if (csv != null) {
                appendCsv(csv, row(result, raw));
                out.println("Appended the figures to " + csv);
            }
            ok = result.ok();
        } catch (Exception e) {
            out.println("The load run failed: " + e);
            throw e;
        } finally {
            if (!ok) {
                keep = true;
                out.println("The services' logs are in " + data.resolve("logs"));
            }
            if (!keep) {
                databases.drop(prefix);
                Shop.delete(data);
            } else {
                out.println("Kept the data in " + data);
            }
        }
        if (!ok) {
            out.println("FAILED: not every order went through, or the books do not balance (see above)");
        }
        return ok ? 0 : 1;
    }

    private String deployment() {
        return databases.postgres == null ? "sqlite" : "pg";
    }

    /** Raw appends into a new SQLite file in the data directory, and a new PostgreSQL database with --pg. */
    private Map<String, RawAppends.Rate> rawAppends(Path data, String prefix, PrintStream out) throws Exception {
        Map<String, RawAppends.Rate> rates = new LinkedHashMap<>();
        if (rawSeconds <= 0) {
            return rates;
        }
        Duration duration = Duration.ofSeconds(rawSeconds);
        Path file = data.resolve("raw-appends.db");
        for (int threads : RAW_THREADS) {
            rates.put("sqlite_" + threads + "t", RawAppends.measure("jdbc:sqlite:" + file.toAbsolutePath(), threads,
                    duration));
        }
        try (var files = Files.list(data)) {
            for (Path path : (Iterable<Path>) files::iterator) {
                if (path.getFileName().toString().startsWith("raw-appends.db")) {
                    Files.delete(path);
                }
            }
        }
        if (databases.postgres != null) {
            String database = prefix + "raw_appends";
            try {
                String url = PostgresDatabases.ensure(databases.postgres, database);
                for (int threads : RAW_THREADS) {
                    rates.put("pg_" + threads + "t", RawAppends.measure(url, threads, duration));
                }
            } finally {
                PostgresDatabases.drop(databases.postgres, database);
            }
        }
        rates.forEach((kind, rate) -> out.printf(Locale.ROOT, "Raw appends, %s: %,.0f events/s (%d threads, "
                + "%.2f ms an append)%n", kind.startsWith("pg") ? "PostgreSQL" : "SQLite", rate.perSecond(),
                rate.threads(), rate.meanMillis()));
        return rates;
    }

    private void print(Load.Result result, Map<String, RawAppends.Rate> raw, PrintStream out) {
        Load.Latency confirmed = result.toConfirmed();
        out.println();
        out.printf(Locale.ROOT, "The shop under load: %s, %d customers, %s, %d s measured%n",
                databases.postgres == null ? "six SQLite files" : "orders, inventory and order-history on PostgreSQL",
                customers, rate > 0 ? String.format(Locale.ROOT, "%.0f orders offered a second", rate)
                        : "as fast as they go", seconds);
        out.printf(Locale.ROOT, "  orders:              %,d placed in all; %.1f confirmed a second while measured, "
                + "%.1f from the first order to the last confirmation%n", result.placed(), result.ordersPerSecond(),
                result.overallPerSecond());
        result.ended().forEach((how, count) -> out.printf(Locale.ROOT, "  not shipped:         %,d orders %s%n",
                count, how));
        if (result.notPlaced() > 0) {
            out.printf(Locale.ROOT, "  behind:              %,d orders due by the end were not placed: the shop did "
                    + "not keep up with %.0f a second%n", result.notPlaced(), rate);
        }
        out.printf(Locale.ROOT, "  place -> confirmed:  p50 %.0f ms, p99 %.0f ms, max %.0f ms (mean %.0f ms, %,d "
                + "orders)%n", confirmed.p50(), confirmed.p99(), confirmed.max(), confirmed.mean(), confirmed.count());
        out.printf(Locale.ROOT, "  POST /orders alone:  p50 %.0f ms, p99 %.0f ms%n", result.place().p50(),
                result.place().p99());
        out.printf("  where the time goes (ms from the step before, over %d orders' timelines):%n",
                result.steps().isEmpty() ? 0 : result.steps().get(0).latency().count());
        out.println("       mean    p50    p99  until");
        for (Load.Step step : result.steps()) {
            out.printf(Locale.ROOT, "     %6.1f %6.0f %6.0f  %s%n", step.latency().mean(), step.latency().p50(),
                    step.latency().p99(), step.name());
        }
        StringBuilder events = new StringBuilder();
        result.eventsPerOrder().forEach((name, count) -> events.append(String.format(Locale.ROOT, "%s %.1f, ",
                name.id(), count)));
        out.printf(Locale.ROOT, "  events appended per order: %s%s%n", events, databases.postgres == null
                ? String.format(Locale.ROOT, "in all %.1f", result.totalEventsPerOrder())
                : "(the services on PostgreSQL not counted: their positions leave holes)");
        StringBuilder cpu = new StringBuilder();
        result.cpuPerOrder().forEach((name, millis) -> cpu.append(String.format(Locale.ROOT, "%s %.1f, ",
                name.id(), millis)));
        out.printf(Locale.ROOT, "  CPU ms per order:    %sin all %.1f%n", cpu, Load.sum(result.cpuPerOrder()));
        double shopEvents = databases.postgres == null ? result.overallPerSecond() * result.totalEventsPerOrder()
                : Double.NaN;
        for (Map.Entry<String, RawAppends.Rate> entry : raw.entrySet()) {
            RawAppends.Rate rate = entry.getValue();
            out.printf(Locale.ROOT, "  raw appends, %-10s %2d threads: %,8.0f events/s; the shop appended %,.0f "
                    + "events/s (all stores, overall), %.2f of it; an order took the time of %.1f raw appends%n",
                    entry.getKey().startsWith("pg") ? "PostgreSQL" : "SQLite", rate.threads(), rate.perSecond(),
                    shopEvents, shopEvents / rate.perSecond(),
                    result.overallPerSecond() == 0 ? Double.NaN : rate.perSecond() / result.overallPerSecond());
        }
        out.println("  the books, checked across services:");
        for (String line : result.books().lines()) {
            out.println("     " + line);
        }
        for (String failure : result.failures()) {
            out.println("  FAILED: " + failure);
        }
        if (result.ok()) {
            out.println("  Every order was confirmed and shipped; the books balance.");
        }
    }

    private Map<String, String> row(Load.Result result, Map<String, RawAppends.Rate> raw) {
        Map<String, String> row = new LinkedHashMap<>();
        String mode = rate > 0 ? "rate" : "max";
        row.put("label", label != null ? label.replace(',', ' ') : deployment() + "-" + mode);
        row.put("date", LocalDate.now().toString());
        row.put("deployment", deployment());
        row.put("mode", mode);
        row.put("customers", Integer.toString(customers));
        row.put("offered_per_s", number(rate));
        row.put("seconds", Integer.toString(seconds));
        row.put("orders", Integer.toString(result.placed()));
        row.put("not_placed", Integer.toString(result.notPlaced()));
        row.put("not_shipped", Integer.toString(result.ended().values().stream().mapToInt(Integer::intValue).sum()));
        row.put("orders_per_s", number(result.ordersPerSecond()));
        row.put("overall_per_s", number(result.overallPerSecond()));
        row.put("confirm_p50_ms", number(result.toConfirmed().p50()));
        row.put("confirm_p99_ms", number(result.toConfirmed().p99()));
        row.put("confirm_max_ms", number(result.toConfirmed().max()));
        row.put("confirm_mean_ms", number(result.toConfirmed().mean()));
        row.put("place_p50_ms", number(result.place().p50()));
        row.put("place_p99_ms", number(result.place().p99()));
        for (String kind : List.of("sqlite_1t", "sqlite_4t", "pg_1t", "pg_4t")) {
            RawAppends.Rate rate = raw.get(kind);
            row.put("raw_" + kind + "_per_s", rate == null ? "" : number(rate.perSecond()));
        }
        row.put("events_per_order", databases.postgres == null ? number(result.totalEventsPerOrder()) : "");
        // The same columns in every run: empty where a figure is not known.
        for (ServiceName name : ServiceName.values()) {
            Double count = result.eventsPerOrder().get(name);
            row.put("events_" + name.id().replace('-', '_'), count == null ? "" : number(count));
        }
        for (ServiceName name : ServiceName.values()) {
            Double millis = result.cpuPerOrder().get(name);
            row.put("cpu_ms_" + name.id().replace('-', '_'), millis == null ? "" : number(millis));
        }
        for (Load.Step step : result.steps()) {
            row.put("step_" + step.key() + "_mean_ms", number(step.latency().mean()));
            row.put("step_" + step.key() + "_p50_ms", number(step.latency().p50()));
        }
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        row.put("load_average", load < 0 ? "" : number(load));
        row.put("ok", Boolean.toString(result.ok()));
        row.put("failures", Integer.toString(result.failures().size()));
        return row;
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /**
     * Appends a row to a CSV file, with a header line first if the file is new or empty.
     *
     * @throws IllegalStateException if the file's header names other columns
     */
    static void appendCsv(Path file, Map<String, String> row) throws IOException {
        String header = String.join(",", row.keySet());
        List<String> lines = new ArrayList<>();
        if (!Files.exists(file) || Files.size(file) == 0) {
            lines.add(header);
        } else {
            String existing = Files.readAllLines(file, StandardCharsets.UTF_8).get(0);
            if (!existing.equals(header)) {
                throw new IllegalStateException(file + " has other columns: " + existing + "; expected " + header);
            }
        }
        lines.add(String.join(",", row.values()));
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
