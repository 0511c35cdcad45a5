package dev.eventstore.jdbc.sqlite;

import static dev.eventstore.jdbc.FileScan.find;
import static dev.eventstore.jdbc.FileScan.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.contract.PersonalDataContract.Address;
import dev.eventstore.contract.PersonalDataContract.Registered;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.typed.EventTypes;
import dev.eventstore.typed.PersonalData;
import dev.eventstore.typed.SubjectKeyStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is left of a forgotten subject in SQLite's files: the database file and its write-ahead log
 * are scanned byte by byte. The personal data never reaches them in plain text; its key does, until
 * forget, a WAL checkpoint and VACUUM remove it.
 */
class SqliteShreddingFilesTest {

    @TempDir
    Path directory;

    @Test
    void afterForgetCheckpointAndVacuumNoByteOfThePlainTextOrTheKeyIsInTheFiles() throws Exception {
        Path file = directory.resolve("shred.db");
        List<Path> files = List.of(file, directory.resolve("shred.db-wal"), directory.resolve("shred.db-shm"));
        String subject = "customer-" + UUID.randomUUID();
        String name = "Zebediah Quackenbush " + UUID.randomUUID();
        String email = "zq-" + UUID.randomUUID() + "@example.org";
        try (JdbcEventStore store = JdbcEventStore.sqlite(file).build()) {
            SubjectKeyStore keys = store.subjectKeyStore();
            EventTypes types = EventTypes.builder().register(Registered.class).subjectKeys(keys).build();
            for (int i = 0; i < 50; i++) {
                store.append("customer-" + i, ExpectedVersion.noStream(), List.of(types.encode(new Registered(subject,
                        name, email, 1970, 44, new Address(subject, "1 Secret Street", "Ghent"), i))));
            }
            byte[] key = keys.find(subject).orElseThrow().material();
            checkpoint(store);
            assertThat(find(files, utf8(name))).as("the name in plain text").isEmpty();
            assertThat(find(files, utf8(email))).as("the e-mail in plain text").isEmpty();
            assertThat(find(files, utf8(subject))).as("the subject's id stays readable").isNotEmpty();
            assertThat(find(files, key)).as("the key, before forget: the scan can see it").isNotEmpty();

            keys.forget(subject);
            checkpoint(store);
            try (Connection connection = store.dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("VACUUM");
            }
            checkpoint(store);

            assertThat(find(files, key)).as("the key after forget, checkpoint and VACUUM").isEmpty();
            assertThat(find(files, utf8(name))).isEmpty();
            assertThat(find(files, utf8(email))).isEmpty();
            try (var events = store.readCategory("customer", 0, Long.MAX_VALUE)) {
                for (RecordedEvent event : events.toList()) {
                    Registered read = types.decode(event, Registered.class).orElseThrow().event();
                    assertThat(read.name()).isEqualTo(PersonalData.FORGOTTEN);
                    assertThat(read.email()).isEqualTo("forgotten customer");
                }
            }
        }
    }

    private static void checkpoint(JdbcEventStore store) throws Exception {
        try (Connection connection = store.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }
}
