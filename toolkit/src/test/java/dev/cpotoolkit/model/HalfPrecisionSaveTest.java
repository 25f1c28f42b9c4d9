package dev.cpotoolkit.model;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cpotoolkit.model.checkpoint.SafetensorsDType;
import dev.cpotoolkit.model.checkpoint.SafetensorsFile;
import dev.cpotoolkit.model.checkpoint.TensorInfo;
import dev.cpotoolkit.model.checkpoint.WeightSource;
import dev.cpotoolkit.model.lora.LoraConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Saving the fixture models as BF16 and F16: what the files and
 * {@code config.json} say, their size, and that the folder loads back to a
 * model whose weights are the originals rounded once and whose logits stay
 * close to the float32 model's. The rounding itself is checked bit for bit
 * against PyTorch in {@code checkpoint.HalfPrecisionTest}.
 */
class HalfPrecisionSaveTest {

    @TempDir
    Path temp;

    private static float[] logits(CausalLM model, String fixture) {
        try (NDManager step = model.manager().newSubManager()) {
            Fixtures.Batch batch = Fixtures.batch(fixture, step);
            return model.forwardNoGrad(ForwardInput.of(batch.inputIds(), batch.attentionMask())).toFloatArray();
        }
    }

    private static Map<String, float[]> weights(CausalLM model) {
        Map<String, float[]> values = new HashMap<>();
        model.namedParameters().forEach((name, p) -> values.put(name, p.getArray().toFloatArray()));
        return values;
    }

    /** Explicitly stored mantissa bits: 7 for BF16, 10 for F16 (float32 has 23). */
    private static int mantissaBits(SafetensorsDType dtype) {
        return dtype == SafetensorsDType.BF16 ? 7 : 10;
    }

    /** The unit roundoff, the largest relative error of one rounding: 2^-8 for BF16, 2^-11 for F16. */
    private static double unitRoundoff(SafetensorsDType dtype) {
        return Math.scalb(1.0, -mantissaBits(dtype) - 1);
    }

    /**
     * Each reloaded weight is its original rounded to a nearest value of
     * {@code dtype}: at most half of that type's ulp away (the float32 ulp
     * scaled up by the dropped mantissa bits; F16's subnormals, below 2^-14,
     * have a fixed step of 2^-24 instead), and for BF16 representable, i.e. the
     * low 16 bits of the float are zero. Returns how many weights changed.
     */
    private static long assertRoundedOnce(Map<String, float[]> original, CausalLM reloaded, SafetensorsDType dtype) {
        long changed = 0;
        for (Map.Entry<String, Parameter> entry : reloaded.namedParameters().entrySet()) {
            float[] want = original.get(entry.getKey());
            float[] got = entry.getValue().getArray().toFloatArray();
            assertEquals(want.length, got.length, entry.getKey());
            for (int i = 0; i < want.length; i++) {
                double halfUlp = Math.scalb((double) Math.ulp(want[i]), 23 - mantissaBits(dtype) - 1);
                if (dtype == SafetensorsDType.F16 && Math.abs(want[i]) < 0x1p-14) {
                    halfUlp = 0x1p-25;
                }
                if (Math.abs((double) got[i] - want[i]) > halfUlp
                        || dtype == SafetensorsDType.BF16 && (Float.floatToRawIntBits(got[i]) & 0xFFFF) != 0) {
                    throw new AssertionError(entry.getKey() + "[" + i + "]: " + want[i] + " saved as " + dtype
                            + " came back as " + got[i]);
                }
                changed += got[i] != want[i] ? 1 : 0;
            }
        }
        return changed;
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static double maxAbsDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    /**
     * How far the logits of the rounded model may be from the float32 model's.
     * Rounding moves every weight by at most the unit roundoff u, relatively
     * (2^-8 for BF16, 2^-11 for F16). To first order each rounded tensor then
     * moves a logit by at most about u times the logits' scale, and the fixtures
     * are shallow (two layers), so every tensor lies on the path to every logit:
     * u times the number of tensors times the largest logit. Errors of random
     * sign mostly cancel, so the fixtures land under half of this (at most
     * about 7 u for BF16 and 11 u for F16, times the largest logit, where the
     * bound is 21 to 28 u), while a wrong conversion (a byte-order slip scrambles weights, a wrong
     * exponent scales them) would be far off.
     */
    private static double logitTolerance(SafetensorsDType dtype, float[] reference, int tensors) {
        return unitRoundoff(dtype) * tensors * maxAbs(reference);
    }

    static long dataBytes(Path file) {
        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            return read.tensors().values().stream().mapToLong(TensorInfo::byteLength).sum();
        }
    }

