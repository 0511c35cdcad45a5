module example.internal {
    requires dev.eventstore.jdbc;
}
