package dev.cpotoolkit.toymt;

import dev.cpotoolkit.cli.CpoCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cpo datasets toy-mt} and {@code cpo demo cpo-vs-sft} through the real command line. */
class ToyMtCommandsTest {

    /** The committed dataset, at the repository root (tests run in the module folder). */
    private static final Path COMMITTED = Path.of("..", "datasets", "toy-mt");


    @Test
    void datasetsCommandWritesTheCommittedFiles(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        int code = run(out, "datasets", "toy-mt", "--seed", "" + ToyMtGenerator.DEFAULT_SEED, "--out",
                dir.toString());
        assertEquals(0, code, out.toString());
        for (String file : ToyMtFiles.GENERATED) {
            assertArrayEquals(Files.readAllBytes(COMMITTED.resolve(file)),
                    Files.readAllBytes(dir.resolve(file)), file);
        }
        assertTrue(out.toString().contains("4000 SFT pairs"), out.toString());
    }

    @Test
    void demoCommandPrintsTheTableAndHowToReproduceIt(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        int code = run(out, "demo", "cpo-vs-sft", "--data", COMMITTED.toString(), "--output",
                dir.toString(), "--sft-steps", "2", "--cpo-steps", "2", "--sft-cpo-steps", "1", "--test-limit", "4",
                "--no-progress");
        String text = out.toString();
        assertEquals(0, code, text);
        assertTrue(text.contains("| SFT | noisy references | 2 |"), text);
        assertTrue(text.contains("| CPO | preference pairs | 2 |"), text);
        assertTrue(text.contains("Reproduce: ./cpo datasets toy-mt --seed 2024 --out datasets/toy-mt && ./cpo demo "
                + "cpo-vs-sft"), text);
        assertTrue(Files.readString(dir.resolve("comparison.md")).contains("| System |"));
    }

    private static int run(StringWriter out, String... args) {
        CommandLine cpo = CpoCommand.newCommandLine();
        cpo.setOut(new PrintWriter(out, true));
        cpo.setErr(new PrintWriter(new StringWriter(), true));
        return cpo.execute(args);
    }
}