    @ParameterizedTest
    @CsvSource({"tiny-gpt2,BF16", "tiny-llama,BF16", "tiny-qwen2,BF16", "tiny-gpt2,F16", "tiny-llama,F16",
            "tiny-qwen2,F16"})
    void halfPrecisionSaveSaysSoIsHalfTheSizeAndLoadsBackClose(String fixture, SafetensorsDType dtype)
            throws Exception {
        Path f32 = temp.resolve("f32");
        Path half = temp.resolve("half");
        float[] reference;
        Map<String, float[]> original;
        try (CausalLM model = CausalLM.load(Fixtures.folder(fixture))) {
            reference = logits(model, fixture);
            original = weights(model);
            model.save(f32);
            model.save(half, null, dtype);
        }
        Path file = half.resolve(WeightSource.SINGLE_FILE);
        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            assertFalse(read.tensors().isEmpty());
            read.tensors().forEach((name, info) -> assertEquals(dtype, info.dtype(), name));
            assertEquals("pt", read.metadata().get("format"));
        }
        JsonObject config = JsonParser.parseString(Files.readString(half.resolve("config.json"))).getAsJsonObject();
        assertEquals(dtype.torchName(), config.get("torch_dtype").getAsString());
        assertEquals(dtype == SafetensorsDType.BF16 ? "bfloat16" : "float16", config.get("torch_dtype").getAsString());
        JsonObject f32Config = JsonParser.parseString(Files.readString(f32.resolve("config.json"))).getAsJsonObject();
        assertEquals("float32", f32Config.get("torch_dtype").getAsString());
        f32Config.remove("torch_dtype");
        config.remove("torch_dtype");
        assertEquals(f32Config, config, "only torch_dtype differs");
        assertEquals(dataBytes(f32.resolve(WeightSource.SINGLE_FILE)), 2 * dataBytes(file), "two bytes an element");
        double ratio = (double) Files.size(file) / Files.size(f32.resolve(WeightSource.SINGLE_FILE));
        assertTrue(ratio > 0.45 && ratio < 0.55, "file size ratio " + ratio);
        assertTrue(Files.exists(half.resolve("tokenizer.json")), "tokenizer files are copied as before");

