package dev.eventstore.http;

/**
 * A request names a resource that does not exist: an unknown order, product or path.
 * {@link CommandEndpoint} answers it with a 404 problem whose detail is this exception's message.
 */
public class ResourceNotFoundException extends RuntimeException {

    /**
     * @param message which resource is unknown, naming its id ({@code "no order 42"}); shown to the client
     * @throws IllegalArgumentException if {@code message} is null
     */
    public ResourceNotFoundException(String message) {
        super(Args.notNull("message", message));
    }
}
