package dev.cpotoolkit.tokenize;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.cpotoolkit.data.PreferenceExample;
import dev.cpotoolkit.model.checkpoint.SafetensorsFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Tokenization test helpers over {@link dev.cpotoolkit.testing.Fixtures}. */
final class Fixtures {

    private Fixtures() {}

    static Path resource(String name) {
        return dev.cpotoolkit.testing.Fixtures.resource(name);
    }

    static Path model(String name) {
        return dev.cpotoolkit.testing.Fixtures.model(name);
    }

    static List<PreferenceExample> prefs() {
        return dev.cpotoolkit.testing.Fixtures.prefs();
    }

    static JsonObject expected(String model) {
        return dev.cpotoolkit.testing.Fixtures.expected(model);
    }

    static int[] ints(JsonElement array) {
        return dev.cpotoolkit.testing.Fixtures.ints(array);
    }

    /** An I64 tensor of a safetensors file as rows x columns (2-D tensors only). */
    static long[][] safetensorsI64(Path file, String name) {
        try (SafetensorsFile tensors = SafetensorsFile.open(file)) {
            long[] shape = tensors.info(name).shape();
            long[] flat = tensors.readLongs(name);
            long[][] out = new long[(int) shape[0]][(int) shape[1]];
            for (int r = 0; r < out.length; r++) {
                System.arraycopy(flat, r * out[r].length, out[r], 0, out[r].length);
            }
            return out;
        }
    }

    static long[][] widen(int[][] rows) {
        return Arrays.stream(rows).map(r -> Arrays.stream(r).asLongStream().toArray())
                .toArray(long[][]::new);
    }

    static TokenizationSettings settings(JsonObject setting) {
        return TokenizationSettings.of(setting.get("max_length").getAsInt(),
                setting.get("max_prompt_length").getAsInt(),
                TruncationMode.fromName(setting.get("truncation_mode").getAsString()));
    }

    static Map<String, Integer> specialIds(JsonObject expected) {
        JsonObject ids = expected.getAsJsonObject("special_token_ids");
        return Map.of("bos", ids.get("bos").getAsInt(), "eos", ids.get("eos").getAsInt(),
                "pad", ids.get("pad").getAsInt(), "unk", ids.get("unk").getAsInt());
    }
}
