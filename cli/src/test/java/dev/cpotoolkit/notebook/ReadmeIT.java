package dev.cpotoolkit.notebook;

import dev.cpotoolkit.notebook.jupyter.NbConvert;
import dev.cpotoolkit.notebook.jupyter.TestKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every {@code ```java} block of README.md runs as written, in order, as the
 * cells of one notebook in the IJava kernel setup of the notebook tests: the
 * way a reader pastes them into a notebook. The notebook runs in a folder that
 * looks like the repository root to the code ({@code datasets/} and
 * {@code cli/} linked in), so the README's relative paths hold and its
 * {@code runs/} output stays out of the repository. A snippet that cannot run
 * here (the Hub download needs the network) stands in a plain code block and
 * says why.
 */
class ReadmeIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String LOAD_JAR = "%classpath cli/target/cpo-toolkit.jar cli/target/lib/*.jar";

    @Test
    void everyJavaBlockRunsInOrder(@TempDir Path work) throws IOException {
        NbConvert.requireJupyter();
        List<String> blocks = javaBlocks(Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8));
        assertTrue(blocks.size() >= 6, "README java blocks found: " + blocks.size());

        Path repo = Files.createDirectories(work.resolve("repo"));
        Files.createSymbolicLink(repo.resolve("datasets"), ROOT.resolve("datasets"));
        Files.createSymbolicLink(repo.resolve("cli"), ROOT.resolve("cli"));
        List<String> cells = new ArrayList<>(List.of(LOAD_JAR));
        cells.addAll(blocks);
        Path notebook = NotebookFiles.codeCells(repo.resolve("readme.ipynb"), cells.toArray(String[]::new));

        NbConvert jupyter = new NbConvert(TestKernel.IJAVA.install(work.resolve("kernel")), Duration.ofMinutes(5));
        NbConvert.Result result = jupyter.execute(notebook, work.resolve("readme-run.ipynb"), Duration.ofMinutes(10));
        if (result.exitCode() != 0) {
            fail("a README java block failed:\n" + NotebookFiles.failureOf(result.output()));
        }
        assertTrue(Files.isRegularFile(repo.resolve("runs/readme/seed-chat/final/model.safetensors")),
                "the Training block trained and saved");
    }

    @Test
    void blocksAreFoundWithTheirIndentationRemoved() {
        String markdown = "text\n```java\nint a = 1;\n```\n- item\n  ```java\n  int b =\n      2;\n  ```\n```\nnot java\n```\n";
        assertEquals(List.of("int a = 1;\n", "int b =\n    2;\n"), javaBlocks(markdown));
    }

    /** The bodies of the {@code ```java} fences, in order, without the indentation of their fence. */
    static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        String indent = "";
        for (String line : markdown.split("\n", -1)) {
            String trimmed = line.strip();
            if (block == null) {
                if (trimmed.equals("```java")) {
                    block = new StringBuilder();
                    indent = line.substring(0, line.indexOf('`'));
                }
            } else if (trimmed.equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else {
                block.append(line.startsWith(indent) ? line.substring(indent.length()) : line.strip()).append('\n');
            }
        }
        return blocks;
    }
}
