package dev.eventstore.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstore.RecordedEvent;
import dev.eventstore.reactor.EventFeed;
import dev.eventstore.typed.EventMetadata;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a feed served by a {@link FeedPublisher} (another service's integration events) for a
 * {@link dev.eventstore.reactor.Reactor}: the reactor's checkpoint (a position in the feed) commits in
 * the consumer's own store with the effects of each entry, so each entry takes effect once, with no
 * gap, across crashes of either side (an inbox).
 *
 * <pre>{@code
 * HttpEventFeed payments = HttpEventFeed.builder(URI.create("http://payments:8082/feed"))
 *         .name("payments")
 *         .accept("PaymentAuthorised", 1)
 *         .build();
 * Reactor<JdbcTransaction> inbox = Reactor.builder("payments-inbox", store)
 *         .source(payments)
 *         .reaction((entry, ctx) -> ...)
 *         .start();
 * ...
 * if (payments.failing()) status.put("payments", "waiting: " + payments.lastError().orElseThrow().getMessage());
 * }</pre>
 *
 * <h2>Entries</h2>
 * Each entry is handed on as a {@link RecordedEvent}: {@code streamId} = the entry's {@code subject},
 * {@code version} = its {@code sequence}, {@code position} = its feed position, {@code type},
 * {@code data} (its JSON as text), {@code metadata} = {@code {"$schemaVersion": version, "$source":
 * source}}, no tags, {@code recordedAt} = its {@code time}. {@link dev.eventstore.typed.EventTypes}
 * decodes such events with its upcasters, as it does the store's own; {@code $source} is read by
 * nobody but the application.
 *
 * <h2>Long polls, failures, closing</h2>
 * {@link #read} asks for the entries after a position and waits up to {@link Builder#longPoll} for one
 * if there are none yet; {@link #readNow} does not wait. The reactor reads now while it catches up, so
 * that it learns at once when it has ({@link dev.eventstore.Subscription.State#LIVE}), and then waits;
 * when it closes, or someone waits for it to catch up, it cuts a long poll under way short
 * ({@link #stopWaiting()}). A service that does not answer, answers with an error, or answers with
 * something that is not a feed makes {@code read} throw a {@link FeedReadException}: the reactor logs
 * it, shows it, backs off and reads again, and nothing is skipped. Meanwhile {@link #failing()} is true
 * and {@link #lastError()} says why. {@link #close()} ends a long poll at once; a closed feed's
 * {@code read} returns null, which stops the reactor following it. The feed and its reactor may be
 * closed in either order; neither waits for the other.
 *
 * <p>Safe for concurrent use.
 */
public final class HttpEventFeed implements EventFeed, AutoCloseable {

    /** The metadata key under which each entry carries the name of the service that published it. */
    public static final String SOURCE_KEY = "$source";
    /** The default of {@link Builder#longPoll}. */
    public static final Duration DEFAULT_LONG_POLL = Duration.ofSeconds(20);
    /** The default time to connect to the feed's service. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How much longer than its long poll a request may take before it counts as failed. */
    private static final Duration REQUEST_SLACK = Duration.ofSeconds(10);
    private static final int MAX_PROBLEM_DETAIL = 500;

    private final URI uri;
    private final String name;
    private final HttpClient client;
    private final Duration longPoll;
    private final String acceptParameter;
    private final ObjectMapper json = Jsons.exact();
    /** The requests under way, each with true if it is a long poll. */
    private final Map<CompletableFuture<?>, Boolean> inFlight = new ConcurrentHashMap<>();
    /** The long polls {@link #stopWaiting()} cut short: they answer with an empty page. */
    private final Set<CompletableFuture<?>> cutShort = ConcurrentHashMap.newKeySet();
    /** Set by {@link #stopWaiting()}; the next long poll that sees it answers at once instead. */
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private volatile boolean closed;
    private volatile boolean failing;
    private volatile FeedReadException lastError;

    private HttpEventFeed(Builder builder) {
        this.uri = builder.uri;
        this.name = builder.name != null ? builder.name : builder.uri.toString();
        this.client = builder.client != null ? builder.client
                : HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(DEFAULT_CONNECT_TIMEOUT)
                        .build();
        this.longPoll = builder.longPoll;
        List<String> accept = new ArrayList<>();
        builder.accept.forEach((type, version) -> accept.add(type + ":" + version));
        this.acceptParameter = accept.isEmpty() ? null : String.join(",", accept);
    }

    /**
     * @param feed the feed's address, for example {@code http://payments:8082/feed}: http or https,
     *     with a host, without a query or fragment
     * @return a builder: a long poll of 20 s, no versions asked for, a client of its own (HTTP/1.1,
     *     connecting within 5 s)
     * @throws IllegalArgumentException if {@code feed} is null or not such an address
     */
    public static Builder builder(URI feed) {
        Args.notNull("feed", feed);
        String scheme = feed.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || feed.getHost() == null || feed.getRawQuery() != null || feed.getRawFragment() != null) {
            throw new IllegalArgumentException("feed must be an http or https address with a host and without a "
                    + "query or fragment, was: " + feed);
        }
        return new Builder(feed);
    }

    /** @return the feed's name, used in messages */
    public String name() {
        return name;
    }

    /** @return the feed's address */
    public URI uri() {
        return uri;
    }

    /**
     * Reads the entries after a position, waiting up to the {@linkplain Builder#longPoll long poll} for
     * one if there is none yet.
     *
     * @param afterPosition return entries above this position; 0 for all
     * @param limit the most entries to return, from 1; at most what the publisher allows (1000 unless
     *     configured otherwise), or the publisher refuses the request
     * @return the entries in ascending position, at most {@code limit}, fewer when the feed has no more
     *     for now; null if this feed is closed
     * @throws FeedReadException if the feed's service does not answer, answers with an error, or answers
     *     with something that is not a feed in order
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws IllegalArgumentException if {@code afterPosition} is negative or {@code limit} below 1
     */
    @Override
    public List<RecordedEvent> read(long afterPosition, int limit) throws InterruptedException {
        checkRead(afterPosition, limit);
        Page page = fetch(afterPosition, limit, stopRequested.getAndSet(false) ? Duration.ZERO : longPoll);
        return page == null ? null : page.entries;
    }

    /**
     * Reads the entries after a position without waiting for new ones: a page shorter than
     * {@code limit} (empty, say) means the feed has no more for now.
     *
     * @param afterPosition return entries above this position; 0 for all
     * @param limit the most entries to return, from 1, as for {@link #read}
     * @return the entries in ascending position, at most {@code limit}; null if this feed is closed
     * @throws FeedReadException as for {@link #read}
     * @throws InterruptedException if the calling thread is interrupted while waiting for the answer
     * @throws IllegalArgumentException if {@code afterPosition} is negative or {@code limit} below 1
     */
    @Override
    public List<RecordedEvent> readNow(long afterPosition, int limit) throws InterruptedException {
        checkRead(afterPosition, limit);
        Page page = fetch(afterPosition, limit, Duration.ZERO);
        return page == null ? null : page.entries;
    }

    /**
     * Cuts short the long polls under way: each {@link #read} waiting for new entries returns an empty
     * list at once (without counting as an answer of the feed's service), and the next read may answer
     * at once too. The reactor following this feed calls it when it closes and when someone waits for
     * it to catch up. Safe from any thread; harmless when nothing waits.
     */
    @Override
    public void stopWaiting() {
        stopRequested.set(true);
        inFlight.forEach((request, longPoll) -> {
            if (longPoll) {
                cutShort(request);
            }
        });
    }

    private void cutShort(CompletableFuture<?> request) {
        cutShort.add(request);
        request.cancel(true);
    }

    private static void checkRead(long afterPosition, int limit) {
        if (afterPosition < 0) {
            throw new IllegalArgumentException("afterPosition must be at least 0, was: " + afterPosition);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was: " + limit);
        }
    }

    /**
     * Asks the feed for its head ({@code limit=0}).
     *
     * @return the feed's highest position now: every entry up to it can be read
     * @throws FeedReadException if the feed's service does not answer, answers with an error, or answers
     *     with something that is not a feed
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws IllegalStateException if this feed is closed
     */
    @Override
    public long headPosition() throws InterruptedException {
        Page page = fetch(0, 0, Duration.ZERO);
        if (page == null) {
            throw new IllegalStateException("the feed " + name + " is closed");
        }
        return page.head;
    }

    /**
     * @return true if the latest read of the feed failed: its service is down or answers with errors,
     *     and its consumers are waiting for it. False again after the next read that succeeds.
     */
    public boolean failing() {
        return failing;
    }

    /** @return the error of the latest read that failed, even if reads have succeeded since; empty if none has */
    public Optional<FeedReadException> lastError() {
        return Optional.ofNullable(lastError);
    }

    /**
     * Closes the feed: a read under way returns null at once, and so do later ones; the reactor
     * following the feed stops. Calling it again is harmless.
     */
    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<?> request : inFlight.keySet()) {
            request.cancel(true);
        }
    }

    @Override
    public String toString() {
        return "HttpEventFeed[" + name + " at " + uri + (failing ? ", failing" : "") + "]";
    }

    // ---------------------------------------------------------------- reading

    private record Page(List<RecordedEvent> entries, long head) {
    }

    /** The answer of a long poll that {@link #stopWaiting()} cut short: no entries, and no news of the feed. */
    private static final Page CUT_SHORT = new Page(List.of(), -1);

    private Page fetch(long after, int limit, Duration wait) throws InterruptedException {
        if (closed) {
            return null;
        }
        URI request = requestUri(after, limit, wait);
        try {
            Page page = fetch(request, after, limit, wait);
            if (page != null && page != CUT_SHORT) {
                failing = false;
            }
            return page;
        } catch (FeedReadException e) {
            lastError = e;
            failing = true;
            throw e;
        }
    }

    private Page fetch(URI request, long after, int limit, Duration wait) throws InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(request)
                .timeout(wait.plus(REQUEST_SLACK))
                .header("Accept", "application/json")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> sent = client.sendAsync(get, HttpResponse.BodyHandlers.ofByteArray());
        boolean longPoll = !wait.isZero();
        inFlight.put(sent, longPoll);
        HttpResponse<byte[]> response;
        try {
            if (closed) {
                sent.cancel(true);
            } else if (longPoll && stopRequested.getAndSet(false)) {
                // Asked to stop waiting after this read began, before it was under way.
                cutShort(sent);
            }
            response = sent.get();
        } catch (CancellationException e) {
            if (closed) {
                return null;
            }
            if (cutShort.contains(sent)) {
                return CUT_SHORT;
            }
            throw new FeedReadException(name, request, 0, "Reading feed " + name + " was cancelled", e);
        } catch (ExecutionException e) {
            if (closed) {
                return null;
            }
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new FeedReadException(name, request, 0, "Feed " + name + " does not answer at " + request + ": "
                    + cause, cause);
        } catch (InterruptedException e) {
            sent.cancel(true);
            throw e;
        } finally {
            inFlight.remove(sent);
            cutShort.remove(sent);
        }
        if (response.statusCode() != 200) {
            throw new FeedReadException(name, request, response.statusCode(), "Feed " + name + " answered "
                    + response.statusCode() + " at " + request + problemDetail(response.body()), null);
        }
        try {
            return parse(response.body(), after, limit);
        } catch (IOException | RuntimeException e) {
            throw new FeedReadException(name, request, 200, "Feed " + name + " answered with something that is not "
                    + "a feed in order at " + request + ": " + e.getMessage(), e);
        }
    }

    private URI requestUri(long after, int limit, Duration wait) {
        StringBuilder query = new StringBuilder()
                .append("after=").append(after)
                .append("&limit=").append(limit)
                .append("&wait=").append(BigDecimal.valueOf(wait.toMillis()).movePointLeft(3).stripTrailingZeros()
                        .toPlainString());
        if (acceptParameter != null) {
            query.append("&accept=").append(URLEncoder.encode(acceptParameter, StandardCharsets.UTF_8));
        }
        return URI.create(uri + "?" + query);
    }

    private String problemDetail(byte[] body) {
        try {
            JsonNode detail = json.readTree(body).path("detail");
            if (detail.isTextual()) {
                String text = detail.asText();
                return ": " + (text.length() > MAX_PROBLEM_DETAIL ? text.substring(0, MAX_PROBLEM_DETAIL) + "..." : text);
            }
        } catch (IOException | RuntimeException e) {
            // Not a problem body: the status says what there is to say.
        }
        return "";
    }

    private Page parse(byte[] body, long after, int limit) throws IOException {
        JsonNode root = json.readTree(body);
        if (root == null || !root.isObject()) {
            throw new IOException("the answer is not a JSON object");
        }
        JsonNode entries = root.get("entries");
        JsonNode head = root.get("head");
        if (entries == null || !entries.isArray() || head == null || !head.canConvertToExactIntegral()
                || head.asLong() < 0) {
            throw new IOException("the answer lacks an array \"entries\" or a position \"head\"");
        }
        if (entries.size() > limit) {
            throw new IOException("it holds " + entries.size() + " entries, more than the " + limit + " asked for");
        }
        List<RecordedEvent> events = new ArrayList<>(entries.size());
        // The entries of a page share a few (version, source) pairs, so a few metadata texts.
        Map<String, String> metadata = new HashMap<>();
        long previous = after;
        for (int i = 0; i < entries.size(); i++) {
            RecordedEvent event = entry(json, entries.get(i), i, metadata);
            if (event.position() <= previous) {
                throw new IOException("entry " + i + " has position " + event.position() + ", not above "
                        + previous);
            }
            previous = event.position();
            events.add(event);
        }
        return new Page(List.copyOf(events), head.asLong());
    }

    /**
     * One entry of a feed's answer as the recorded event it is handed on as (see the class description).
     * Package-private for the contract tests' examples, which are read exactly as a consumer reads entries.
     *
     * @param metadataTexts the metadata texts made so far, by version and source, to share among a page
     * @throws IOException naming the entry's index and what it lacks, if it is not a valid entry
     */
    static RecordedEvent entry(ObjectMapper json, JsonNode entry, int index, Map<String, String> metadataTexts)
            throws IOException {
        if (!entry.isObject()) {
            throw new IOException("entry " + index + " is not a JSON object");
        }
        long position = number(entry, "position", index);
        long sequence = number(entry, "sequence", index);
        long version = number(entry, "version", index);
        if (version < 1 || version > Integer.MAX_VALUE) {
            throw new IOException("entry " + index + " has version " + version + "; a version is from 1");
        }
        String id = text(entry, "id", index);
        String type = text(entry, "type", index);
        String source = text(entry, "source", index);
        String subject = text(entry, "subject", index);
        String time = text(entry, "time", index);
        JsonNode data = entry.get("data");
        if (data == null) {
            throw new IOException("entry " + index + " lacks \"data\"");
        }
        String metadata = metadataTexts.get(version + ":" + source);
        if (metadata == null) {
            ObjectNode tree = json.createObjectNode();
            tree.put(EventMetadata.SCHEMA_VERSION_KEY, (int) version);
            tree.put(SOURCE_KEY, source);
            metadata = json.writeValueAsString(tree);
            metadataTexts.put(version + ":" + source, metadata);
        }
        try {
            return new RecordedEvent(UUID.fromString(id), subject, sequence, position, type,
                    json.writeValueAsString(data), metadata, Set.of(), Instant.parse(time));
        } catch (RuntimeException e) {
            throw new IOException("entry " + index + " is not valid: " + e.getMessage(), e);
        }
    }

    private static long number(JsonNode entry, String field, int index) throws IOException {
        JsonNode value = entry.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IOException("entry " + index + " lacks a whole number \"" + field + "\"");
        }
        return value.asLong();
    }

    private static String text(JsonNode entry, String field, int index) throws IOException {
        JsonNode value = entry.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException("entry " + index + " lacks a string \"" + field + "\"");
        }
        return value.asText();
    }

    /** Builds an {@link HttpEventFeed}; each setter checks its value at once. */
    public static final class Builder {
        private final URI uri;
        private String name;
        private HttpClient client;
        private Duration longPoll = DEFAULT_LONG_POLL;
        private final Map<String, Integer> accept = new LinkedHashMap<>();

        private Builder(URI uri) {
            this.uri = uri;
        }

        /**
         * @param name the feed's name in messages and {@link FeedReadException#feed()}, typically the
         *     service's ({@code payments}); default the address
         * @return this builder
         * @throws IllegalArgumentException if blank, longer than 100 characters or holding control characters
         */
        public Builder name(String name) {
            this.name = Args.name("name", name, 100);
            return this;
        }

        /**
         * Asks for the entries of a type at a version: entries stored at a newer version are downcast by
         * the publisher if it can, and come as stored if not (check the schema version, or let
         * {@link dev.eventstore.typed.EventTypes} refuse a version newer than it knows).
         *
         * @param type the event type
         * @param version the version this consumer reads, from 1
         * @return this builder
         * @throws IllegalArgumentException if the type is invalid or holds a comma, the version is below
         *     1, or the type was asked for already
         */
        public Builder accept(String type, int version) {
            Args.name("type", type, 200);
            if (type.indexOf(',') >= 0) {
                throw new IllegalArgumentException("a type asked for by version may not hold a comma, was: " + type);
            }
            if (version < 1) {
                throw new IllegalArgumentException("version must be at least 1, was: " + version);
            }
            if (accept.putIfAbsent(type, version) != null) {
                throw new IllegalArgumentException("type '" + type + "' is asked for already, at version "
                        + accept.get(type));
            }
            return this;
        }

        /**
         * @param longPoll how long a read waits for an entry when there is none yet (the publisher may
         *     wait less); 0 to answer at once. Longer polls cost fewer requests and no latency: an entry
         *     ends the wait as soon as it arrives.
         * @return this builder
         * @throws IllegalArgumentException if null, negative or above {@link FeedPublisher#MAX_WAIT}
         */
        public Builder longPoll(Duration longPoll) {
            Args.notNull("longPoll", longPoll);
            if (longPoll.isNegative() || longPoll.compareTo(FeedPublisher.MAX_WAIT) > 0) {
                throw new IllegalArgumentException("longPoll must be between 0 and " + FeedPublisher.MAX_WAIT
                        + ", was: " + longPoll);
            }
            this.longPoll = longPoll;
            return this;
        }

        /**
         * @param client the HTTP client to send requests with (its executor, proxy, TLS settings); by
         *     default one of the feed's own
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder client(HttpClient client) {
            this.client = Args.notNull("client", client);
            return this;
        }

        /** @return the feed; it sends nothing until read */
        public HttpEventFeed build() {
            return new HttpEventFeed(this);
        }
    }
}
