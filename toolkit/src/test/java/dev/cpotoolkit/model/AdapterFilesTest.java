package dev.cpotoolkit.model;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cpotoolkit.model.checkpoint.CheckpointException;
import dev.cpotoolkit.model.checkpoint.FloatTensor;
import dev.cpotoolkit.model.checkpoint.SafetensorsFile;
import dev.cpotoolkit.model.checkpoint.SafetensorsWriter;
import dev.cpotoolkit.model.lora.LoraConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adapter folders from elsewhere: one in the exact layout PEFT wrote for a real
 * GPT-2 adapter, and every way a folder can be wrong, each refused with the
 * file and the key or tensor at fault, leaving the model as it was.
 */
class AdapterFilesTest {

    @TempDir
    Path temp;

    /** A valid r=2 q_proj/v_proj adapter for tiny-llama, saved by the toolkit. */
    private Path goodLlamaAdapter() {
        Path folder = temp.resolve("good");
        try (CausalLM model = CausalLM.load(Fixtures.folder("tiny-llama"))) {
            LoraAdapterTest.perturb(model.addLora(LoraConfig.builder().r(2).build(), 1), 2);
            model.saveAdapter(folder, null);
        }
        return folder;
    }

    private static void editConfig(Path folder, Consumer<JsonObject> edit) throws IOException {
        Path file = folder.resolve("adapter_config.json");
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        edit.accept(json);
        Files.writeString(file, json.toString());
    }

    private static void editTensors(Path folder, Consumer<Map<String, FloatTensor>> edit) {
        Path file = folder.resolve(LoraAdapter.WEIGHTS_FILE);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        try (SafetensorsFile in = SafetensorsFile.open(file)) {
            for (String name : in.names()) {
                tensors.put(name, new FloatTensor(in.info(name).shape(), in.readFloats(name)));
            }
        }
        edit.accept(tensors);
        SafetensorsWriter.write(file, tensors, Map.of("format", "pt"));
    }

