package dev.eventstore.http;

/** The contracts of this module on in-memory stores. */
class InMemoryHttpTest extends InMemoryBackendTest
        implements FeedContract, InboxContract, CommandContract, FeedLatencyContract {
}
