package dev.cpotoolkit.train;

import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.LoraAdapter;
import dev.cpotoolkit.model.checkpoint.SafetensorsFile;
import dev.cpotoolkit.model.lora.LoraConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CPO with a LoRA adapter ({@code use_peft}): only the adapter trains and has
 * optimizer state, checkpoints and {@code final/} are PEFT adapter folders,
 * resuming equals the uninterrupted run, and an adapter loaded from disk keeps
 * training (ALMA-R's workflow).
 */
class LoraTrainingTest {

    private static CPOConfig.Builder lora(Path dir) {
        return TrainerFixture.quickConfig(dir).usePeft(true).loraR(4).loraAlpha(8).loraDropout(0.1)
                .disableDropout(false).learningRate(1e-2);
    }

    private static Map<String, float[]> values(Map<String, Parameter> parameters) {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        parameters.forEach((name, p) -> out.put(name, p.getArray().toFloatArray()));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama"})
    void onlyTheAdapterTrainsAndTheRunSavesAdapterFolders(String fixtureName, @TempDir Path dir) throws Exception {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel(fixtureName)) {
            Map<String, float[]> before = values(fixture.model.namedParameters());
            CPOTrainer trainer = fixture.trainer(lora(dir).maxSteps(4).saveSteps(2).build()).build();
            LoraAdapter adapter = fixture.model.adapter().orElseThrow();
            trainer.train();
            Map<String, float[]> after = values(fixture.model.namedParameters());
            for (Map.Entry<String, float[]> entry : after.entrySet()) {
                String name = entry.getKey();
                if (adapter.parameters().containsKey(name)) {
                    if (name.contains("lora_B")) {
                        assertFalse(java.util.Arrays.equals(new float[entry.getValue().length], entry.getValue()),
                                name + " moved off zero");
                    }
                } else {
                    assertArrayEquals(before.get(name), entry.getValue(), 0f, name + " is frozen");
                }
            }
            Set<String> optimizerNames = new TreeSet<>();
            try (SafetensorsFile moments = SafetensorsFile.open(dir.resolve("checkpoint-4/optimizer.safetensors"))) {
                for (String name : moments.names()) {
                    optimizerNames.add(name);
                }
            }
            assertFalse(optimizerNames.isEmpty());
            assertTrue(optimizerNames.stream().allMatch(n -> n.contains("lora_A") || n.contains("lora_B")
                    || !n.contains(".weight")), "AdamW state exists for the adapter only: " + optimizerNames);
            for (String folder : List.of("checkpoint-2", "checkpoint-4", "final")) {
                Path f = dir.resolve(folder);
                assertTrue(Files.isRegularFile(f.resolve("adapter_config.json")), folder);
                assertTrue(Files.isRegularFile(f.resolve(LoraAdapter.WEIGHTS_FILE)), folder);
                assertFalse(Files.exists(f.resolve("model.safetensors")), folder + " holds no full model");
                assertTrue(Files.isRegularFile(f.resolve("tokenizer.json")), folder);
            }
            JsonObject saved = JsonParser.parseString(Files.readString(dir.resolve("cpo_config.json"))).getAsJsonObject();
            assertTrue(saved.get("use_peft").getAsBoolean());
            assertEquals(4, saved.get("lora_r").getAsInt());
        }
    }

    @Test
    void resumingALoraRunEqualsTheUninterruptedRun(@TempDir Path dir) {
        Map<String, float[]> uninterrupted;
        List<Map<String, Double>> uninterruptedLog;
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-qwen2")) {
            CPOTrainer trainer = fixture.trainer(lora(dir.resolve("full")).maxSteps(6).build()).build();
            trainer.train();
            uninterrupted = values(fixture.model.trainableParameters());
            uninterruptedLog = trainer.log().rows();
        }
        Path checkpoint;
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-qwen2")) {
            CPOTrainer trainer = fixture.trainer(lora(dir.resolve("split")).maxSteps(6).build()).build();
            trainer.train(3);
            checkpoint = trainer.saveCheckpoint();
            trainer.train(1); // diverge from the checkpoint so a stale adapter cannot pass
        }
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-qwen2")) {
            CPOTrainer trainer = fixture.trainer(lora(dir.resolve("split")).maxSteps(6).overwriteOutputDir(false).build())
                    .build().resumeFrom(checkpoint);
            trainer.train();
            Map<String, float[]> resumed = values(fixture.model.trainableParameters());
            assertEquals(uninterrupted.keySet(), resumed.keySet());
            uninterrupted.forEach((name, v) -> assertArrayEquals(v, resumed.get(name), 1e-6f, name));
            List<Map<String, Double>> log = trainer.log().rows();
            assertEquals(uninterruptedLog.size(), log.size());
            for (int r = 0; r < log.size(); r++) {
                for (String key : uninterruptedLog.get(r).keySet()) {
                    assertEquals(uninterruptedLog.get(r).get(key), log.get(r).get(key), 1e-5, "row " + r + " " + key);
                }
            }
        }
    }

    @Test
    void aLoadedAdapterKeepsTrainingAsALmaRDoes(@TempDir Path dir) {
        Path first = dir.resolve("sft-adapter");
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-llama")) {
            fixture.trainer(lora(dir.resolve("run1")).maxSteps(2).loraTargetModules("q_proj,k_proj,v_proj")
                    .build()).build().train();
            fixture.model.saveAdapter(first, null);
        }
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-llama")) {
            LoraAdapter loaded = fixture.model.loadAdapter(first);
            Map<String, float[]> start = values(loaded.parameters());
            // No use_peft: the trainer trains the adapter the model carries, and says so in its settings.
            CPOTrainer trainer = fixture.trainer(TrainerFixture.quickConfig(dir.resolve("run2")).maxSteps(2)
                    .learningRate(1e-2).build()).build();
            assertTrue(trainer.config().usePeft());
            assertEquals(4, trainer.config().loraR());
            assertEquals("q_proj,k_proj,v_proj", trainer.config().loraTargetModules());
            trainer.train();
            assertEquals(loaded, fixture.model.adapter().orElseThrow(), "the same adapter, not a new one");
            Map<String, float[]> end = values(loaded.parameters());
            assertTrue(start.keySet().stream().anyMatch(n -> !java.util.Arrays.equals(start.get(n), end.get(n))),
                    "the loaded adapter trained");
            assertTrue(Files.isRegularFile(dir.resolve("run2/final/adapter_config.json")));
        }
    }

    @Test
    void usePeftAskingForAnotherAdapterThanTheLoadedOneIsRefused(@TempDir Path dir) {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-llama")) {
            fixture.model.addLora(LoraConfig.builder().r(2).build(), 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> fixture.trainer(lora(dir).loraR(8).build()).build());
            assertTrue(e.getMessage().contains("lora_r 8 vs the adapter's r 2")
                    && e.getMessage().contains("leave use_peft off"), e.getMessage());
        }
    }

    @Test
    void noArrayLeaksPerLoraStepWithCheckpointedLayers(@TempDir Path dir) {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-gpt2")) {
            CPOTrainer trainer = fixture.trainer(lora(dir).maxSteps(110).loggingSteps(50).perDeviceTrainBatchSize(2)
                    .gradientCheckpointing(true).loraTargetModules("all-linear").build()).build();
            trainer.train(10);
            int before = fixture.model.manager().getManagedArrays().size();
            trainer.train(100);
            assertEquals(before, fixture.model.manager().getManagedArrays().size(), "arrays leaked per step");
            assertNotEquals(0, fixture.model.adapter().orElseThrow().parameterCount());
        }
    }

    @Test
    void checkpointedLayersGiveTheAdapterThePlainGradients(@TempDir Path dir) {
        Map<String, float[]> plain = trainedAdapter(dir.resolve("plain"), false);
        Map<String, float[]> checkpointed = trainedAdapter(dir.resolve("ckpt"), true);
        plain.forEach((name, v) -> assertArrayEquals(v, checkpointed.get(name), 1e-5f, name));
    }

    @Test
    void anAdapterOnTheLastLayerOnlyTrainsWithCheckpointedLayers(@TempDir Path dir) {
        Map<String, float[]> plain = lastLayerAdapter(dir.resolve("plain"), false);
        Map<String, float[]> checkpointed = lastLayerAdapter(dir.resolve("ckpt"), true);
        assertEquals(2, plain.size());
        plain.forEach((name, v) -> assertArrayEquals(v, checkpointed.get(name), 1e-5f, name));
    }

    private static Map<String, float[]> lastLayerAdapter(Path dir, boolean checkpointing) {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-llama")) {
            int last = fixture.model.config().numLayers() - 1;
            // Layers before it have nothing trainable: their recomputation has no graph to go back through.
            fixture.model.addLora(LoraConfig.builder().r(2).targetRegex(".*\\.layers\\." + last + "\\.self_attn\\.q_proj")
                    .build(), 1);
            fixture.trainer(TrainerFixture.quickConfig(dir).maxSteps(2).gradientCheckpointing(checkpointing).build())
                    .build().train();
            return values(fixture.model.trainableParameters());
        }
    }

    /**
     * bf16 with an adapter: the adapter's matmuls go through the same bf16 policy as the base's, and two
     * steps end within bfloat16's tolerance of float32 (1% on the loss, as MixedPrecisionTest allows).
     */
    @Test
    void bf16TrainsTheAdapterToTheFloat32Result(@TempDir Path dir) {
        double[] fp32 = lossesOfTwoSteps(dir.resolve("fp32"), false);
        double[] bf16 = lossesOfTwoSteps(dir.resolve("bf16"), true);
        for (int i = 0; i < fp32.length; i++) {
            assertEquals(fp32[i], bf16[i], 0.01 * Math.abs(fp32[i]), "step " + (i + 1) + " loss");
        }
        assertNotEquals(fp32[1], bf16[1], "bf16 changed the arithmetic (the policy was not bypassed)");
    }

    private static double[] lossesOfTwoSteps(Path dir, boolean bf16) {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-llama")) {
            CPOTrainer trainer = fixture.trainer(lora(dir).maxSteps(2).disableDropout(true).bf16(bf16)
                    .loraTargetModules("all-linear").build()).build();
            trainer.train();
            return trainer.log().rows().stream().filter(r -> r.containsKey("loss")).mapToDouble(r -> r.get("loss"))
                    .toArray();
        }
    }

    private static Map<String, float[]> trainedAdapter(Path dir, boolean checkpointing) {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-qwen2")) {
            fixture.trainer(lora(dir).maxSteps(2).gradientCheckpointing(checkpointing).disableDropout(true).build())
                    .build().train();
            return values(fixture.model.trainableParameters());
        }
    }
}
