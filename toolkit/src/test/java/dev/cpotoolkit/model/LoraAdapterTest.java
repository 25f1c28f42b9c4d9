package dev.cpotoolkit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A LoRA adapter on the fixture models: which modules it adapts, what it
 * freezes, and that the adapted model, its merged form, its saved adapter
 * folder reloaded onto a fresh base, and its merged Hugging Face folder all
 * give the same logits.
 */
public class LoraAdapterTest {

    private static final float TOLERANCE = 2e-5f;

    @TempDir
    Path temp;

    /** Moves every B off zero, as training would, so the adapter changes the output. */
    public static void perturb(LoraAdapter adapter, long seed) {
        try (GradMode.Scope off = GradMode.set(false)) {
            SplittableRandom random = new SplittableRandom(seed);
            for (Map.Entry<String, Parameter> entry : adapter.parameters().entrySet()) {
                NDArray weight = entry.getValue().getArray();
                float[] values = weight.toFloatArray();
                for (int i = 0; i < values.length; i++) {
                    values[i] += (float) (random.nextGaussian() * 0.05);
                }
                try (NDArray moved = weight.getManager().create(values, weight.getShape())) {
                    weight.set(new NDIndex("..."), moved);
                }
            }
        }
    }

    private static float[] logits(CausalLM model, String fixture) {
        try (NDManager step = model.manager().newSubManager()) {
            Fixtures.Batch batch = Fixtures.batch(fixture, step);
            return model.forwardNoGrad(ForwardInput.of(batch.inputIds(), batch.attentionMask())).toFloatArray();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "tiny-qwen2"})
    void defaultTargetsFreezeTheBaseAndStartAsTheIdentity(String fixture) {
        try (CausalLM model = CausalLM.load(Fixtures.folder(fixture))) {
            float[] before = logits(model, fixture);
            long baseCount = model.parameterCount();
            LoraAdapter adapter = model.addLora(LoraConfig.builder().r(4).alpha(8).build(), 7);
            String leaf = fixture.equals("tiny-gpt2") ? "attn.c_attn" : "self_attn.q_proj";
            assertTrue(adapter.adaptedModules().stream().anyMatch(m -> m.endsWith(leaf)), adapter.adaptedModules().toString());
            int layers = model.config().numLayers();
            assertEquals(fixture.equals("tiny-gpt2") ? layers : 2 * layers, adapter.adaptedModules().size(),
                    "PEFT's default: c_attn for GPT-2, q_proj and v_proj for Llama/Qwen2");
            assertEquals(model.trainableParameters(), adapter.parameters());
            assertEquals(baseCount + adapter.parameterCount(), model.parameterCount());
            for (Map.Entry<String, Parameter> entry : model.namedParameters().entrySet()) {
                boolean lora = entry.getKey().contains(".lora_A.") || entry.getKey().contains(".lora_B.");
                assertEquals(lora, entry.getValue().requiresGradient(), entry.getKey());
            }
            assertArrayEquals(before, logits(model, fixture), 0f, "B starts at zero");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "tiny-qwen2"})
    void savedAdapterMergedModelAndMergedFolderGiveTheAdaptedLogits(String fixture) throws Exception {
        Path adapterFolder = temp.resolve("adapter");
        Path mergedFolder = temp.resolve("merged");
        float[] adapted;
        try (CausalLM model = CausalLM.load(Fixtures.folder(fixture))) {
            float[] base = logits(model, fixture);
            LoraAdapter adapter = model.addLora(LoraConfig.builder().r(4).alpha(8)
                    .targetModules(LoraConfig.ALL_LINEAR).build(), 7);
            perturb(adapter, 3);
            adapted = logits(model, fixture);
            assertFalse(java.util.Arrays.equals(base, adapted), "the perturbed adapter changes the output");
            model.saveAdapter(adapterFolder, null);
            model.save(mergedFolder); // merged on the way out; the model keeps its adapter
            assertTrue(model.adapter().isPresent());
            model.mergeAdapter();
            assertTrue(model.adapter().isEmpty());
            assertArrayEquals(adapted, logits(model, fixture), TOLERANCE, "merged in place");
            assertEquals(model.namedParameters(), model.trainableParameters(), "merged: everything trains again");
            model.namedParameters().values().forEach(p -> assertTrue(p.requiresGradient()));
        }
        try (CausalLM fresh = CausalLM.load(Fixtures.folder(fixture))) {
            fresh.loadAdapter(adapterFolder);
            assertArrayEquals(adapted, logits(fresh, fixture), TOLERANCE, "adapter folder onto a fresh base");
        }
        try (CausalLM merged = CausalLM.load(mergedFolder)) {
            assertArrayEquals(adapted, logits(merged, fixture), TOLERANCE, "merged Hugging Face folder");
        }
        assertTrue(Files.isRegularFile(adapterFolder.resolve("tokenizer.json")), "tokenizer files beside the adapter");
    }

