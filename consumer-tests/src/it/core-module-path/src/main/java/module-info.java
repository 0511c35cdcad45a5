/** A user's module that needs only the core: the API, the typed layer and the in-memory store. */
module example.core {
    requires dev.eventstore.core;

    exports example.core;
    // Jackson reads and writes the event and state records by reflection.
    opens example.core to com.fasterxml.jackson.databind;
}
