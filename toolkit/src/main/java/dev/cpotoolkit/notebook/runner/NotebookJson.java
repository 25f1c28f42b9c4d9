package dev.cpotoolkit.notebook.runner;

import com.google.gson.FormattingStyle;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.cpotoolkit.notebook.MimeBundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Reading and writing {@code .ipynb} files (nbformat 4) as Jupyter does: keys
 * sorted, one-space indentation, multi-line texts as arrays of lines, PNGs as
 * base64 strings. Everything the runner does not produce (cell metadata,
 * Markdown, notebook metadata) is kept as it was, so a re-run shows only output
 * changes in a diff.
 */
final class NotebookJson {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping()
            .setFormattingStyle(FormattingStyle.PRETTY.withIndent(" ")).create();

    private NotebookJson() {}

    /** Reads a notebook file. */
    static JsonObject read(Path file) {
        try {
            JsonObject notebook = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                    .getAsJsonObject();
            if (!notebook.has("cells") || notebook.get("nbformat").getAsInt() != 4) {
                throw new IllegalArgumentException(file + ": not an nbformat 4 notebook");
            }
            return notebook;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Writes a notebook file, Jupyter's way (sorted keys, indent 1, final newline). */
    static void write(JsonObject notebook, Path file) {
        try {
            Files.writeString(file, GSON.toJson(sorted(notebook)) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A cell's source as one string (nbformat allows a string or a list of lines). */
    static String source(JsonObject cell) {
        return text(cell.get("source"));
    }

    /** A multi-line text field as one string. */
    static String text(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return "";
        }
        if (element.isJsonArray()) {
            StringBuilder out = new StringBuilder();
            element.getAsJsonArray().forEach(line -> out.append(line.getAsString()));
            return out.toString();
        }
        return element.getAsString();
    }

    /** A text as Jupyter stores it: a list of lines, each but the last ending in a newline. */
    static JsonArray lines(String text) {
        JsonArray array = new JsonArray();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end + 1;
            array.add(text.substring(start, end));
            start = end;
        }
        return array;
    }

    /**
     * A cell's outputs in nbformat: streams, display data and the execute result.
     *
     * @param clean applied to every text (strips machine-specific paths)
     */
    static JsonArray outputs(List<CellOutputs.Output> outputs, int executionCount, UnaryOperator<String> clean) {
        JsonArray array = new JsonArray();
        for (CellOutputs.Output output : outputs) {
            JsonObject json = new JsonObject();
            if (output instanceof CellOutputs.Stream stream) {
                String text = clean.apply(stream.text());
                if (text.isEmpty()) {
                    continue;
                }
                json.addProperty("output_type", "stream");
                json.addProperty("name", stream.name);
                json.add("text", lines(text));
            } else if (output instanceof CellOutputs.Display display) {
                json.addProperty("output_type", "display_data");
                json.add("data", data(display.bundle, clean));
                json.add("metadata", new JsonObject());
            } else if (output instanceof CellOutputs.Result result) {
                json.addProperty("output_type", "execute_result");
                json.addProperty("execution_count", executionCount);
                json.add("data", data(result.bundle(), clean));
                json.add("metadata", new JsonObject());
            }
            array.add(json);
        }
        return array;
    }

    private static JsonObject data(MimeBundle bundle, UnaryOperator<String> clean) {
        JsonObject data = new JsonObject();
        for (Map.Entry<String, String> entry : bundle.data().entrySet()) {
            if (entry.getKey().equals(MimeBundle.PNG)) {
                data.addProperty(entry.getKey(), entry.getValue());
            } else {
                data.add(entry.getKey(), lines(clean.apply(entry.getValue())));
            }
        }
        return data;
    }

    /** The notebook-level metadata IJava writes: kernel {@code java}, language Java. */
    static void setKernelMetadata(JsonObject notebook) {
        JsonObject metadata = notebook.has("metadata") ? notebook.getAsJsonObject("metadata") : new JsonObject();
        JsonObject kernelspec = new JsonObject();
        kernelspec.addProperty("display_name", "Java");
        kernelspec.addProperty("language", "java");
        kernelspec.addProperty("name", "java");
        metadata.add("kernelspec", kernelspec);
        JsonObject language = new JsonObject();
        language.addProperty("codemirror_mode", "java");
        language.addProperty("file_extension", ".jshell");
        language.addProperty("mimetype", "text/x-java-source");
        language.addProperty("name", "Java");
        language.addProperty("pygments_lexer", "java");
        language.addProperty("version", String.valueOf(Runtime.version().feature()));
        metadata.add("language_info", language);
        notebook.add("metadata", metadata);
        notebook.addProperty("nbformat", 4);
        notebook.addProperty("nbformat_minor", 5);
    }

    /** A copy with every object's keys sorted, as Python's json.dump(sort_keys=True) writes. */
    static JsonElement sorted(JsonElement element) {
        if (element.isJsonObject()) {
            TreeMap<String, JsonElement> keys = new TreeMap<>();
            element.getAsJsonObject().entrySet().forEach(e -> keys.put(e.getKey(), sorted(e.getValue())));
            JsonObject out = new JsonObject();
            keys.forEach(out::add);
            return out;
        }
        if (element.isJsonArray()) {
            JsonArray out = new JsonArray();
            element.getAsJsonArray().forEach(e -> out.add(sorted(e)));
            return out;
        }
        return element;
    }

    /** A string primitive (for callers building cells). */
    static JsonPrimitive string(String value) {
        return new JsonPrimitive(value);
    }
}
