package dev.cpotoolkit.model.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsWriterTest {

    @TempDir
    Path dir;

    /** Every tensor of a fixture, widened to F32, in file order. */
    static Map<String, FloatTensor> fixtureTensors(String model) throws Exception {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        try (WeightSource source = WeightSource.open(SafetensorsFileTest.fixture(model))) {
            for (String name : source.names()) {
                tensors.put(name, source.readTensor(name));
            }
        }
        return tensors;
    }

    static void assertBitExact(Map<String, FloatTensor> expected, WeightSource actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.names()));
        for (Map.Entry<String, FloatTensor> entry : expected.entrySet()) {
            String name = entry.getKey();
            assertEquals(SafetensorsDType.F32, actual.info(name).dtype(), name);
            assertArrayEquals(entry.getValue().shape(), actual.info(name).shape(), name);
            float[] want = entry.getValue().data();
            float[] got = actual.readFloats(name);
            assertEquals(want.length, got.length, name);
            for (int i = 0; i < want.length; i++) {
                if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                    throw new AssertionError(name + "[" + i + "]: " + want[i] + " != " + got[i]);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "tiny-qwen2"})
    void roundTripsFixturesBitExactly(String model) throws Exception {
        Map<String, FloatTensor> tensors = fixtureTensors(model);
        Path file = dir.resolve(model + ".safetensors");
        SafetensorsWriter.write(file, tensors, Map.of("note", "round trip"));
        try (WeightSource back = WeightSource.ofFile(file)) {
            assertBitExact(tensors, back);
        }
        try (SafetensorsFile raw = SafetensorsFile.open(file)) {
            assertEquals("pt", raw.metadata().get("format"));
            assertEquals("round trip", raw.metadata().get("note"));
        }
    }

    @Test
    void headerIsPaddedToEightAndBytesAreDeterministic() throws Exception {
        Map<String, FloatTensor> tensors = fixtureTensors("tiny-gpt2");
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        SafetensorsWriter.write(a, tensors, Map.of());
        SafetensorsWriter.write(b, tensors, Map.of());
        byte[] bytes = Files.readAllBytes(a);
        assertArrayEquals(bytes, Files.readAllBytes(b));
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8);
        String header = new String(bytes, 8, (int) headerLength, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(header.stripTrailing().endsWith("}"), "JSON then only spaces");
        assertTrue(header.substring(header.stripTrailing().length()).isBlank());
        assertTrue(header.startsWith("{\"__metadata__\":{\"format\":\"pt\"}"), header);
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws Exception {
        SafetensorsWriter.write(dir.resolve("m.safetensors"), Map.of("x", FloatTensor.of(1f, 2f)), null);
        try (var listing = Files.list(dir)) {
            assertEquals(List.of("m.safetensors"), listing.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void floatTensorValidatesShape() {
        assertThrows(IllegalArgumentException.class, () -> new FloatTensor(new long[] {2, 3}, new float[5]));
        assertThrows(IllegalArgumentException.class, () -> new FloatTensor(new long[] {-1}, new float[0]));
        assertEquals(1, new FloatTensor(new long[0], new float[1]).elementCount());
    }

    @Test
    void shardsWhenOverTheLimitAndReadsBack() throws Exception {
        Map<String, FloatTensor> tensors = fixtureTensors("tiny-llama");
        List<Path> files = ShardedSafetensorsWriter.write(dir, tensors, 20_000);
        assertTrue(files.size() > 1);
        assertTrue(Files.exists(dir.resolve(WeightSource.INDEX_FILE)));
        try (WeightSource back = WeightSource.open(dir)) {
            assertEquals(files.size(), back.files().size());
            for (String name : tensors.keySet()) {
                assertArrayEquals(tensors.get(name).data(), back.readFloats(name));
            }
        }
    }
}
