package dev.eventstore.examples.shop.orderhistory;

/** A request names something this service does not know; the HTTP layer answers 404. */
public final class NotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what was not found, naming its id */
    public NotFoundException(String message) {
        super(message);
    }
}
