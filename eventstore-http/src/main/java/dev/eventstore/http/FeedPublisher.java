package dev.eventstore.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.eventstore.EventFilter;
import dev.eventstore.EventStore;
import dev.eventstore.EventStoreException;
import dev.eventstore.RecordedEvent;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionOptions;
import dev.eventstore.typed.EventMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the events of a store's log that pass a filter (a service's public integration events, say
 * those of category {@code public}) as a long-polling JSON feed:
 *
 * <pre>{@code
 * GET /feed?after=<position>&limit=<n>&wait=<seconds>[&accept=<Type>:<version>,...]
 *
 * 200 application/json
 * {"entries":[{"position":7,"id":"…","type":"OrderPlaced","version":2,"source":"orders",
 *              "subject":"public-order-42","sequence":1,"time":"2026-01-05T10:15:30.123Z",
 *              "data":{"orderId":"42","customer":{"id":"c-7","name":"Ada"}}}],
 *  "head":9}
 * }</pre>
 *
 * <ul>
 *   <li>{@code position}: the event's position in the log; {@code id}, {@code type}: the event's;
 *       {@code version}: its schema version (metadata {@value EventMetadata#SCHEMA_VERSION_KEY}, 1 when
 *       absent), or the older version it was downcast to; {@code source}: the publishing service;
 *       {@code subject}: the event's stream; {@code sequence}: its version in that stream; {@code time}:
 *       when it was recorded (ISO-8601, UTC); {@code data}: its JSON, as JSON.</li>
 *   <li>{@code head}: the log's head when the entries were read (at least the last entry's position).
 *       With fewer entries than asked for, every entry up to {@code head} has been served.</li>
 * </ul>
 *
 * <h2>Parameters</h2>
 * {@code after}: serve entries above this position (default 0). {@code limit}: at most this many
 * (default {@value #DEFAULT_LIMIT}; 0 serves only {@code head}; above the
 * {@link Builder#maxLimit maximum} is a 400, so that a short page always means "no more for now").
 * {@code wait}: seconds to wait, when nothing is after {@code after}, for something to be (default 0;
 * decimals allowed; above the {@link Builder#maxWait maximum} waits the maximum). {@code accept}:
 * versions the consumer reads, {@code Type:version}, comma-separated or repeated; an entry stored at a
 * newer version is downcast by the {@link Builder#downcast registered downcasters}, and served as
 * stored if they cannot take it to the version asked for. A bad parameter is a 400
 * {@value Problems#MEDIA_TYPE} naming it in the member {@code parameter}. Other methods than GET get a
 * 405; paths below the handler's own a 404; a store that cannot be read a 503.
 *
 * <h2>A safe checkpoint</h2>
 * The entries come from the store's log in position order, and the log's positions never arrive late:
 * once a consumer has seen position {@code p}, no entry below {@code p} is ever added. So the last
 * position a consumer has handled is all it needs to remember; asking for {@code after} it again
 * misses nothing, even with many concurrent writers. No outbox and no relay: the feed is the log.
 *
 * <h2>Long polls</h2>
 * A request with nothing to serve waits until an entry arrives or {@code wait} runs out, then answers
 * at once. It does not poll the database: one subscription per publisher (the store's own wake-ups:
 * an append in this process, PostgreSQL notifications, or the store's poll interval for appends of
 * other processes) tells every waiting request when entries arrive. A waiting request holds one of
 * the server's threads: give the {@link com.sun.net.httpserver.HttpServer} an executor with room for
 * the consumers ({@code server.setExecutor(Executors.newCachedThreadPool())}). Without one, the JDK
 * server runs every handler on its single dispatcher thread, and a long poll would hold up every
 * other request; such a request is answered with a 500 that says so. {@link HttpServers#create} makes a
 * server with an executor (and without the JDK's 40 ms delay on each answer).
 *
 * <pre>{@code
 * FeedPublisher feed = FeedPublisher.builder(store, "orders", EventFilter.category("public"))
 *         .downcast("OrderPlaced", 2, 1, data -> data.put("customer", data.path("customer").path("name").asText()))
 *         .build();
 * HttpServer server = HttpServers.create(new InetSocketAddress(8080));
 * server.createContext("/feed", feed);
 * server.start();
 * }</pre>
 *
 * <p>Safe for concurrent requests. {@link #close()} it after stopping the server, before closing the
 * store.
 */
public final class FeedPublisher implements HttpHandler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedPublisher.class);

    /** How many entries a request without {@code limit} gets at most. */
    public static final int DEFAULT_LIMIT = 100;
    /** The default of {@link Builder#maxLimit}. */
    public static final int DEFAULT_MAX_LIMIT = 1_000;
    /** The highest {@link Builder#maxLimit} there may be. */
    public static final int MAX_LIMIT = 10_000;
    /** The default of {@link Builder#maxWait}. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);
    /** The longest {@link Builder#maxWait} there may be. */
    public static final Duration MAX_WAIT = Duration.ofMinutes(5);
    /** The longest name of a source, in characters. */
    public static final int MAX_SOURCE_LENGTH = 100;

    private final EventStore store;
    private final String source;
    private final EventFilter filter;
    private final int maxLimit;
    private final Duration maxWait;
    private final UnaryOperator<RecordedEvent> transform;
    /** type -> from version -> to version -> downcaster. */
    private final Map<String, Map<Integer, Map<Integer, Downcaster>>> downcasters;
    private final ObjectMapper json = Jsons.exact();
    private final AtomicBoolean warnedAboutDispatcher = new AtomicBoolean();

    private final Object arrivals = new Object();
    /** Guarded by {@link #arrivals}: how many batches of entries the follower has seen. */
    private long arrived;
    private volatile boolean closed;
    private final Subscription follower;

    private FeedPublisher(Builder builder) {
        this.store = builder.store;
        this.source = builder.source;
        this.filter = builder.filter;
        this.maxLimit = builder.maxLimit;
        this.maxWait = builder.maxWait;
        this.transform = builder.transform;
        Map<String, Map<Integer, Map<Integer, Downcaster>>> copy = new HashMap<>();
        builder.downcasters.forEach((type, byFrom) -> {
            Map<Integer, Map<Integer, Downcaster>> from = new HashMap<>();
            byFrom.forEach((version, byTo) -> from.put(version, Map.copyOf(byTo)));
            copy.put(type, Map.copyOf(from));
        });
        this.downcasters = Map.copyOf(copy);
        // One follower for every waiting request: it only counts arrivals, and the requests read the
        // log themselves once told. It starts at the head: what is already there needs no wake-up.
        SubscriptionOptions options = SubscriptionOptions.builder(filter)
                .name("feed " + source)
                .afterPosition(store.headPosition())
                .build();
        this.follower = store.subscribeBatches(options, events -> {
            synchronized (arrivals) {
                arrived++;
                arrivals.notifyAll();
            }
        });
    }

    /**
     * @param store the store whose log is served; it stays the caller's to close
     * @param source the publishing service's name, served as each entry's {@code source}: 1 to
     *     {@value #MAX_SOURCE_LENGTH} characters, no control characters
     * @param filter the events served, typically the category a service appends its integration events
     *     to; never its internal events
     * @return a builder with the defaults: at most {@value #DEFAULT_MAX_LIMIT} entries a request, long
     *     polls of at most 30 seconds, no downcasters
     * @throws IllegalArgumentException if an argument is null or the source invalid
     */
    public static Builder builder(EventStore store, String source, EventFilter filter) {
        return new Builder(Args.notNull("store", store), Args.name("source", source, MAX_SOURCE_LENGTH),
                Args.notNull("filter", filter));
    }

    /** @return the publishing service's name, served as each entry's {@code source} */
    public String source() {
        return source;
    }

    /** @return the events served */
    public EventFilter filter() {
        return filter;
    }

    /**
     * Answers one request; see the class description. Called by the HTTP server.
     *
     * @param exchange the request and its response; always answered and closed
     * @throws IOException never; a client that went away is logged at debug level
     */
    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!"GET".equals(exchange.getRequestMethod())) {
                Problems.methodNotAllowed(exchange, "GET");
                return;
            }
            String below = Exchanges.pathBelowContext(exchange);
            if (!below.isEmpty() && !below.equals("/")) {
                Problems.notFound(exchange, "there is no resource at " + exchange.getRequestURI().getPath()
                        + "; the feed is at " + exchange.getHttpContext().getPath());
                return;
            }
            if (closed) {
                Problems.send(exchange, 503, "the feed of " + source + " is closed");
                return;
            }
            FeedQuery query;
            try {
                query = FeedQuery.parse(Exchanges.query(exchange), maxLimit, maxWait);
            } catch (InvalidParameterException e) {
                Problems.invalidParameter(exchange, e.parameter(), e.getMessage());
                return;
            } catch (IllegalArgumentException e) {
                // The JDK server refuses such a request itself; another server implementation may not.
                Problems.send(exchange, 400, "the query is not validly percent-encoded: "
                        + exchange.getRequestURI().getRawQuery());
                return;
            }
            byte[] body = answer(query);
            if (body == null) {
                Problems.send(exchange, 500, "the feed's HTTP server runs handlers on its dispatcher thread, "
                        + "where a long poll would hold up every other request; give the server an executor");
                return;
            }
            Exchanges.send(exchange, 200, "application/json", body);
        } catch (IOException e) {
            LOG.debug("Feed {}: the client went away before the answer was sent: {}", source, e.toString());
            exchange.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(exchange, 503, "the feed is shutting down");
        } catch (EventStoreException e) {
            LOG.warn("Feed {}: cannot read the store: {}", source, e.toString(), e);
            exchange.getResponseHeaders().set("Retry-After", "1");
            failed(exchange, 503, "the store cannot be read now; try again");
        } catch (RuntimeException e) {
            LOG.error("Feed {}: failed to answer {}", source, exchange.getRequestURI(), e);
            failed(exchange, 500, "the feed failed to answer; the failure is logged");
        }
    }

    /**
     * Stops the publisher: waiting requests answer with what there is (nothing), new requests get a
     * 503. The store stays open. Calling it again is harmless.
     */
    @Override
    public void close() {
        closed = true;
        follower.close();
        synchronized (arrivals) {
            arrivals.notifyAll();
        }
    }

    @Override
    public String toString() {
        return "FeedPublisher[" + source + ", " + filter + "]";
    }

    // ---------------------------------------------------------------- answering

    /** The response body; null if the request would wait on the server's dispatcher thread. */
    private byte[] answer(FeedQuery query) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + query.waitFor().toNanos();
        while (true) {
            long seen;
            synchronized (arrivals) {
                seen = arrived;
            }
            // The head is taken before the read: a short page then covers everything up to it.
            long head = store.headPosition();
            List<RecordedEvent> page = query.limit() == 0 ? List.of() : read(query.after(), query.limit());
            if (!page.isEmpty() || query.limit() == 0 || closed || System.nanoTime() - deadline >= 0) {
                return render(page, head, query.accept());
            }
            if (Exchanges.onDispatcherThread()) {
                if (warnedAboutDispatcher.compareAndSet(false, true)) {
                    LOG.error("Feed {}: the HTTP server has no executor, so its handlers run on its dispatcher "
                            + "thread; long polls are refused with a 500. Create it with HttpServers.create(...), or give it an "
                            + "executor with server.setExecutor(...).", source);
                }
                return null;
            }
            // Entries that arrive between the read and this wait have raised the count: no lost wake-up.
            synchronized (arrivals) {
                while (arrived == seen && !closed) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        // Nothing arrived: the page read before the wait is still the answer.
                        return render(page, head, query.accept());
                    }
                    TimeUnit.NANOSECONDS.timedWait(arrivals, remaining);
                }
            }
        }
    }

    private List<RecordedEvent> read(long after, int limit) {
        try (Stream<RecordedEvent> events = store.read(filter, after, limit)) {
            return events.toList();
        }
    }

    private byte[] render(List<RecordedEvent> page, long head, Map<String, Integer> accept) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + page.size() * 320);
        try (JsonGenerator generator = json.getFactory().createGenerator(out)) {
            generator.writeStartObject();
            generator.writeArrayFieldStart("entries");
            for (RecordedEvent event : page) {
                writeEntry(generator, transform.apply(event), accept);
            }
            generator.writeEndArray();
            long last = page.isEmpty() ? 0 : page.get(page.size() - 1).position();
            generator.writeNumberField("head", Math.max(head, last));
            generator.writeEndObject();
        }
        return out.toByteArray();
    }

    private void writeEntry(JsonGenerator generator, RecordedEvent event, Map<String, Integer> accept)
            throws IOException {
        int stored = schemaVersion(event);
        Integer wanted = accept.get(event.type());
        ObjectNode downcast = wanted != null && wanted < stored ? downcast(event, stored, wanted) : null;
        generator.writeStartObject();
        generator.writeNumberField("position", event.position());
        generator.writeStringField("id", event.id().toString());
        generator.writeStringField("type", event.type());
        generator.writeNumberField("version", downcast != null ? wanted : stored);
        generator.writeStringField("source", source);
        generator.writeStringField("subject", event.streamId());
        generator.writeNumberField("sequence", event.version());
        generator.writeStringField("time", event.recordedAt().toString());
        generator.writeFieldName("data");
        if (downcast != null) {
            json.writeTree(generator, downcast);
        } else {
            // The store keeps only valid JSON: it goes out as it is, unparsed.
            generator.writeRawValue(event.data());
        }
        generator.writeEndObject();
    }

    /** The schema version in the event's metadata; 1 if absent or not a whole number from 1. */
    private int schemaVersion(RecordedEvent event) throws IOException {
        try (JsonParser parser = json.createParser(event.metadata())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return 1;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals(EventMetadata.SCHEMA_VERSION_KEY)) {
                    if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
                            && parser.getIntValue() >= 1) {
                        return parser.getIntValue();
                    }
                    return 1;
                }
                parser.skipChildren();
            }
            return 1;
        }
    }

    /** The event's data downcast from {@code stored} to {@code wanted}; null if that cannot be done. */
    private ObjectNode downcast(RecordedEvent event, int stored, int wanted) {
        List<Downcaster> steps = path(event.type(), stored, wanted);
        if (steps == null) {
            return null;
        }
        try {
            JsonNode data = json.readTree(event.data());
            if (!(data instanceof ObjectNode object)) {
                return null;
            }
            for (Downcaster step : steps) {
                object = step.downcast(object);
                if (object == null) {
                    throw new IllegalStateException("a downcaster returned null");
                }
            }
            return object;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Feed {}: cannot downcast {} from version {} to {}; serving it at version {}", source, event,
                    stored, wanted, stored, e);
            return null;
        }
    }

    /** The fewest downcasters from {@code stored} to {@code wanted}, never below it; null if none lead there. */
    private List<Downcaster> path(String type, int stored, int wanted) {
        Map<Integer, Map<Integer, Downcaster>> ofType = downcasters.get(type);
        if (ofType == null) {
            return null;
        }
        Map<Integer, Integer> cameFrom = new HashMap<>();
        Queue<Integer> next = new ArrayDeque<>(List.of(stored));
        cameFrom.put(stored, stored);
        while (!next.isEmpty()) {
            int version = next.remove();
            if (version == wanted) {
                List<Downcaster> steps = new ArrayList<>();
                while (version != stored) {
                    int previous = cameFrom.get(version);
                    steps.add(ofType.get(previous).get(version));
                    version = previous;
                }
                Collections.reverse(steps);
                return steps;
            }
            for (int to : ofType.getOrDefault(version, Map.of()).keySet()) {
                if (to >= wanted && cameFrom.putIfAbsent(to, version) == null) {
                    next.add(to);
                }
            }
        }
        return null;
    }

    private void failed(HttpExchange exchange, int status, String detail) {
        try {
            Problems.send(exchange, status, detail);
        } catch (IOException | RuntimeException e) {
            exchange.close();
        }
    }

    /** Builds a {@link FeedPublisher}; each setter checks its value at once. */
    public static final class Builder {
        private final EventStore store;
        private final String source;
        private final EventFilter filter;
        private int maxLimit = DEFAULT_MAX_LIMIT;
        private Duration maxWait = DEFAULT_MAX_WAIT;
        private UnaryOperator<RecordedEvent> transform = UnaryOperator.identity();
        private final Map<String, Map<Integer, Map<Integer, Downcaster>>> downcasters = new TreeMap<>();

        private Builder(EventStore store, String source, EventFilter filter) {
            this.store = store;
            this.source = source;
            this.filter = filter;
        }

        /**
         * @param maxLimit the most entries one request may ask for; a request asking for more gets a 400
         *     that names this maximum
         * @return this builder
         * @throws IllegalArgumentException if not between 1 and {@value FeedPublisher#MAX_LIMIT}
         */
        public Builder maxLimit(int maxLimit) {
            if (maxLimit < 1 || maxLimit > MAX_LIMIT) {
                throw new IllegalArgumentException("maxLimit must be between 1 and " + MAX_LIMIT + ", was: " + maxLimit);
            }
            this.maxLimit = maxLimit;
            return this;
        }

        /**
         * Changes each event before it is served, for example
         * {@link dev.eventstore.typed.EventTypes#reveal}, which decrypts personal data stored encrypted
         * (or redacts it once its subject is forgotten) for consumers that hold no keys. Downcasters run
         * on the changed event. The stored events are not changed.
         *
         * @param transform returns the event to serve; the identity by default
         * @return this builder
         * @throws IllegalArgumentException if {@code transform} is null
         */
        public Builder transform(UnaryOperator<RecordedEvent> transform) {
            this.transform = Args.notNull("transform", transform);
            return this;
        }

        /**
         * @param maxWait the longest a request waits for entries, whatever its {@code wait} says
         * @return this builder
         * @throws IllegalArgumentException if null, negative or above {@link FeedPublisher#MAX_WAIT}
         */
        public Builder maxWait(Duration maxWait) {
            Args.notNull("maxWait", maxWait);
            if (maxWait.isNegative() || maxWait.compareTo(MAX_WAIT) > 0) {
                throw new IllegalArgumentException("maxWait must be between 0 and " + MAX_WAIT + ", was: " + maxWait);
            }
            this.maxWait = maxWait;
            return this;
        }

        /**
         * Registers a downcaster of one type from one schema version to an older one. A consumer asking
         * for version {@code v} of the type gets entries stored at a newer version through the shortest
         * chain of downcasters that leads to {@code v} (3&rarr;2 and 2&rarr;1, or 3&rarr;1 directly);
         * entries with no such chain are served as stored.
         *
         * @param type the event type, as stored
         * @param fromVersion the version the downcaster reads, from 2
         * @param toVersion the version it writes, from 1 and below {@code fromVersion}
         * @param downcaster the downcaster
         * @return this builder
         * @throws IllegalArgumentException if an argument is null or out of range, or a downcaster for
         *     these versions of this type is registered already
         */
        public Builder downcast(String type, int fromVersion, int toVersion, Downcaster downcaster) {
            Args.name("type", type, 200);
            Args.notNull("downcaster", downcaster);
            if (toVersion < 1 || fromVersion <= toVersion) {
                throw new IllegalArgumentException("a downcaster goes from a version to an older one, from 1; was: "
                        + fromVersion + " -> " + toVersion + " for type '" + type + "'");
            }
            Map<Integer, Downcaster> byTo = downcasters.computeIfAbsent(type, t -> new TreeMap<>())
                    .computeIfAbsent(fromVersion, v -> new TreeMap<>());
            if (byTo.putIfAbsent(toVersion, downcaster) != null) {
                throw new IllegalArgumentException("a downcaster of type '" + type + "' from version " + fromVersion
                        + " to " + toVersion + " is registered already");
            }
            return this;
        }

        /**
         * Builds the publisher and starts its follower: a subscription of the store that wakes waiting
         * requests when entries arrive.
         *
         * @return the publisher, ready to serve
         * @throws IllegalStateException if the store is closed
         * @throws EventStoreException if the store cannot be read
         */
        public FeedPublisher build() {
            return new FeedPublisher(this);
        }
    }
}
