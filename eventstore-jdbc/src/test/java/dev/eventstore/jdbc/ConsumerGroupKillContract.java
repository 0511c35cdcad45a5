package dev.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.contract.Reliability;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer group of processes, one killed ({@code kill -9}) and one added mid-run: 50,000 events in
 * 1,000 streams, three {@link GroupMember} processes, then the first killed once a third of the events
 * are handled and a fourth started. Every event is handled exactly once in the {@code handled} table
 * (written in the reaction's transaction, in the store's database), every stream's rows are in its
 * versions' order, and the re-deliveries to the effect outside the database (a line on the member's
 * standard output) are counted and reported.
 */
public abstract class ConsumerGroupKillContract {

    private static final int STREAMS = 1_000;
    private static final int PER_STREAM = 50;
    private static final int EVENTS = STREAMS * PER_STREAM;
    private static final long LEASE_MILLIS = 3_000;

    @TempDir
    Path logs;

    /** @return a store on this test's database; every call of one test opens the same database */
    protected abstract JdbcEventStore openStore();

    /** @return the arguments that tell {@link GroupMember} where the store is */
    protected abstract List<String> memberArguments();

    /** @return the backend's name, for the printed figures */
    protected abstract String backend();

    /** @return the DDL of the handled table, named {@code table}, with an ascending {@code seq} key */
    protected abstract String createHandled(String table);

    private String handledTable(JdbcEventStore store) {
        return store.schema().map(schema -> '"' + schema + "\".handled").orElse("handled");
    }

    @Test
    void everyEventIsHandledOnceInStreamOrderWhenAMemberIsKilledAndAnotherAdded() throws Exception {
        long started = System.nanoTime();
        String table;
        try (JdbcEventStore store = openStore()) {
            table = handledTable(store);
            try (Connection connection = store.dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute(createHandled(table));
            }
            appendJobs(store, 0, PER_STREAM / 2);
        }
        Map<Long, Integer> deliveries = new ConcurrentHashMap<>();
        List<Process> members = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        try (JdbcEventStore store = openStore()) {
            for (int m = 1; m <= 3; m++) {
                start(members, readers, "m" + m, table, deliveries);
            }
            long appendedAt = System.nanoTime();
            appendJobs(store, PER_STREAM / 2, PER_STREAM);
            double appendSeconds = (System.nanoTime() - appendedAt) / 1e9;
            awaitHandled(store, table, EVENTS / 3, 60);
            long killedAt = System.nanoTime();
            // kill -9 through the process handle: Process.destroyForcibly would also close this side of the
            // member's output pipe, and the deliveries it printed just before could be lost unread.
            members.get(0).toHandle().destroyForcibly();
            assertThat(members.get(0).waitFor(30, TimeUnit.SECONDS)).isTrue();
            long handledAtKill = count(store, "SELECT count(*) FROM " + table);
            start(members, readers, "m4", table, deliveries);
            awaitHandled(store, table, EVENTS, 120);
            double runSeconds = (System.nanoTime() - started) / 1e9;
            // Late re-deliveries, if any, still count.
            Thread.sleep(LEASE_MILLIS);
            check(store, table);
            long delivered = deliveries.values().stream().mapToLong(Integer::longValue).sum();
            assertThat(deliveries).as("every event was delivered").hasSize(EVENTS);
            // Each reaction commits, so a partition changing hands re-delivers at most the batch its old owner
            // had not committed; 16 partitions of batches of 100 bound them all, however often they moved.
            assertThat(delivered - EVENTS).as("re-deliveries").isLessThanOrEqualTo(16L * 100);
            Reliability.report("consumer group, member killed and one added, " + backend(), String.format(Locale.ROOT,
                    "%d events in %d streams, 3 member processes, m1 killed (kill -9) after %d handled and m4 added; "
                            + "every event handled once (in the reaction's transaction), every stream in order; "
                            + "%d deliveries, %d re-deliveries to the outside effect (lease time %d ms); "
                            + "%.1f s in all (appends of the second half: %.1f s), failover and the rest %.1f s",
                    EVENTS, STREAMS, handledAtKill, delivered, delivered - EVENTS, LEASE_MILLIS, runSeconds,
                    appendSeconds, (System.nanoTime() - killedAt) / 1e9));
        } finally {
            for (Process member : members) {
                member.destroyForcibly();
                member.waitFor(30, TimeUnit.SECONDS);
            }
            for (Thread reader : readers) {
                reader.join(TimeUnit.SECONDS.toMillis(10));
            }
        }
    }