    @Test
    void adapterFolderHasPeftsNamesShapesAndConfig() throws Exception {
        Path folder = temp.resolve("gpt2-adapter");
        try (CausalLM model = CausalLM.load(Fixtures.folder("tiny-gpt2"))) {
            model.addLora(LoraConfig.builder().r(4).alpha(16).dropout(0.1f).targetModules(LoraConfig.ALL_LINEAR)
                    .build(), 1);
            model.saveAdapter(folder, null);
            long hidden = model.config().hiddenSize();
            try (SafetensorsFile file = SafetensorsFile.open(folder.resolve(LoraAdapter.WEIGHTS_FILE))) {
                assertArrayEquals(new long[] {4, hidden},
                        file.info("base_model.model.transformer.h.0.attn.c_attn.lora_A.weight").shape());
                assertArrayEquals(new long[] {3 * hidden, 4},
                        file.info("base_model.model.transformer.h.0.attn.c_attn.lora_B.weight").shape());
                assertTrue(file.contains("base_model.model.transformer.h.0.mlp.c_fc.lora_A.weight"));
                assertEquals(4 * 2 * model.config().numLayers(), file.names().size(),
                        "c_attn, attn.c_proj, c_fc, mlp.c_proj: A and B each; nothing else");
                assertEquals("pt", file.metadata().get("format"));
            }
        }
        JsonObject config = JsonParser.parseString(Files.readString(folder.resolve("adapter_config.json"))).getAsJsonObject();
        assertEquals("LORA", config.get("peft_type").getAsString());
        assertEquals("CAUSAL_LM", config.get("task_type").getAsString());
        assertEquals(4, config.get("r").getAsInt());
        assertEquals("16", config.get("lora_alpha").toString(), "a whole alpha is written as an integer, as PEFT");
        assertEquals("0.1", config.get("lora_dropout").toString());
        assertTrue(config.get("fan_in_fan_out").getAsBoolean(), "GPT-2's Conv1D");
        assertEquals("none", config.get("bias").getAsString());
        assertEquals(List.of("c_attn", "c_fc", "c_proj"), config.getAsJsonArray("target_modules").asList().stream()
                .map(e -> e.getAsString()).toList(), "all-linear expanded as PEFT records it");
        assertEquals(Fixtures.folder("tiny-gpt2").toString(), config.get("base_model_name_or_path").getAsString());
        List<String> keys = config.keySet().stream().toList();
        assertEquals(keys.stream().sorted().toList(), keys, "sorted keys, as PEFT writes them");
    }

    @Test
    void modulesToSaveTrainInFullAndTravelWithTheAdapter() {
        Path folder = temp.resolve("with-norm");
        float[] adapted;
        try (CausalLM model = CausalLM.load(Fixtures.folder("tiny-llama"))) {
            LoraAdapter adapter = model.addLora(LoraConfig.builder().r(2).modulesToSave("norm").build(), 5);
            assertTrue(model.trainableParameters().containsKey("model.norm.weight"));
            assertTrue(model.namedParameters().get("model.norm.weight").requiresGradient());
            assertFalse(model.namedParameters().get("model.embed_tokens.weight").requiresGradient());
            perturb(adapter, 9);
            adapted = logits(model, "tiny-llama");
            model.saveAdapter(folder, null);
        }
        try (CausalLM fresh = CausalLM.load(Fixtures.folder("tiny-llama"))) {
            fresh.loadAdapter(folder);
            assertArrayEquals(adapted, logits(fresh, "tiny-llama"), TOLERANCE);
        }
    }

    @Test
    void rsLoraScalesByTheSquareRootOfTheRank() {
        assertEquals(8f / 4f, LoraConfig.builder().r(4).alpha(8).build().scaling());
        assertEquals(8f / 2f, LoraConfig.builder().r(4).alpha(8).useRslora(true).build().scaling());
    }

    @Test
    void targetsThatDoNotFitAreNamed() {
        try (CausalLM model = CausalLM.load(Fixtures.folder("tiny-llama"))) {
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> model.addLora(LoraConfig.builder().targetModules("qkv_proj").build(), 1));
            assertTrue(unknown.getMessage().contains("'qkv_proj' matches no module")
                    && unknown.getMessage().contains("q_proj, up_proj, v_proj"), unknown.getMessage());
            IllegalArgumentException notLinear = assertThrows(IllegalArgumentException.class,
                    () -> model.addLora(LoraConfig.builder().targetModules("mlp").build(), 1));
            assertTrue(notLinear.getMessage().contains("LlamaMlp; LoRA adapts linear layers only"), notLinear.getMessage());
            assertTrue(model.adapter().isEmpty(), "nothing attached after a refusal");
            model.namedParameters().values().forEach(p -> assertTrue(p.requiresGradient()));
        }
        try (CausalLM gpt2 = CausalLM.load(Fixtures.folder("tiny-gpt2"))) {
            IllegalArgumentException tied = assertThrows(IllegalArgumentException.class,
                    () -> gpt2.addLora(LoraConfig.builder().modulesToSave("lm_head").build(), 1));
            assertTrue(tied.getMessage().contains("ties lm_head to the token embedding")
                    && tied.getMessage().contains("(wte)"), tied.getMessage());
        }
    }

    @Test
    void baseWeightsLoadUnderAnAttachedAdapter() {
        try (CausalLM model = CausalLM.load(Fixtures.folder("tiny-gpt2"))) {
            LoraAdapter adapter = model.addLora(LoraConfig.builder().r(2).build(), 1);
            perturb(adapter, 4);
            float[] adapted = logits(model, "tiny-gpt2");
            // The base checkpoint has no lora_ tensors, and is not asked for them.
            try (dev.cpotoolkit.model.checkpoint.WeightSource weights =
                         dev.cpotoolkit.model.checkpoint.WeightSource.open(Fixtures.folder("tiny-gpt2"))) {
                model.loadWeights(weights);
            }
            assertArrayEquals(adapted, logits(model, "tiny-gpt2"), 0f, "same base, same adapter");
        }
    }

    @Test
    void aSecondAdapterIsRefusedUntilTheFirstIsMerged() {
        try (CausalLM model = CausalLM.load(Fixtures.folder("tiny-qwen2"))) {
            model.addLora(LoraConfig.builder().r(2).build(), 1);
            assertThrows(IllegalStateException.class, () -> model.addLora(LoraConfig.builder().r(2).build(), 1));
            model.mergeAdapter();
            model.addLora(LoraConfig.builder().r(2).build(), 2);
            assertThrows(IllegalStateException.class, () -> model.mergeAdapter().mergeAdapter());
        }
    }
}
