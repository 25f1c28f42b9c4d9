package dev.cpotoolkit.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cpo train --resume-from}: impossible saved states are refused, and the summary names only real files. */
class ResumeChecksTest {

    /** The first run of a folder: no checkpoint to resume from yet. */
    private static Cli start(Path run, String maxSteps) {
        return Cli.run("train", "--dataset", Cli.SEED_CHAT.toString(), "--save-steps", "2", "--logging-steps", "1",
                "--output", run.toString(), "--no-progress", "--max-steps", maxSteps);
    }

    private static Cli train(Path run, String maxSteps) {
        return Cli.run("train", "--dataset", Cli.SEED_CHAT.toString(), "--save-steps", "2", "--logging-steps", "1",
                "--output", run.toString(), "--no-progress", "--resume-from", "latest", "--max-steps", maxSteps);
    }

    @Test
    void aFinishedRunResumedWithoutItsFinalFolderDoesNotListOne(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, start(run, "4").exitCode());
        try (Stream<Path> walk = Files.walk(run.resolve("final"))) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Cli again = train(run, "4");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("Finished 4/4 steps"), again.out());
        assertFalse(again.out().contains("final"), "no final/ was written, none named:\n" + again.out());
        assertTrue(again.out().contains("metrics.csv"), again.out());
    }

    @Test
    void aStateSayingStep999OfA300StepRunIsRefused(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, start(run, "4").exitCode());
        Path state = run.resolve("checkpoint-4").resolve("trainer_state.json");
        JsonObject json = JsonParser.parseString(Files.readString(state)).getAsJsonObject();
        json.addProperty("global_step", 999);
        json.addProperty("total_steps", 300);
        Files.writeString(state, json.toString());

        for (String maxSteps : new String[] {"4", "1000"}) {
            Cli again = train(run, maxSteps);
            assertEquals(2, again.exitCode(), again.out());
            assertFalse(again.out().contains("Finished"), again.out());
            assertTrue(again.err().contains(state.toString()) && again.err().contains("global_step"),
                    again.err());
        }
    }

    @Test
    void aCheckpointPastMaxStepsAsksForMoreSteps(@TempDir Path dir) {
        Path run = dir.resolve("run");
        assertEquals(0, start(run, "4").exitCode());
        Cli shorter = train(run, "3");
        assertEquals(2, shorter.exitCode(), shorter.out());
        assertTrue(shorter.err().contains("--max-steps") && shorter.err().contains("at least 4"), shorter.err());
    }
}
