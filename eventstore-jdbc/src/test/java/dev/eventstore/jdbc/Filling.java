package dev.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.EventData;
import dev.eventstore.EventStoreException;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fills a store until an append fails for want of room, checking that the failed append left the
 * store exactly as it was: the full-disk tests of both databases.
 *
 * @param appends how many appends fitted
 * @param error what the first one that did not fit threw
 * @param refused the events of that append
 */
public record Filling(int appends, EventStoreException error, List<EventData> refused) {

    /**
     * Appends batches of {@code perAppend} incompressible events of {@code size} characters to
     * {@code stream}, at exact versions, until one fails.
     *
     * @param store the store, with {@code stream} empty
     * @param stream the stream
     * @param perAppend events per append
     * @param size characters of padding per event
     * @param most the most appends that may fit before the test gives up
     * @return what fitted and what failed
     */
    public static Filling fill(JdbcEventStore store, String stream, int perAppend, int size, int most) {
        Random random = new Random(42);
        int appended = 0;
        while (true) {
            List<EventData> batch = new ArrayList<>();
            for (int i = 0; i < perAppend; i++) {
                StringBuilder pad = new StringBuilder(size);
                for (int c = 0; c < size; c++) {
                    pad.append((char) ('a' + random.nextInt(26)));
                }
                batch.add(EventData.of("Padded", "{\"pad\":\"" + pad + "\"}"));
            }
            List<RecordedEvent> before = store.readAll(0, Long.MAX_VALUE).toList();
            try {
                store.append(stream, ExpectedVersion.exactly((long) appended * perAppend), batch);
                appended++;
            } catch (EventStoreException e) {
                assertThat(store.readAll(0, Long.MAX_VALUE).toList()).as("nothing half-written").isEqualTo(before);
                assertThat(store.streamVersion(stream)).isEqualTo((long) appended * perAppend);
                return new Filling(appended, e, batch);
            }
            assertThat(appended).as("the store fills up within %d appends", most).isLessThan(most);
        }
    }

    /** @return the version of the stream after the appends that fitted */
    public long version() {
        return (long) appends * refused.size();
    }
}
