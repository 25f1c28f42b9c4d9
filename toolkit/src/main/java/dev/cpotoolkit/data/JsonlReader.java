package dev.cpotoolkit.data;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JSON Lines: one JSON object per line. Blank lines are ignored (many tools end files with
 * one); any other line that is not a JSON object becomes an unreadable row at that line.
 */
final class JsonlReader {

    private JsonlReader() {
    }

    static List<RawRow> read(Path file) {
        String text = TextFiles.read(file);
        TextFiles.requireContent(file, text);
        List<RawRow> rows = new ArrayList<>();
        String[] lines = text.split("\r\n|\n|\r", -1);
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            if (line.isBlank()) {
                continue;
            }
            ExampleSource source = new ExampleSource(file, file.toString(), rows.size(), index + 1);
            try {
                JsonElement value = StrictJson.parse(line);
                if (value.isJsonObject()) {
                    rows.add(RawRow.of(source, value.getAsJsonObject()));
                } else {
                    rows.add(RawRow.unreadable(source, "expected a JSON object, found " + StrictJson.describe(value)));
                }
            } catch (IOException e) {
                rows.add(RawRow.unreadable(source, "malformed JSON: " + e.getMessage()));
            }
        }
        return rows;
    }
}
