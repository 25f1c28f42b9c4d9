package dev.cpotoolkit.data;

import com.google.gson.JsonObject;
import dev.cpotoolkit.data.parquet.ParquetException;
import dev.cpotoolkit.data.parquet.ParquetFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Parquet file's rows as raw rows, after a check of the schema: a text
 * column stored as a number (or anything but a string or a message list) is
 * reported once, naming the file and the column, rather than as one bad row
 * after another.
 */
final class ParquetRows {

    private ParquetRows() {}

    /**
     * @param keys the columns read as prompt, chosen and rejected, whose types are checked; null to
     *             check none (rows shaped by {@link ScoredCandidates} have other columns)
     */
    static List<RawRow> read(Path file, ColumnKeys keys) {
        String origin = file.toString();
        List<RawRow> rows = new ArrayList<>();
        try {
            ParquetFile parquet = ParquetFile.open(file);
            if (keys != null) {
                for (String standard : new String[] {"prompt", "chosen", "rejected"}) {
                    String column = keys.columnFor(standard);
                    parquet.columnType(column).ifPresent(type -> {
                        if (!type.equals("string") && !type.startsWith("list<struct<")) {
                            throw DatasetFormatException.forInput(file, origin, column, "column '" + column
                                    + "' is " + type + " in the Parquet schema; expected a string, or a list of"
                                    + " messages (list<struct<role: string, content: string>>)", null);
                        }
                    });
                }
            }
            parquet.forEachRow(null, (group, row, fields) -> rows.add(RawRow.of(
                    new ExampleSource(file, origin, Math.toIntExact(row), 0), withoutNulls(fields))));
        } catch (ParquetException bad) {
            // The reader's message starts with the file; the exception's location says it once.
            String reason = bad.getMessage().startsWith(origin)
                    ? bad.getMessage().substring(origin.length()).replaceFirst("^(: |, )", "") : bad.getMessage();
            throw DatasetFormatException.forInput(file, origin, null, reason, bad);
        }
        return rows;
    }

    /**
     * Parquet has no "absent" column: a JSON row without {@code prompt} is a
     * Parquet row whose {@code prompt} is null. Null top-level values are
     * dropped so both read the same (a null prompt already means "implicit").
     */
    private static JsonObject withoutNulls(JsonObject fields) {
        List<String> nulls = fields.entrySet().stream().filter(e -> e.getValue().isJsonNull())
                .map(java.util.Map.Entry::getKey).toList();
        nulls.forEach(fields::remove);
        return fields;
    }
}
