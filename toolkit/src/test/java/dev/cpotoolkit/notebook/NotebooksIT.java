package dev.cpotoolkit.notebook;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cpotoolkit.notebook.runner.NotebookRunner;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Executes every notebook in {@code notebooks/} top to bottom with the notebook
 * runner, against the packaged jar and {@code lib/} folder that the notebooks
 * load with {@code %jars} (an integration test: it runs after {@code package}).
 * Any compile error, rejected snippet or exception fails it; a cell ending in a
 * chart must produce an image, and the committed notebook must carry that image
 * too (notebooks are committed with their outputs so GitHub shows the charts).
 */
class NotebooksIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path NOTEBOOKS = ROOT.resolve("notebooks");

    @TempDir
    static Path executed;

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsTopToBottom() throws IOException {
        Path jar = ROOT.resolve("toolkit/target/cpo-toolkit.jar");
        assertTrue(Files.isRegularFile(jar), "runs after package: " + jar);
        String classpath = jar + File.pathSeparator + ROOT.resolve("toolkit/target/lib") + File.separator + "*";
        NotebookRunner runner = new NotebookRunner(classpath, Duration.ofMinutes(8));
        List<Path> notebooks = new ArrayList<>();
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            files.filter(p -> p.toString().endsWith(".ipynb")).sorted().forEach(notebooks::add);
        }
        assertFalse(notebooks.isEmpty(), "no notebooks in " + NOTEBOOKS);
        return notebooks.stream().map(notebook -> DynamicTest.dynamicTest(notebook.getFileName().toString(), () -> {
            Path output = executed.resolve(notebook.getFileName());
            runner.execute(notebook, output);
            checkCharts(read(output), read(notebook), notebook.getFileName().toString());
        }));
    }

    /** Cells whose last line makes a chart have an image, now and in the committed file. */
    private static void checkCharts(JsonObject fresh, JsonObject committed, String name) {
        JsonArray freshCells = fresh.getAsJsonArray("cells");
        JsonArray committedCells = committed.getAsJsonArray("cells");
        assertEquals(committedCells.size(), freshCells.size(), name);
        int charts = 0;
        for (int i = 0; i < freshCells.size(); i++) {
            JsonObject cell = freshCells.get(i).getAsJsonObject();
            if (!"code".equals(cell.get("cell_type").getAsString()) || !endsInChart(cell)) {
                continue;
            }
            charts++;
            assertTrue(hasImage(cell), name + " cell " + (i + 1) + " makes a chart but shows no image");
            assertTrue(hasImage(committedCells.get(i).getAsJsonObject()), name + " cell " + (i + 1)
                    + " is committed without its chart: rerun the notebooks with --write (see README)");
        }
        assertTrue(charts > 0 || !name.matches("0[1235]-.*"), name + " has no chart cell");
    }

    private static boolean endsInChart(JsonObject cell) {
        String source = text(cell.get("source")).strip();
        String last = source.substring(source.lastIndexOf('\n') + 1);
        return last.matches("(TrainingCharts|ExampleCharts|TokenCharts)\\..*") || last.contains("Chart(");
    }

    private static boolean hasImage(JsonObject cell) {
        for (JsonElement output : cell.getAsJsonArray("outputs")) {
            JsonObject data = output.getAsJsonObject().getAsJsonObject("data");
            if (data != null && data.has("image/png") && data.get("image/png").getAsString().length() > 1000) {
                return true;
            }
        }
        return false;
    }

    private static String text(JsonElement element) {
        if (element.isJsonArray()) {
            StringBuilder out = new StringBuilder();
            element.getAsJsonArray().forEach(line -> out.append(line.getAsString()));
            return out.toString();
        }
        return element.getAsString();
    }

    private static JsonObject read(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }
}
