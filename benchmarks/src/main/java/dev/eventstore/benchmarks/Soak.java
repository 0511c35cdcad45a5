package dev.eventstore.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.eventstore.AppendCondition;
import dev.eventstore.AppendConditionFailedException;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.RecordedEvent;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionOptions;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcProjection;
import dev.eventstore.jdbc.JdbcProjectionHandler;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.projection.ProjectionRunner;
import dev.eventstore.reactor.Reactor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The soak test (not part of CI; {@code benchmarks/soak.sh} runs it): a mixed load on one store for a
 * number of minutes, then a consistency check of everything it did.
 *
 * <p>The load: two threads appending to 200 streams; two threads claiming usernames with conditional
 * (DCB) appends, racing each other; four subscriptions (all, two categories, a query); an exactly-once
 * projection into a table of the store's database; a reactor that answers each claim with an event
 * of its own. Every {@code sample} seconds one CSV row: heap in use after a GC, live threads, the
 * pool's connections (and the server's sessions of this run, on PostgreSQL), events, appends per
 * second, claims made and refused, and how many events each follower is behind.
 *
 * <p>The check at the end: positions grow and versions are dense; every acknowledged append is in
 * the log and nothing else; each subscription delivered exactly its events in order; the projection's
 * table matches the log; no username is claimed twice; every claim has its reaction once. Exit code 1
 * if any of it fails.
 *
 * <p>Arguments: {@code postgres|sqlite minutes sampleSeconds outputDirectory}.
 */
public final class Soak {

    private static final int STREAMS = 200;
    private static final String APPLICATION = "eventstore-soak";

    private final String backend;
    private final JdbcEventStore store;
    private final String table;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong acknowledgedEvents = new AtomicLong();
    /** The highest position an append returned: every follower must get at least this far. */
    private final AtomicLong highestAcknowledged = new AtomicLong();
    private final AtomicLong appendFailures = new AtomicLong();
    private final AtomicLong claims = new AtomicLong();
    private final AtomicLong claimsRefused = new AtomicLong();
    private final List<Follower> followers = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    /** A subscription and what it saw. */
    private static final class Follower implements Consumer<RecordedEvent> {
        final String name;
        final EventFilter filter;
        long delivered;
        long lastPosition;
        /**
         * The positions delivered, in a file rather than in memory, so that the soak's own bookkeeping
         * does not grow the heap it measures; the check reads it beside the log.
         */
        final Path positions;
        final java.io.DataOutputStream written;
        boolean outOfOrder;
        /** delivered and lastPosition, taken together when the check begins. */
        long[] atCheck;
        Subscription subscription;

