package dev.eventstore.jdbc;

import dev.eventstore.EventFilter;
import dev.eventstore.EventStoreException;
import dev.eventstore.RecordedEvent;
import dev.eventstore.internal.Args;
import dev.eventstore.projection.CheckpointStore;
import dev.eventstore.projection.ProjectionRunner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One version of a projection whose read model readers reach through stable names, for
 * <em>blue/green rebuilds</em>: a new version builds its own tables beside the live ones while the
 * live version goes on serving and updating, catches up, and takes over in one transaction. Readers
 * never see an empty or half-built read model; the old version's tables and checkpoint are dropped
 * after the switch.
 *
 * <p>How: each stable name ({@link Builder#views}) is a database view. Version {@code n} keeps its rows
 * in tables named {@code <view>_v<n>}, which its handler writes ({@link #table(String)} gives the
 * name to use in SQL), and its checkpoint under {@code <name>-v<n>}. A row of the
 * {@code projection_versions} table (created on demand) names the live version. The switch
 * ({@link #takeOver}) runs in one transaction: it locks that row and the live version's checkpoint row
 * (so the live version applies no batch meanwhile), checks that the new version has applied every
 * event the live one had, re-creates each view over the new version's table and moves the pointer.
 * PostgreSQL and SQLite both change views transactionally: a reader's statement sees either the old
 * tables or the new ones, whole, and never a read model older than one it saw before.
 *
 * <p>Readers read the views with explicit column lists (a prepared {@code SELECT *} on PostgreSQL
 * fails once a view's columns change). A reader that needs several views to agree reads them in one
 * transaction (on PostgreSQL, {@code REPEATABLE READ}). A version below the live one refuses to apply
 * batches (its runner stops with an error naming both versions), so a runner of the old version left
 * in another process never writes to tables being dropped.
 *
 * <pre>{@code
 * VersionedProjection v2 = VersionedProjection.builder("statement", 2, store)
 *         .filter(EventFilter.category("account"))
 *         .views("statement_line")
 *         .create((connection, version) -> ... "CREATE TABLE " + version.table("statement_line") + " (...)")
 *         .handler(version -> new StatementLinesV2(version.table("statement_line")))
 *         .build();
 * ProjectionRunner live = v2.takeOver(v1Runner, Duration.ofMinutes(10));
 * }</pre>
 */
public final class VersionedProjection {

    private static final Pattern VIEW_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,40}");

    /** Creates a version's tables. */
    @FunctionalInterface
    public interface TableMaker {
        /**
         * Creates the version's tables ({@code CREATE TABLE IF NOT EXISTS} each of
         * {@link VersionedProjection#table(String)}), and their indexes.
         *
         * @param connection a transaction of the store; do not commit, roll back or close it
         * @param version the version whose tables to create
         * @throws Exception to abandon; nothing is created
         */
        void create(Connection connection, VersionedProjection version) throws Exception;
    }

    private final String name;
    private final int version;
    private final JdbcEventStore store;
    private final EventFilter filter;
    private final List<String> views;
    private final TableMaker maker;
    private final JdbcProjectionHandler handler;
    private final String prefix;
    private final JdbcProjection projection;

    private VersionedProjection(Builder builder) {
        this.name = builder.name;
        this.version = builder.version;
        this.store = builder.store;
        this.filter = builder.filter;
        this.views = List.copyOf(builder.views);
        this.maker = builder.maker;
        this.prefix = store.schema().map(schema -> "\"" + schema + "\".").orElse("");
        this.handler = Args.notNull("the handler made for " + this, builder.handlerFactory.apply(this));
        this.projection = JdbcProjection.builder(checkpointName(version), store).filter(filter)
                .handler(new JdbcProjectionHandler() {
                    @Override
                    public void apply(List<RecordedEvent> events, Connection connection) throws Exception {
                        applyUnlessRetired(events, connection);
                    }

                    @Override
                    public void reset(Connection connection) throws Exception {
                        handler.reset(connection);
                    }
                }).build();
    }

    /**
     * @param name the projection's name, shared by all its versions (its checkpoints are
     *     {@code <name>-v<version>})
     * @param version this version, 1 or more
     * @param store the store whose events it projects and whose database holds its tables
     * @return a builder
     * @throws IllegalArgumentException if {@code name} is invalid, {@code version} below 1 or
     *     {@code store} null
     */
    public static Builder builder(String name, int version, JdbcEventStore store) {
        CheckpointStore.checkName(name);
        Args.atLeast("version", version, 1);
        return new Builder(name, version, Args.notNull("store", store));
    }

    /** @return the projection's name, shared by its versions */
    public String name() {
        return name;
    }

    /** @return this version */
    public int version() {
        return version;
    }

    /** @return the stable names readers use: views over the live version's tables */
    public List<String> views() {
        return views;
    }

    /**
     * @param view one of {@link #views()}
     * @return the table of this version behind {@code view}, as SQL needs it (schema-qualified on
     *     PostgreSQL): {@code <view>_v<version>}
     * @throws IllegalArgumentException if {@code view} is not one of this projection's views
     */
    public String table(String view) {
        return table(view, version);
    }

    /**
     * @param view one of {@link #views()}
     * @return the view as SQL needs it (schema-qualified on PostgreSQL): what readers query
     * @throws IllegalArgumentException if {@code view} is not one of this projection's views
     */
    public String view(String view) {
        return prefix + known(view);
    }

    /** @return the name of this version's checkpoint: {@code <name>-v<version>} */
    public String checkpointName() {
        return checkpointName(version);
    }

    /** @return the projection that applies this version, with its own checkpoint; run it with a {@link ProjectionRunner} */
    public JdbcProjection projection() {
        return projection;
    }

    /**
     * @return the live version of this projection (of any version's instance), empty if none was
     *     installed yet
     * @throws EventStoreException if the database fails
     */
    public OptionalInt liveVersion() {
        return store.inTransaction(tx -> {
            createPointerTable(tx.connection());
            return readLive(tx.connection());
        });
    }

    /**
     * Creates this version's tables if they do not exist. If no version of the projection is live
     * yet, this one becomes live at once: its views are created over its (possibly still empty)
     * tables, as for any projection deployed the first time. All in one transaction.
     *
     * @return true if this version became live
     * @throws EventStoreException if the tables cannot be created (what the table maker threw is
     *     the cause); nothing is created
     */
    public boolean install() {
        return store.inTransaction(tx -> {
            Connection connection = tx.connection();
            createPointerTable(connection);
            maker.create(connection, this);
            OptionalInt live = readLive(connection);
            if (live.isPresent()) {
                return false;
            }
            pointViews(connection);
            update(connection, "INSERT INTO " + prefix + "projection_versions (name, live_version) VALUES (?, ?)",
                    name, version);
            return true;
        });
    }

    /**
     * Runs a blue/green rebuild to this version: {@link #install() installs} it, runs it from its own
     * checkpoint (0 the first time) beside the live version, and once it has applied every event the
     * live version has, switches the views to its tables in one transaction. Then it closes the live
     * version's runner (if given), and drops the old version's tables and checkpoint. An interrupted
     * or timed-out rebuild leaves the live version serving; calling this again resumes from the new
     * version's checkpoint.
     *
     * <p>If this version is already live (another process switched to it), this closes
     * {@code liveRunner} and starts this version's runner. Other processes still running
     * the old version stop with an error at their next batch after the switch.
     *
     * @param liveRunner the runner of the live version in this process, closed after the switch; may
     *     be null
     * @param timeout the longest time to wait for this version to catch up
     * @return the runner of this version, now live; the caller closes it
     * @throws IllegalArgumentException if {@code timeout} is null or negative
     * @throws IllegalStateException if a newer version is live, or the live version changed during the
     *     rebuild
     * @throws EventStoreException if this version did not catch up in time (its runner is closed;
     *     the live version stays), or its runner failed
     * @throws InterruptedException if the calling thread is interrupted (this version's runner is
     *     closed; the live version stays)
     */
    public ProjectionRunner takeOver(ProjectionRunner liveRunner, Duration timeout) throws InterruptedException {
        Args.notNull("timeout", timeout);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was: " + timeout);
        }
        install();
        int live = liveVersion().orElseThrow();
        if (live == version) {
            if (liveRunner != null) {
                liveRunner.close();
            }
            return ProjectionRunner.start(store, projection);
        }
        if (live > version) {
            throw new IllegalStateException("projection '" + name + "' is live at version " + live
                    + ", newer than version " + version + "; nothing was changed");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        ProjectionRunner runner = ProjectionRunner.start(store, projection);
        boolean done = false;
        try {
            while (!done) {
                long target = store.checkpointStore().load(checkpointName(live));
                long left = deadline - System.nanoTime();
                if (left <= 0 || !runner.awaitPosition(target, Duration.ofNanos(left))) {
                    throw new EventStoreException("version " + version + " of projection '" + name + "' did not "
                            + "catch up with live version " + live + " (at position " + target + ") within " + timeout
                            + "; version " + live + " stays live");
                }
                done = trySwitch(live, target, runner);
            }
        } finally {
            if (!done) {
                runner.close();
            }
        }
        if (liveRunner != null) {
            liveRunner.close();
        }
        dropVersion(live);
        return runner;
    }

    /** Switches when the live version has not moved past {@code target}, which this version has applied. */
    private boolean trySwitch(int live, long target, ProjectionRunner runner) {
        return store.inTransaction(tx -> {
            Connection connection = tx.connection();
            // The pointer row first, then the live checkpoint's row: live batches wait until the end.
            update(connection, "UPDATE " + prefix + "projection_versions SET live_version = live_version "
                    + "WHERE name = ?", name);
            int now = readLive(connection).orElseThrow();
            if (now != live) {
                throw new IllegalStateException("projection '" + name + "' changed its live version from " + live
                        + " to " + now + " during the rebuild to version " + version);
            }
            long liveAt = store.checkpointStore().within(tx).load(checkpointName(live));
            if (liveAt != target) {
                return false; // the live version moved on; catch up with it first
            }
            if (runner.failure().isPresent()) {
                throw runner.failure().get();
            }
            pointViews(connection);
            update(connection, "UPDATE " + prefix + "projection_versions SET live_version = ? WHERE name = ?",
                    version, name);
            return true;
        });
    }

    /** Drops an old version's tables and checkpoint, in one transaction. */
    private void dropVersion(int old) {
        store.inTransaction(tx -> {
            Connection connection = tx.connection();
            for (String view : views) {
                update(connection, "DROP TABLE IF EXISTS " + table(view, old));
            }
            update(connection, "DELETE FROM " + prefix + "checkpoints WHERE name = ?", checkpointName(old));
            return null;
        });
    }

    private void applyUnlessRetired(List<RecordedEvent> events, Connection connection) throws Exception {
        OptionalInt live = readLive(connection);
        if (live.isPresent() && live.getAsInt() > version) {
            throw new IllegalStateException("version " + version + " of projection '" + name + "' was retired: "
                    + "version " + live.getAsInt() + " is live and this version's tables are gone. Run version "
                    + live.getAsInt() + " instead");
        }
        handler.apply(events, connection);
    }

    private void pointViews(Connection connection) throws SQLException {
        for (String view : views) {
            update(connection, "DROP VIEW IF EXISTS " + view(view));
            update(connection, "CREATE VIEW " + view(view) + " AS SELECT * FROM " + table(view));
        }
    }

    private void createPointerTable(Connection connection) throws SQLException {
        if (store.schema().isPresent()) {
            // Two processes creating the table at once would collide on the catalog's unique index.
            try (Statement lock = connection.createStatement()) {
                lock.execute("SELECT pg_advisory_xact_lock(hashtext('dev.eventstore.projection_versions'))");
            }
        }
        update(connection, "CREATE TABLE IF NOT EXISTS " + prefix + "projection_versions (name TEXT PRIMARY KEY, "
                + "live_version INTEGER NOT NULL)");
    }

    private OptionalInt readLive(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT live_version FROM " + prefix + "projection_versions WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? OptionalInt.of(row.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    private String table(String view, int version) {
        return prefix + known(view) + "_v" + version;
    }

    private String known(String view) {
        if (!views.contains(view)) {
            throw new IllegalArgumentException("'" + view + "' is not a view of projection '" + name + "': "
                    + views);
        }
        return view;
    }

    private String checkpointName(int version) {
        return name + "-v" + version;
    }

    private static void update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    @Override
    public String toString() {
        return "VersionedProjection[" + name + " v" + version + ", views " + views + "]";
    }

    /** Builds a {@link VersionedProjection}; each setter checks its value at once. */
    public static final class Builder {
        private final String name;
        private final int version;
        private final JdbcEventStore store;
        private EventFilter filter = EventFilter.all();
        private final List<String> views = new ArrayList<>();
        private TableMaker maker;
        private Function<VersionedProjection, JdbcProjectionHandler> handlerFactory;

        private Builder(String name, int version, JdbcEventStore store) {
            this.name = name;
            this.version = version;
            this.store = store;
        }

        /**
         * @param filter the events to project (default: all)
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder filter(EventFilter filter) {
            this.filter = Args.notNull("filter", filter);
            return this;
        }

        /**
         * @param names the stable names readers query, each a view over one table of the live
         *     version; lower-case letters, digits and underscores, at most 41 characters. A later
         *     version keeps every view of an earlier one (it may add views).
         * @return this builder
         * @throws IllegalArgumentException if a name is null, invalid or given twice
         */
        public Builder views(String... names) {
            Args.notNull("names", names);
            for (String view : names) {
                if (view == null || !VIEW_NAME.matcher(view).matches()) {
                    throw new IllegalArgumentException("view name must match " + VIEW_NAME + ", was: " + view);
                }
                if (views.contains(view)) {
                    throw new IllegalArgumentException("view '" + view + "' given twice");
                }
                views.add(view);
            }
            return this;
        }

        /**
         * @param maker creates this version's tables, {@code IF NOT EXISTS}
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder create(TableMaker maker) {
            this.maker = Args.notNull("maker", maker);
            return this;
        }

        /**
         * @param factory makes the handler that writes this version's tables, given the version
         *     (for {@link VersionedProjection#table(String)}); its {@code reset} serves only an
         *     in-place rebuild of this version ({@code ProjectionRunner.builder(...).rebuild()}), which
         *     readers see empty: a blue/green rebuild never calls it
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder handler(Function<VersionedProjection, JdbcProjectionHandler> factory) {
            this.handlerFactory = Args.notNull("factory", factory);
            return this;
        }

        /**
         * @return the version
         * @throws IllegalStateException if no view, table maker or handler was given
         * @throws IllegalArgumentException if the handler factory returns null
         */
        public VersionedProjection build() {
            if (views.isEmpty() || maker == null || handlerFactory == null) {
                throw new IllegalStateException("projection '" + name + "' v" + version + " needs views(...), "
                        + "create(...) and handler(...)");
            }
            return new VersionedProjection(this);
        }
    }
}
