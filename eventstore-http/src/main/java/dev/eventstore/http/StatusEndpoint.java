package dev.eventstore.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.eventstore.EventStore;
import dev.eventstore.SubscriptionFailedException;
import dev.eventstore.reactor.Reactor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Answers {@code GET} with what a service is doing, as JSON: the head of its log, and for each of its
 * reactors, of the feeds it follows and of the services it sends commands to, whether it is moving or
 * waiting, and why. What an operator looks at first when an order seems stuck.
 *
 * <pre>{@code
 * server.createContext("/status", StatusEndpoint.builder("orders")
 *         .head(store)
 *         .reactor(publisher)
 *         .reactors(() -> checkout.reactors().values())     // asked on every request
 *         .feed(paymentsFeed)
 *         .commands(payments)
 *         .build());
 *
 * {"service":"orders","head":120,
 *  "reactors":{"orders-publisher":{"state":"LIVE","position":120},
 *              "from-payments":{"state":"FAILED","position":88,"failure":"..."}},
 *  "feeds":{"payments":{"waiting":true,"lastError":"Feed payments does not answer at ..."}},
 *  "commands":{"payments":{"waiting":true,"since":"2026-01-05T10:15:30.123Z","failures":3,
 *              "lastError":"payments does not answer POST /payments ...","sent":12,"repeats":1}}}
 * }</pre>
 *
 * <ul>
 *   <li>{@code head}: {@link EventStore#headPosition()}, if {@link Builder#head} was given.</li>
 *   <li>{@code reactors}, by name (the partitions of one name by {@link Reactor#checkpointName()},
 *       {@code name#i/n}): {@code state} ({@link Reactor#state()}), {@code position}, and
 *       {@code failure}, what it stopped on, if it failed.</li>
 *   <li>{@code feeds}, by name: {@code waiting} ({@link HttpEventFeed#failing()}) and, while it waits,
 *       {@code lastError}.</li>
 *   <li>{@code commands}, by the name of the service: {@link CommandClient#status()}, without the
 *       members that are null.</li>
 *   <li>{@code consumers}, by name, if {@link Builder#metrics} was given: each consumer's lag and counts,
 *       read from its meters.</li>
 *   <li>Members of the application's own ({@link Builder#member}), written with Jackson.</li>
 * </ul>
 * A section without entries is left out. The answer shows error messages, which may name internals:
 * serve it to operators, not to the public. Other methods than GET are answered 405, failures as
 * {@link QueryEndpoint} answers them.
 */
public final class StatusEndpoint implements HttpHandler {

    private final String service;
    private final EventStore store;
    private final List<Supplier<? extends Collection<? extends Reactor<?>>>> reactors;
    private final List<HttpEventFeed> feeds;
    private final List<CommandClient> commands;
    private final Map<String, Supplier<?>> members;
    private final Supplier<Map<String, Object>> consumers;
    private final QueryEndpoint endpoint;

    private StatusEndpoint(Builder builder) {
        this.service = builder.service;
        this.store = builder.store;
        this.reactors = List.copyOf(builder.reactors);
        this.feeds = List.copyOf(builder.feeds);
        this.commands = List.copyOf(builder.commands);
        this.members = new LinkedHashMap<>(builder.members);
        this.consumers = builder.consumers;
        this.endpoint = QueryEndpoint.of(request -> status());
    }

    /**
     * @param service the service's name, the answer's {@code service}
     * @return a builder with nothing to report yet
     * @throws IllegalArgumentException if the name is blank, longer than 100 characters or holds control
     *     characters
     */
    public static Builder builder(String service) {
        return new Builder(Args.name("service", service, 100));
    }

    /**
     * The status, as answered to {@code GET}.
     *
     * @return the answer's members, in the order described above
     * @throws dev.eventstore.EventStoreException if the store's head cannot be read
     */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("service", service);
        if (store != null) {
            status.put("head", store.headPosition());
        }
        Map<String, Object> reactorStates = new LinkedHashMap<>();
        for (Supplier<? extends Collection<? extends Reactor<?>>> supplier : reactors) {
            for (Reactor<?> reactor : supplier.get()) {
                reactorStates.put(reactor.checkpointName(), reactor(reactor));
            }
        }
        putUnlessEmpty(status, "reactors", reactorStates);
        Map<String, Object> feedStates = new LinkedHashMap<>();
        for (HttpEventFeed feed : feeds) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("waiting", feed.failing());
            if (feed.failing()) {
                feed.lastError().ifPresent(e -> state.put("lastError", e.getMessage()));
            }
            feedStates.put(feed.name(), state);
        }
        putUnlessEmpty(status, "feeds", feedStates);
        Map<String, Object> commandStates = new LinkedHashMap<>();
        for (CommandClient client : commands) {
            commandStates.put(client.name(), commands(client.status()));
        }
        putUnlessEmpty(status, "commands", commandStates);
        if (consumers != null) {
            putUnlessEmpty(status, "consumers", consumers.get());
        }
        members.forEach((name, value) -> status.put(name, value.get()));
        return status;
    }

    /**
     * Answers one request with {@link #status()} as JSON. Called by the HTTP server.
     *
     * @param exchange the request and its response; always answered and closed
     * @throws IOException never; a client that went away is logged at debug level
     */
    @Override
    public void handle(HttpExchange exchange) throws IOException {
        endpoint.handle(exchange);
    }

    private static Map<String, Object> reactor(Reactor<?> reactor) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("state", reactor.state().toString());
        state.put("position", reactor.position());
        reactor.failure().ifPresent(f -> state.put("failure", failure(f)));
        return state;
    }

    private static String failure(SubscriptionFailedException failure) {
        Throwable cause = failure.getCause();
        return cause == null ? failure.getMessage() : failure.getMessage() + ": " + cause;
    }

    private static Map<String, Object> commands(CommandClient.Status status) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("waiting", status.waiting());
        if (status.waiting()) {
            state.put("since", status.since().toString());
            state.put("failures", status.failures());
        }
        if (status.lastError() != null) {
            state.put("lastError", status.lastError());
        }
        state.put("sent", status.sent());
        state.put("repeats", status.repeats());
        return state;
    }

    private static void putUnlessEmpty(Map<String, Object> status, String name, Map<String, Object> section) {
        if (!section.isEmpty()) {
            status.put(name, section);
        }
    }

    /** Builds a {@link StatusEndpoint}; each setter checks its value at once. */
    public static final class Builder {
        private static final List<String> OWN_MEMBERS = List.of("service", "head", "reactors", "feeds", "commands",
                "consumers");

        private final String service;
        private EventStore store;
        private final List<Supplier<? extends Collection<? extends Reactor<?>>>> reactors = new ArrayList<>();
        private final List<HttpEventFeed> feeds = new ArrayList<>();
        private final List<CommandClient> commands = new ArrayList<>();
        private final Map<String, Supplier<?>> members = new LinkedHashMap<>();
        private Supplier<Map<String, Object>> consumers;

        private Builder(String service) {
            this.service = service;
        }

        /**
         * @param store the service's store, whose {@link EventStore#headPosition()} is the answer's
         *     {@code head}
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder head(EventStore store) {
            this.store = Args.notNull("store", store);
            return this;
        }

        /**
         * @param reactor a reactor of the service, shown by its name (a partition by its checkpoint's name)
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder reactor(Reactor<?> reactor) {
            Args.notNull("reactor", reactor);
            reactors.add(() -> List.of(reactor));
            return this;
        }

        /**
         * @param reactors the reactors of the service, asked for on every request: for reactors that are
         *     replaced while the service runs (a checkpoint moved back restarts one)
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder reactors(Supplier<? extends Collection<? extends Reactor<?>>> reactors) {
            this.reactors.add(Args.notNull("reactors", reactors));
            return this;
        }

        /**
         * @param feed a feed the service follows, shown by its name
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder feed(HttpEventFeed feed) {
            feeds.add(Args.notNull("feed", feed));
            return this;
        }

        /**
         * @param client a client of a service this one sends commands to, shown by its name
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder commands(CommandClient client) {
            commands.add(Args.notNull("client", client));
            return this;
        }

        /**
         * @param name a member of the answer of the application's own
         * @param value asked for on every request; written with Jackson
         * @return this builder
         * @throws IllegalArgumentException if an argument is null, or the name is taken
         */
        public Builder member(String name, Supplier<?> value) {
            Args.notNull("name", name);
            Args.notNull("value", value);
            if (OWN_MEMBERS.contains(name) || members.containsKey(name)) {
                throw new IllegalArgumentException("the status has a member named '" + name + "' already");
            }
            members.put(name, value);
            return this;
        }

        /**
         * Shows, under {@code consumers}, each consumer's meters that a
         * {@link dev.eventstore.metrics.MicrometerMetrics} records into this registry: by consumer name,
         * {@code lagEvents}, {@code lagMillis} (absent while unknown), {@code events}, {@code retries},
         * {@code failures} and {@code parked}. A consumer's lag is there while it runs; its counts stay
         * after it stops. Needs {@code io.micrometer:micrometer-core}, an optional dependency.
         *
         * @param registry the registry the service's store reports to
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder metrics(io.micrometer.core.instrument.MeterRegistry registry) {
            this.consumers = ConsumerMeters.reader(Args.notNull("registry", registry));
            return this;
        }

        /** @return the endpoint */
        public StatusEndpoint build() {
            return new StatusEndpoint(this);
        }
    }
}
