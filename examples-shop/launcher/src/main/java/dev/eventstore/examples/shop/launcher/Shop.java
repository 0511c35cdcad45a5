package dev.eventstore.examples.shop.launcher;

import dev.eventstore.examples.shop.catalog.CatalogService;
import dev.eventstore.examples.shop.inventory.InventoryService;
import dev.eventstore.examples.shop.orderhistory.OrderHistoryService;
import dev.eventstore.examples.shop.orders.Checkout;
import dev.eventstore.examples.shop.orders.OrdersContract;
import dev.eventstore.examples.shop.orders.OrdersService;
import dev.eventstore.examples.shop.payments.PaymentsService;
import dev.eventstore.examples.shop.shipping.Carrier;
import dev.eventstore.examples.shop.shipping.ShippingService;
import dev.eventstore.examples.shop.web.ShopWeb;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.metrics.MicrometerMetrics;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The shop's one command line.
 *
 * <pre>
 * java -jar examples-shop.jar demo [--pg URL] [--keep]          the story, then the books; exit 0 if they balance
 * java -jar examples-shop.jar run  [--pg URL] [--data DIR] [--web-port P]
 *                                                             every service and the web page, until Ctrl-C
 * java -jar examples-shop.jar service NAME --db URL --port P [--peer name=url]... [--set key=value]...
 * java -jar examples-shop.jar load [--customers N] [--seconds S] [--rate R] [--pg URL] [--csv FILE]
 * </pre>
 */
@Command(name = "examples-shop", mixinStandardHelpOptions = true, subcommands = {Shop.DemoCommand.class,
        Shop.RunCommand.class, Shop.ServiceCommand.class,
        LoadCommand.class},
        description = "An e-commerce shop of six services, each a process with its own database.")
public final class Shop implements Runnable {

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Shop()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Where the services' databases are, for {@code demo} and {@code run}. */
    static final class Databases {
        @Option(names = "--pg", paramLabel = "URL", description = "a PostgreSQL server (the JDBC URL of any database "
                + "on it): orders, inventory and order-history get databases of their own there, created if "
                + "missing; catalog, payments and shipping stay on SQLite files")
        String postgres;

        Map<ServiceName, String> urls(Path dataDirectory, String prefix) {
            Map<ServiceName, String> urls = new EnumMap<>(Deployment.sqliteFiles(dataDirectory));
            if (postgres != null) {
                for (ServiceName name : ServiceName.values()) {
                    if (name.postgresWithPg()) {
                        urls.put(name, PostgresDatabases.ensure(postgres, prefix + name.id().replace('-', '_')));
                    }
                }
            }
            return urls;
        }

        void drop(String prefix) {
            if (postgres != null) {
                for (ServiceName name : ServiceName.values()) {
                    if (name.postgresWithPg()) {
                        PostgresDatabases.drop(postgres, prefix + name.id().replace('-', '_'));
                    }
                }
            }
        }
    }

    /** {@code demo}: the story and the books. */
    @Command(name = "demo", mixinStandardHelpOptions = true, description = "Start every service in a fresh data "
            + "directory, run the scenarios, check the books across services; exit 0 only if they balance.")
    static final class DemoCommand implements Callable<Integer> {
        @CommandLine.Mixin
        Databases databases = new Databases();

        @Option(names = "--keep", description = "keep the data directory (and PostgreSQL databases) afterwards")
        boolean keep;

        @Override
        public Integer call() throws Exception {
            Path data = Files.createTempDirectory("shop-demo-");
            String prefix = "shop_demo_" + UUID.randomUUID().toString().substring(0, 8) + "_";
            boolean balanced = false;
            try (Deployment shop = new Deployment(data, databases.urls(data, prefix))) {
                Demo.configure(shop);
                long start = System.nanoTime();
                shop.startAll();
                System.out.printf("Started 6 services in %d ms%n", (System.nanoTime() - start) / 1_000_000);
                balanced = new Demo(shop, System.out).run().balanced();
                System.out.printf("%nDemo finished in %.1f s%n", (System.nanoTime() - start) / 1e9);
            } catch (Exception e) {
                System.out.println("The demo failed: " + e.getMessage());
                System.out.println("The services' logs are in " + data.resolve("logs"));
                keep = true;
                throw e;
            } finally {
                if (!keep) {
                    databases.drop(prefix);
                    delete(data);
                } else {
                    System.out.println("Kept the data in " + data);
                }
            }
            return balanced ? 0 : 1;
        }
    }

    /** {@code run}: every service and the web page, left running. */
    @Command(name = "run", mixinStandardHelpOptions = true, description = "Start every service, stock the shelves "
            + "(once), serve the web page and print its address; leave them up until Ctrl-C.")
    static final class RunCommand implements Callable<Integer> {
        @CommandLine.Mixin
        Databases databases = new Databases();

        @Option(names = "--data", paramLabel = "DIR", description = "where the SQLite files and logs go "
                + "(default: shop-data)")
        Path data = Path.of("shop-data");

        @Option(names = "--web-port", paramLabel = "P", description = "the web page's port (default: a free one)")
        int webPort;

