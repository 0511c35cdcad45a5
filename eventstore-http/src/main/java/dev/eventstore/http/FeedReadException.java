package dev.eventstore.http;

import dev.eventstore.EventStoreException;
import java.net.URI;

/**
 * A feed could not be read: its service did not answer, answered with an error, or answered with
 * something that is not a feed. Thrown by {@link HttpEventFeed}; a
 * {@link dev.eventstore.reactor.Reactor} following the feed logs it, backs off, and reads again.
 */
public class FeedReadException extends EventStoreException {

    /** The feed's name. */
    private final String feed;
    /** What was asked for. */
    private final URI uri;
    /** The HTTP status of the answer; 0 if there was none. */
    private final int status;

    /**
     * @param feed the feed's name
     * @param uri the request that failed
     * @param status the HTTP status of the answer; 0 if there was none
     * @param message what went wrong, naming the feed and the values involved
     * @param cause the underlying error, or null
     */
    public FeedReadException(String feed, URI uri, int status, String message, Throwable cause) {
        super(message, cause);
        this.feed = feed;
        this.uri = uri;
        this.status = status;
    }

    /** @return the feed's name */
    public String feed() {
        return feed;
    }

    /** @return the request that failed */
    public URI uri() {
        return uri;
    }

    /** @return the HTTP status of the answer; 0 if the service did not answer */
    public int status() {
        return status;
    }
}
