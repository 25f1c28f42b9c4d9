package dev.cpotoolkit.model.checkpoint;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * float32 to bfloat16 and float16, bit for bit against PyTorch. The reference,
 * {@code halfprecision/half_reference.json}, was written by
 * {@code make_half_reference.py} beside it with torch 1.13 on the CPU: edge
 * cases (ties, carries into the exponent, overflow, subnormals, NaN, infinity)
 * plus a sweep of every float32 exponent and seeded random values.
 */
class HalfPrecisionTest {

    /** One reference row: the float32 bits and what {@code .to()} gave for each half type. */
    record Case(int input, short bfloat16, short float16) {}

    private static List<Case> cases;

    @TempDir
    Path dir;

    @BeforeAll
    static void readReference() throws Exception {
        try (Reader reader = new InputStreamReader(Objects.requireNonNull(
                HalfPrecisionTest.class.getResourceAsStream("/halfprecision/half_reference.json")),
                StandardCharsets.UTF_8)) {
            JsonObject root = JsonParser.parseReader(reader).getAsJsonObject();
            cases = new ArrayList<>();
            for (JsonElement element : root.getAsJsonArray("cases")) {
                JsonArray row = element.getAsJsonArray();
                cases.add(new Case(Integer.parseUnsignedInt(row.get(0).getAsString(), 16),
                        (short) Integer.parseInt(row.get(1).getAsString(), 16),
                        (short) Integer.parseInt(row.get(2).getAsString(), 16)));
            }
        }
        assertTrue(cases.size() > 5000, "the reference has its sweep and random cases: " + cases.size());
    }

    private static String hex(int bits) {
        return String.format("%08x", bits);
    }

    private static String hex(short bits) {
        return String.format("%04x", bits & 0xFFFF);
    }