        @Override
        public Integer call() throws Exception {
            Files.createDirectories(data);
            Deployment shop = new Deployment(data, databases.urls(data, "shop_"));
            Runtime.getRuntime().addShutdownHook(new Thread(shop::close, "stop-services"));
            shop.startAll();
            ShopClient client = new ShopClient(shop::url);
            for (Shelves.Product product : Shelves.PRODUCTS) {
                Shelves.stock(client, product);
            }
            ShopWeb web = ShopWeb.start(new DeploymentOperator(shop), webPort);
            System.out.println("The shop is up. Open " + web.url());
            System.out.println("(six services, their databases and logs in " + data.toAbsolutePath() + "; Ctrl-C stops "
                    + "them)");
            new CountDownLatch(1).await();
            return 0;
        }
    }

    /** {@code service}: one service in this process. */
    @Command(name = "service", mixinStandardHelpOptions = true, description = "Run one service in this process, "
            + "on its own database.")
    static final class ServiceCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "catalog, inventory, payments, shipping, orders "
                + "or order-history")
        String name;

        @Option(names = "--db", required = true, paramLabel = "URL", description = "the service's database: "
                + "jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB?user=U")
        String database;

        @Option(names = "--port", required = true, paramLabel = "P", description = "the HTTP port")
        int port;

        @Option(names = "--peer", paramLabel = "NAME=URL", description = "another service's address")
        Map<String, URI> peers = new LinkedHashMap<>();

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a setting of the service")
        Map<String, String> settings = new LinkedHashMap<>();

        @Option(names = "--exit-with", paramLabel = "PID", description = "exit when this process does")
        Long parent;

        @Override
        public Integer call() throws Exception {
            ServiceName service = ServiceName.of(name);
            JdbcEventStore store = open(database);
            // The service's store and consumers report to the process's registry; its status page
            // shows each consumer's lag from there.
            Metrics.addRegistry(new SimpleMeterRegistry());
            store.metricsListener(new MicrometerMetrics(Metrics.globalRegistry, service.id()));
            AutoCloseable running;
            try {
                running = start(service, store, port, peers, settings);
            } catch (RuntimeException | IOException e) {
                store.close();
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    running.close();
                } catch (Exception e) {
                    e.printStackTrace();
                }
                store.close();
            }, "stop-" + service.id()));
            if (parent != null) {
                ProcessHandle.of(parent).ifPresentOrElse(
                        handle -> handle.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
            }
            System.out.printf("%s listening on http://127.0.0.1:%d, database %s%n", service.id(), port, database);
            new CountDownLatch(1).await(); // until killed, or the launcher exits
            return 0;
        }
    }

    /**
     * Opens a service's store.
     *
     * @param url {@code jdbc:sqlite:FILE} or a PostgreSQL JDBC URL
     * @return the store
     * @throws IllegalArgumentException naming any other URL
     */
    static JdbcEventStore open(String url) {
        if (url.startsWith("jdbc:sqlite:")) {
            return JdbcEventStore.sqlite(Path.of(url.substring("jdbc:sqlite:".length()))).build();
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return JdbcEventStore.postgres(url).build();
        }
        throw new IllegalArgumentException("--db must be jdbc:sqlite:FILE or jdbc:postgresql://..., was: " + url);
    }

    /**
     * Starts a service, with the settings its command line gave, each read with its default here.
     *
     * @param settings {@code payments}: {@code gateway-delay-ms} (default 200), {@code slow-gateway-delay-ms}
     *     (10000); {@code shipping}: {@code dispatch-delay-ms} (1000), {@code undeliverable}
     *     ({@value Carrier#DEFAULT_UNDELIVERABLE}); {@code orders}: {@code payment-timeout-ms} (15000),
     *     {@code order-placed-version} (2); others take none
     */
    static AutoCloseable start(ServiceName service, JdbcEventStore store, int port, Map<String, URI> peers,
            Map<String, String> settings) throws IOException {
        Settings given = new Settings(settings);
        switch (service) {
            case CATALOG:
                return CatalogService.start(store, port, peers);
            case INVENTORY:
                return InventoryService.start(store, port);
            case PAYMENTS:
                return PaymentsService.start(store, port, new PaymentsService.Settings(
                        given.millis("gateway-delay-ms", 200), given.millis("slow-gateway-delay-ms", 10_000)));
            case SHIPPING:
                return ShippingService.start(store, port, new ShippingService.Settings(
                        given.millis("dispatch-delay-ms", 1000), given.text("undeliverable", Carrier.DEFAULT_UNDELIVERABLE)));
            case ORDERS:
                return OrdersService.start(store, port, peers, new Checkout.Settings(
                        given.millis("payment-timeout-ms", 15_000),
                        given.number("order-placed-version", OrdersContract.ORDER_PLACED_VERSION)));
            case ORDER_HISTORY:
                return OrderHistoryService.start(store, port, peers);
            default:
                throw new IllegalArgumentException("no service " + service.name().toLowerCase(Locale.ROOT));
        }
    }

    static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
