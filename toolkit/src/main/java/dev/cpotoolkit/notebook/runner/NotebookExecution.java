package dev.cpotoolkit.notebook.runner;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.cpotoolkit.notebook.MimeRenderer;
import dev.cpotoolkit.notebook.Notebook;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Executes one notebook top to bottom in this JVM and returns it with fresh
 * outputs: standard output and error of each cell as stream outputs, displays,
 * and the final expression's value (charts and images as PNG, tables as HTML).
 * Texts are cleaned of this machine's absolute paths.
 */
public final class NotebookExecution {

    private NotebookExecution() {}

    /**
     * Runs every code cell of {@code file}, in order.
     *
     * @return the notebook with outputs, execution counts and IJava's kernel metadata
     * @throws NotebookFailure at the first cell that fails to compile or throws
     */
    public static JsonObject run(Path file) {
        Path folder = file.toAbsolutePath().normalize().getParent();
        String name = file.getFileName().toString();
        JsonObject notebook = NotebookJson.read(file);
        RunnerFrontend frontend = new RunnerFrontend();
        UnaryOperator<String> clean = pathCleaner(folder);
        PrintStream out = System.out;
        PrintStream err = System.err;
        Notebook.attach(frontend);
        System.setOut(new PrintStream(CellOutputs.sink(frontend::current, "stdout"), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(CellOutputs.sink(frontend::current, "stderr"), true, StandardCharsets.UTF_8));
        try (NotebookSession session = new NotebookSession(name, folder)) {
            JsonArray cells = notebook.getAsJsonArray("cells");
            // Serialized only at the end: a later cell may update an earlier cell's display.
            java.util.Map<JsonObject, CellOutputs> results = new java.util.IdentityHashMap<>();
            int executed = 0;
            for (int i = 0; i < cells.size(); i++) {
                JsonObject cell = cells.get(i).getAsJsonObject();
                if (!cell.has("id")) {
                    cell.addProperty("id", String.format(Locale.ROOT, "cell-%02d", i + 1));
                }
                if (!"code".equals(cell.get("cell_type").getAsString())) {
                    continue;
                }
                CellOutputs outputs = new CellOutputs();
                frontend.setCurrent(outputs);
                executed++;
                long start = System.nanoTime();
                try {
                    Object value = session.runCell(i + 1, NotebookJson.source(cell), executed == 1);
                    if (value != null) {
                        outputs.result(MimeRenderer.render(value));
                    }
                } catch (NotebookFailure failure) {
                    throw new NotebookFailure(failure.getMessage() + tail(outputs), failure);
                } finally {
                    System.out.flush();
                    System.err.flush();
                    frontend.setCurrent(null);
                }
                err.printf(Locale.ROOT, "  %s cell %d: %.1f s%n", name, i + 1, (System.nanoTime() - start) / 1e9);
                results.put(cell, outputs);
                cell.addProperty("execution_count", executed);
                if (!cell.has("metadata")) {
                    cell.add("metadata", new JsonObject());
                }
            }
            results.forEach((cell, outputs) -> cell.add("outputs",
                    NotebookJson.outputs(outputs.outputs(), cell.get("execution_count").getAsInt(), clean)));
        } finally {
            System.setOut(out);
            System.setErr(err);
            Notebook.attach(null);
        }
        NotebookJson.setKernelMetadata(notebook);
        return notebook;
    }

    /** Clears outputs and execution counts (for a notebook written by hand before its first run). */
    public static void clearOutputs(JsonObject notebook) {
        for (JsonElement element : notebook.getAsJsonArray("cells")) {
            JsonObject cell = element.getAsJsonObject();
            if ("code".equals(cell.get("cell_type").getAsString())) {
                cell.add("outputs", new JsonArray());
                cell.add("execution_count", JsonNull.INSTANCE);
            }
        }
    }

    /** The failing cell's own output, which usually explains the failure. */
    private static String tail(CellOutputs outputs) {
        StringBuilder text = new StringBuilder();
        for (CellOutputs.Output output : outputs.outputs()) {
            if (output instanceof CellOutputs.Stream stream) {
                text.append(stream.text());
            }
        }
        String all = text.toString().strip();
        if (all.isEmpty()) {
            return "";
        }
        return "\n  cell output:\n" + all.substring(Math.max(0, all.length() - 4000));
    }

    /** Replaces the notebook folder's absolute path by {@code .} and its parent's by {@code ..}. */
    static UnaryOperator<String> pathCleaner(Path folder) {
        String here = folder.toString();
        Path parent = folder.getParent();
        String up = parent == null ? null : parent.toString();
        return text -> {
            String cleaned = text.replace(here, ".");
            return up == null || up.equals("/") ? cleaned : cleaned.replace(up, "..");
        };
    }
}