    @Test
    void bfloat16MatchesPyTorchBitForBit() {
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            short got = BFloat16.fromFloat(Float.intBitsToFloat(c.input()));
            if (got != c.bfloat16()) {
                wrong.add(hex(c.input()) + " -> " + hex(got) + ", torch " + hex(c.bfloat16()));
            }
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())), wrong.size() + " wrong");
    }

    @Test
    void float16MatchesPyTorchBitForBit() {
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            short got = HalfFloat.fromFloat(Float.intBitsToFloat(c.input()));
            if (got != c.float16()) {
                wrong.add(hex(c.input()) + " -> " + hex(got) + ", torch " + hex(c.float16()));
            }
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())), wrong.size() + " wrong");
    }

    @Test
    void namedEdgeCases() {
        // Readable spot checks of what the reference covers wholesale.
        assertEquals((short) 0x3F80, BFloat16.fromFloat(Float.intBitsToFloat(0x3F808000)), "tie to even, down");
        assertEquals((short) 0x3F82, BFloat16.fromFloat(Float.intBitsToFloat(0x3F818000)), "tie to even, up");
        assertEquals((short) 0x4000, BFloat16.fromFloat(Float.intBitsToFloat(0x3FFF8000)), "carry into the exponent");
        assertEquals((short) 0x7F80, BFloat16.fromFloat(Float.MAX_VALUE), "overflow to infinity");
        assertEquals((short) 0xFF80, BFloat16.fromFloat(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(BFloat16.toFloat(BFloat16.fromFloat(Float.NaN))), "NaN stays NaN");
        assertEquals((short) 0x0002, BFloat16.fromFloat(Float.intBitsToFloat(0x00018000)), "subnormal tie, odd, up");
        assertEquals((short) 0x7BFF, HalfFloat.fromFloat(65504f), "largest float16");
        assertEquals((short) 0x7C00, HalfFloat.fromFloat(65520f), "the overflow tie goes to infinity");
        assertEquals((short) 0x0000, HalfFloat.fromFloat(0x1p-25f), "the underflow tie goes to zero");
        assertEquals((short) 0x0001, HalfFloat.fromFloat(Math.nextUp(0x1p-25f)));
        assertEquals((short) 0x0400, HalfFloat.fromFloat(0x1.ffcp-15f), "subnormal rounding up into the normals");
        assertEquals((short) 0xFE00, HalfFloat.fromFloat(Float.intBitsToFloat(0xFFC00000)), "negative NaN");
    }

    @Test
    void everyHalfValueSurvivesWideningAndNarrowing() {
        // Exhaustive over all 65536 patterns: a value already representable must come back unchanged.
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            short half = (short) bits;
            float bf = BFloat16.toFloat(half);
            float f16 = HalfFloat.toFloat(half);
            if (!Float.isNaN(bf)) {
                assertEquals(half, BFloat16.fromFloat(bf), "bfloat16 " + hex(half));
            }
            if (!Float.isNaN(f16)) {
                assertEquals(half, HalfFloat.fromFloat(f16), "float16 " + hex(half));
            }
        }
    }

    @Test
    void theWriterStoresTheseBitsLittleEndian() throws Exception {
        float[] values = new float[cases.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(cases.get(i).input());
        }
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        tensors.put("values", FloatTensor.of(values));
        for (SafetensorsDType dtype : List.of(SafetensorsDType.BF16, SafetensorsDType.F16)) {
            Path file = dir.resolve(dtype + ".safetensors");
            SafetensorsWriter.write(file, tensors, Map.of(), dtype);
            try (SafetensorsFile read = SafetensorsFile.open(file)) {
                assertEquals(dtype, read.info("values").dtype());
                ByteBuffer raw = ByteBuffer.wrap(read.readRawBytes("values")).order(ByteOrder.LITTLE_ENDIAN);
                assertEquals(2L * values.length, raw.remaining());
                for (Case c : cases) {
                    short want = dtype == SafetensorsDType.BF16 ? c.bfloat16() : c.float16();
                    assertEquals(want, raw.getShort(), dtype + " of " + hex(c.input()));
                }
            }
        }
    }

    @Test
    void sizesCountTwoBytesAnElementAndOtherTypesAreRefused() throws Exception {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        tensors.put("a", new FloatTensor(new long[] {3, 5}, new float[15]));
        tensors.put("b", FloatTensor.of(1f, 2f, 3f));
        Path f32 = dir.resolve("f32.safetensors");
        Path bf16 = dir.resolve("bf16.safetensors");
        SafetensorsWriter.write(f32, tensors, Map.of());
        SafetensorsWriter.write(bf16, tensors, Map.of(), SafetensorsDType.BF16);
        try (SafetensorsFile read = SafetensorsFile.open(bf16)) {
            assertEquals(30, read.info("a").byteLength());
            assertEquals(6, read.info("b").byteLength());
            assertEquals(2f, read.readFloats("b")[1]);
        }
        assertTrue(Files.size(bf16) < Files.size(f32));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SafetensorsWriter.write(dir.resolve("x.safetensors"), tensors, Map.of(), SafetensorsDType.I64));
        assertTrue(refused.getMessage().contains("I64"), refused.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ShardedSafetensorsWriter.write(dir, tensors, 100, Map.of(), SafetensorsDType.F64));
        assertEquals(List.of(), List.of(Objects.requireNonNull(dir.toFile().list())).stream()
                .filter(name -> name.startsWith("x") || name.startsWith("model")).toList(), "nothing written");
    }

    @Test
    void shardLimitAndTotalSizeCountStoredBytes() throws Exception {
        Map<String, FloatTensor> tensors = ShardedSafetensorsWriterTest.threeTensors(); // 16, 10, 3 elements
        // 58 bytes as BF16 (116 as F32): a 60-byte limit fits everything in one file.
        assertEquals(List.of(dir.resolve("model.safetensors")),
                ShardedSafetensorsWriter.write(dir, tensors, 60, Map.of(), SafetensorsDType.BF16));
        Path sharded = dir.resolve("sharded");
        Files.createDirectories(sharded);
        // A 32-byte limit: a (32 bytes) alone, then b and c (20 + 6).
        assertEquals(2, ShardedSafetensorsWriter.write(sharded, tensors, 32, Map.of(), SafetensorsDType.BF16).size());
        JsonObject index = JsonParser.parseString(Files.readString(sharded.resolve(WeightSource.INDEX_FILE)))
                .getAsJsonObject();
        assertEquals(58, index.getAsJsonObject("metadata").get("total_size").getAsLong());
        try (WeightSource source = WeightSource.open(sharded)) {
            assertEquals(SafetensorsDType.BF16, source.info("c").dtype());
            assertEquals(3f, source.readFloats("c")[2]);
        }
    }
}
