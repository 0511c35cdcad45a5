package dev.eventstore.jdbc.postgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL cluster of the test's own, made with {@code initdb} in a temporary directory and run on
 * a free port of the loopback address, which the test may crash ({@code pg_ctl stop -m immediate}),
 * start again, and throw away. The shared test server is never touched.
 *
 * <p>It needs PostgreSQL's server programs ({@code /usr/lib/postgresql/<version>/bin}, or
 * {@code EVENTSTORE_PG_BIN}). {@code initdb} refuses to run as root, so as root (as here and in CI)
 * every server program runs as the {@code postgres} user through {@code runuser}, and the
 * directory is given to that user. Without the programs, or as root without {@code runuser} and a
 * {@code postgres} user, {@link #startOrSkip} skips the test and says why.
 */
public final class ThrowawayPostgres implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 120;

    private final Path bin;
    private final boolean asPostgresUser;
    private final Path directory;
    private final Path data;
    private final Path log;
    private final int port;

    private ThrowawayPostgres(Path bin, boolean asPostgresUser, Path directory, int port) {
        this.bin = bin;
        this.asPostgresUser = asPostgresUser;
        this.directory = directory;
        this.data = directory.resolve("data");
        this.log = directory.resolve("server.log");
        this.port = port;
    }

    /**
     * Makes a cluster and starts it, or skips the calling test, loudly, if this machine cannot.
     *
     * @return the running cluster
     * @throws Exception if the cluster cannot be made or started although the programs are there
     */
    public static ThrowawayPostgres startOrSkip() throws Exception {
        return startOrSkip(false);
    }

    /**
     * Makes a cluster ready to be the primary of {@link #standby()}s ({@code wal_level=replica}, WAL
     * senders, {@code pg_basebackup} present) and starts it, or skips the calling test, loudly, if
     * this machine cannot; with {@code EVENTSTORE_PG_REQUIRED=true} it fails instead of skipping.
     *
     * @return the running cluster
     * @throws Exception if the cluster cannot be made or started although the programs are there
     */
    public static ThrowawayPostgres startPrimaryOrSkip() throws Exception {
        return startOrSkip(true);
    }

    private static ThrowawayPostgres startOrSkip(boolean primary) throws Exception {
        Optional<Path> bin = findBin();
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        String reason = null;
        if (bin.isEmpty()) {
            reason = "no PostgreSQL server programs (initdb, pg_ctl) under /usr/lib/postgresql/*/bin; set EVENTSTORE_PG_BIN";
        } else if (asRoot && (!Files.isExecutable(Path.of("/usr/sbin/runuser")) || !userExists("postgres"))) {
            reason = "the tests run as root, where initdb refuses to run, and there is no runuser or no postgres user "
                    + "to run it as";
        }
        if (reason == null && primary && !Files.isExecutable(bin.get().resolve("pg_basebackup"))) {
            reason = "no pg_basebackup beside initdb in " + bin.get() + ", to make a standby with";
        }
        if (reason != null && primary && "true".equalsIgnoreCase(System.getenv("EVENTSTORE_PG_REQUIRED"))) {
            throw new IllegalStateException("EVENTSTORE_PG_REQUIRED=true, but a primary and standby PostgreSQL "
                    + "cluster cannot be made here: " + reason);
        }
        if (reason != null) {
            System.err.println("*** SKIPPED: a throwaway PostgreSQL cluster cannot be made here: " + reason);
            Assumptions.abort("SKIPPED: a throwaway PostgreSQL cluster cannot be made here: " + reason);
        }
        Path directory = Files.createTempDirectory("eventstore-throwaway-pg-");
        ThrowawayPostgres cluster = new ThrowawayPostgres(bin.get(), asRoot, directory, freePort());
        try {
            if (asRoot) {
                giveToPostgres(directory);
            }
            cluster.run(List.of(bin.get().resolve("initdb").toString(), "-D", cluster.data.toString(), "-U", "postgres",
                    "-A", "trust", "-E", "UTF8", "--no-sync"));
            cluster.start();
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * Makes a streaming standby of this running cluster: {@code pg_basebackup -R} (which writes
     * {@code standby.signal} and the connection to this primary) into a new directory, started as a
     * hot standby on another free port. Close it before this cluster.
     *
     * @return the running standby, accepting read-only connections
     * @throws Exception if the backup or the start fails
     */
    public ThrowawayPostgres standby() throws Exception {
        Path standbyDirectory = Files.createTempDirectory("eventstore-throwaway-pg-standby-");
        ThrowawayPostgres standby = new ThrowawayPostgres(bin, asPostgresUser, standbyDirectory, freePort());
        try {
            if (asPostgresUser) {
                giveToPostgres(standbyDirectory);
            }
            standby.run(List.of(bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p",
                    Integer.toString(port), "-U", "postgres", "-D", standby.data.toString(), "-R", "-X", "stream",
                    "-c", "fast", "--no-sync"));
            standby.start();
            return standby;
        } catch (Exception | Error e) {
            standby.close();
            throw e;
        }
    }

    /**
     * Promotes a standby to a primary ({@code pg_ctl promote}) and waits until it accepts writes.
     *
     * @throws Exception if {@code pg_ctl} fails
     */
    public void promote() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60", "promote"));
    }

    /** @return the JDBC URL of its {@code postgres} database */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres&connectTimeout=5&socketTimeout=30";
    }

    /** @return its port on 127.0.0.1 */
    public int port() {
        return port;
    }

    /** @return the directory that holds the cluster; tablespaces may go under it */
    public Path directory() {
        return directory;
    }

    /**
     * Starts the server and waits until it accepts connections; after a crash this runs recovery.
     *
     * @throws Exception if it does not start
     */
    public void start() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c max_connections=60"
                        + " -c shared_buffers=16MB -c fsync=on -c wal_level=replica -c max_wal_senders=5"
                        + " -c hot_standby=on -c hot_standby_feedback=on", "start"));
    }

    /**
     * Crashes the server: every server process quits at once, with no checkpoint and no goodbye to
     * clients, as after a power cut of the server alone (the operating system keeps what was written).
     *
     * @throws Exception if {@code pg_ctl} fails
     */
    public void crash() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
    }

    /**
     * Stops the server cleanly (a checkpoint, then exit).
     *
     * @throws Exception if {@code pg_ctl} fails
     */
    public void stop() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
    }

    /**
     * Runs SQL as the superuser through {@code psql}.
     *
     * @param sql the statements
     * @throws Exception if psql fails
     */
    public void psql(String sql) throws Exception {
        run(List.of(bin.resolve("psql").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres",
                "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql));
    }

    /** @return the last lines of the server's log, for failure messages */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server at once and deletes its directory. */
    @Override
    public void close() {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
            }
        } catch (Exception e) {
            System.err.println("Could not stop the throwaway PostgreSQL cluster in " + directory + ": " + e.getMessage());
        } finally {
            deleteQuietly(directory);
        }
    }

    private void run(List<String> command) throws Exception {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path output = Files.createTempFile("eventstore-pg-command-", ".log");
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile())
                    .directory(asPostgresUser ? Path.of("/").toFile() : null).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", full));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("failed with exit code " + process.exitValue() + ": "
                        + String.join(" ", full) + "\n" + Files.readString(output) + "\n" + logTail());
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Optional<Path> findBin() {
        String configured = System.getenv("EVENTSTORE_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(p -> Files.isExecutable(p.resolve("initdb")));
        }
        Path versions = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(versions)) {
            return Optional.empty();
        }
        try (Stream<Path> each = Files.list(versions)) {
            return each.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(ThrowawayPostgres::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean userExists(String user) {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(line -> line.startsWith(user + ":"));
        } catch (IOException e) {
            return false;
        }
    }

    private static void giveToPostgres(Path directory) throws IOException {
        UserPrincipalLookupService users = directory.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(directory, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName("postgres"));
        GroupPrincipal group = users.lookupPrincipalByGroupName("postgres");
        view.setGroup(group);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> all = Files.walk(directory)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + directory + ": " + e.getMessage());
        }
    }
}
