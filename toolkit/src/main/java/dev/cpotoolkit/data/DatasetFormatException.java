package dev.cpotoolkit.data;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Preference data that cannot be loaded as given. The message names the input (file path or
 * {@code columns}), the 1-based {@code line} where the format has lines (JSONL, CSV), the
 * 0-based {@code row} (JSON array index, CSV record after the header, position in columns) and
 * the {@code field}, e.g.
 * {@code "train.jsonl, line 3, field 'chosen': expected a string, found the number 42"}.
 *
 * <p>Unchecked, so notebook cells need no try/catch. {@link #isRowError()} tells a problem with
 * one row (which {@link PreferenceLoader#skipInvalid(boolean)} may skip) from a problem with the
 * whole input (unreadable file, unknown extension, missing column in a CSV header, no rows),
 * which is never skipped.
 */
public class DatasetFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The file, or null for in-memory data; transient because {@link Path} is not serializable. */
    private final transient Path file;
    /** The input's label. */
    private final String origin;
    /** 1-based line, or 0. */
    private final int line;
    /** 0-based row, or -1. */
    private final int row;
    /** The field, or null. */
    private final String field;
    /** What is wrong, without the location. */
    private final String reason;
    /** Whether skipping the row loses nothing else. */
    private final boolean rowError;

    private DatasetFormatException(Path file, String origin, int line, int row, String field, String reason,
                                   boolean rowError, Throwable cause) {
        super(ExampleSource.describe(origin, line, row)
                + (field == null ? "" : ", field '" + field + "'") + ": " + reason, cause);
        this.file = file;
        this.origin = origin;
        this.line = line;
        this.row = row;
        this.field = field;
        this.reason = reason;
        this.rowError = rowError;
    }

    /**
     * A problem with one row.
     *
     * @param source where the row is
     * @param field  the offending field (e.g. {@code "chosen"} or {@code "chosen[1].role"}), or null
     * @param reason what is wrong
     * @return the exception
     */
    public static DatasetFormatException forRow(ExampleSource source, String field, String reason) {
        return new DatasetFormatException(source.file(), source.origin(), source.line(), source.row(), field,
                reason, true, null);
    }

    /**
     * A problem with a whole input, never skipped.
     *
     * @param file   the file, or null for in-memory data
     * @param origin the input's label (usually the file path)
     * @param field  the field concerned (e.g. a missing column), or null
     * @param reason what is wrong
     * @param cause  the underlying error, or null
     * @return the exception
     */
    public static DatasetFormatException forInput(Path file, String origin, String field, String reason,
                                                  Throwable cause) {
        return new DatasetFormatException(file, origin, 0, -1, field, reason, false, cause);
    }

    /**
     * A problem with a whole input at a known line (e.g. a CSV quote that is never closed).
     *
     * @param file   the file
     * @param line   the 1-based line
     * @param reason what is wrong
     * @return the exception
     */
    static DatasetFormatException forInputAtLine(Path file, int line, String reason) {
        return new DatasetFormatException(file, file.toString(), line, -1, null, reason, false, null);
    }

    /**
     * A problem with a whole input found at a known place in it (invalid UTF-8, a syntax error in
     * a JSON file), never skipped.
     *
     * @param file   the file
     * @param line   the 1-based line, or 0 when unknown
     * @param row    the 0-based row the place belongs to, or -1
     * @param field  the field concerned, or null
     * @param reason what is wrong
     * @param cause  the underlying error, or null
     * @return the exception
     */
    static DatasetFormatException forInputAt(Path file, int line, int row, String field, String reason,
                                             Throwable cause) {
        return new DatasetFormatException(file, file.toString(), line, row, field, reason, false, cause);
    }

    /**
     * The file the problem is in.
     *
     * @return the file, or empty for in-memory data
     */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /**
     * The input's label: the file path as given, or {@code "columns"} / {@code "examples"}.
     *
     * @return the label
     */
    public String origin() {
        return origin;
    }

    /**
     * The 1-based line where the row starts (JSONL, CSV).
     *
     * @return the line, or empty when the format has no lines or the problem is not at a line
     */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /**
     * The 0-based row index within the input (see {@link ExampleSource#row()}).
     *
     * @return the row, or empty for whole-input problems
     */
    public OptionalInt row() {
        return row >= 0 ? OptionalInt.of(row) : OptionalInt.empty();
    }

    /**
     * The field concerned, e.g. {@code "rejected"} or {@code "chosen[0].content"}.
     *
     * @return the field, or empty when the problem is not about one field
     */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /**
     * What is wrong, without the location.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }

    /**
     * Whether the problem is confined to one row, so that skipping the row loses nothing else.
     *
     * @return true for row problems, false for whole-input problems
     */
    public boolean isRowError() {
        return rowError;
    }
}
