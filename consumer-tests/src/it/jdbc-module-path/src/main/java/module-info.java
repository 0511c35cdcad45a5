/** A user's module on the database stores. */
module example.jdbc {
    requires dev.eventstore.jdbc;

    exports example.jdbc;
    // Jackson reads and writes the event and state records by reflection.
    opens example.jdbc to com.fasterxml.jackson.databind;
}
