package dev.eventstore.http;

/**
 * A query parameter of a request is missing, given twice or holds a bad value. {@link QueryEndpoint} and
 * {@link FeedPublisher} answer it with a 400 problem naming the parameter in its member
 * {@code parameter}; {@link QueryRequest}'s typed getters throw it; applications throw it for values
 * they refuse.
 */
public class InvalidParameterException extends IllegalArgumentException {

    /** The parameter whose value is refused. */
    private final String parameter;

    /**
     * @param parameter the query parameter, as named in the request ({@code limit})
     * @param message what is wrong with it, naming the bad value; shown to the client
     * @throws IllegalArgumentException if an argument is null
     */
    public InvalidParameterException(String parameter, String message) {
        super(Args.notNull("message", message));
        this.parameter = Args.notNull("parameter", parameter);
    }

    /** @return the query parameter, as named in the request */
    public String parameter() {
        return parameter;
    }
}
