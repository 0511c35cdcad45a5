package dev.eventstore.jdbc.postgres;

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

/**
 * What is left of a forgotten subject in a PostgreSQL cluster's files: a throwaway cluster
 * ({@link ThrowawayPostgres}) whose data directory the test reads byte by byte. The personal data
 * never reaches any file in plain text, the write-ahead log included. The key reaches the table's
 * files and the WAL; after forget, {@code VACUUM FULL} of the keys table and a {@code CHECKPOINT}, it is
 * in no data file. The WAL segments written before the forget still hold it until the server
 * recycles them (after later checkpoints, once {@code max_wal_size}/{@code wal_keep_size} let it), or
 * for as long as a WAL archive keeps them: the test reports what it finds there and does not assert it.
 */
class PostgresShreddingFilesTest {

    @Test
    void afterForgetVacuumFullAndCheckpointNoDataFileHoldsTheKeyAndNoFileHoldsThePlainText() throws Exception {
        try (ThrowawayPostgres cluster = ThrowawayPostgres.startOrSkip();
                JdbcEventStore store = JdbcEventStore.postgres(cluster.url()).schema("shred").maxPoolSize(2).build()) {
            Path data = cluster.directory().resolve("data");
            List<Path> everything = List.of(data);
            List<Path> dataFiles = List.of(data.resolve("base"), data.resolve("global"));
            List<Path> wal = List.of(data.resolve("pg_wal"));
            String subject = "customer-" + UUID.randomUUID();
            String name = "Zebediah Quackenbush " + UUID.randomUUID();
            String email = "zq-" + UUID.randomUUID() + "@example.org";
            SubjectKeyStore keys = store.subjectKeyStore();
            EventTypes types = EventTypes.builder().register(Registered.class).subjectKeys(keys).build();
            for (int i = 0; i < 50; i++) {
                store.append("customer-" + i, ExpectedVersion.noStream(), List.of(types.encode(new Registered(subject,
                        name, email, 1970, 44, new Address(subject, "1 Secret Street", "Ghent"), i))));
            }
            byte[] key = keys.find(subject).orElseThrow().material();
            sql(store, "CHECKPOINT");
            assertThat(find(everything, utf8(name))).as("the name in plain text").isEmpty();
            assertThat(find(everything, utf8(email))).as("the e-mail in plain text").isEmpty();
            assertThat(find(dataFiles, utf8(subject))).as("the subject's id stays readable").isNotEmpty();
            assertThat(find(dataFiles, key)).as("the key, before forget: the scan can see it").isNotEmpty();

            keys.forget(subject);
            sql(store, "VACUUM FULL shred.subject_keys");
            sql(store, "CHECKPOINT");

            assertThat(find(dataFiles, key)).as("the key in the data files after forget, VACUUM FULL, CHECKPOINT")
                    .isEmpty();
            assertThat(find(everything, utf8(name))).isEmpty();
            assertThat(find(everything, utf8(email))).isEmpty();
            System.out.println("PostgresShreddingFilesTest: the forgotten key is still in these WAL segments "
                    + "(until recycled): " + find(wal, key));
            try (var events = store.readCategory("customer", 0, Long.MAX_VALUE)) {
                for (RecordedEvent event : events.toList()) {
                    Registered read = types.decode(event, Registered.class).orElseThrow().event();
                    assertThat(read.name()).isEqualTo(PersonalData.FORGOTTEN);
                    assertThat(read.address().street()).isEqualTo(PersonalData.FORGOTTEN);
                }
            }
        }
    }

    private static void sql(JdbcEventStore store, String statement) throws Exception {
        try (Connection connection = store.dataSource().getConnection(); Statement run = connection.createStatement()) {
            run.execute(statement);
        }
    }
}
