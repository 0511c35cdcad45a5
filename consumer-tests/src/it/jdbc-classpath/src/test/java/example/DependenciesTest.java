package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What a user gets by naming eventstore-jdbc alone: the two library jars and the libraries their
 * POMs declare (Jackson, slf4j-api, HikariCP, pgjdbc, sqlite-jdbc), nothing of their tests.
 */
class DependenciesTest {

    /** Test tools of this project's own POM; everything else on the class path came with eventstore-jdbc. */
    private static final Set<String> TEST_TOOLS = Set.of(
            "junit-jupiter", "junit-jupiter-api", "junit-jupiter-params", "junit-jupiter-engine",
            "junit-platform-commons", "junit-platform-engine", "opentest4j", "apiguardian-api", "jspecify",
            // Jackson 3, whose jackson-databind and jackson-core jars have the same names as Jackson 2's:
            // they are told apart by their directory in the local repository below.
            "tools.jackson");

    private static final Pattern VERSION = Pattern.compile("-\\d[^-]*(-SNAPSHOT)?\\.jar$");

    @Test
    void eventstoreJdbcBringsItsDeclaredLibrariesOnly() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Set<String> artifacts = Arrays.stream(classPath.split(File.pathSeparator))
                .map(Path::of)
                .filter(path -> !path.toString().replace(File.separatorChar, '/').contains("/tools/jackson/"))
                .map(path -> path.getFileName().toString())
                .filter(name -> name.endsWith(".jar"))
                .map(name -> VERSION.matcher(name).replaceFirst(""))
                .filter(name -> !TEST_TOOLS.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(new TreeSet<>(Set.of(
                "eventstore-jdbc", "eventstore-core",
                "jackson-databind", "jackson-annotations", "jackson-core", "jackson-datatype-jsr310",
                "slf4j-api", "HikariCP", "postgresql", "checker-qual", "sqlite-jdbc")), artifacts);
    }
}
