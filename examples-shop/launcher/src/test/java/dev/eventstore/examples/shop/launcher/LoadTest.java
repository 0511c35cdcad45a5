package dev.eventstore.examples.shop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The load tool itself, briefly: {@code load} starts the six services, a few customers place orders
 * for a few seconds, every order is confirmed and shipped, the books balance, and the figures go to
 * the CSV file the benchmark script reads.
 */
class LoadTest {

    @Test
    void aShortRunConfirmsAndShipsEveryOrderBalancesTheBooksAndWritesItsFigures() throws Exception {
        Path csv = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "load-").resolve("shop.csv");

        int exit = new CommandLine(new Shop()).execute("load", "--customers", "4", "--seconds", "4", "--warmup",
                "1", "--products", "3", "--raw-seconds", "1", "--timeout", "60", "--label", "test, short", "--csv",
                csv.toString(), "--jvm", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k");

        assertThat(exit).as("the exit code: 0 only if every order shipped and the books balance").isZero();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        String[] names = lines.get(0).split(",", -1);
        String[] values = lines.get(1).split(",", -1);
        assertThat(values).hasSameSizeAs(names);
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            row.put(names[i], values[i]);
        }
        assertThat(row).containsEntry("label", "test  short").containsEntry("deployment", "sqlite")
                .containsEntry("mode", "max").containsEntry("ok", "true").containsEntry("failures", "0");
        assertThat(Integer.parseInt(row.get("orders"))).as("orders placed").isPositive();
        assertThat(Double.parseDouble(row.get("orders_per_s"))).isPositive();
        assertThat(Double.parseDouble(row.get("confirm_p50_ms"))).isPositive()
                .isLessThanOrEqualTo(Double.parseDouble(row.get("confirm_p99_ms")));
        assertThat(Double.parseDouble(row.get("confirm_p99_ms")))
                .isLessThanOrEqualTo(Double.parseDouble(row.get("confirm_max_ms")));
        assertThat(Double.parseDouble(row.get("raw_sqlite_1t_per_s"))).isPositive();
        assertThat(row.get("raw_pg_1t_per_s")).as("no PostgreSQL without --pg").isEmpty();
        // Every order of this workload ends shipped: the same events each time.
        assertThat(row).containsEntry("events_orders", "14.00").containsEntry("events_inventory", "4.00")
                .containsEntry("events_payments", "5.00").containsEntry("events_shipping", "4.00");
        assertThat(Double.parseDouble(row.get("step_authorise_mean_ms"))).isPositive();
    }
}
