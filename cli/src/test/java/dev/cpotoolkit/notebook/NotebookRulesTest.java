package dev.cpotoolkit.notebook;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules a tutorial notebook follows so that it runs in IJava and in JJava alike, checked on the
 * sources (running them is {@link NotebooksIT}'s job):
 * <ul>
 *   <li>it asks for the kernel {@code java};</li>
 *   <li>its first code cell loads the built toolkit with {@code %classpath} (JJava deprecates
 *       {@code %jars} and prints a warning into the notebook; {@code %maven} cannot load the
 *       platform's native jar);</li>
 *   <li>imports appear only in that first cell: in a kernel, a later import recompiles earlier
 *       snippets, which can bring their variables back as {@code null}.</li>
 * </ul>
 */
class NotebookRulesTest {

    private static final Path NOTEBOOKS = Path.of("..", "notebooks").toAbsolutePath().normalize();
    private static final String LOAD_LINE = "%classpath ../cli/target/cpo-toolkit.jar ../cli/target/lib/*.jar";

    static Stream<Path> notebooks() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(NOTEBOOKS)) {
            files = list.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("notebooks")
    void loadsTheToolkitFirstAndImportsOnlyThere(Path notebook) throws IOException {
        JsonObject json = NotebookFiles.read(notebook);
        assertEquals("java", json.getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name").getAsString());
        List<String> cells = new ArrayList<>();
        for (JsonElement cell : json.getAsJsonArray("cells")) {
            if ("code".equals(cell.getAsJsonObject().get("cell_type").getAsString())) {
                cells.add(NotebookFiles.text(cell.getAsJsonObject().get("source")));
            }
        }
        assertTrue(cells.get(0).startsWith(LOAD_LINE + "\n"), notebook + ": the first code cell must start with\n"
                + LOAD_LINE);
        for (int i = 0; i < cells.size(); i++) {
            for (String line : cells.get(i).split("\n")) {
                String code = line.strip();
                assertFalse(code.startsWith("%maven") || code.startsWith("%jars") || code.startsWith("%%"),
                        notebook.getFileName() + " code cell " + (i + 1) + ": " + code);
                if (i > 0) {
                    assertFalse(code.startsWith("import "), notebook.getFileName() + " code cell " + (i + 1)
                            + " imports; move it to the first code cell: " + code);
                }
            }
        }
    }

}
