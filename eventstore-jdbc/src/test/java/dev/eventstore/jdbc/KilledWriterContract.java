package dev.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.contract.Reliability;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client process killed in the middle of its appends ({@code kill -9}, again and again at random
 * moments) loses nothing it was told was written, and leaves nothing half-written: after every kill,
 * every acknowledged batch is in the store whole, at the version and position its append returned; no
 * batch is partial; every stream's versions are dense; the store opens and appends again, and the next
 * writer process carries on where the last one stopped.
 *
 * <p>The writer is {@link AppendingWriter}, in a JVM of its own. CI kills it 20 times per backend;
 * {@code -Deventstore.long=true} 100 times ({@code -Deventstore.crash.kills=N} sets it alone).
 */
public abstract class KilledWriterContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path logs;

    /** @return a store on this test's database; every call of one test opens the same database */
    protected abstract JdbcEventStore openStore();

    /** @return the arguments that tell {@link AppendingWriter} where the store is */
    protected abstract List<String> writerArguments();

    /** @return the backend's name, for the printed figures */
    protected abstract String backend();

    /** An append the writer acknowledged. */
    private record Ack(String batch, String stream, int events, long version, long position) {
    }

    @Test
    void everyAcknowledgedAppendSurvivesAKilledWriterWholeAndTheStoreCarriesOn() throws Exception {
        int kills = Reliability.budget("eventstore.crash.kills", 20, 100);
        long seed = Reliability.seed("eventstore.crash.seed");
        Random random = new Random(seed);
        Map<String, Ack> acked = new ConcurrentHashMap<>();
        Path log = logs.resolve("writer.log");
        long started = System.nanoTime();
        int unacknowledged = 0;
        long events = 0;
        try (JdbcEventStore store = openStore()) {
            // Created and migrated before the writers start.
            assertThat(store.headPosition()).isZero();
        }
        for (int kill = 1; kill <= kills; kill++) {
            List<String> arguments = new ArrayList<>(writerArguments());
            arguments.add("k");
            Process writer = ChildJvm.start(AppendingWriter.class, arguments, log);
            CountDownLatch ready = new CountDownLatch(1);
            Thread reader = new Thread(() -> readAcks(writer, ready, acked), "acks");
            reader.start();
            try {
                assertThat(ready.await(60, TimeUnit.SECONDS)).as("the writer started; its log: %s", tail(log)).isTrue();
                Thread.sleep(20 + random.nextInt(600));
            } finally {
                writer.destroyForcibly();
                assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
                reader.join(TimeUnit.SECONDS.toMillis(30));
            }
            try (JdbcEventStore store = openStore()) {
                Check check = check(store, acked);
                unacknowledged = check.unacknowledged();
                events = check.events();
                store.append("check-" + kill, ExpectedVersion.noStream(), List.of(EventData.of("Checked", "{}")));
                assertThat(store.streamVersion("check-" + kill)).isEqualTo(1);
            } catch (AssertionError e) {
                throw new AssertionError("after kill " + kill + " of " + kills + " (seed " + seed + "): " + e.getMessage(), e);
            }
        }
        assertThat(acked).as("the writers acknowledged appends").isNotEmpty();
        Reliability.report("client killed mid-append, " + backend(), String.format(Locale.ROOT,
                "%d kills (kill -9), %d acknowledged batches all present and whole, %d batches committed but "
                        + "not acknowledged before the kill, %d events, no partial batch, dense versions, %.1f s",
                kills, acked.size(), unacknowledged, events, (System.nanoTime() - started) / 1e9));
    }

    private static void readAcks(Process writer, CountDownLatch ready, Map<String, Ack> acked) {
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                if (line.equals("ready")) {
                    ready.countDown();
                }
                String[] parts = line.split(" ");
                // A line cut short by the kill lacks its final ".": it acknowledges nothing.
                if (parts.length == 7 && parts[0].equals("ack") && parts[6].equals(".")) {
                    acked.put(parts[1], new Ack(parts[1], parts[2], Integer.parseInt(parts[3]),
                            Long.parseLong(parts[4]), Long.parseLong(parts[5])));
                }
            }
        } catch (java.io.IOException e) {
            // The process is gone; what was read is what it acknowledged.
        }
    }

    /**
     * @param unacknowledged batches in the store whose acknowledgement the kill cut off
     * @param events events in the store
     */
    private record Check(int unacknowledged, long events) {
    }

    private static Check check(JdbcEventStore store, Map<String, Ack> acked) throws Exception {
        List<RecordedEvent> log = store.readAll(0, Long.MAX_VALUE).toList();
        Map<String, List<RecordedEvent>> batches = new LinkedHashMap<>();
        Map<String, List<RecordedEvent>> streams = new LinkedHashMap<>();
        for (int i = 0; i < log.size(); i++) {
            RecordedEvent event = log.get(i);
            if (i > 0) {
                assertThat(event.position()).as("positions grow").isGreaterThan(log.get(i - 1).position());
            }
            streams.computeIfAbsent(event.streamId(), s -> new ArrayList<>()).add(event);
            if (event.type().equals("Written")) {
                batches.computeIfAbsent(JSON.readTree(event.data()).get("batch").asText(), b -> new ArrayList<>())
                        .add(event);
            }
        }
        for (Map.Entry<String, List<RecordedEvent>> stream : streams.entrySet()) {
            List<RecordedEvent> read = store.readStream(stream.getKey()).toList();
            assertThat(read).as("stream %s read alone and in the log", stream.getKey())
                    .extracting(RecordedEvent::id).containsExactlyElementsOf(
                            stream.getValue().stream().map(RecordedEvent::id).toList());
            for (int v = 0; v < read.size(); v++) {
                assertThat(read.get(v).version()).as("versions of %s are dense", stream.getKey()).isEqualTo(v + 1L);
            }
        }
        for (Map.Entry<String, List<RecordedEvent>> batch : batches.entrySet()) {
            List<RecordedEvent> batchEvents = batch.getValue();
            RecordedEvent first = batchEvents.get(0);
            int size = JSON.readTree(first.data()).get("n").asInt();
            assertThat(batchEvents).as("batch %s is whole", batch.getKey()).hasSize(size);
            for (int i = 0; i < size; i++) {
                RecordedEvent event = batchEvents.get(i);
                JsonNode data = JSON.readTree(event.data());
                assertThat(data.get("i").asInt()).as("batch %s in order", batch.getKey()).isEqualTo(i);
                assertThat(event.streamId()).isEqualTo(first.streamId());
                assertThat(event.version()).isEqualTo(first.version() + i);
                assertThat(event.position()).isEqualTo(first.position() + i);
            }
        }
        for (Ack ack : acked.values()) {
            List<RecordedEvent> batch = batches.get(ack.batch());
            assertThat(batch).as("acknowledged batch %s", ack).isNotNull().hasSize(ack.events());
            RecordedEvent last = batch.get(batch.size() - 1);
            assertThat(last.streamId()).isEqualTo(ack.stream());
            assertThat(last.version()).as("version of %s", ack).isEqualTo(ack.version());
            assertThat(last.position()).as("position of %s", ack).isEqualTo(ack.position());
        }
        return new Check(batches.size() - (int) batches.keySet().stream().filter(acked::containsKey).count(), log.size());
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
