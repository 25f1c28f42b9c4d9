package dev.cpotoolkit.tokenize;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.cpotoolkit.data.PreferenceExample;

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

/** Test helpers: fixture files from the test classpath, and a minimal safetensors reader. */
final class Fixtures {

    private Fixtures() {}

    /** A folder or file under the test resources, as a path (resources are unpacked by Maven). */
    static Path resource(String name) {
        URL url = Fixtures.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException("Test resource missing: " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path model(String name) {
        return resource("fixtures/" + name);
    }

    static List<PreferenceExample> prefs() {
        try {
            List<PreferenceExample> out = new ArrayList<>();
            for (String line : Files.readAllLines(resource("fixtures/prefs.jsonl"))) {
                if (line.isBlank()) {
                    continue;
                }
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                out.add(new PreferenceExample(o.get("prompt").getAsString(),
                        o.get("chosen").getAsString(), o.get("rejected").getAsString()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonObject expected(String model) {
        try {
            return JsonParser.parseString(Files.readString(model(model).resolve("expected.json")))
                    .getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] ints(JsonElement array) {
        JsonArray a = array.getAsJsonArray();
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    /** An I64 tensor of a safetensors file as rows x columns (2-D tensors only). */
    static long[][] safetensorsI64(Path file, String name) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int headerLength = Math.toIntExact(buf.getLong(0));
            JsonObject header = JsonParser.parseString(
                    new String(bytes, 8, headerLength, StandardCharsets.UTF_8)).getAsJsonObject();
            JsonObject tensor = header.getAsJsonObject(name);
            if (tensor == null || !"I64".equals(tensor.get("dtype").getAsString())) {
                throw new IllegalStateException("No I64 tensor " + name + " in " + file);
            }
            int[] shape = ints(tensor.get("shape"));
            int begin = 8 + headerLength + ints(tensor.get("data_offsets"))[0];
            long[][] out = new long[shape[0]][shape[1]];
            for (int r = 0; r < shape[0]; r++) {
                for (int c = 0; c < shape[1]; c++) {
                    out[r][c] = buf.getLong(begin + 8 * (r * shape[1] + c));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
