package dev.eventstore.examples.shop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.jdbc.postgres.PostgresDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The mixed deployment: orders, inventory and order-history each on a PostgreSQL database of its own
 * (created for this test and dropped after it), catalog, payments and shipping on SQLite files. The
 * checkout, its compensations, the race for the last units and a killed orders service, end to end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresShopTest {

    private final String prefix = "shop_test_" + UUID.randomUUID().toString().substring(0, 8) + "_";
    private Deployment shop;
    private ShopScenarios scenarios;

    @BeforeAll
    void start() throws IOException {
        // Under target/, not a temporary directory: the services' logs stay for a look after a failure.
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "postgres-shop-");
        PostgresDatabase.assumeAvailable();
        Map<ServiceName, String> databases = Deployment.sqliteFiles(data);
        for (ServiceName name : ServiceName.values()) {
            if (name.postgresWithPg()) {
                databases.put(name, PostgresDatabases.ensure(PostgresDatabase.url(), prefix + name.id().replace('-', '_')));
            }
        }
        shop = new Deployment(data, databases);
        scenarios = ShopScenarios.start(shop);
    }

    @AfterAll
    void stop() {
        if (shop != null) {
            shop.close();
            for (ServiceName name : ServiceName.values()) {
                if (name.postgresWithPg()) {
                    PostgresDatabases.drop(PostgresDatabase.url(), prefix + name.id().replace('-', '_'));
                }
            }
        }
    }

    @Test
    void checkoutsOnTheMixedDeploymentShipCompensateAndBalance() throws Exception {
        for (ServiceName name : ServiceName.values()) {
            assertThat(shop.database(name)).as(name.id())
                    .startsWith(name.postgresWithPg() ? "jdbc:postgresql:" : "jdbc:sqlite:");
        }
        scenarios.stock(Map.of("MUG-01", 10, "LAMP-03", 3));
        List<String> batch = scenarios.batch("pg", "MUG-01");

        List<Thread> racers = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            String id = "pg-race-" + i;
            Thread racer = new Thread(() -> {
                try {
                    scenarios.place(id, "LAMP-03", 1, Demo.GOOD_CARD, "8 Race Road");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            racers.add(racer);
            racer.start();
        }
        for (Thread racer : racers) {
            racer.join();
        }
        // Orders, on PostgreSQL, dies with sagas in flight and comes back.
        shop.kill(ServiceName.ORDERS);
        shop.start(ServiceName.ORDERS);

        scenarios.assertBooksBalance();
        for (int i = 1; i <= 3; i++) {
            // A payment deadline that passed while orders was down cancels the order instead: both balance.
            assertThat(scenarios.order("pg-ok-" + i).path("status").asText() + " "
                    + scenarios.order("pg-ok-" + i).path("reason").asText())
                    .matches("SHIPPED .*|CANCELLED no answer from payments by .*");
        }
        assertThat(scenarios.order("pg-declined").path("reason").asText()).contains("payment declined");
        assertThat(scenarios.order("pg-nowhere").path("reason").asText()).contains("dispatch failed");
        assertThat(scenarios.order("pg-cancelled").path("status").asText()).isEqualTo("CANCELLED");
        long rejected = 0;
        for (int i = 1; i <= 8; i++) {
            String status = scenarios.order("pg-race-" + i).path("status").asText();
            assertThat(status).isIn("SHIPPED", "REJECTED", "CANCELLED");
            rejected += status.equals("REJECTED") ? 1 : 0;
        }
        assertThat(rejected).as("racers who found no lamp left: all but three").isEqualTo(5);
        assertThat(batch).hasSize(6);
    }
}
