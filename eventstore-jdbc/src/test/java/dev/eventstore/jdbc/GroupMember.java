package dev.eventstore.jdbc;

import dev.eventstore.EventFilter;
import dev.eventstore.RetryPolicy;
import dev.eventstore.reactor.ConsumerGroup;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Run as a separate process by {@link ConsumerGroupKillContract}: one member of a consumer group whose
 * reaction writes a row to the {@code handled} table in the reaction's transaction (an effect in the
 * same database: exactly once), and before that prints {@code d <position>} on standard output (an
 * effect outside the database: at least once, so the test counts re-deliveries). It prints
 * {@code ready} once started, and the partitions it holds whenever they change, until it is killed.
 *
 * <p>Arguments: {@code sqlite <file>} or {@code postgres <url> <schema>}, then the group, the member's
 * id, the lease time in milliseconds and the handled table's qualified name.
 */
public final class GroupMember {

    private GroupMember() {
    }

    /**
     * @param args where the store is, the group, the member, the lease time, the table
     * @throws Exception if the store cannot be opened
     */
    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        int n = arguments.size();
        String group = arguments.get(n - 4);
        String member = arguments.get(n - 3);
        Duration leaseTime = Duration.ofMillis(Long.parseLong(arguments.get(n - 2)));
        String insert = "INSERT INTO " + arguments.get(n - 1) + " (position, stream_id, version, member) VALUES (?, ?, ?, ?)";
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        JdbcEventStore store = ChildJvm.openStore(new ArrayList<>(arguments.subList(0, n - 4)));
        ConsumerGroup<JdbcTransaction> consumer = ConsumerGroup.<JdbcTransaction>builder(group, store)
                .member(member)
                .leaseTime(leaseTime)
                .filter(EventFilter.category("job"))
                .retry(RetryPolicy.forever(Duration.ofMillis(10), Duration.ofMillis(200)))
                // Every reaction commits, so its checkpoint is saved with it; the interval only spares a
                // transaction per batch for the events of other partitions, which each reactor passes over.
                .checkpointInterval(Duration.ofSeconds(1))
                .reaction((event, ctx) -> {
                    synchronized (out) {
                        out.println("d " + event.position());
                        out.flush();
                    }
                    try (PreparedStatement row = ctx.transaction().connection().prepareStatement(insert)) {
                        row.setLong(1, event.position());
                        row.setString(2, event.streamId());
                        row.setLong(3, event.version());
                        row.setString(4, member);
                        row.executeUpdate();
                    }
                })
                .start();
        synchronized (out) {
            out.println("ready");
            out.flush();
        }
        String owned = "";
        while (true) {
            Thread.sleep(200);
            String now = consumer.ownedPartitions().toString();
            if (!now.equals(owned)) {
                owned = now;
                synchronized (out) {
                    out.println("owned " + member + " " + now.replace(" ", ""));
                    out.flush();
                }
            }
        }
    }
}
