package dev.cpotoolkit.train;

import ai.djl.nn.Parameter;
import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.loss.LossType;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ModelPresets;
import dev.cpotoolkit.model.checkpoint.WeightSource;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CPOTrainerTest {

    /** Learning test: the tiny preset memorises seed-chat's preferences. */
    @Test
    void tinyPresetLearnsSeedChatPreferences(@TempDir Path dir) {
        Path modelFolder = ModelPresets.writeTinyFolder(dir.resolve("tiny"), 7);
        PreferenceDataset seedChat = PreferenceDataset.load(Path.of("..", "datasets", "seed-chat"));
        try (CausalLM model = CausalLM.load(modelFolder);
             PreferenceTokenizer tokenizer = PreferenceTokenizer.load(modelFolder)) {
            CPOConfig config = CPOConfig.builder().learningRate(2e-3).maxSteps(40).perDeviceTrainBatchSize(7)
                    .loggingSteps(5).saveSteps(0).outputDir(dir.resolve("run").toString()).build();
            CPOTrainer trainer = CPOTrainer.builder().model(model).tokenizer(tokenizer).config(config)
                    .trainDataset(seedChat).evalDataset(seedChat).build();
            Map<String, Double> before = trainer.evaluate();
            TrainResult result = trainer.train();
            Map<String, Double> after = trainer.evaluate();

            assertTrue(result.finished());
            assertEquals(1.0, after.get("eval_rewards/accuracies"), "accuracy after training: " + after);
            assertTrue(after.get("eval_rewards/margins") > before.get("eval_rewards/margins") + 0.5,
                    "margins " + before.get("eval_rewards/margins") + " -> " + after.get("eval_rewards/margins"));
            assertTrue(Files.isRegularFile(dir.resolve("run/metrics.csv")));
            assertTrue(Files.isRegularFile(dir.resolve("run/final/model.safetensors")));
            assertTrue(Files.isRegularFile(dir.resolve("run/final/tokenizer.json")));
            assertEquals(8, trainer.log().rows().stream().filter(r -> r.containsKey("loss")).count());
            assertEquals(8, trainer.log().rows().stream().filter(r -> r.containsKey("eval_loss")).count());
        }
    }

    @ParameterizedTest
    @EnumSource(LossType.class)
    void everyLossTypeTrainsWithoutNaN(LossType type, @TempDir Path dir) {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-llama")) {
            CPOConfig config = TrainerFixture.quickConfig(dir).lossType(type).maxSteps(6)
                    .beta(type == LossType.SIMPO || type == LossType.ALPHAPO ? 2.0 : 0.1)
                    .alpha(type == LossType.ALPHAPO ? 0.25 : 0).build();
            CPOTrainer trainer = fixture.trainer(config).build();
            trainer.train();
            for (Map<String, Double> row : trainer.log().rows()) {
                row.forEach((k, v) -> assertTrue(Double.isFinite(v), type + " " + k + " = " + v));
            }
            assertEquals(6, trainer.globalStep());
        }
    }

    /**
     * Accumulation at trainer level: 2 x 2 logs the same losses and metrics as 4 x 1.
     * (Weights are compared through gradients in {@link GradientAccumulationTest}: Adam's
     * first steps move every weight by about the learning rate whatever its gradient's size,
     * so float noise in near-zero gradients would make a weight comparison meaningless.)
     */
    @Test
    void accumulatingTwoBatchesOfTwoLogsLikeOneBatchOfFour(@TempDir Path dir) {
        List<Map<String, Double>> accumulated = logAfter(dir.resolve("a"), 2, 2);
        List<Map<String, Double>> single = logAfter(dir.resolve("b"), 4, 1);
        assertEquals(single.size(), accumulated.size());
        for (int r = 0; r < single.size(); r++) {
            for (String key : single.get(r).keySet()) {
                if (key.startsWith("logits/")) {
                    continue; // TRL's logits means include padding, so they depend on each batch's length
                }
                double expected = single.get(r).get(key);
                assertEquals(expected, accumulated.get(r).get(key), 1e-4 * Math.max(1, Math.abs(expected)),
                        "row " + r + " " + key);
            }
        }
    }

    private static List<Map<String, Double>> logAfter(Path dir, int batchSize, int accumulation) {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-gpt2")) {
            CPOConfig config = TrainerFixture.quickConfig(dir).perDeviceTrainBatchSize(batchSize)
                    .gradientAccumulationSteps(accumulation).maxSteps(3).build();
            CPOTrainer trainer = fixture.trainer(config).build();
            trainer.train();
            return trainer.log().rows();
        }
    }

    @Test
    void resumingFromACheckpointEqualsTheUninterruptedRun(@TempDir Path dir) {
        float[][] uninterrupted;
        List<Map<String, Double>> uninterruptedLog;
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-qwen2")) {
            CPOTrainer trainer = fixture.trainer(resumeConfig(dir.resolve("full"))).build();
            trainer.train();
            uninterrupted = weights(fixture.model);
            uninterruptedLog = trainer.log().rows();
        }
        Path checkpoint;
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-qwen2")) {
            CPOTrainer trainer = fixture.trainer(resumeConfig(dir.resolve("split"))).build();
            trainer.train(3);
            checkpoint = trainer.saveCheckpoint();
            trainer.train(1); // diverge from the checkpoint so a stale model cannot pass
        }
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-qwen2")) {
            CPOTrainer trainer = fixture.trainer(resumeConfig(dir.resolve("split"))).build().resumeFrom(checkpoint);
            assertEquals(3, trainer.globalStep());
            trainer.train();
            float[][] resumed = weights(fixture.model);
            for (int p = 0; p < resumed.length; p++) {
                assertArrayEquals(uninterrupted[p], resumed[p], 1e-6f, "parameter " + p);
            }
            List<Map<String, Double>> log = trainer.log().rows();
            assertEquals(uninterruptedLog.size(), log.size());
            for (int r = 0; r < log.size(); r++) {
                for (String key : uninterruptedLog.get(r).keySet()) {
                    assertEquals(uninterruptedLog.get(r).get(key), log.get(r).get(key), 1e-5, "row " + r + " " + key);
                }
            }
        }
    }

    private static CPOConfig resumeConfig(Path dir) {
        // Two epochs of two micro-batches each, shuffled: the resume crosses an epoch boundary.
        return TrainerFixture.quickConfig(dir).maxSteps(7).warmupSteps(2).lrSchedulerType(LrSchedulerType.COSINE)
                .weightDecay(0.01).build();
    }

    private static float[][] weights(CausalLM model) {
        return model.namedParameters().values().stream().map(p -> p.getArray().toFloatArray())
                .toArray(float[][]::new);
    }

    @ParameterizedTest(name = "gradient checkpointing {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void liveArrayCountIsConstantOverTwoHundredSteps(boolean checkpointing, @TempDir Path dir) {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-gpt2")) {
            CPOConfig config = TrainerFixture.quickConfig(dir).maxSteps(210).loggingSteps(50)
                    .gradientAccumulationSteps(2).perDeviceTrainBatchSize(2).maxGradNorm(0.5)
                    .gradientCheckpointing(checkpointing).build();
            CPOTrainer trainer = fixture.trainer(config).build();
            trainer.train(10);
            int before = fixture.model.manager().getManagedArrays().size();
            trainer.train(200);
            assertEquals(before, fixture.model.manager().getManagedArrays().size(), "arrays leaked per step");
        }
    }

    @Test
    void nonFiniteLossStopsWithTheStepAndKeepsTheLastGoodWeights(@TempDir Path dir) {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-gpt2")) {
            AtomicInteger calls = new AtomicInteger();
            // A loss that turns NaN on its third call (the third optimizer step).
            dev.cpotoolkit.loss.PreferenceLoss poisoned = pair -> {
                var losses = ai.djl.nn.Activation.softPlus(pair.logRatio().mul(pair.constant(-0.1)));
                return calls.incrementAndGet() >= 3 ? losses.mul(pair.constant(Double.NaN)) : losses;
            };
            CPOConfig config = TrainerFixture.quickConfig(dir).perDeviceTrainBatchSize(8).maxSteps(5).saveSteps(1)
                    .build();
            CPOTrainer trainer = fixture.trainer(config).loss(poisoned).build();
            TrainingDivergedException error = assertThrows(TrainingDivergedException.class, trainer::train);
            assertEquals(3, error.step());
            assertTrue(error.getMessage().contains("step 3"), error.getMessage());
            assertEquals(2, trainer.globalStep());
            Path lastGood = trainer.latestCheckpoint().orElseThrow();
            assertEquals("checkpoint-2", lastGood.getFileName().toString());
            try (WeightSource saved = WeightSource.open(lastGood)) {
                for (Map.Entry<String, Parameter> entry : fixture.model.namedParameters().entrySet()) {
                    assertArrayEquals(saved.readFloats(entry.getKey()), entry.getValue().getArray().toFloatArray(),
                            entry.getKey());
                }
            }
        }
    }

    @Test
    void interruptStopsAtAStepBoundaryAndTrainingContinues(@TempDir Path dir) {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-gpt2")) {
            CPOConfig config = TrainerFixture.quickConfig(dir).maxSteps(10).build();
            CPOTrainer trainer = fixture.trainer(config).listener(new TrainingListener() {
                @Override
                public void onStepEnd(TrainingProgress progress, Map<String, Double> metrics) {
                    if (progress.step() == 4) {
                        Thread.currentThread().interrupt(); // what a notebook's stop button does
                    }
                }
            }).build();
            TrainResult first = trainer.train();
            assertTrue(first.interrupted());
            assertEquals(4, first.globalStep());
            assertFalse(Thread.currentThread().isInterrupted(), "the flag is consumed");
            TrainResult second = trainer.train();
            assertFalse(second.interrupted());
            assertEquals(10, second.globalStep());
        }
    }

    @Test
    void checkpointsAreAtomicAndPruned(@TempDir Path dir) throws Exception {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-gpt2")) {
            CPOConfig config = TrainerFixture.quickConfig(dir).maxSteps(7).saveSteps(2).saveTotalLimit(2).build();
            CPOTrainer trainer = fixture.trainer(config).build();
            trainer.train();
            CheckpointStore store = new CheckpointStore(dir, 2);
            // Saved at 2, 4, 6 and the last step, 7 (as Hugging Face's Trainer); the two newest are kept.
            assertEquals(List.of(dir.resolve("checkpoint-6"), dir.resolve("checkpoint-7")), store.list());
            for (Path checkpoint : store.list()) {
                for (String file : List.of("config.json", "model.safetensors", "tokenizer.json",
                        "optimizer.safetensors", "trainer_state.json", "cpo_config.json")) {
                    assertTrue(Files.isRegularFile(checkpoint.resolve(file)), checkpoint + " lacks " + file);
                }
            }
            // A writer that fails halfway leaves no checkpoint folder behind.
            assertThrows(RuntimeException.class, () -> store.write(8, folder -> {
                Files.writeString(folder.resolve("config.json"), "{}");
                throw new java.io.IOException("disk full");
            }));
            assertFalse(Files.exists(dir.resolve("checkpoint-8")));
            assertEquals(2, store.list().size());
        }
    }

    @Test
    void generateDuringEvalWritesCompletionsAtEachEvaluation(@TempDir Path dir) throws Exception {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-llama")) {
            CPOConfig config = TrainerFixture.quickConfig(dir).maxSteps(4).evalSteps(2).generateDuringEval(true)
                    .maxCompletionLength(5).build();
            fixture.trainer(config).evalDataset(fixture.dataset.head(3)).build().train();
            List<String> lines = Files.readAllLines(dir.resolve("generations.jsonl"));
            assertEquals(6, lines.size(), "3 prompts at steps 2 and 4");
            var first = com.google.gson.JsonParser.parseString(lines.get(0)).getAsJsonObject();
            assertEquals(2, first.get("step").getAsInt());
            assertEquals(fixture.dataset.get(0).prompt(), first.get("prompt").getAsString());
            assertTrue(first.has("completion"));
        }
    }
}
