package dev.eventstore.jdbc;

import dev.eventstore.AppendResult;
import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Run as a separate process by {@link KilledWriterContract}: appends batches of one to five events in
 * a loop, from two threads, until it is killed, and acknowledges each append on standard output once
 * it has returned: {@code ack <batch> <stream> <events> <version> <position> .}
 *
 * <p>Each thread writes its own streams with exact expected versions read at start-up, so a batch
 * that went missing or half in shows as a hole or a refused append. Every event's data names its
 * batch, its index in the batch and the batch's size.
 *
 * <p>Arguments: {@code sqlite <file>} or {@code postgres <url> <schema>}, then a prefix for the
 * streams of this run.
 */
public final class AppendingWriter {

    private AppendingWriter() {
    }

    /**
     * @param args where the store is, and the stream prefix
     * @throws Exception if the store cannot be opened
     */
    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        JdbcEventStore store = ChildJvm.openStore(arguments);
        String prefix = arguments.get(arguments.size() - 1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            String stream = "crash-" + prefix + "w" + t;
            threads.add(new Thread(() -> write(store, stream), "writer-" + t));
        }
        System.out.println("ready");
        System.out.flush();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static void write(JdbcEventStore store, String streamPrefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long[] versions = new long[3];
        for (int s = 0; s < versions.length; s++) {
            versions[s] = store.streamVersion(streamPrefix + "-" + s);
        }
        while (true) {
            int s = random.nextInt(versions.length);
            String stream = streamPrefix + "-" + s;
            int size = 1 + random.nextInt(5);
            UUID batch = UUID.randomUUID();
            List<EventData> events = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                events.add(EventData.of("Written", "{\"batch\":\"" + batch + "\",\"i\":" + i + ",\"n\":" + size
                        + ",\"pad\":\"" + "x".repeat(random.nextInt(200)) + "\"}"));
            }
            AppendResult result = store.append(stream, ExpectedVersion.exactly(versions[s]), events);
            versions[s] = result.nextExpectedVersion();
            synchronized (System.out) {
                System.out.println("ack " + batch + " " + stream + " " + size + " " + result.nextExpectedVersion() + " "
                        + result.lastPosition() + " .");
                System.out.flush();
            }
        }
    }
}
