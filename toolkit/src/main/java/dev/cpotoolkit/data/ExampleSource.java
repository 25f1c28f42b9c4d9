package dev.cpotoolkit.data;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where one example came from, so errors found later (tokenization, training) can name it.
 *
 * @param file   the file it was read from, or null for in-memory data
 * @param origin a short label of the input: the file path, or {@code "columns"} / {@code "examples"}
 * @param row    the 0-based index of the data row within its input: the JSON array index or
 *               column position, the CSV record counted after the header, the JSONL record
 *               counted over non-blank lines, the list index for in-memory data
 * @param line   the 1-based line the row starts on (JSONL and CSV), or 0 when lines do not apply
 */
public record ExampleSource(Path file, String origin, int row, int line) {

    /**
     * The file, if the example was read from one.
     *
     * @return the file path
     */
    public Optional<Path> filePath() {
        return Optional.ofNullable(file);
    }

    /**
     * The 1-based line, where the format has lines.
     *
     * @return the line number, or empty
     */
    public OptionalInt lineNumber() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /**
     * A human-readable location, e.g. {@code "data/train.jsonl, line 5, row 4"},
     * {@code "prefs.json, row 3"} or {@code "columns, row 2"}.
     *
     * @return the location text used in error messages
     */
    public String describe() {
        return describe(origin, line, row);
    }

    /** One wording for locations, shared with {@link DatasetFormatException}. */
    static String describe(String origin, int line, int row) {
        StringBuilder text = new StringBuilder(origin);
        if (line > 0) {
            text.append(", line ").append(line);
        }
        if (row >= 0) {
            text.append(", row ").append(row);
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
