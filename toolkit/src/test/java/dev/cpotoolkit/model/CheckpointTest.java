package dev.cpotoolkit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.cpotoolkit.model.checkpoint.CheckpointException;
import dev.cpotoolkit.model.checkpoint.FloatTensor;
import dev.cpotoolkit.model.checkpoint.SafetensorsFile;
import dev.cpotoolkit.model.checkpoint.SafetensorsWriter;
import dev.cpotoolkit.model.checkpoint.WeightSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading and saving Hugging Face model folders, and every way a folder can be wrong. */
class CheckpointTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "tiny-qwen2"})
    void loadSaveLoadIsBitExact(String name) {
        Path saved = temp.resolve(name);
        try (CausalLM original = CausalLM.load(Fixtures.folder(name))) {
            original.save(saved);
            try (CausalLM reloaded = CausalLM.load(saved)) {
                assertEquals(original.namedParameters().keySet(), reloaded.namedParameters().keySet());
                for (Map.Entry<String, Parameter> entry : original.namedParameters().entrySet()) {
                    NDArray a = entry.getValue().getArray();
                    NDArray b = reloaded.namedParameters().get(entry.getKey()).getArray();
                    assertEquals(a.getShape(), b.getShape());
                    assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f, entry.getKey());
                }
                assertEquals(original.config().toJson().get("model_type"), reloaded.config().toJson().get("model_type"));
            }
            try (SafetensorsFile file = SafetensorsFile.open(saved.resolve("model.safetensors"))) {
                assertEquals(original.config().tieWordEmbeddings(), !file.contains("lm_head.weight"),
                        "a tied head is not written");
                assertEquals(original.namedParameters().size(), file.names().size());
            }
        }
        assertTrue(Files.exists(saved.resolve("tokenizer.json")), "tokenizer files are copied");
        assertTrue(Files.exists(saved.resolve("tokenizer_config.json")));
        assertTrue(Files.exists(saved.resolve("config.json")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "tiny-qwen2"})
    void shardedSaveLoadsBackBitExact(String name) throws Exception {
        Path saved = temp.resolve(name + "-sharded");
        try (CausalLM original = CausalLM.load(Fixtures.folder(name))) {
            original.save(saved, null, 16 * 1024);
            assertFalse(Files.exists(saved.resolve("model.safetensors")), "split into shards");
            assertTrue(Files.isRegularFile(saved.resolve("model.safetensors.index.json")));
            try (var shards = Files.list(saved)) {
                assertTrue(shards.filter(p -> p.getFileName().toString().matches("model-\\d{5}-of-\\d{5}\\.safetensors"))
                        .count() > 1);
            }
            try (CausalLM reloaded = CausalLM.load(saved)) {
                for (Map.Entry<String, Parameter> entry : original.namedParameters().entrySet()) {
                    assertArrayEquals(entry.getValue().getArray().toFloatArray(),
                            reloaded.namedParameters().get(entry.getKey()).getArray().toFloatArray(), 0f,
                            entry.getKey());
                }
            }
        }
    }

    @Test
    void loadWeightsCopiesIntoAnExistingModel() {
        Path folder = Fixtures.folder("tiny-llama");
        try (CausalLM loaded = CausalLM.load(folder);
             CausalLM fresh = CausalLM.fromConfig(loaded.config(), 7);
             WeightSource weights = WeightSource.open(folder)) {
            fresh.loadWeights(weights);
            for (Map.Entry<String, Parameter> entry : loaded.namedParameters().entrySet()) {
                assertArrayEquals(entry.getValue().getArray().toFloatArray(),
                        fresh.namedParameters().get(entry.getKey()).getArray().toFloatArray(), 0f);
            }
        }
    }

    @Test
    void missingTensorIsNamed() throws Exception {
        Path folder = broken("tiny-llama", t -> t.remove("model.layers.1.mlp.up_proj.weight"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> CausalLM.load(folder));
        assertMentions(e, "model.safetensors", "model.layers.1.mlp.up_proj.weight", "missing");
    }

    @Test
    void unexpectedTensorIsNamed() throws Exception {
        Path folder = broken("tiny-qwen2", t -> t.put("model.layers.0.self_attn.o_proj.bias", FloatTensor.of(new float[32])));
        CheckpointException e = assertThrows(CheckpointException.class, () -> CausalLM.load(folder));
        assertMentions(e, "model.safetensors", "model.layers.0.self_attn.o_proj.bias", "unexpected");
    }

    @Test
    void wrongShapeIsNamed() throws Exception {
        Path folder = broken("tiny-gpt2", t -> t.put("transformer.h.0.attn.c_attn.weight",
                new FloatTensor(new long[] {96, 32}, new float[96 * 32])));
        CheckpointException e = assertThrows(CheckpointException.class, () -> CausalLM.load(folder));
        assertMentions(e, "model.safetensors", "transformer.h.0.attn.c_attn.weight", "[96, 32]", "(32, 96)");
    }

    @Test
    void gpt2NamesWithoutThePrefixAndStoredMaskBuffersAreAccepted() throws Exception {
        Path folder = broken("tiny-gpt2", t -> {
            Map<String, FloatTensor> renamed = new LinkedHashMap<>();
            t.forEach((k, v) -> renamed.put(k.substring("transformer.".length()), v));
            renamed.put("h.0.attn.bias", new FloatTensor(new long[] {1, 1, 2, 2}, new float[4]));
            t.clear();
            t.putAll(renamed);
        });
        try (CausalLM model = CausalLM.load(folder)) {
            assertTrue(model.namedParameters().containsKey("transformer.wte.weight"));
        }
    }

    @Test
    void configErrorsNameTheFileAndTheProblem() throws Exception {
        Path unknown = withConfig("tiny-llama", "{\"model_type\": \"mamba\", \"vocab_size\": 64}");
        assertMentions(assertThrows(CheckpointException.class, () -> CausalLM.load(unknown)),
                "config.json", "mamba", "gpt2, llama, qwen2");

        Path notJson = withConfig("tiny-llama", "this is not json {");
        assertMentions(assertThrows(CheckpointException.class, () -> CausalLM.load(notJson)),
                "config.json", "JSON");

        String llama = Files.readString(Fixtures.folder("tiny-llama").resolve("config.json"));
        Path missing = withConfig("tiny-llama", llama.replace("\"hidden_size\": 32,", ""));
        assertMentions(assertThrows(CheckpointException.class, () -> CausalLM.load(missing)),
                "config.json", "hidden_size");

        Path scaled = withConfig("tiny-llama", llama.replace("\"rope_scaling\": null",
                "\"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 8.0}"));
        assertMentions(assertThrows(CheckpointException.class, () -> CausalLM.load(scaled)),
                "config.json", "rope_scaling", "not supported");

        Path noFolder = temp.resolve("nothing-here");
        assertMentions(assertThrows(CheckpointException.class, () -> CausalLM.load(noFolder)), "config.json");
    }

    @Test
    void noWeightsFileIsReported() throws Exception {
        Path folder = temp.resolve("no-weights");
        Files.createDirectories(folder);
        Files.copy(Fixtures.folder("tiny-llama").resolve("config.json"), folder.resolve("config.json"));
        assertMentions(assertThrows(CheckpointException.class, () -> CausalLM.load(folder)), "model.safetensors");
    }

    private Path withConfig(String model, String configText) throws Exception {
        Path folder = temp.resolve(model + "-config-" + Math.abs(configText.hashCode()));
        Files.createDirectories(folder);
        Files.copy(Fixtures.folder(model).resolve("model.safetensors"), folder.resolve("model.safetensors"));
        Files.writeString(folder.resolve("config.json"), configText);
        return folder;
    }

    /** A copy of a fixture folder whose tensors went through {@code mutate}. */
    private Path broken(String model, Consumer<Map<String, FloatTensor>> mutate) throws Exception {
        Path folder = temp.resolve(model + "-broken");
        Files.createDirectories(folder);
        Files.copy(Fixtures.folder(model).resolve("config.json"), folder.resolve("config.json"));
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        try (WeightSource source = WeightSource.open(Fixtures.folder(model))) {
            for (String name : source.names()) {
                tensors.put(name, source.readTensor(name));
            }
        }
        mutate.accept(tensors);
        SafetensorsWriter.write(folder.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        return folder;
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
        }
        assertFalse(e.getMessage().isBlank());
    }
}
