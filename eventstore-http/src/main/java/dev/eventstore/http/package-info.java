/**
 * Services over HTTP: {@link dev.eventstore.http.FeedPublisher} serves a store's integration events as a
 * long-polling JSON feed, {@link dev.eventstore.http.HttpEventFeed} follows such a feed for a
 * {@link dev.eventstore.reactor.Reactor}, and {@link dev.eventstore.http.CommandEndpoint} takes
 * idempotent commands, answering failures with RFC 9457 problem bodies ({@link dev.eventstore.http.Problems}).
 *
 * <p>Everything here runs on {@code com.sun.net.httpserver} and {@code java.net.http}. Create servers
 * with {@link dev.eventstore.http.HttpServers#create}: it gives them an executor (a long poll holds a
 * thread while it waits) and turns off the JDK server's delay of each answer.
 */
package dev.eventstore.http;
