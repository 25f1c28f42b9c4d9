package dev.cpotoolkit.train;

import com.google.gson.JsonObject;
import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ModelConfig;
import dev.cpotoolkit.testing.Fixtures;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import dev.cpotoolkit.train.optim.AdamW;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A trainer's optimizer state (two model-sized buffers in native memory) is
 * freed when the trainer is closed, and when a notebook cell that built it is
 * run again without closing it.
 */
class TrainerReleaseTest {

    @Test
    void closeFreesTheOptimizerStateOnceAndLeavesTheResultsReadable(@TempDir Path dir) {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-gpt2")) {
            int before = AdamW.openOptimizers();
            CPOTrainer trainer = fixture.trainer(TrainerFixture.quickConfig(dir).maxSteps(4).build()).build();
            trainer.train(2);
            assertEquals(before + 1, AdamW.openOptimizers());

            trainer.close();
            trainer.close();
            assertEquals(before, AdamW.openOptimizers(), "closing twice frees once");
            assertEquals(2, trainer.metrics().rowCount(), "the log stays readable");
            assertTrue(trainer.evaluate(fixture.dataset).containsKey("eval_loss"), "scoring needs no optimizer");
            IllegalStateException error = assertThrows(IllegalStateException.class, trainer::train);
            assertTrue(error.getMessage().contains("closed") && error.getMessage().contains("new trainer"),
                    error.getMessage());
        }
    }

    /**
     * A notebook cell {@code var trainer = CPOTrainer.builder()...build(); trainer.train();}
     * run six times: each run drops the previous trainer without closing it. A
     * GPT-2-shaped model of 13M parameters makes each optimizer state 100 MB, so
     * leaking them would add about 400 MB between the second run and the last.
     */
    @Test
    void rerunningATrainingCellFreesThePreviousRunsOptimizerState(@TempDir Path dir) throws InterruptedException {
        Path folder = Fixtures.model("tiny-gpt2");
        try (PreferenceTokenizer tokenizer = PreferenceTokenizer.load(folder);
             CausalLM model = CausalLM.fromConfig(gpt2(ModelConfig.load(folder.resolve("config.json")).vocabSize()),
                     7)) {
            PreferenceDataset pairs = PreferenceDataset.fromExamples(Fixtures.prefs());
            // Re-running a notebook's training cell starts its run again in the same folder.
            CPOConfig config = TrainerFixture.quickConfig(dir).overwriteOutputDir(true).maxSteps(2)
                    .perDeviceTrainBatchSize(2).build();
            int before = AdamW.openOptimizers();
            long residentAfterSecondRun = 0;
            for (int run = 1; run <= 6; run++) {
                CPOTrainer trainer = CPOTrainer.builder().model(model).tokenizer(tokenizer).config(config)
                        .trainDataset(pairs).build();
                trainer.train();
                // At most this run's state and the one the cleaner has not reached yet.
                assertTrue(AdamW.openOptimizers() <= before + 2, "open optimizers after run " + run + ": "
                        + (AdamW.openOptimizers() - before));
                if (run == 2) {
                    residentAfterSecondRun = residentKib();
                }
            }
            long grown = residentKib() - residentAfterSecondRun;
            assertTrue(grown < 150 * 1024, "resident memory grew by " + grown / 1024 + " MiB over four reruns");

            for (int wait = 0; wait < 50 && AdamW.openOptimizers() > before; wait++) {
                System.gc();
                Thread.sleep(100);
            }
            assertTrue(AdamW.openOptimizers() <= before, "unreachable trainers' optimizer states are freed: "
                    + (AdamW.openOptimizers() - before) + " left");
        }
    }

    /** GPT-2's shape, small enough to train in a test, large enough that its optimizer state shows in RSS. */
    private static ModelConfig gpt2(int vocab) {
        JsonObject json = new JsonObject();
        json.addProperty("model_type", "gpt2");
        json.addProperty("vocab_size", vocab);
        json.addProperty("n_embd", 384);
        json.addProperty("n_layer", 7);
        json.addProperty("n_head", 6);
        json.addProperty("n_positions", 128);
        json.addProperty("n_ctx", 128);
        json.addProperty("bos_token_id", 0);
        json.addProperty("eos_token_id", 0);
        return ModelConfig.fromJson(json, null);
    }

    private static long residentKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            throw new IllegalStateException("no VmRSS line in /proc/self/status");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
