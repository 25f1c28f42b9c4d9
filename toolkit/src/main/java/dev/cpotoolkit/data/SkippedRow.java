package dev.cpotoolkit.data;

/**
 * A row left out because it was invalid and the loader was told to skip invalid rows.
 *
 * @param source where the row is
 * @param field  the offending field, or null when the row as a whole is bad (e.g. malformed JSON)
 * @param reason why it was left out
 */
public record SkippedRow(ExampleSource source, String field, String reason) {

    static SkippedRow of(ExampleSource source, DatasetFormatException error) {
        return new SkippedRow(source, error.field().orElse(null), error.reason());
    }

    @Override
    public String toString() {
        return source.describe() + (field == null ? "" : ", field '" + field + "'") + ": " + reason;
    }
}
