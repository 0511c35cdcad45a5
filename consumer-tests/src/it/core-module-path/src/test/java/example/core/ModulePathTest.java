package example.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstore.EventData;
import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.memory.InMemoryEventStore;
import dev.eventstore.metrics.MetricsListener;
import java.lang.module.ModuleDescriptor;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** eventstore-core used from a named module: what it exports, and the typed layer working there. */
class ModulePathTest {

    private static final Module CORE = EventStore.class.getModule();

    @Test
    void thisCodeAndTheLibraryRunAsNamedModules() {
        assertEquals("example.core", ModulePathTest.class.getModule().getName());
        assertEquals("dev.eventstore.core", CORE.getName());
        assertFalse(CORE.getDescriptor().isAutomatic(), "eventstore-core has a module descriptor");
        assertFalse(CORE.getDescriptor().isOpen());
    }

    @Test
    void coreExportsItsApiPackagesAndItsInternalsOnlyToTheJdbcModule() {
        ModuleDescriptor descriptor = CORE.getDescriptor();

        assertEquals(Set.of("dev.eventstore", "dev.eventstore.typed", "dev.eventstore.aggregate",
                        "dev.eventstore.projection", "dev.eventstore.reactor", "dev.eventstore.memory",
                        "dev.eventstore.spi", "dev.eventstore.metrics", "dev.eventstore.archive"),
                descriptor.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                        .collect(Collectors.toSet()));
        assertEquals(Map.of("dev.eventstore.internal", Set.of("dev.eventstore.jdbc")),
                descriptor.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                        .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets)));
        assertTrue(descriptor.opens().isEmpty(), "core opens no package");
        assertFalse(CORE.isExported("dev.eventstore.internal", ModulePathTest.class.getModule()));
    }

    @Test
    void coreAloneBringsNoDatabaseLibrary() {
        ModuleLayer layer = CORE.getLayer();
        for (String module : Set.of("dev.eventstore.jdbc", "com.zaxxer.hikari", "org.postgresql.jdbc",
                "org.xerial.sqlitejdbc")) {
            assertTrue(layer.findModule(module).isEmpty(), module + " is not needed by eventstore-core");
        }
    }

    @Test
    void storesReportToAMetricsListenerWithoutMicrometerPresent() throws Exception {
        assertTrue(CORE.getLayer().findModule("micrometer.core").isEmpty(), "Micrometer is optional");
        List<String> appended = new CopyOnWriteArrayList<>();
        try (InMemoryEventStore store = new InMemoryEventStore()) {
            store.metricsListener(new MetricsListener() {
                @Override
                public void appended(String streamId, int events, Duration duration) {
                    appended.add(streamId + ":" + events);
                }
            });
            store.append("account-1", ExpectedVersion.noStream(), List.of(EventData.of("Opened", "{}")));
        }
        assertEquals(List.of("account-1:1"), appended);
    }

    @Test
    void theTypedExampleRunsOnTheModulePath() throws Exception {
        try (InMemoryEventStore store = new InMemoryEventStore()) {
            // The deposit once, though sent twice, and the welcome bonus.
            assertEquals(Map.of("account-42", new BigDecimal("15.50")), CoreReadme.example(store));
            assertEquals(3, store.streamVersion("account-42"));
        }
    }

    @Test
    void theCoreReadmeQuotesTheCodeAsItIs() throws Exception {
        Path source = Path.of(System.getProperty("basedir"), "src/main/java/example/core/CoreReadme.java");
        String code = Files.readAllLines(source, StandardCharsets.UTF_8).stream()
                .dropWhile(line -> !line.equals("    // README:start")).skip(1)
                .takeWhile(line -> !line.equals("    // README:end"))
                .map(line -> line.length() >= 4 ? line.substring(4) : line)
                .collect(Collectors.joining("\n"));
        String readme = Files.readString(Path.of(System.getProperty("readme.dir"), "eventstore-core/README.md"));
        assertTrue(readme.contains(code), "eventstore-core/README.md must quote CoreReadme as it is");
    }
}
