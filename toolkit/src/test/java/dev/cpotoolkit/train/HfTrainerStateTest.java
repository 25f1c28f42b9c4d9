package dev.cpotoolkit.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code trainer_state.json} in Hugging Face Trainer's format: exactly the
 * keys of transformers' {@code TrainerState} dataclass (transformers 4.5x/5.x:
 * {@code epoch, global_step, max_steps, logging_steps, eval_steps, save_steps,
 * train_batch_size, num_train_epochs, num_input_tokens_seen, total_flos,
 * log_history, best_metric, best_global_step, best_model_checkpoint,
 * is_local_process_zero, is_world_process_zero, is_hyper_param_search,
 * trial_name, trial_params, stateful_callbacks}), sorted as its
 * {@code save_to_json} sorts them, in every checkpoint and in the run folder;
 * and a resume from such a file, or from the format before it, continues.
 */
class HfTrainerStateTest {

    /**
     * The fields of transformers' {@code TrainerState} dataclass (trainer_callback.py, transformers 5),
     * sorted; written out here rather than taken from {@link TrainerState#HF_KEYS}, so the writer's own
     * list cannot agree with itself.
     */
    private static final List<String> TRANSFORMERS_KEYS = List.of("best_global_step", "best_metric",
            "best_model_checkpoint", "epoch", "eval_steps", "global_step", "is_hyper_param_search",
            "is_local_process_zero", "is_world_process_zero", "log_history", "logging_steps", "max_steps",
            "num_input_tokens_seen", "num_train_epochs", "save_steps", "stateful_callbacks", "total_flos",
            "train_batch_size", "trial_name", "trial_params");

    @Test
    void checkpointsAndTheRunFolderHoldHuggingFacesTrainerState(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-gpt2");
             CPOTrainer trainer = fixture.trainer(TrainerFixture.quickConfig(run).maxSteps(4).saveSteps(2)
                     .loggingSteps(2).evalSteps(2).build())
                     .evalDataset(PreferenceDataset.fromExamples(Fixtures.prefs())).build()) {
            trainer.train();
        }
        for (Path file : List.of(run.resolve("checkpoint-2/trainer_state.json"),
                run.resolve("checkpoint-4/trainer_state.json"), run.resolve("trainer_state.json"))) {
            String text = Files.readString(file);
            JsonObject state = JsonParser.parseString(text).getAsJsonObject();
            assertEquals(TRANSFORMERS_KEYS, new ArrayList<>(state.keySet()), file + ": HF's keys, sorted");
            assertEquals(4, state.get("max_steps").getAsInt());
            assertEquals(2, state.get("logging_steps").getAsInt());
            assertEquals(2, state.get("save_steps").getAsInt());
            assertEquals(4, state.get("train_batch_size").getAsInt());
            assertTrue(state.get("best_metric").isJsonNull());
            JsonArray history = state.getAsJsonArray("log_history");
            assertTrue(history.size() >= 2, file + ": " + history);
            JsonObject row = history.get(0).getAsJsonObject();
            assertTrue(row.has("loss") && row.has("learning_rate") && row.has("epoch") && row.has("rewards/margins"),
                    row.toString());
            assertTrue(row.get("step").getAsJsonPrimitive().getAsString().matches("\\d+"), "step is an integer");
            assertTrue(text.contains("\"eval_rewards/accuracies\""), "eval rows too");
        }
        JsonObject last = JsonParser.parseString(Files.readString(run.resolve("trainer_state.json"))).getAsJsonObject();
        assertEquals(4, last.get("global_step").getAsInt());
        assertTrue(last.get("epoch").getAsDouble() > 0, "epoch is progress in epochs, as Hugging Face's");
    }

    @Test
    void aStateInTheFormatBeforeThisOneStillResumes(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Path checkpoint;
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-gpt2")) {
            try (CPOTrainer trainer = fixture.trainer(TrainerFixture.quickConfig(run).maxSteps(4).build()).build()) {
                trainer.train(2);
                checkpoint = trainer.saveCheckpoint();
            }
            // Rewrite it as the toolkit wrote it before: position at the top level, total_steps.
            Path file = checkpoint.resolve(TrainerState.FILE_NAME);
            JsonObject hf = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            JsonObject position = hf.getAsJsonObject("stateful_callbacks")
                    .getAsJsonObject(TrainerState.RESUME_CALLBACK).getAsJsonObject("attributes");
            JsonObject old = new JsonObject();
            old.add("global_step", hf.get("global_step"));
            old.add("epoch", position.get("epoch_index"));
            old.add("micro_batch_offset", position.get("micro_batch_offset"));
            old.add("total_steps", hf.get("max_steps"));
            old.add("seed", position.get("seed"));
            old.add("log_history", hf.get("log_history"));
            Files.writeString(file, old.toString());
            try (CPOTrainer trainer = fixture.trainer(TrainerFixture.quickConfig(run).maxSteps(4).build()).build()) {
                assertEquals(2, trainer.resumeFrom(checkpoint).state().globalStep());
                assertEquals(4, trainer.train().globalStep());
            }
        }
    }
}
