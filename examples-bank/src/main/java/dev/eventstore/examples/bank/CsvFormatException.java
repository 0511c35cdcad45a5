package dev.eventstore.examples.bank;

/**
 * A CSV file of transactions that cannot be read: bad input, whose message names the file, the line
 * and the bad value. Nothing of such a file is imported.
 */
public class CsvFormatException extends IllegalArgumentException {

    private final int line;

    /**
     * @param source the file's name
     * @param line the line number, from 1 (the header is line 1)
     * @param problem what is wrong, naming the value
     */
    public CsvFormatException(String source, int line, String problem) {
        super(source + " line " + line + ": " + problem + "; nothing from " + source + " was imported");
        this.line = line;
    }

    /** @return the line number, from 1 */
    public int line() {
        return line;
    }
}
