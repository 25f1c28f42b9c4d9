package dev.cpotoolkit.notebook;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading {@code .ipynb} files (nbformat 4) in the notebook tests. */
final class NotebookFiles {

    private NotebookFiles() {}

    /** The notebook at {@code file}. */
    static JsonObject read(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** A multiline field ({@code source}, {@code text}, a MIME value): one string, or a list of lines. */
    static String text(JsonElement element) {
        if (element.isJsonArray()) {
            StringBuilder out = new StringBuilder();
            element.getAsJsonArray().forEach(line -> out.append(line.getAsString()));
            return out.toString();
        }
        return element.getAsString();
    }
}