    /** Loads {@code folder} onto tiny-llama, expecting a refusal that names {@code file} and says {@code words}. */
    private static void assertRefused(Path folder, String file, String words) {
        try (CausalLM model = CausalLM.load(Fixtures.folder("tiny-llama"))) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> model.loadAdapter(folder));
            assertTrue(e.getMessage().contains(file), "names the file: " + e.getMessage());
            assertTrue(e.getMessage().contains(words), "says why: " + e.getMessage());
            assertTrue(model.adapter().isEmpty(), "nothing attached");
            model.namedParameters().values().forEach(p -> assertTrue(p.requiresGradient(), "nothing frozen"));
        }
    }

    @Test
    void aRealPeftGpt2AdapterLayoutLoads() throws IOException {
        // adapter_config.json as PEFT wrote it, and tensors with the names, dtypes and shapes of the
        // adapter_model.safetensors it wrote beside it (values drawn here): GPT-2 small, r 8, c_attn and c_proj.
        Path folder = temp.resolve("peft-gpt2");
        Files.createDirectories(folder);
        Path resources = Path.of(Fixtures.class.getResource("/lora/peft-gpt2").getPath());
        Files.copy(resources.resolve("adapter_config.json"), folder.resolve("adapter_config.json"));
        JsonObject header = JsonParser.parseString(Files.readString(resources.resolve("tensors.json")))
                .getAsJsonObject().getAsJsonObject("tensors");
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (String name : header.keySet()) {
            long[] shape = header.getAsJsonObject(name).getAsJsonArray("shape").asList().stream()
                    .mapToLong(e -> e.getAsLong()).toArray();
            float[] values = new float[(int) (shape[0] * shape[1])];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian() * 0.01f;
            }
            tensors.put(name, new FloatTensor(shape, values));
        }
        SafetensorsWriter.write(folder.resolve(LoraAdapter.WEIGHTS_FILE), tensors, Map.of("format", "pt"));
        JsonObject small = JsonParser.parseString(Files.readString(Fixtures.folder("tiny-gpt2").resolve("config.json")))
                .getAsJsonObject();
        small.addProperty("n_embd", 768);
        small.addProperty("n_head", 12);
        small.addProperty("n_layer", 12);
        try (CausalLM model = CausalLM.fromConfig(ModelConfig.fromJson(small, null), 1)) {
            LoraAdapter adapter = model.loadAdapter(folder);
            assertEquals(36, adapter.adaptedModules().size(), "c_proj matches attn.c_proj and mlp.c_proj in each block");
            assertTrue(adapter.adaptedModules().contains("transformer.h.11.mlp.c_proj"));
            assertEquals(8, adapter.config().r());
            assertEquals(4f, adapter.config().scaling(), "lora_alpha 32 / r 8");
            assertEquals("gpt2", adapter.baseModelNameOrPath());
            Path again = temp.resolve("again");
            adapter.save(again);
            try (SafetensorsFile file = SafetensorsFile.open(again.resolve(LoraAdapter.WEIGHTS_FILE))) {
                assertEquals(header.keySet(), new java.util.TreeSet<>(file.names()), "the same tensor names back");
            }
        }
    }

    @Test
    void aMissingTensorIsNamed() {
        Path folder = goodLlamaAdapter();
        editTensors(folder, t -> t.remove("base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight"));
        assertRefused(folder, "adapter_model.safetensors",
                "missing tensor base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight");
    }

    @Test
    void aTensorOfAnotherRankIsNamedWithTheShapeItNeeds() {
        Path folder = goodLlamaAdapter();
        editTensors(folder, t -> t.put("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight",
                new FloatTensor(new long[] {3, 32}, new float[96])));
        assertRefused(folder, "adapter_model.safetensors", "tensor 'base_model.model.model.layers.0.self_attn.q_proj"
                + ".lora_A.weight' has shape [3, 32], but r=2 on this llama model needs (2, 32)");
    }

    @Test
    void aDoraMagnitudeVectorIsNamed() throws IOException {
        Path folder = goodLlamaAdapter();
        editTensors(folder, t -> t.put("base_model.model.model.layers.0.self_attn.q_proj.lora_magnitude_vector",
                new FloatTensor(new long[] {32}, new float[32])));
        assertRefused(folder, "adapter_model.safetensors", "DoRA is not supported");
    }

    @Test
    void aTargetTheBaseLacksIsNamed() throws IOException {
        Path folder = goodLlamaAdapter();
        editConfig(folder, c -> {
            com.google.gson.JsonArray targets = new com.google.gson.JsonArray();
            targets.add("q_proj");
            targets.add("c_attn");
            c.add("target_modules", targets);
        });
        assertRefused(folder, "adapter_config.json", "'target_modules': 'c_attn' matches no module of this llama model");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "use_dora|true|DoRA adapters (use_dora) are not supported",
        "peft_type|\"PREFIX_TUNING\"|'peft_type' is PREFIX_TUNING; only LoRA adapters",
        "peft_type|\"LOHA\"|only LoRA adapters (LORA) are supported",
        "bias|\"lora_only\"|'bias' is lora_only",
        "rank_pattern|{\"q_proj\": 4}|own rank or alpha",
        "layers_to_transform|[0]|'layers_to_transform' is set",
        "task_type|\"SEQ_CLS\"|only causal language model adapters",
        "r|0|'r' must be a positive whole number",
        "r|\"eight\"|'r' must be a number",
        "target_modules|[1, 2]|'target_modules' must be a list of module names",
    })
    void anAdapterThatIsNotPlainLoraIsRefusedByItsKey(String key, String json, String words) throws IOException {
        Path folder = goodLlamaAdapter();
        editConfig(folder, c -> c.add(key, JsonParser.parseString(json)));
        assertRefused(folder, "adapter_config.json", words);
    }

    @Test
    void foldersWithoutTheFilesAreNamed() throws IOException {
        Path folder = goodLlamaAdapter();
        Files.delete(folder.resolve(LoraAdapter.WEIGHTS_FILE));
        Files.writeString(folder.resolve("adapter_model.bin"), "pickle");
        assertRefused(folder, "good", "adapter_model.bin is a Python pickle");
        assertRefused(Fixtures.folder("tiny-llama"), "tiny-llama", "not a PEFT adapter folder: no adapter_config.json"
                + " (it holds a full model: config.json)");
        Path broken = goodLlamaAdapter().resolveSibling("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("adapter_config.json"), "{\"r\": 8,");
        assertRefused(broken, "adapter_config.json", "not valid JSON");
    }

    @Test
    void peftsDefaultsFillAMinimalConfig() throws IOException {
        Path folder = goodLlamaAdapter();
        // What hand-written configs often hold: PEFT's defaults (r 8, lora_alpha 8) apply to the rest.
        Files.writeString(folder.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\", \"r\": 2,"
                + " \"target_modules\": [\"q_proj\", \"v_proj\"]}");
        try (CausalLM model = CausalLM.load(Fixtures.folder("tiny-llama"))) {
            LoraAdapter adapter = model.loadAdapter(folder);
            assertEquals(8f, adapter.config().alpha());
            assertEquals(0f, adapter.config().dropout());
        }
    }
}
