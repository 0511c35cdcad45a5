package example.internal;

/** Uses one class of each internal package; neither is exported to this module. */
public final class ReachesIn {

    private ReachesIn() {
    }

    public static Object core() {
        return dev.eventstore.internal.Args.notNull("value", "x");
    }

    public static Class<?> jdbc() {
        return dev.eventstore.jdbc.internal.SqlScripts.class;
    }
}