        try (CausalLM reloaded = CausalLM.load(half)) {
            long changed = assertRoundedOnce(original, reloaded, dtype);
            // Most fixture weights are random float32 values that 16 bits cannot hold (a few tensors
            // are stored as BF16 or F16 already and come back unchanged).
            assertTrue(changed > reloaded.parameterCount() / 2, changed + " of " + reloaded.parameterCount()
                    + " weights changed");
            float[] got = logits(reloaded, fixture);
            double difference = maxAbsDifference(reference, got);
            double tolerance = logitTolerance(dtype, reference, reloaded.namedParameters().size());
            assertTrue(difference <= tolerance, fixture + " " + dtype + ": logits moved by " + difference
                    + ", more than " + tolerance);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "tiny-qwen2"})
    void shardedBf16SaveLoadsBack(String fixture) throws Exception {
        Path single = temp.resolve("single");
        Path sharded = temp.resolve("sharded");
        Path shardedF32 = temp.resolve("sharded-f32");
        long limit = 8 * 1024;
        long elements;
        try (CausalLM model = CausalLM.load(Fixtures.folder(fixture))) {
            elements = model.parameterCount();
            model.save(single, null, SafetensorsDType.BF16);
            model.save(sharded, null, SafetensorsDType.BF16, limit);
            model.save(shardedF32, null, SafetensorsDType.F32, limit);
        }
        assertFalse(Files.exists(sharded.resolve(WeightSource.SINGLE_FILE)), "split into shards");
        long shards = shardCount(sharded);
        assertTrue(shards > 1, "shards: " + shards);
        assertTrue(shards < shardCount(shardedF32), "two bytes an element need fewer shards: " + shards + " vs "
                + shardCount(shardedF32));
        JsonObject index = JsonParser.parseString(Files.readString(sharded.resolve(WeightSource.INDEX_FILE)))
                .getAsJsonObject();
        try (WeightSource source = WeightSource.open(sharded)) {
            assertEquals(source.names().stream().mapToLong(n -> source.info(n).elementCount()).sum() * 2,
                    index.getAsJsonObject("metadata").get("total_size").getAsLong(), "total_size counts BF16 bytes");
            for (Path file : source.files()) {
                assertTrue(dataBytes(file) <= limit || SafetensorsFile.open(file).names().size() == 1,
                        file + " holds more than the limit");
                try (SafetensorsFile read = SafetensorsFile.open(file)) {
                    read.tensors().forEach((name, info) -> assertEquals(SafetensorsDType.BF16, info.dtype(), name));
                }
            }
        }
        assertTrue(elements > 0);
        try (CausalLM fromShards = CausalLM.load(sharded); CausalLM fromSingle = CausalLM.load(single)) {
            Map<String, float[]> want = weights(fromSingle);
            weights(fromShards).forEach((name, values) -> assertTrue(java.util.Arrays.equals(want.get(name), values),
                    name + " differs between the sharded and the single BF16 save"));
            assertEquals("bfloat16", fromShards.config().toJson().get("torch_dtype").getAsString());
        }
    }

    private static long shardCount(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().matches("model-\\d{5}-of-\\d{5}\\.safetensors")).count();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "tiny-qwen2"})
    void aModelWithAnAdapterSavesItsMergedWeightsAsBf16(String fixture) throws Exception {
        Path mergedF32 = temp.resolve("merged-f32");
        Path mergedBf16 = temp.resolve("merged-bf16");
        float[] adapted;
        try (CausalLM model = CausalLM.load(Fixtures.folder(fixture))) {
            LoraAdapter adapter = model.addLora(LoraConfig.builder().r(4).alpha(8)
                    .targetModules(LoraConfig.ALL_LINEAR).build(), 7);
            LoraAdapterTest.perturb(adapter, 3);
            adapted = logits(model, fixture);
            model.save(mergedF32);
            model.save(mergedBf16, null, SafetensorsDType.BF16);
            assertTrue(model.adapter().isPresent(), "saving leaves the adapter attached");
        }
        try (SafetensorsFile read = SafetensorsFile.open(mergedBf16.resolve(WeightSource.SINGLE_FILE))) {
            assertTrue(read.names().stream().noneMatch(n -> n.contains("lora_")), "merged: no adapter tensors");
        }
        Map<String, float[]> merged;
        try (CausalLM f32 = CausalLM.load(mergedF32)) {
            merged = weights(f32);
        }
        try (CausalLM reloaded = CausalLM.load(mergedBf16)) {
            // The merged float32 weights rounded once, not the base rounded and the update added.
            assertTrue(assertRoundedOnce(merged, reloaded, SafetensorsDType.BF16) > 0);
            double difference = maxAbsDifference(adapted, logits(reloaded, fixture));
            assertTrue(difference <= logitTolerance(SafetensorsDType.BF16, adapted, reloaded.namedParameters().size()),
                    fixture + ": merged BF16 logits moved by " + difference);
        }
    }

    @Test
    void otherTypesAreRefusedBeforeAnythingIsWritten() {
        Path folder = temp.resolve("never");
        try (CausalLM model = CausalLM.load(Fixtures.folder("tiny-llama"))) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> model.save(folder, null, SafetensorsDType.I8));
            assertTrue(refused.getMessage().contains("BF16") && refused.getMessage().contains("I8"),
                    refused.getMessage());
            assertThrows(IllegalArgumentException.class, () -> model.save(folder, null, (SafetensorsDType) null));
        }
        assertFalse(Files.exists(folder));
    }
}
