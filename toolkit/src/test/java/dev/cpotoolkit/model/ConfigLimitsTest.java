package dev.cpotoolkit.model;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.cpotoolkit.model.checkpoint.CheckpointException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sizes in {@code config.json} that cannot be built, or do not describe the
 * weights beside them, fail at once with a short message naming the file and
 * field: never an OutOfMemoryError after minutes, a division by zero, or an
 * error line megabytes long.
 */
class ConfigLimitsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"tiny-llama, num_hidden_layers, 1000000000", "tiny-llama, num_hidden_layers, 100000",
            "tiny-qwen2, num_hidden_layers, 1000000000", "tiny-gpt2, n_layer, 1000000000", "tiny-gpt2, n_layer, 100000"})
    void layerCountFarBeyondTheWeightsFailsFastAndShort(String fixture, String field, long layers) throws Exception {
        Path folder = copy(fixture, json -> json.addProperty(field, layers));
        CheckpointException error = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(CheckpointException.class, () -> CausalLM.load(folder).close()));
        String message = error.getMessage();
        assertTrue(message.length() < 2000, "message of " + message.length() + " chars");
        assertEquals(folder.resolve("config.json"), error.file());
        assertTrue(message.contains(field + " " + layers), message);
        assertTrue(message.contains("parameters"), message);
        assertTrue(message.contains(Long.toString(weightsCount(fixture))), message);
    }

    @ParameterizedTest
    @CsvSource({"tiny-gpt2", "tiny-llama", "tiny-qwen2"})
    void theConfigsCountMatchesTheBuiltModel(String fixture) throws Exception {
        ModelConfig config = ModelConfig.load(Fixtures.folder(fixture).resolve("config.json"));
        assertEquals(weightsCount(fixture), config.parameterCount());
        assertEquals(988_288L, ModelPresets.tinyConfig(ModelPresets.TINY_DEFAULT_VOCAB).parameterCount());
        // Every optional bias and an untied head, built with random weights.
        JsonObject json = config.toJson();
        json.addProperty("attention_bias", true);
        json.addProperty("mlp_bias", true);
        json.addProperty("tie_word_embeddings", false);
        json.addProperty("n_inner", 48);
        ModelConfig variant = ModelConfig.fromJson(json, null);
        try (CausalLM model = CausalLM.fromConfig(variant, 1)) {
            assertEquals(model.parameterCount(), variant.parameterCount());
        }
    }

    @Test
    void aFewMissingLayersStillNameTheTensorsButCapTheList() throws Exception {
        // One layer more than stored: 12 missing tensors, of which the message shows 10.
        Path folder = copy("tiny-qwen2", json -> json.addProperty("num_hidden_layers", 3));
        CheckpointException error = assertThrows(CheckpointException.class, () -> CausalLM.load(folder).close());
        String message = error.getMessage();
        assertTrue(message.contains("missing tensors model.layers.2."), message);
        assertTrue(message.contains("... and 2 more"), message);
    }

    @Test
    void unexpectedTensorListIsCapped() throws Exception {
        Path folder = copy("tiny-qwen2", json -> json.addProperty("num_hidden_layers", 1));
        CheckpointException error = assertThrows(CheckpointException.class, () -> CausalLM.load(folder).close());
        assertTrue(error.getMessage().contains("unexpected tensors model.layers.1."), error.getMessage());
        assertTrue(error.getMessage().contains("... and 2 more"), error.getMessage());
    }

    @Test
    void aConfigWithoutWeightsIsBoundedBeforeBuilding() throws Exception {
        JsonObject json = ModelPresets.tinyConfigJson(2048);
        json.addProperty("num_hidden_layers", 1_000_000_000);
        ModelConfig config = ModelConfig.fromJson(json, null);
        CheckpointException error = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(CheckpointException.class, () -> CausalLM.fromConfig(config, 1).close()));
        assertTrue(error.getMessage().contains("num_hidden_layers 1000000000"), error.getMessage());
        assertTrue(error.getMessage().contains("parameters"), error.getMessage());
        assertTrue(error.getMessage().length() < 2000);
    }

    @Test
    void vocabularyBeyondIntRangeIsOutOfRangeNotNonInteger() throws Exception {
        Path config = writeConfig("tiny-llama", json -> json.add("vocab_size", new JsonPrimitive(new BigDecimal("1e12"))));
        String message = configError(config);
        assertTrue(message.contains("'vocab_size'") && message.contains("out of range"), message);
        assertTrue(message.contains("must be a positive integer up to 2147483647"), message);
    }

    @ParameterizedTest
    @CsvSource({"tiny-llama, num_attention_heads", "tiny-gpt2, n_head"})
    void zeroHeadsSaysPositiveAndDividing(String fixture, String field) throws Exception {
        Path config = writeConfig(fixture, json -> {
            json.addProperty(field, 0);
            // With an explicit head_dim, Llama's heads need not divide hidden_size.
            json.remove("head_dim");
        });
        String message = configError(config);
        assertTrue(message.contains("'" + field + "'") && message.contains("positive"), message);
        assertTrue(message.contains("divide"), message);
    }

    @ParameterizedTest
    @CsvSource({"tiny-llama, vocab_size", "tiny-llama, hidden_size", "tiny-llama, intermediate_size",
            "tiny-llama, num_hidden_layers", "tiny-llama, num_attention_heads", "tiny-llama, num_key_value_heads",
            "tiny-llama, head_dim", "tiny-llama, max_position_embeddings",
            "tiny-gpt2, vocab_size", "tiny-gpt2, n_embd", "tiny-gpt2, n_layer", "tiny-gpt2, n_head",
            "tiny-gpt2, n_positions", "tiny-gpt2, n_inner"})
    void negativeDimensionsNameTheField(String fixture, String field) throws Exception {
        Path config = writeConfig(fixture, json -> json.addProperty(field, -4));
        String message = configError(config);
        assertTrue(message.contains("'" + field + "'") && message.contains("-4"), message);
        assertTrue(message.contains("positive integer"), message);
    }

    @ParameterizedTest
    @CsvSource({"tiny-llama, hidden_size", "tiny-llama, intermediate_size", "tiny-gpt2, n_positions",
            "tiny-gpt2, n_embd"})
    void dimensionsBeyondIntRangeNameTheField(String fixture, String field) throws Exception {
        Path config = writeConfig(fixture, json -> json.addProperty(field, 4_294_967_296L));
        String message = configError(config);
        assertTrue(message.contains("'" + field + "'") && message.contains("out of range"), message);
    }

    @Test
    void gpt2DefaultInnerSizeThatOverflowsIsReported() throws Exception {
        Path config = writeConfig("tiny-gpt2", json -> {
            json.remove("n_inner");
            json.addProperty("n_embd", 1_073_741_824);
            json.addProperty("n_head", 1);
        });
        String message = configError(config);
        assertTrue(message.contains("n_inner") && message.contains("n_embd"), message);
    }

    private String configError(Path config) {
        CheckpointException error = assertThrows(CheckpointException.class, () -> ModelConfig.load(config));
        assertEquals(config, error.file());
        assertTrue(error.getMessage().contains(config.toString()), error.getMessage());
        return error.getMessage();
    }

    /** Trainable scalars in a fixture's weights, counted from its loaded model. */
    private static long weightsCount(String fixture) {
        try (CausalLM model = CausalLM.load(Fixtures.folder(fixture))) {
            return model.parameterCount();
        }
    }

    private Path writeConfig(String fixture, Consumer<JsonObject> edit) throws Exception {
        JsonObject json = ModelConfig.load(Fixtures.folder(fixture).resolve("config.json")).toJson();
        edit.accept(json);
        Path folder = Files.createDirectories(dir.resolve(fixture + "-" + Integer.toHexString(json.hashCode())));
        Path config = folder.resolve("config.json");
        Files.writeString(config, json.toString());
        return config;
    }

    private Path copy(String fixture, Consumer<JsonObject> edit) throws Exception {
        Path config = writeConfig(fixture, edit);
        Files.copy(Fixtures.folder(fixture).resolve("model.safetensors"), config.resolveSibling("model.safetensors"));
        return config.getParent();
    }
}
