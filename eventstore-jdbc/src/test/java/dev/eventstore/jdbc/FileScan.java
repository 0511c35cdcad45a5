package dev.eventstore.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Looks for byte sequences in the files a database keeps on disk. */
public final class FileScan {

    private FileScan() {
    }

    /**
     * @param text a text
     * @return its UTF-8 bytes
     */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param files files and directories (searched recursively); missing ones are passed over
     * @param needle the bytes to find
     * @return the files holding them, with the offset of the first match
     */
    public static List<String> find(List<Path> files, byte[] needle) {
        List<String> found = new ArrayList<>();
        for (Path root : files) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    byte[] content;
                    try {
                        content = Files.readAllBytes(file);
                    } catch (IOException e) {
                        continue; // deleted while walking (a recycled WAL segment, a dropped relation)
                    }
                    int at = indexOf(content, needle);
                    if (at >= 0) {
                        found.add(file + "@" + at);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
