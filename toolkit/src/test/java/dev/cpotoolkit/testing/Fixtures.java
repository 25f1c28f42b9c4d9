package dev.cpotoolkit.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import dev.cpotoolkit.data.PreferenceExample;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The reference fixtures copied from {@code shared/fixtures} into test resources
 * (see {@code fixtures/README.md} there): three tiny Hugging Face models with the
 * numbers Hugging Face and TRL compute for them.
 */
public final class Fixtures {

    /** The fixture model folders. */
    public static final List<String> MODELS = List.of("tiny-gpt2", "tiny-llama", "tiny-qwen2");

    /** The truncation settings of {@code expected.json}. */
    public static final List<String> SETTINGS = List.of("truncated_keep_end", "truncated_keep_start", "no_truncation");

    private Fixtures() {}

    /** A folder or file under the test resources, as a path (Maven copies resources to a folder). */
    public static Path resource(String name) {
        URL url = Fixtures.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException("test resource missing: " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixtures root folder on the test classpath. */
    public static Path root() {
        return resource("fixtures");
    }

    /** The eight rows of {@code fixtures/prefs.jsonl}, read directly (independent of the dataset loaders). */
    public static List<PreferenceExample> prefs() {
        try {
            List<PreferenceExample> out = new ArrayList<>();
            for (String line : Files.readAllLines(root().resolve("prefs.jsonl"))) {
                if (!line.isBlank()) {
                    JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                    out.add(new PreferenceExample(o.get("prompt").getAsString(),
                            o.get("chosen").getAsString(), o.get("rejected").getAsString()));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON array of integers. */
    public static int[] ints(JsonElement array) {
        JsonArray a = array.getAsJsonArray();
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    /** One fixture model folder. */
    public static Path model(String name) {
        return root().resolve(name);
    }

    /** The parsed {@code expected.json} of a fixture model. */
    public static JsonObject expected(String model) {
        try {
            return JsonParser.parseString(Files.readString(model(model).resolve("expected.json"))).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every (model, setting) pair, for {@code @MethodSource}. */
    public static Stream<Object[]> modelsAndSettings() {
        return MODELS.stream().flatMap(m -> SETTINGS.stream().map(s -> new Object[] {m, s}));
    }

    /** A JSON array of numbers as doubles. */
    public static double[] doubles(JsonArray array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsDouble();
        }
        return values;
    }

    /** A JSON array of numbers as floats. */
    public static float[] floats(JsonArray array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsFloat();
        }
        return values;
    }

    /**
     * The fixtures' rule for losses and metrics: {@code |a - e| / max(1, |e|) <= tolerance}.
     */
    public static boolean closeRelative(double actual, double expected, double tolerance) {
        return Math.abs(actual - expected) / Math.max(1.0, Math.abs(expected)) <= tolerance;
    }
}
