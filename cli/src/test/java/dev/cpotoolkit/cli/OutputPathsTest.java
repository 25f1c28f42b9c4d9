package dev.cpotoolkit.cli;

import dev.cpotoolkit.model.ModelPresets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** A bad {@code --output} is a usage error found before any model is loaded or pair scored. */
class OutputPathsTest {

    private static Cli evaluate(Path dir, Path output) {
        Path model = ModelPresets.writeTinyFolder(dir.resolve("tiny"), 3);
        return Cli.run("evaluate", "--model", model.toString(), "--dataset", Cli.SEED_CHAT.toString(),
                "--output", output.toString());
    }

    /** Fails fast: usage exit code, the message, and no trace of scoring. */
    private static void assertRefusedBeforeScoring(Cli result, String message) {
        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.err().contains(message), result.err());
        assertFalse(result.err().toLowerCase().contains("scored"), "nothing scored:\n" + result.err());
        assertFalse(result.out().contains("Scored"), result.out());
    }

    /** Makes {@code folder} read-only, or skips the test where permissions are not enforced (root). */
    private static void makeReadOnly(Path folder) {
        assumeFalse("root".equals(System.getProperty("user.name")), "root ignores folder permissions");
        assertTrue(folder.toFile().setWritable(false, false));
        assumeFalse(Files.isWritable(folder), "this file system ignores folder permissions");
    }

    @Test
    void evaluateRefusesAFolderAsOutput(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("results"));
        assertRefusedBeforeScoring(evaluate(dir, folder), "--output " + folder + " is a folder; name a .csv file");
    }

    @Test
    void evaluateRefusesAnOutputUnderAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        Path output = file.resolve("examples.csv");
        assertRefusedBeforeScoring(evaluate(dir, output), "--output " + output + " cannot be created: " + file
                + " is a file");
    }

    @Test
    void evaluateRefusesAReadOnlyFolder(@TempDir Path dir) throws Exception {
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Path output = locked.resolve("examples.csv");
        makeReadOnly(locked);
        try {
            assertRefusedBeforeScoring(evaluate(dir, output), "--output " + output + " cannot be written: the folder "
                    + locked + " is not writable");
        } finally {
            locked.toFile().setWritable(true);
        }
    }

    @Test
    void evaluateOverwritesAnEarlierCsvAsTheShellWould(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("examples.csv"), "old\n");
        Cli result = evaluate(dir, csv);
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(Files.readString(csv).startsWith(EvaluateCommand.NUMBER_COLUMNS), "rewritten");
    }

    @Test
    void trainRefusesAFileAsItsRunFolder(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("run"), "x");
        Cli result = Cli.run("train", "--dataset", Cli.SEED_CHAT.toString(), "--max-steps", "1",
                "--output", file.toString(), "--no-progress");
        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.err().contains("--output " + file + " is a file"), result.err());
        assertFalse(result.out().contains("Training"), result.out());
    }

    @Test
    void trainRefusesARunFolderInAReadOnlyFolder(@TempDir Path dir) throws Exception {
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Path run = locked.resolve("run");
        makeReadOnly(locked);
        try {
            Cli result = Cli.run("train", "--dataset", Cli.SEED_CHAT.toString(), "--max-steps", "1",
                    "--output", run.toString(), "--no-progress");
            assertEquals(2, result.exitCode(), result.err());
            assertTrue(result.err().contains("--output " + run + " cannot be written: the folder " + locked
                    + " is not writable"), result.err());
        } finally {
            new File(locked.toString()).setWritable(true);
        }
    }
}
