package dev.cpotoolkit.train;

import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.data.PreferenceExample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run owns its folder: a new run does not write over another run's
 * checkpoints or final model unless asked, and a checkpoint resumes only the
 * run it belongs to (same data and settings), the differences listed otherwise.
 */
class RunOwnershipTest {

    private static final String MODEL = "tiny-gpt2";

    @Test
    void aNewRunRefusesAFolderHoldingAnotherRunUnlessAskedToOverwrite(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("run");
        train(folder, TrainerFixture.quickConfig(folder).maxSteps(2).saveSteps(1), pairs(6));
        assertTrue(Files.isDirectory(folder.resolve("final")));

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> train(folder, TrainerFixture.quickConfig(folder).maxSteps(2), pairs(6)));
        assertTrue(refused.getMessage().contains("holds another run (checkpoint-1, checkpoint-2, final)"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("overwrite_output_dir"), refused.getMessage());

        train(folder, TrainerFixture.quickConfig(folder).maxSteps(3).saveSteps(0).overwriteOutputDir(true), pairs(6));
        assertFalse(Files.exists(folder.resolve("checkpoint-1")), "the old run's checkpoints are gone");
        assertEquals(List.of(), new CheckpointStore(folder, null).list());
    }

    @Test
    void aCheckpointResumesOnlyWithItsOwnDataAndSettings(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("run");
        train(folder, TrainerFixture.quickConfig(folder).maxSteps(2).saveSteps(1), pairs(6));
        Path checkpoint = folder.resolve("checkpoint-1");

        IllegalArgumentException otherData = assertThrows(IllegalArgumentException.class,
                () -> resume(checkpoint, TrainerFixture.quickConfig(folder).maxSteps(2), pairs(5)));
        assertTrue(otherData.getMessage().contains("belongs to another run")
                && otherData.getMessage().contains("train dataset: checkpoint \"sha256:"), otherData.getMessage());
        assertTrue(otherData.getMessage().contains("(6 pairs)\", this run \"sha256:")
                && otherData.getMessage().contains("(5 pairs)"), otherData.getMessage());

        IllegalArgumentException otherSettings = assertThrows(IllegalArgumentException.class,
                () -> resume(checkpoint, TrainerFixture.quickConfig(folder).maxSteps(2).beta(0.3).learningRate(1e-4),
                        pairs(6)));
        assertTrue(otherSettings.getMessage().contains("beta: checkpoint 0.1, this run 0.3"),
                otherSettings.getMessage());
        assertTrue(otherSettings.getMessage().contains("learning_rate: checkpoint"), otherSettings.getMessage());

        // Its own data and settings, with more steps and another logging cadence, resume.
        resume(checkpoint, TrainerFixture.quickConfig(folder).maxSteps(4).loggingSteps(3), pairs(6));
    }

    @Test
    void aCheckpointNumberPastAnyStepIsNamed(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("checkpoint-99999999999"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CheckpointStore(dir, null).latest());
        assertTrue(e.getMessage().contains("checkpoint-99999999999: the step in the folder's name, 99999999999,"
                + " is out of range"), e.getMessage());
    }

    @Test
    void theLockIsReentrantInOneProcessAndReleasedOnClose(@TempDir Path dir) {
        try (RunFolderLock outer = RunFolderLock.acquire(dir, "outer");
             RunFolderLock inner = RunFolderLock.acquire(dir, "inner")) {
            assertEquals(outer.folder(), inner.folder());
        }
        try (RunFolderLock again = RunFolderLock.acquire(dir, "again")) {
            assertTrue(Files.readString(dir.resolve(RunFolderLock.FILE_NAME)).contains("again"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static PreferenceDataset pairs(int count) {
        List<PreferenceExample> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            examples.add(new PreferenceExample("question " + i + "?", " good answer " + i, " bad " + i));
        }
        return PreferenceDataset.fromExamples(examples);
    }

    private static void train(Path folder, CPOConfig.Builder config, PreferenceDataset data) throws Exception {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel(MODEL);
             CPOTrainer trainer = fixture.trainer(config.build()).trainDataset(data).discoveredListeners(false)
                     .build()) {
            trainer.train();
        }
    }

    private static void resume(Path checkpoint, CPOConfig.Builder config, PreferenceDataset data) throws Exception {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel(MODEL);
             CPOTrainer trainer = fixture.trainer(config.build()).trainDataset(data).discoveredListeners(false)
                     .build()) {
            trainer.resumeFrom(checkpoint);
        }
    }
}
