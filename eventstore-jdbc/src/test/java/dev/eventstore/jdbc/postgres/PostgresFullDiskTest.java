package dev.eventstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.ExpectedVersion;
import dev.eventstore.contract.Reliability;
import dev.eventstore.jdbc.Filling;
import dev.eventstore.jdbc.JdbcEventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL with a full disk: a throwaway cluster ({@link ThrowawayPostgres}) whose database keeps
 * its tables in a tablespace on a 4 MB tmpfs. Appends fill it until one fails with an error that says
 * the server's disk is full and names the schema; that append writes nothing; once the file system
 * is made larger, the same append succeeds.
 *
 * <p>Mounting a tmpfs takes root (CAP_SYS_ADMIN). CI runs as root and can; elsewhere the test is
 * skipped and says why.
 */
class PostgresFullDiskTest {

    @Test
    void anAppendOnAFullDiskFailsNamingTheSchemaWritesNothingAndWorksOnceThereIsRoom() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            skip("mounting the small file system for the tablespace takes root, and the tests run as "
                    + System.getProperty("user.name"));
        }
        try (ThrowawayPostgres cluster = ThrowawayPostgres.startOrSkip()) {
            Path small = cluster.directory().resolve("small");
            Files.createDirectory(small);
            Object uid = Files.getAttribute(cluster.directory(), "unix:uid");
            Object gid = Files.getAttribute(cluster.directory(), "unix:gid");
            String mounted = command("mount", "-t", "tmpfs", "-o", "size=4m,mode=0700,uid=" + uid + ",gid=" + gid,
                    "tmpfs", small.toString());
            if (mounted != null) {
                skip("a tmpfs cannot be mounted here: " + mounted);
            }
            try {
                cluster.psql("CREATE TABLESPACE small LOCATION '" + small + "'");
                cluster.psql("ALTER DATABASE postgres SET default_tablespace = small");
                fillAndFree(cluster, small);
            } finally {
                cluster.stop();
                String unmounted = command("umount", small.toString());
                if (unmounted != null) {
                    System.err.println("Could not unmount " + small + ": " + unmounted);
                }
            }
        }
    }

    private static void fillAndFree(ThrowawayPostgres cluster, Path small) throws Exception {
        try (JdbcEventStore store = JdbcEventStore.postgres(cluster.url()).schema("filled").build()) {
            Filling filled = Filling.fill(store, "filled-1", 2, 20_000, 1_000);
            assertThat(filled.error().getMessage()).contains("disk is full").contains("schema 'filled'")
                    .contains("append to stream 'filled-1'");
            assertThat(store.readStream("filled-1").count()).as("reads go on").isEqualTo(filled.version());

            String grown = command("mount", "-o", "remount,size=64m", small.toString());
            assertThat(grown).as("the file system grows").isNull();
            store.append("filled-1", ExpectedVersion.exactly(filled.version()), filled.refused());
            assertThat(store.streamVersion("filled-1")).isEqualTo(filled.version() + 2);
            System.out.println("The error of the append that did not fit: " + filled.error().getMessage());
            Reliability.report("PostgreSQL disk full (tablespace on a 4 MB tmpfs)", String.format(Locale.ROOT,
                    "%d appends of 2 events fitted, the next failed naming the schema and wrote nothing; after "
                            + "growing the file system it succeeded", filled.appends()));
        }
    }

    /** @return null if the command succeeded, else what it said */
    private static String command(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "timed out";
        }
        return process.exitValue() == 0 ? null : "exit code " + process.exitValue() + ": " + output.trim();
    }

    private static void skip(String reason) {
        System.err.println("*** SKIPPED: the PostgreSQL full-disk test: " + reason);
        Assumptions.abort("SKIPPED: " + reason);
    }
}
