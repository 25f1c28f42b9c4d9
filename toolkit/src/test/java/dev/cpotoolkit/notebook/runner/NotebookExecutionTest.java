package dev.cpotoolkit.notebook.runner;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner's IJava semantics on small notebooks of plain Java (no model, fast). */
class NotebookExecutionTest {

    @TempDir
    Path dir;

    /** A notebook of a Markdown cell followed by the given code cells. */
    private Path notebook(String... codeCells) throws Exception {
        JsonObject notebook = new JsonObject();
        JsonArray cells = new JsonArray();
        JsonObject markdown = new JsonObject();
        markdown.addProperty("cell_type", "markdown");
        markdown.add("metadata", new JsonObject());
        markdown.add("source", NotebookJson.lines("# Title\nSome text."));
        cells.add(markdown);
        for (String code : codeCells) {
            JsonObject cell = new JsonObject();
            cell.addProperty("cell_type", "code");
            cell.add("metadata", new JsonObject());
            cell.add("source", NotebookJson.lines(code));
            cell.add("outputs", new JsonArray());
            cells.add(cell);
        }
        notebook.add("cells", cells);
        notebook.add("metadata", new JsonObject());
        notebook.addProperty("nbformat", 4);
        notebook.addProperty("nbformat_minor", 5);
        Path file = dir.resolve("test.ipynb");
        NotebookJson.write(notebook, file);
        return file;
    }

    private static JsonArray outputs(JsonObject notebook, int cell) {
        return notebook.getAsJsonArray("cells").get(cell).getAsJsonObject().getAsJsonArray("outputs");
    }

    @Test
    void lastExpressionIsTheResultAndPrintsAreStreams() throws Exception {
        JsonObject done = NotebookExecution.run(notebook(
                "import java.awt.image.BufferedImage;\nint x = 40;",
                "System.out.println(\"hello\");\nx + 2",
                "new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB)",
                "int y = 1;"));
        JsonArray second = outputs(done, 2);
        assertEquals("stream", second.get(0).getAsJsonObject().get("output_type").getAsString());
        assertEquals("hello\n", NotebookJson.text(second.get(0).getAsJsonObject().get("text")));
        JsonObject result = second.get(1).getAsJsonObject();
        assertEquals("execute_result", result.get("output_type").getAsString());
        assertEquals(2, result.get("execution_count").getAsInt());
        assertEquals("42", NotebookJson.text(result.getAsJsonObject("data").get("text/plain")));
        String png = outputs(done, 3).get(0).getAsJsonObject().getAsJsonObject("data").get("image/png").getAsString();
        byte[] bytes = Base64.getDecoder().decode(png);
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals('P', bytes[1]);
        assertEquals(0, outputs(done, 4).size(), "a declaration shows nothing");
        assertEquals("java", done.getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name").getAsString());
    }

    @Test
    void displayAndUpdateDisplayReplaceInPlaceLikeIJava() throws Exception {
        JsonObject done = NotebookExecution.run(notebook(
                "String id = display(\"first\");",
                "updateDisplay(id, \"second\");\n\"done\""));
        JsonArray first = outputs(done, 1);
        assertEquals(1, first.size());
        assertEquals("display_data", first.get(0).getAsJsonObject().get("output_type").getAsString());
        assertEquals("second", NotebookJson.text(first.get(0).getAsJsonObject().getAsJsonObject("data")
                .get("text/plain")));
    }

    @Test
    void cellsRunOnPoolThreadsNotTheRunnersThread() throws Exception {
        JsonObject done = NotebookExecution.run(notebook("Thread.currentThread().getName()"));
        String name = NotebookJson.text(outputs(done, 1).get(0).getAsJsonObject().getAsJsonObject("data")
                .get("text/plain"));
        assertTrue(name.contains("notebook-cell-"), name);
    }

    @Test
    void failuresNameNotebookCellAndSnippet() throws Exception {
        NotebookFailure compile = assertThrows(NotebookFailure.class,
                () -> NotebookExecution.run(notebook("int a = 1;", "int b = undefinedThing + 1;")));
        assertTrue(compile.getMessage().startsWith("test.ipynb, cell 3: does not compile"), compile.getMessage());
        assertTrue(compile.getMessage().contains("undefinedThing"), compile.getMessage());

        NotebookFailure thrown = assertThrows(NotebookFailure.class,
                () -> NotebookExecution.run(notebook("Object o = null;\no.toString();")));
        assertTrue(thrown.getMessage().contains("cell 2: threw java.lang.NullPointerException"), thrown.getMessage());

        NotebookFailure lateImport = assertThrows(NotebookFailure.class,
                () -> NotebookExecution.run(notebook("int a = 1;", "import java.time.*;")));
        assertTrue(lateImport.getMessage().contains("import outside the first code cell"), lateImport.getMessage());
    }

    @Test
    void magics(@TempDir Path libs) throws Exception {
        NotebookFailure maven = assertThrows(NotebookFailure.class,
                () -> NotebookExecution.run(notebook("%maven tech.tablesaw:tablesaw-core:0.44.4")));
        assertTrue(maven.getMessage().contains("%maven"), maven.getMessage());
        NotebookFailure unknown = assertThrows(NotebookFailure.class,
                () -> NotebookExecution.run(notebook("%nonsense")));
        assertTrue(unknown.getMessage().contains("unknown magic %nonsense"), unknown.getMessage());
        NotebookFailure nothing = assertThrows(NotebookFailure.class,
                () -> NotebookExecution.run(notebook("%jars missing/*.jar")));
        assertTrue(nothing.getMessage().contains("matched nothing"), nothing.getMessage());
    }

    @Test
    void toolkitClassesCompileOnlyAfterClasspathMagic() throws Exception {
        NotebookFailure without = assertThrows(NotebookFailure.class,
                () -> NotebookExecution.run(notebook("dev.cpotoolkit.notebook.Html.escape(\"<\")")));
        assertTrue(without.getMessage().contains("does not compile"), without.getMessage());

        Path classes = Path.of("target/classes").toAbsolutePath();
        Files.createSymbolicLink(dir.resolve("classes"), classes);
        JsonObject done = NotebookExecution.run(notebook("%classpath class*\n"
                + "import dev.cpotoolkit.notebook.Html;", "new Html(\"<b>x</b>\", \"x\")"));
        JsonObject data = outputs(done, 2).get(0).getAsJsonObject().getAsJsonObject("data");
        assertEquals("<b>x</b>", NotebookJson.text(data.get("text/html")));
    }

    @Test
    void writtenNotebooksAreSortedAndStable() throws Exception {
        Path file = notebook("1 + 1");
        JsonObject once = NotebookExecution.run(file);
        NotebookJson.write(once, file);
        String first = Files.readString(file);
        NotebookJson.write(NotebookExecution.run(file), file);
        assertEquals(first, Files.readString(file), "re-running gives the same file");
        assertTrue(first.startsWith("{\n \"cells\": ["), first.substring(0, 40));
        assertFalse(first.contains("\\u003c"));
        assertEquals(List.of("a\n", "b"), List.of(NotebookJson.lines("a\nb").get(0).getAsString(),
                NotebookJson.lines("a\nb").get(1).getAsString()));
    }
}
