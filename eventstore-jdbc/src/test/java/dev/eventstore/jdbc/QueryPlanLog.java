package dev.eventstore.jdbc;

import dev.eventstore.EventData;
import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * The log the query plan tests of both databases read: 20,001 events, so that a planner has a reason
 * to prefer an index. One {@code Rare} event comes first; then 20 types in turn, each event tagged
 * with one of 4,000 usernames (5 events each) and one of 300 accounts.
 */
public final class QueryPlanLog {

    /** How many events {@link #fill} appends after the rare one. */
    public static final int EVENTS = 20_000;

    private QueryPlanLog() {
    }

    /**
     * Appends the log, in 21 appends.
     *
     * @param store an empty store
     */
    public static void fill(EventStore store) {
        store.append("rare-1", ExpectedVersion.noStream(), List.of(EventData.of("Rare", "{}")));
        for (int batch = 0; batch < EVENTS / 1_000; batch++) {
            List<EventData> events = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                int n = batch * 1_000 + i;
                events.add(EventData.of("Type" + (n % 20), "{\"n\":" + n + "}")
                        .withTags("username:u" + (n % 4_000), "account:" + (n % 300)));
            }
            store.append("fill-" + batch, ExpectedVersion.noStream(), events);
        }
    }
}
