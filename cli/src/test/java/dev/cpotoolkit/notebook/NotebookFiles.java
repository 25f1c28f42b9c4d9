package dev.cpotoolkit.notebook;

import com.google.gson.JsonArray;
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

    /** A notebook of code cells, in a Java kernel, written to {@code file}. */
    static Path codeCells(Path file, String... cells) throws IOException {
        JsonObject notebook = new JsonObject();
        JsonArray cellArray = new JsonArray();
        for (String source : cells) {
            JsonObject cell = new JsonObject();
            cell.addProperty("cell_type", "code");
            cell.add("execution_count", null);
            cell.add("metadata", new JsonObject());
            cell.add("outputs", new JsonArray());
            cell.addProperty("source", source);
            cellArray.add(cell);
        }
        notebook.add("cells", cellArray);
        JsonObject kernelspec = new JsonObject();
        kernelspec.addProperty("name", "java");
        kernelspec.addProperty("display_name", "Java");
        kernelspec.addProperty("language", "java");
        JsonObject metadata = new JsonObject();
        metadata.add("kernelspec", kernelspec);
        notebook.add("metadata", metadata);
        notebook.addProperty("nbformat", 4);
        notebook.addProperty("nbformat_minor", 5);
        Files.createDirectories(file.getParent());
        Files.writeString(file, notebook.toString(), StandardCharsets.UTF_8);
        return file;
    }

    /** The part of nbconvert's output that shows a failing cell: its source and traceback. */
    static String failureOf(String output) {
        int at = output.indexOf("CellExecutionError");
        String tail = at >= 0 ? output.substring(at) : output;
        return tail.length() > 8000 ? tail.substring(0, 8000) + "\n..." : tail;
    }
}
