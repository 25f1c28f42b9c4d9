package dev.cpotoolkit.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JSON document holding either an array of row objects ({@code [{"prompt": ...}, ...]})
 * or an object of equally long columns ({@code {"prompt": [...], "chosen": [...], ...}}, the
 * shape of TRL's documentation example). A syntax error anywhere makes the whole file unreadable;
 * an array element that is not an object is an unreadable row.
 */
final class JsonFileReader {

    /** Gson's path of a value inside row n of a top-level array: {@code $[n]} then the rest. */
    private static final Pattern ROW_PATH = Pattern.compile("^\\$\\[(\\d+)\\](.*)$");

    private JsonFileReader() {
    }

    static List<RawRow> read(Path file) {
        String text = TextFiles.read(file);
        TextFiles.requireContent(file, text);
        JsonElement document;
        try {
            document = StrictJson.parse(text);
        } catch (JsonProblem e) {
            throw located(file, e);
        }
        if (document.isJsonArray()) {
            return rowsOf(file, document.getAsJsonArray());
        }
        if (document.isJsonObject()) {
            return ColumnRows.split(file, file.toString(), document.getAsJsonObject());
        }
        throw DatasetFormatException.forInput(file, file.toString(), null,
                "expected an array of rows or an object of columns, found " + StrictJson.describe(document), null);
    }

    /**
     * A parse problem as a whole-input error at its line; when it is in one value of an array of
     * rows (a lone surrogate), the row and field are named too.
     */
    private static DatasetFormatException located(Path file, JsonProblem problem) {
        int row = -1;
        String field = null;
        Matcher inRow = ROW_PATH.matcher(problem.path());
        if (problem.aboutValue() && inRow.matches()) {
            row = Integer.parseInt(inRow.group(1));
            field = JsonlReader.fieldOf(inRow.group(2));
        } else if (problem.aboutValue()) {
            field = JsonlReader.fieldOf(problem.path());
        }
        return DatasetFormatException.forInputAt(file, problem.line(), row, field, problem.describe(), problem);
    }

    private static List<RawRow> rowsOf(Path file, JsonArray array) {
        if (array.isEmpty()) {
            throw DatasetFormatException.forInput(file, file.toString(), null, "empty array: no rows", null);
        }
        List<RawRow> rows = new ArrayList<>(array.size());
        for (int index = 0; index < array.size(); index++) {
            ExampleSource source = new ExampleSource(file, file.toString(), index, 0);
            JsonElement element = array.get(index);
            rows.add(element.isJsonObject()
                    ? RawRow.of(source, element.getAsJsonObject())
                    : RawRow.unreadable(source, "expected a JSON object, found " + StrictJson.describe(element)));
        }
        return rows;
    }

    /** Turns an object of columns into rows; shared by JSON files and in-memory column maps. */
    static final class ColumnRows {

        private ColumnRows() {
        }

        static List<RawRow> split(Path file, String origin, JsonObject columns) {
            int length = -1;
            String firstColumn = null;
            for (Map.Entry<String, JsonElement> column : columns.entrySet()) {
                if (!column.getValue().isJsonArray()) {
                    throw DatasetFormatException.forInput(file, origin, column.getKey(),
                            "a column must be a list, found " + StrictJson.describe(column.getValue()), null);
                }
                int size = column.getValue().getAsJsonArray().size();
                if (length >= 0 && size != length) {
                    throw DatasetFormatException.forInput(file, origin, column.getKey(), "column has " + size
                            + " values but column '" + firstColumn + "' has " + length, null);
                }
                length = size;
                firstColumn = column.getKey();
            }
            for (String required : List.of("chosen", "rejected")) {
                if (!columns.has(required)) {
                    throw DatasetFormatException.forInput(file, origin, required, "missing column '" + required
                            + "' (columns: " + columns.keySet() + ")", null);
                }
            }
            if (length == 0) {
                throw DatasetFormatException.forInput(file, origin, null, "columns are empty: no rows", null);
            }
            List<RawRow> rows = new ArrayList<>(length);
            for (int index = 0; index < length; index++) {
                JsonObject row = new JsonObject();
                for (Map.Entry<String, JsonElement> column : columns.entrySet()) {
                    row.add(column.getKey(), column.getValue().getAsJsonArray().get(index));
                }
                rows.add(RawRow.of(new ExampleSource(file, origin, index, 0), row));
            }
            return rows;
        }
    }
}
