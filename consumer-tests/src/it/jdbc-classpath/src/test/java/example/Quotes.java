package example;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Reads the code between two markers of a source file, to compare it with what a README quotes. */
final class Quotes {

    private Quotes() {
    }

    /** The repository's root, where the READMEs are. */
    static Path repository() {
        return Path.of(System.getProperty("readme.dir"));
    }

    /**
     * @return the lines between {@code // NAME:start} and {@code // NAME:end} of {@code source}, with
     *     {@code indent} leading spaces taken off each
     */
    static List<String> region(Path source, String name, int indent) throws IOException {
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        String marker = " ".repeat(indent) + "// " + name + ":";
        int start = lines.indexOf(marker + "start");
        int end = lines.indexOf(marker + "end");
        if (start < 0 || end < start) {
            throw new AssertionError("no region " + name + " indented by " + indent + " in " + source);
        }
        return lines.subList(start + 1, end).stream()
                .map(line -> line.length() >= indent ? line.substring(indent) : line)
                .collect(Collectors.toList());
    }

    static void assertQuoted(Path readme, List<String> code) throws IOException {
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        String snippet = String.join("\n", code);
        if (!text.contains(snippet)) {
            throw new AssertionError(readme + " must quote this code as it is:\n" + snippet);
        }
    }
}