    /** Appends versions {@code from + 1} to {@code to} of every stream, in appends of up to 25 events. */
    private static void appendJobs(JdbcEventStore store, int from, int to) {
        for (int v = from; v < to; v += 25) {
            int first = v;
            int size = Math.min(25, to - v);
            for (int s0 = 0; s0 < STREAMS; s0 += 100) {
                int block = s0;
                store.inTransaction(tx -> {
                    for (int s = block; s < block + 100; s++) {
                        List<EventData> events = new ArrayList<>();
                        for (int i = 1; i <= size; i++) {
                            events.add(EventData.of("Job", "{\"n\":" + (first + i) + "}"));
                        }
                        tx.append("job-" + s, ExpectedVersion.exactly(first), events);
                    }
                    return null;
                });
            }
        }
    }

    private void start(List<Process> members, List<Thread> readers, String member, String table,
            Map<Long, Integer> deliveries) throws Exception {
        List<String> arguments = new ArrayList<>(memberArguments());
        arguments.addAll(List.of("jobs", member, Long.toString(LEASE_MILLIS), table));
        Path log = logs.resolve(member + ".log");
        Process process = ChildJvm.start(GroupMember.class, arguments, log);
        members.add(process);
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> read(process, ready, deliveries), "deliveries-" + member);
        reader.start();
        readers.add(reader);
        assertThat(ready.await(60, TimeUnit.SECONDS)).as("member %s started; its log: %s", member, tail(log)).isTrue();
    }

    private static void read(Process process, CountDownLatch ready, Map<Long, Integer> deliveries) {
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                if (line.equals("ready")) {
                    ready.countDown();
                } else if (line.startsWith("d ")) {
                    try {
                        deliveries.merge(Long.parseLong(line.substring(2)), 1, Integer::sum);
                    } catch (NumberFormatException cut) {
                        // A line cut short by the kill.
                    }
                } else if (line.startsWith("owned ")) {
                    System.out.println("[consumer group] " + line);
                }
            }
        } catch (java.io.IOException e) {
            // The process is gone.
        }
    }

    private void awaitHandled(JdbcEventStore store, String table, long count, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong seen = new AtomicLong();
        while (System.nanoTime() < deadline) {
            seen.set(count(store, "SELECT count(*) FROM " + table));
            if (seen.get() >= count) {
                return;
            }
            Thread.sleep(100);
        }
        StringBuilder logs = new StringBuilder();
        for (String member : List.of("m1", "m2", "m3", "m4")) {
            logs.append("\n--- ").append(member).append(":\n").append(tail(this.logs.resolve(member + ".log")));
        }
        throw new AssertionError(count + " events handled within " + seconds + " s; only " + seen.get() + " were"
                + logs);
    }

    private static void check(JdbcEventStore store, String table) throws SQLException {
        assertThat(count(store, "SELECT count(*) FROM (SELECT position FROM " + table
                + " GROUP BY position HAVING count(*) > 1) twice")).as("events handled more than once").isZero();
        assertThat(count(store, "SELECT count(*) FROM " + table)).as("rows handled").isEqualTo(EVENTS);
        Set<Long> positions = new HashSet<>();
        store.readCategory("job", 0, Long.MAX_VALUE).forEach(event -> positions.add(event.position()));
        assertThat(positions).hasSize(EVENTS);
        Map<String, Long> versions = new HashMap<>();
        Set<Long> handled = new HashSet<>();
        try (Connection connection = store.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT position, stream_id, version FROM " + table
                        + " ORDER BY seq")) {
            while (rows.next()) {
                handled.add(rows.getLong(1));
                String stream = rows.getString(2);
                long version = rows.getLong(3);
                long previous = versions.getOrDefault(stream, 0L);
                assertThat(version).as("stream %s handled in order", stream).isEqualTo(previous + 1);
                versions.put(stream, version);
            }
        }
        assertThat(handled).as("the events handled are the events appended").isEqualTo(positions);
        assertThat(versions.values()).as("every stream handled to its end").containsOnly((long) PER_STREAM);
    }

    private static long count(JdbcEventStore store, String sql) throws SQLException {
        try (Connection connection = store.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
