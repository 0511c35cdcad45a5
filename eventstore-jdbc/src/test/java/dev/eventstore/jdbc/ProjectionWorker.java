package dev.eventstore.jdbc;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.projection.ProjectionRunner;
import java.util.List;

/**
 * Run as a separate process by {@link JdbcProjectionContract}: projects the log into a ledger table,
 * slowly, until it is killed.
 *
 * <p>Arguments: {@code sqlite <file> <ledger table>} or {@code postgres <url> <schema> <ledger table>}.
 */
public final class ProjectionWorker {

    private ProjectionWorker() {
    }

    /**
     * @param args the backend, where it is, and the ledger table
     * @throws Exception if the projection cannot run
     */
    public static void main(String[] args) throws Exception {
        JdbcEventStore store = ChildJvm.openStore(List.of(args));
        String ledger = args[args.length - 1];
        JdbcProjection projection = JdbcProjectionContract.ledger(store, ledger, 15);
        ProjectionRunner.builder(store, projection).batchSize(5).start();
        System.out.println("started");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