        Follower(String name, EventFilter filter, Path positions) throws IOException {
            this.name = name;
            this.filter = filter;
            this.positions = positions;
            this.written = new java.io.DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(positions)));
        }

        @Override
        public synchronized void accept(RecordedEvent event) {
            if (event.position() <= lastPosition) {
                outOfOrder = true;
            }
            lastPosition = event.position();
            delivered++;
            try {
                written.writeLong(event.position());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        synchronized void freeze() {
            atCheck = new long[] {delivered, lastPosition};
            try {
                written.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private Soak(String backend, JdbcEventStore store, String table) {
        this.backend = backend;
        this.store = store;
        this.table = table;
    }

    /**
     * @param args {@code postgres|sqlite minutes sampleSeconds outputDirectory}
     * @throws Exception if the store cannot be opened
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !(args[0].equals("postgres") || args[0].equals("sqlite"))) {
            System.err.println("usage: Soak postgres|sqlite <minutes> <sample seconds> <output directory>");
            System.exit(2);
        }
        String backend = args[0];
        double minutes = Double.parseDouble(args[1]);
        int sampleSeconds = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        Files.createDirectories(out);
        String url = System.getenv().getOrDefault("EVENTSTORE_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        String schema = "soak_" + UUID.randomUUID().toString().substring(0, 8);
        Path directory = backend.equals("sqlite") ? Files.createTempDirectory("eventstore-soak-") : null;
        JdbcEventStore store = backend.equals("sqlite") ? JdbcEventStore.sqlite(directory.resolve("soak.db")).build()
                : JdbcEventStore.postgres(url + (url.contains("?") ? "&" : "?") + "ApplicationName=" + APPLICATION)
                        .schema(schema).build();
        boolean passed;
        try {
            Soak soak = new Soak(backend, store, backend.equals("sqlite") ? "soak_counts" : "\"" + schema + "\".soak_counts");
            passed = soak.run(Duration.ofMillis((long) (minutes * 60_000)), sampleSeconds, out);
        } finally {
            store.close();
            if (directory != null) {
                try (Stream<Path> files = Files.walk(directory)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            } else {
                try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
                    statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
                }
            }
        }
        System.exit(passed ? 0 : 1);
    }

    private boolean run(Duration length, int sampleSeconds, Path out) throws Exception {
        try (Connection connection = store.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (stream TEXT PRIMARY KEY, n BIGINT NOT NULL)");
        }
        followers.add(new Follower("all", EventFilter.all(), out.resolve("delivered-all.bin")));
        followers.add(new Follower("soak", EventFilter.category("soak"), out.resolve("delivered-soak.bin")));
        followers.add(new Follower("user", EventFilter.category("user"), out.resolve("delivered-user.bin")));
        followers.add(new Follower("claims", EventFilter.matching(Query.of(QueryItem.types("UserClaimed"))),
                out.resolve("delivered-claims.bin")));
        for (Follower follower : followers) {
            follower.subscription = store.subscribe(SubscriptionOptions.builder(follower.filter).name(follower.name)
                    .build(), follower::accept);
        }
        ProjectionRunner projection = ProjectionRunner.builder(store, projection()).start();
        Reactor<JdbcTransaction> reactor = Reactor.builder("welcome", store).filter(EventFilter.category("user"))
                .reaction((event, ctx) -> ctx.transaction().append("welcome-" + event.streamId().substring(5),
                        ExpectedVersion.noStream(), List.of(EventData.of("Welcomed", "{}")))).start();

        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            threads.add(new Thread(this::appendLoop, "soak-appender-" + i));
            threads.add(new Thread(this::claimLoop, "soak-claimer-" + i));
        }
        threads.forEach(Thread::start);
        Path csv = out.resolve("soak-" + backend + ".csv");
        List<double[]> samples = new ArrayList<>();
        long started = System.nanoTime();
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(csv))) {
            writer.println("seconds,heap_mb,threads,pool_connections,server_sessions,events,appends_per_s,claims,"
                    + "claims_refused,lag_all,lag_soak,lag_user,lag_claims,lag_projection,lag_reactor");
            long lastEvents = 0;
            long end = started + length.toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(sampleSeconds * 1000L, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                double[] row = sample((System.nanoTime() - started) / 1e9, lastEvents, sampleSeconds, projection, reactor);
                lastEvents = (long) row[5];
                samples.add(row);
                writer.println(csvRow(row));
                writer.flush();
                System.out.println(String.format(Locale.ROOT, "[soak %s] %.0f s: heap %.0f MB, %d threads, %d+%d "
                        + "connections, %d events (%.0f appends/s), %d claims (%d refused), lag all/soak/user/claims/"
                        + "projection/reactor %d/%d/%d/%d/%d/%d", backend, row[0], row[1], (long) row[2], (long) row[3],
                        (long) row[4], (long) row[5], row[6], (long) row[7], (long) row[8], (long) row[9], (long) row[10],
                        (long) row[11], (long) row[12], (long) row[13], (long) row[14]));
            }
        }
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        // Every follower must reach the last acknowledged append. On PostgreSQL an event becomes
        // visible to log readers once older transactions of the cluster have ended, so the check
        // compares each follower with the log up to where it is, not with a log read later.
        Duration wait = Duration.ofSeconds(120);
        long target = highestAcknowledged.get();
        expect(reactor.awaitPosition(target, wait), "the reactor reached position " + target);
        for (Follower follower : followers) {
            expect(follower.subscription.awaitPosition(target, wait), "subscription " + follower.name
                    + " reached position " + target);
        }
        expect(projection.awaitPosition(target, wait), "the projection reached position " + target);
        check(projection, reactor);
        for (Follower follower : followers) {
            follower.subscription.close();
            follower.written.close();
            if (failures.isEmpty()) {
                Files.delete(follower.positions);
            }
        }
        projection.close();
        reactor.close();
        plot(samples, out.resolve("soak-" + backend + ".png"));
        double firstHeap = samples.size() > 1 ? samples.get(1)[1] : samples.get(0)[1];
        double lastHeap = samples.get(samples.size() - 1)[1];
        System.out.println(String.format(Locale.ROOT, "[soak %s] %s after %.1f min: %d events, %d claims (%d refused), "
                + "%d append failures; heap after GC %.0f MB at the second sample, %.0f MB at the last; connections "
                + "%d at the first sample, %d at the last; samples in %s", backend, failures.isEmpty() ? "PASSED" : "FAILED",
                (System.nanoTime() - started) / 60e9, acknowledgedEvents.get(), claims.get(), claimsRefused.get(),
                appendFailures.get(), firstHeap, lastHeap, (long) samples.get(0)[3], (long) samples.get(samples.size() - 1)[3],
                csv));
        failures.forEach(f -> System.out.println("[soak " + backend + "] FAILED: " + f));
        return failures.isEmpty();
    }

    // ---------------------------------------------------------------- the load

    private void appendLoop() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop.get()) {
            int size = 1 + random.nextInt(3);
            List<EventData> events = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                events.add(EventData.of("Moved", "{\"amount\":" + random.nextInt(1000) + "}"));
            }
            try {
                long position = store.append("soak-" + random.nextInt(STREAMS), ExpectedVersion.any(), events)
                        .lastPosition();
                highestAcknowledged.accumulateAndGet(position, Math::max);
                acknowledgedEvents.addAndGet(size);
            } catch (RuntimeException e) {
                appendFailures.incrementAndGet();
            }
            pause(2);
        }
    }

    private void claimLoop() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop.get()) {
            long username = random.nextLong(claims.get() + 100);
            Query query = Query.of(QueryItem.types("UserClaimed").withTags("username:" + username));
            long after = store.headPosition();
            boolean taken = store.read(query, 0, 1).findAny().isPresent();
            if (!taken) {
                try {
                    long position = store.append("user-" + username, ExpectedVersion.any(),
                            List.of(EventData.of("UserClaimed", "{}").withTags("username:" + username)),
                            AppendCondition.noneMatchingAfter(query, after)).lastPosition();
                    highestAcknowledged.accumulateAndGet(position, Math::max);
                    claims.incrementAndGet();
                } catch (AppendConditionFailedException e) {
                    claimsRefused.incrementAndGet();
                } catch (RuntimeException e) {
                    appendFailures.incrementAndGet();
                }
            }
            pause(10);
        }
    }

    private JdbcProjection projection() {
        return JdbcProjection.builder("soak-counts", store).filter(EventFilter.category("soak"))
                .handler(new JdbcProjectionHandler() {
                    @Override
                    public void apply(List<RecordedEvent> events, Connection connection) throws Exception {
                        Map<String, Long> counts = new HashMap<>();
                        events.forEach(e -> counts.merge(e.streamId(), 1L, Long::sum));
                        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + table
                                + " (stream, n) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET n = soak_counts.n + excluded.n")) {
                            for (Map.Entry<String, Long> count : counts.entrySet()) {
                                upsert.setString(1, count.getKey());
                                upsert.setLong(2, count.getValue());
                                upsert.addBatch();
                            }
                            upsert.executeBatch();
                        }
                    }

                    @Override
                    public void reset(Connection connection) throws Exception {
                        try (Statement statement = connection.createStatement()) {
                            statement.execute("DELETE FROM " + table);
                        }
                    }
                }).build();
    }

    // ---------------------------------------------------------------- samples

    private double[] sample(double seconds, long lastEvents, int sampleSeconds, ProjectionRunner projection,
            Reactor<JdbcTransaction> reactor) throws Exception {
        System.gc();
        double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        HikariDataSource pool = (HikariDataSource) store.dataSource();
        int poolConnections = pool.getHikariPoolMXBean().getTotalConnections();
        long sessions = serverSessions();
        long events = acknowledgedEvents.get();
        double[] row = new double[15];
        row[0] = seconds;
        row[1] = heap;
        row[2] = threads;
        row[3] = poolConnections;
        row[4] = sessions;
        row[5] = events;
        row[6] = (events - lastEvents) / (double) sampleSeconds;
        row[7] = claims.get();
        row[8] = claimsRefused.get();
        for (int i = 0; i < followers.size(); i++) {
            Follower follower = followers.get(i);
            row[9 + i] = behind(follower.filter, follower.subscription.position());
        }
        row[13] = behind(EventFilter.category("soak"), projection.position());
        row[14] = behind(EventFilter.category("user"), reactor.position());
        return row;
    }

    /** @return how many events passing {@code filter} lie after {@code position}, counting at most 100,000 */
    private long behind(EventFilter filter, long position) {
        try (Stream<RecordedEvent> rest = store.read(filter, position, 100_000)) {
            return rest.count();
        }
    }

    private long serverSessions() throws Exception {
        if (backend.equals("sqlite")) {
            return 0;
        }
        try (Connection connection = store.dataSource().getConnection();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            count.setString(1, APPLICATION);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static String csvRow(double[] row) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%.1f,%.1f", row[0], row[1]));
        for (int i = 2; i < row.length; i++) {
            line.append(',').append(i == 6 ? String.format(Locale.ROOT, "%.1f", row[i]) : Long.toString((long) row[i]));
        }
        return line.toString();
    }

    // ---------------------------------------------------------------- the check at the end

    private void check(ProjectionRunner projection, Reactor<JdbcTransaction> reactor) throws Exception {
        Map<String, Long> versions = new HashMap<>();
        Map<String, Long> soakCounts = new HashMap<>();
        Map<String, Long> claimed = new HashMap<>();
        long[] matching = new long[followers.size()];
        List<List<String>> skipped = new ArrayList<>();
        followers.forEach(f -> skipped.add(new ArrayList<>()));
        long soakEvents = 0;
        long welcomed = 0;
        long last = 0;
        long projected = projection.position();
        followers.forEach(Follower::freeze);
        List<java.io.DataInputStream> delivered = new ArrayList<>();
        long[] nextDelivered = new long[followers.size()];
        for (int i = 0; i < followers.size(); i++) {
            delivered.add(new java.io.DataInputStream(new java.io.BufferedInputStream(
                    Files.newInputStream(followers.get(i).positions))));
            nextDelivered[i] = next(delivered.get(i));
        }
        try (Stream<RecordedEvent> log = store.readAll(0, Long.MAX_VALUE)) {
            for (RecordedEvent event : (Iterable<RecordedEvent>) log::iterator) {
                expect(event.position() > last, "positions grow at " + event);
                last = event.position();
                long version = versions.merge(event.streamId(), 1L, Long::sum);
                expect(event.version() == version, "versions of " + event.streamId() + " are dense at " + event);
                for (int i = 0; i < followers.size(); i++) {
                    if (followers.get(i).filter.test(event) && event.position() <= followers.get(i).atCheck[1]) {
                        matching[i]++;
                        // Both in position order: the delivered positions and the matching events.
                        while (nextDelivered[i] < event.position()) {
                            nextDelivered[i] = next(delivered.get(i));
                        }
                        if (nextDelivered[i] == event.position()) {
                            nextDelivered[i] = next(delivered.get(i));
                        } else if (skipped.get(i).size() < 5) {
                            skipped.get(i).add(event + " recorded at " + event.recordedAt() + " (transaction "
                                    + (event.position() >> 16) + ")");
                        }
                    }
                }
                if (event.category().equals("soak")) {
                    soakEvents++;
                    if (event.position() <= projected) {
                        soakCounts.merge(event.streamId(), 1L, Long::sum);
                    }
                } else if (event.type().equals("UserClaimed")) {
                    for (String tag : event.tags()) {
                        expect(claimed.merge(tag, 1L, Long::sum) == 1, tag + " is claimed once");
                    }
                } else if (event.type().equals("Welcomed")) {
                    welcomed++;
                }
            }
        }
        for (java.io.DataInputStream in : delivered) {
            in.close();
        }
        expect(soakEvents == acknowledgedEvents.get(), "the log holds the " + acknowledgedEvents.get()
                + " acknowledged events and nothing else (found " + soakEvents + ")");
        expect(claimed.size() == claims.get(), claims.get() + " claims acknowledged, " + claimed.size() + " in the log");
        expect(welcomed == claimed.size(), "each claim has one reaction (" + welcomed + " for " + claimed.size() + ")");
        for (String username : claimed.keySet()) {
            expect(store.streamVersion("welcome-" + username.substring("username:".length())) == 1,
                    "the reaction to " + username + " happened once");
        }
        for (int i = 0; i < followers.size(); i++) {
            Follower follower = followers.get(i);
            expect(!follower.outOfOrder, "subscription " + follower.name + " delivered in order");
            expect(follower.atCheck[0] == matching[i], "subscription " + follower.name + " delivered "
                    + follower.atCheck[0] + " of the " + matching[i] + " events up to its position, each once; "
                    + "not delivered: " + skipped.get(i));
        }
        Map<String, Long> rowsByStream = new HashMap<>();
        try (Connection connection = store.dataSource().getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT stream, n FROM " + table)) {
            while (rows.next()) {
                rowsByStream.put(rows.getString(1), rows.getLong(2));
            }
        }
        expect(rowsByStream.equals(soakCounts), "the projection's table matches the log up to its checkpoint ("
                + rowsByStream.size() + " streams)");
        expect(projection.failure().isEmpty() && reactor.failure().isEmpty(), "the projection and the reactor run");
    }

    /** @return the next delivered position, or {@link Long#MAX_VALUE} at the end */
    private static long next(java.io.DataInputStream positions) throws IOException {
        try {
            return positions.readLong();
        } catch (java.io.EOFException e) {
            return Long.MAX_VALUE;
        }
    }

    private void expect(boolean holds, String what) {
        if (!holds) {
            failures.add(what);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- the plot

    private void plot(List<double[]> samples, Path png) throws IOException {
        int width = 1200;
        int height = 700;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Soak on " + (backend.equals("sqlite") ? "SQLite" : "PostgreSQL") + ": "
                + String.format(Locale.ROOT, "%.1f minutes, %d events", samples.get(samples.size() - 1)[0] / 60,
                        acknowledgedEvents.get()), 20, 26);
        String[] titles = {"heap after GC (MB)", "live threads", "connections (pool; server sessions dashed)",
            "events behind (max of subscriptions, projection, reactor)"};
        for (int panel = 0; panel < 4; panel++) {
            int x = 60 + (panel % 2) * 580;
            int y = 60 + (panel / 2) * 320;
            List<double[]> lines = new ArrayList<>();
            double[] main = new double[samples.size()];
            double[] second = panel == 2 && !backend.equals("sqlite") ? new double[samples.size()] : null;
            for (int i = 0; i < samples.size(); i++) {
                double[] row = samples.get(i);
                main[i] = switch (panel) {
                    case 0 -> row[1];
                    case 1 -> row[2];
                    case 2 -> row[3];
                    default -> Math.max(Math.max(Math.max(row[9], row[10]), Math.max(row[11], row[12])),
                            Math.max(row[13], row[14]));
                };
                if (second != null) {
                    second[i] = row[4];
                }
            }
            lines.add(main);
            if (second != null) {
                lines.add(second);
            }
            panel(g, x, y, 520, 250, titles[panel], samples, lines);
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void panel(Graphics2D g, int x, int y, int w, int h, String title, List<double[]> samples,
            List<double[]> lines) {
        double maxX = Math.max(1, samples.get(samples.size() - 1)[0]);
        double maxY = 1;
        for (double[] line : lines) {
            for (double v : line) {
                maxY = Math.max(maxY, v);
            }
        }
        maxY *= 1.15;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(Color.BLACK);
        g.drawString(title, x, y - 8);
        g.setColor(new Color(0xdd, 0xdd, 0xdd));
        for (int i = 0; i <= 4; i++) {
            int gy = y + h - i * h / 4;
            g.drawLine(x, gy, x + w, gy);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(x, y, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(String.format(Locale.ROOT, "%.0f", maxY), x - 45, y + 10);
        g.drawString("0", x - 15, y + h);
        g.drawString(String.format(Locale.ROOT, "%.0f s", maxX), x + w - 30, y + h + 15);
        Color[] colors = {new Color(0x1f, 0x77, 0xb4), new Color(0xd6, 0x27, 0x28)};
        for (int l = 0; l < lines.size(); l++) {
            double[] line = lines.get(l);
            g.setColor(colors[l]);
            g.setStroke(l == 0 ? new BasicStroke(2f) : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                    10f, new float[] {6f, 4f}, 0f));
            for (int i = 1; i < line.length; i++) {
                int x1 = x + (int) (samples.get(i - 1)[0] / maxX * w);
                int x2 = x + (int) (samples.get(i)[0] / maxX * w);
                g.drawLine(x1, y + h - (int) (line[i - 1] / maxY * h), x2, y + h - (int) (line[i] / maxY * h));
            }
        }
        g.setStroke(new BasicStroke(1f));
    }
}
