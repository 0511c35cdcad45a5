package dev.eventstore.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Samples what the PostgreSQL sessions of one side of a benchmark are doing, from
 * {@code pg_stat_activity}, to see where a workload waits: on the client, on the CPU, on the WAL
 * flush, on a lock. Used by {@code benchmarks/pg-wait-sample.sh}; not a benchmark.
 *
 * <p>Arguments: the application name of the sessions to watch (see {@link Fixtures#STORE_APPLICATION}),
 * seconds to wait once they appear (for set-up and warm-up), seconds to sample, milliseconds between
 * samples. Prints, over the sessions that were busy at least once, the share of samples in each
 * state and wait event, and the CPU time their server processes used (from {@code /proc}, so only
 * with the server on this machine).
 */
public final class WaitEventSampler {

    private static final String QUERY = "SELECT pid, state, wait_event_type, wait_event, left(query, 60) "
            + "FROM pg_stat_activity WHERE application_name = ? AND backend_type = 'client backend'";

    private WaitEventSampler() {
    }

    /**
     * @param args application name, delay in seconds, duration in seconds, interval in milliseconds
     * @throws Exception if the server cannot be reached or the sampling is interrupted
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: WaitEventSampler APPLICATION DELAY_S DURATION_S INTERVAL_MS, was: "
                    + List.of(args));
        }
        String application = args[0];
        double delay = Double.parseDouble(args[1]);
        double duration = Double.parseDouble(args[2]);
        long interval = Long.parseLong(args[3]);
        try (Connection connection = DriverManager.getConnection(
                Fixtures.withApplicationName(Fixtures.PG_URL, "eventstore-bench-sampler"));
                PreparedStatement select = connection.prepareStatement(QUERY)) {
            // Auto-commit: each query is its own transaction, so it sees a fresh activity snapshot.
            select.setString(1, application);
            long deadline = System.nanoTime() + 300_000_000_000L;
            while (sample(select, new HashMap<>()).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no session of " + application + " appeared within 300 s");
                }
                Thread.sleep(100);
            }
            Thread.sleep((long) (delay * 1000));
            Map<Integer, Map<String, Integer>> byPid = new HashMap<>();
            Map<Integer, long[]> cpuAtStart = new HashMap<>();
            Map<Integer, long[]> cpuLatest = new HashMap<>();
            Map<Integer, String> lastQuery = new HashMap<>();
            long[] jvmAtStart = jmhForkTicks();
            int samples = 0;
            long start = System.nanoTime();
            long end = start + (long) (duration * 1e9);
            while (System.nanoTime() < end) {
                for (Map.Entry<Integer, String> session : sample(select, lastQuery).entrySet()) {
                    // Read at every sample: a session may end before the window does.
                    long[] ticks = cpuTicks(session.getKey());
                    if (ticks != null) {
                        cpuAtStart.putIfAbsent(session.getKey(), ticks);
                        cpuLatest.put(session.getKey(), ticks);
                    }
                    byPid.computeIfAbsent(session.getKey(), p -> new HashMap<>()).merge(session.getValue(), 1, Integer::sum);
                }
                samples++;
                Thread.sleep(interval);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] jvmAtEnd = jmhForkTicks();
            print(application, samples, seconds, byPid, cpuAtStart, cpuLatest, lastQuery);
            if (jvmAtStart != null && jvmAtEnd != null) {
                System.out.printf(Locale.ROOT, "  CPU of the benchmark's JVM: %.2f s per second of wall time%n",
                        (jvmAtEnd[0] - jvmAtStart[0]) / 100.0 / seconds);
            }
        }
    }

    /** @return each session's pid and what it was doing */
    private static Map<Integer, String> sample(PreparedStatement select, Map<Integer, String> lastQuery)
            throws SQLException {
        Map<Integer, String> sessions = new LinkedHashMap<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String state = rows.getString(2);
                String type = rows.getString(3);
                String event = rows.getString(4);
                String what;
                if ("active".equals(state)) {
                    what = type == null ? "active, on CPU (no wait event)" : "active, waiting " + type + ":" + event;
                } else {
                    what = state + (type == null ? "" : ", waiting " + type + ":" + event);
                }
                sessions.put(rows.getInt(1), what);
                if (rows.getString(5) != null && !rows.getString(5).isEmpty()) {
                    lastQuery.put(rows.getInt(1), rows.getString(5).replaceAll("\\s+", " "));
                }
            }
        }
        return sessions;
    }

    private static void print(String application, int samples, double seconds, Map<Integer, Map<String, Integer>> byPid,
            Map<Integer, long[]> cpuAtStart, Map<Integer, long[]> cpuLatest, Map<Integer, String> lastQuery) {
        StringBuilder perSession = new StringBuilder();
        Map<String, Integer> total = new TreeMap<>();
        int busySessions = 0;
        int sessionSamples = 0;
        long cpuTicks = 0;
        for (Map.Entry<Integer, Map<String, Integer>> session : byPid.entrySet()) {
            Map<String, Integer> states = session.getValue();
            int busy = 0;
            for (Map.Entry<String, Integer> state : states.entrySet()) {
                if (state.getKey().startsWith("active") || state.getKey().startsWith("idle in transaction")) {
                    busy += state.getValue();
                }
            }
            if (busy * 100 < samples) {
                continue; // an idle connection of the pool
            }
            busySessions++;
            int seen = states.values().stream().mapToInt(Integer::intValue).sum();
            perSession.append(String.format(Locale.ROOT, "    pid %d: busy %4.1f %% of %d samples; last query: %s%n",
                    session.getKey(), 100.0 * busy / seen, seen, lastQuery.get(session.getKey())));
            for (Map.Entry<String, Integer> state : states.entrySet()) {
                total.merge(state.getKey(), state.getValue(), Integer::sum);
                sessionSamples += state.getValue();
            }
            long[] before = cpuAtStart.get(session.getKey());
            long[] after = cpuLatest.get(session.getKey());
            if (before != null && after != null) {
                cpuTicks += after[0] - before[0];
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d samples over %.1f s, %d busy sessions%n", application, samples, seconds,
                busySessions);
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(total.entrySet());
        sorted.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
        for (Map.Entry<String, Integer> state : sorted) {
            System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * state.getValue() / sessionSamples, state.getKey());
        }
        System.out.printf(Locale.ROOT, "  server CPU of these sessions: %.2f s per second of wall time%n",
                cpuTicks / 100.0 / seconds);
        System.out.print(perSession);
    }

    /** @return the CPU ticks of JMH's forked benchmark JVM, or null if there is none (or several) */
    private static long[] jmhForkTicks() {
        List<Integer> forks = new ArrayList<>();
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                String name = process.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    try {
                        String command = Files.readString(process.resolve("cmdline"));
                        if (command.contains("org.openjdk.jmh.runner.ForkedMain")) {
                            forks.add(Integer.parseInt(name));
                        }
                    } catch (IOException e) {
                        // The process ended meanwhile.
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
        return forks.size() == 1 ? cpuTicks(forks.get(0)) : null;
    }

    /** @return {utime + stime} of a server process in clock ticks, or null if /proc has no such process */
    private static long[] cpuTicks(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command: state is field 3, utime 14 and stime 15 (1-based, counting pid and comm).
            return new long[] {Long.parseLong(fields[11]) + Long.parseLong(fields[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
