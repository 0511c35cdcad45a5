package dev.eventstore.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Loads the numbered migration scripts that ship as resources beside a dialect's classes. */
public final class SqlScripts {

    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    /**
     * One migration.
     *
     * @param version its number, from 1, without holes
     * @param description its name, from the file name
     * @param sql its statements, placeholders replaced
     */
    public record Script(int version, String description, String sql) {
    }

    private SqlScripts() {
    }

    /**
     * @param anchor a class in the package that holds the scripts
     * @param fileNames the scripts' file names, {@code V<n>__<description>.sql}, in order
     * @param placeholders {@code ${key}} replacements, for example the quoted schema name
     * @return the scripts
     * @throws IllegalStateException if a script is missing or misnamed (a packaging error)
     */
    public static List<Script> load(Class<?> anchor, List<String> fileNames, Map<String, String> placeholders) {
        List<Script> scripts = new ArrayList<>();
        for (String fileName : fileNames) {
            Matcher matcher = NAME.matcher(fileName);
            if (!matcher.matches()) {
                throw new IllegalStateException("migration file name " + fileName + " is not V<n>__<name>.sql");
            }
            String sql = read(anchor, fileName);
            for (Map.Entry<String, String> entry : placeholders.entrySet()) {
                sql = sql.replace("${" + entry.getKey() + "}", entry.getValue());
            }
            int version = Integer.parseInt(matcher.group(1));
            if (version != scripts.size() + 1) {
                throw new IllegalStateException("migration " + fileName + " should be version " + (scripts.size() + 1));
            }
            scripts.add(new Script(version, matcher.group(2), sql));
        }
        return scripts;
    }

    /**
     * Splits a script into statements at semicolons that end a line; for drivers that run one
     * statement per call. Scripts written for such drivers keep each statement's inner semicolons
     * off line ends.
     *
     * @param sql a script
     * @return its statements, without the semicolons, blank ones dropped
     */
    public static List<String> statements(String sql) {
        List<String> statements = new ArrayList<>();
        for (String statement : sql.split(";\\s*(\\r?\\n|$)")) {
            String trimmed = stripComments(statement).trim();
            if (!trimmed.isEmpty()) {
                statements.add(trimmed);
            }
        }
        return statements;
    }

    private static String stripComments(String statement) {
        StringBuilder out = new StringBuilder();
        for (String line : statement.split("\\r?\\n")) {
            if (!line.trim().startsWith("--")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static String read(Class<?> anchor, String fileName) {
        try (InputStream in = anchor.getResourceAsStream(fileName)) {
            if (in == null) {
                throw new IllegalStateException("migration " + fileName + " is missing beside " + anchor.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + fileName, e);
        }
    }
}
