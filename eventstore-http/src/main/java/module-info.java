/**
 * How event-sourced services built on this library meet over HTTP, with the JDK's own HTTP server and
 * client: a long-polling feed of a store's log ({@code FeedPublisher}), a reader of such feeds for
 * reactors ({@code HttpEventFeed}), and idempotent command endpoints ({@code CommandEndpoint},
 * {@code Problems}).
 *
 * <p>Exported: {@code dev.eventstore.http} only.
 */
module dev.eventstore.http {
    requires transitive dev.eventstore.core;
    requires transitive jdk.httpserver;
    requires transitive java.net.http;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires org.slf4j;
    requires static micrometer.core;

    exports dev.eventstore.http;
}
