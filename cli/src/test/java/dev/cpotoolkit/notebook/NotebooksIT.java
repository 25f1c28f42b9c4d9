package dev.cpotoolkit.notebook;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.cpotoolkit.notebook.jupyter.NbConvert;
import dev.cpotoolkit.notebook.jupyter.TestKernel;
import dev.cpotoolkit.notebook.jupyter.ToolkitLayouts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Executes every notebook in {@code notebooks/} where users run them: in a Java kernel's JVM, through
 * Jupyter's {@code nbconvert --execute}, once with IJava 1.3.0's and once with JJava 1.0-a6's
 * dependency set first on the class path ({@link TestKernel}). The notebooks load the packaged
 * toolkit with {@code %classpath}, exactly as a user's would (an integration test: it runs after
 * {@code package}).
 *
 * <p>A cell that fails fails the test with its traceback. Each executed notebook must also show
 * the kinds of output its committed copy shows, cell by cell (no new warning on standard error,
 * no lost chart or table), and every chart cell must have its image.
 *
 * <p>{@code -Dcpo.notebooks.write=true} writes the IJava runs back into {@code notebooks/} (with
 * this machine's paths replaced by relative ones): how the committed outputs are refreshed.
 *
 * <p>{@code -Dcpo.notebooks=REGEX} runs only the notebooks whose file name matches (for example
 * {@code 06-.*}): refreshing one notebook need not re-run the others, which take minutes.
 */
class NotebooksIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path NOTEBOOKS = ROOT.resolve("notebooks");
    private static final Duration CELL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration NOTEBOOK_TIMEOUT = Duration.ofMinutes(15);
    private static final boolean WRITE = Boolean.getBoolean("cpo.notebooks.write");
    private static final String ONLY = System.getProperty("cpo.notebooks", ".*");

    @TempDir
    static Path work;

    @BeforeAll
    static void jupyterAndTheJarAreThere() {
        NbConvert.requireJupyter();
        assertTrue(Files.isRegularFile(ROOT.resolve("cli/target/cpo-toolkit.jar")), "runs after package");
    }

    @TestFactory
    Stream<DynamicContainer> everyNotebookRunsInEachKernel() throws IOException {
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            notebooks = files.filter(p -> p.toString().endsWith(".ipynb"))
                    .filter(p -> p.getFileName().toString().matches(ONLY)).sorted().toList();
        }
        assertFalse(notebooks.isEmpty(), "no notebooks in " + NOTEBOOKS + " match -Dcpo.notebooks=" + ONLY);
        return Arrays.stream(TestKernel.values()).map(kernel -> {
            NbConvert jupyter = new NbConvert(kernel.install(work.resolve(kernel.name())), CELL_TIMEOUT);
            return DynamicContainer.dynamicContainer(kernel.name(), notebooks.stream().map(notebook ->
                    DynamicTest.dynamicTest(notebook.getFileName().toString(), () -> run(jupyter, kernel, notebook))));
        });
    }

    private static void run(NbConvert jupyter, TestKernel kernel, Path notebook) throws IOException {
        String name = notebook.getFileName().toString();
        Path executed = work.resolve(kernel.name()).resolve("executed").resolve(name);
        Files.createDirectories(executed.getParent());
        long start = System.nanoTime();
        NbConvert.Result result = jupyter.execute(notebook, executed, NOTEBOOK_TIMEOUT);
        System.err.printf("%s in %s: exit %d after %.0f s%n", name, kernel, result.exitCode(),
                (System.nanoTime() - start) / 1e9);
        if (result.exitCode() != 0) {
            fail(name + " failed in the " + kernel + " kernel:\n" + NotebookFiles.failureOf(result.output()));
        }
        JsonObject fresh = NotebookFiles.read(executed);
        if (WRITE && kernel == TestKernel.IJAVA) {
            Files.writeString(notebook, withRelativePaths(Files.readString(executed, StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8);
        }
        JsonObject committed = NotebookFiles.read(notebook);
        checkNoErrors(fresh, name);
        checkCharts(fresh, committed, name);
        if (!WRITE) {
            checkSameKindsOfOutput(fresh, committed, name + " (" + kernel + ")");
        }
    }

    /**
     * What IJava did with the toolkit before its libraries were relocated: a notebook loading the
     * unrelocated jar and its dependencies fails at the first Gson call, because IJava's own Gson
     * 2.8.5 is found first. The same cell passes with the packaged jar. This is the test that
     * failed on the old layout, kept so the harness keeps proving it can see the problem.
     */
    @Test
    void theUnrelocatedToolkitBreaksInIJavaAndThePackagedOneDoesNot() throws IOException {
        List<String> oldLayout = ToolkitLayouts.unrelocated().stream().map(Path::toString).toList();
        String loadCell = "dev.cpotoolkit.data.PreferenceDataset.load(java.nio.file.Path.of(\""
                + ROOT.resolve("datasets/seed-chat") + "\")).size()";
        NbConvert jupyter = new NbConvert(TestKernel.IJAVA.install(work.resolve("layouts")), CELL_TIMEOUT);

        // Loaded with %jars, as the notebooks did then.
        NbConvert.Result before = jupyter.execute(NotebookFiles.codeCells(work.resolve("layouts/old.ipynb"),
                "%jars " + String.join(" ", oldLayout), loadCell), work.resolve("layouts/old-run.ipynb"),
                NOTEBOOK_TIMEOUT);
        assertNotEquals(0, before.exitCode(), "the unrelocated layout should fail in IJava:\n" + before.output());
        assertTrue(before.output().contains("setStrictness"), before.output());

        NbConvert.Result now = jupyter.execute(NotebookFiles.codeCells(work.resolve("layouts/new.ipynb"),
                "%classpath " + ROOT.resolve("cli/target/cpo-toolkit.jar"), loadCell),
                work.resolve("layouts/new-run.ipynb"), NOTEBOOK_TIMEOUT);
        assertEquals(0, now.exitCode(), NotebookFiles.failureOf(now.output()));
        JsonObject executed = NotebookFiles.read(work.resolve("layouts/new-run.ipynb"));
        assertEquals("7", NotebookFiles.text(firstOutput(executed, 1).getAsJsonObject("data").get("text/plain")));
    }

    /** Cells whose last line makes a chart have an image, now and in the committed file. */
    private static void checkCharts(JsonObject fresh, JsonObject committed, String name) {
        JsonArray freshCells = fresh.getAsJsonArray("cells");
        JsonArray committedCells = committed.getAsJsonArray("cells");
        assertEquals(committedCells.size(), freshCells.size(), name);
        int charts = 0;
        for (int i = 0; i < freshCells.size(); i++) {
            JsonObject cell = freshCells.get(i).getAsJsonObject();
            if (!isCode(cell) || !endsInChart(cell)) {
                continue;
            }
            charts++;
            assertTrue(hasImage(cell), name + " cell " + (i + 1) + " makes a chart but shows no image");
            assertTrue(hasImage(committedCells.get(i).getAsJsonObject()), name + " cell " + (i + 1)
                    + " is committed without its chart: refresh the notebooks (see README, Notebooks)");
        }
        assertTrue(charts > 0 || !name.matches("0[1235]-.*"), name + " has no chart cell");
    }

    private static void checkNoErrors(JsonObject notebook, String name) {
        JsonArray cells = notebook.getAsJsonArray("cells");
        for (int i = 0; i < cells.size(); i++) {
            for (JsonElement output : outputs(cells.get(i).getAsJsonObject())) {
                assertNotEquals("error", output.getAsJsonObject().get("output_type").getAsString(),
                        name + " cell " + (i + 1) + " has an error output");
            }
        }
    }

    /**
     * Each code cell shows the same kinds of output as its committed copy: the same streams and the
     * same MIME types. A kernel that adds a warning on standard error, or loses a rich display,
     * shows here even when no cell fails.
     */
    private static void checkSameKindsOfOutput(JsonObject fresh, JsonObject committed, String name) {
        JsonArray freshCells = fresh.getAsJsonArray("cells");
        JsonArray committedCells = committed.getAsJsonArray("cells");
        for (int i = 0; i < freshCells.size(); i++) {
            JsonObject cell = freshCells.get(i).getAsJsonObject();
            if (isCode(cell)) {
                assertEquals(kinds(committedCells.get(i).getAsJsonObject()), kinds(cell), name + " cell " + (i + 1)
                        + " shows other kinds of output than its committed copy:\n" + outputText(cell));
            }
        }
    }

    private static Set<String> kinds(JsonObject cell) {
        Set<String> kinds = new TreeSet<>();
        for (JsonElement element : outputs(cell)) {
            JsonObject output = element.getAsJsonObject();
            String type = output.get("output_type").getAsString();
            if (type.equals("stream")) {
                kinds.add("stream:" + output.get("name").getAsString());
            } else if (output.has("data")) {
                output.getAsJsonObject("data").keySet().forEach(mime -> kinds.add(type + ":" + mime));
            } else {
                kinds.add(type);
            }
        }
        return kinds;
    }

    private static String outputText(JsonObject cell) {
        StringBuilder text = new StringBuilder();
        for (JsonElement element : outputs(cell)) {
            JsonObject output = element.getAsJsonObject();
            if (output.has("text")) {
                text.append(NotebookFiles.text(output.get("text")));
            }
        }
        return text.toString();
    }

    private static boolean endsInChart(JsonObject cell) {
        String source = NotebookFiles.text(cell.get("source")).strip();
        String last = source.substring(source.lastIndexOf('\n') + 1);
        return last.matches("(TrainingCharts|ExampleCharts|TokenCharts)\\..*") || last.contains("Chart(");
    }

    private static boolean hasImage(JsonObject cell) {
        for (JsonElement output : outputs(cell)) {
            JsonObject data = output.getAsJsonObject().getAsJsonObject("data");
            if (data != null && data.has("image/png") && NotebookFiles.text(data.get("image/png")).length() > 1000) {
                return true;
            }
        }
        return false;
    }

    /** The part of nbconvert's output that explains a failure: from the failing cell on. */
    /** This machine's notebook and repository folders replaced by {@code .} and {@code ..}. */
    private static String withRelativePaths(String notebookJson) {
        return notebookJson.replace(NOTEBOOKS.toString(), ".").replace(ROOT.toString(), "..");
    }

    private static JsonObject firstOutput(JsonObject notebook, int cell) {
        return outputs(notebook.getAsJsonArray("cells").get(cell).getAsJsonObject()).get(0).getAsJsonObject();
    }

    private static boolean isCode(JsonObject cell) {
        return "code".equals(cell.get("cell_type").getAsString());
    }

    private static JsonArray outputs(JsonObject cell) {
        return cell.has("outputs") ? cell.getAsJsonArray("outputs") : new JsonArray();
    }


}
