package dev.cpotoolkit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cpotoolkit.model.checkpoint.SafetensorsFile;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helpers for the fixture models in {@code src/test/resources/fixtures}. */
final class Fixtures {

    static final String[] MODELS = {"tiny-gpt2", "tiny-llama", "tiny-qwen2"};

    private Fixtures() {}

    static Path folder(String model) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + model).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonObject expected(String model) throws IOException {
        return JsonParser.parseString(Files.readString(folder(model).resolve("expected.json"))).getAsJsonObject();
    }

    /** The no-truncation batch and its reference logits. */
    record Batch(NDArray inputIds, NDArray attentionMask, NDArray labels, float[] logits, Shape logitsShape) {}

    static Batch batch(String model, NDManager manager) {
        try (SafetensorsFile file = SafetensorsFile.open(folder(model).resolve("logits.safetensors"))) {
            Shape bt = new Shape(file.info("input_ids").shape());
            return new Batch(manager.create(file.readLongs("input_ids"), bt),
                    manager.create(file.readLongs("attention_mask"), bt),
                    manager.create(file.readLongs("labels"), bt),
                    file.readFloats("logits"), new Shape(file.info("logits").shape()));
        }
    }
}
