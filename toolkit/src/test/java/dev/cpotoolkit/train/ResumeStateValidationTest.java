package dev.cpotoolkit.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hand-edited or corrupted {@code trainer_state.json} is refused when resuming,
 * naming the file and the field, instead of "finishing" a run that never trained.
 */
class ResumeStateValidationTest {

    @TempDir
    static Path dir;
    private static TrainerFixture fixture;
    private static Path checkpoint;
    private static String original;

    @BeforeAll
    static void saveACheckpointAtStepTwo() throws IOException {
        fixture = TrainerFixture.fixtureModel("tiny-gpt2");
        try (CPOTrainer trainer = fixture.trainer(config(4)).build()) {
            trainer.train(2);
            checkpoint = trainer.saveCheckpoint();
        }
        assertEquals("checkpoint-2", checkpoint.getFileName().toString());
        original = Files.readString(checkpoint.resolve(TrainerState.FILE_NAME));
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    private static CPOConfig config(int maxSteps) {
        return TrainerFixture.quickConfig(dir.resolve("run")).maxSteps(maxSteps).build();
    }

    /** Resumes after editing the saved state; returns the refusal's message. */
    private static String refusal(int maxSteps, Consumer<JsonObject> edit) throws IOException {
        JsonObject json = JsonParser.parseString(original).getAsJsonObject();
        edit.accept(json);
        Path file = checkpoint.resolve(TrainerState.FILE_NAME);
        Files.writeString(file, json.toString());
        try (CPOTrainer trainer = fixture.trainer(config(maxSteps)).build()) {
            String message = assertThrows(IllegalArgumentException.class, () -> trainer.resumeFrom(checkpoint))
                    .getMessage();
            assertTrue(message.contains(file.toString()), "names the file: " + message);
            return message;
        } finally {
            Files.writeString(file, original);
        }
    }

    @Test
    void aStepOtherThanTheFoldersIsRefused() throws IOException {
        String message = refusal(1000, j -> j.addProperty("global_step", 999));
        assertTrue(message.contains("global_step") && message.contains("999") && message.contains("checkpoint-2"),
                message);
    }

    /** The toolkit's own resume position, inside Hugging Face's stateful_callbacks. */
    private static JsonObject position(JsonObject state) {
        return state.getAsJsonObject("stateful_callbacks").getAsJsonObject(TrainerState.RESUME_CALLBACK)
                .getAsJsonObject("attributes");
    }

    @Test
    void aStepPastTheSavedPlanIsRefused() throws IOException {
        String message = refusal(4, j -> j.addProperty("max_steps", 1));
        assertTrue(message.contains("max_steps"), message);
    }

    @Test
    void negativeOrFractionalCountersAreRefused() throws IOException {
        assertTrue(refusal(4, j -> j.addProperty("global_step", -2)).contains("global_step"));
        assertTrue(refusal(4, j -> j.addProperty("global_step", 2.5)).contains("global_step"));
        assertTrue(refusal(4, j -> position(j).addProperty("epoch_index", -1)).contains("epoch_index"));
        assertTrue(refusal(4, j -> position(j).addProperty("epoch_index", 1e300)).contains("epoch_index"));
        assertTrue(refusal(4, j -> position(j).addProperty("micro_batch_offset", -3)).contains("micro_batch_offset"));
        assertTrue(refusal(4, j -> position(j).addProperty("micro_batch_offset", 1000))
                .contains("micro_batch_offset"));
        assertTrue(refusal(4, j -> j.addProperty("max_steps", -1)).contains("max_steps"));
    }

    @Test
    void aStateWithoutTheToolkitsPositionSaysWhy() throws IOException {
        String message = refusal(4, j -> j.remove("stateful_callbacks"));
        assertTrue(message.contains("stateful_callbacks." + TrainerState.RESUME_CALLBACK), message);
    }

    @Test
    void aCheckpointPastMaxStepsAsksToRaiseMaxSteps() throws IOException {
        String message = refusal(1, j -> { });
        assertTrue(message.contains("--max-steps") && message.contains("at least 2"), message);
    }

    @Test
    void theUntouchedStateResumes() {
        try (CPOTrainer trainer = fixture.trainer(config(4)).build()) {
            assertEquals(2, trainer.resumeFrom(checkpoint).globalStep());
        }
    }
}
