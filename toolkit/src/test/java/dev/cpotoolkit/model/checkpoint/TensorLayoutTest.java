package dev.cpotoolkit.model.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data section must be tiled exactly by the tensors, as the reference
 * implementation's {@code validate()} demands: no tensor may read another's
 * bytes, and no byte may be left over. Each file here is written by hand so the
 * header can say anything.
 */
class TensorLayoutTest {

    @TempDir
    Path dir;

    @Test
    void overlappingTensorsNameBothTensors() throws Exception {
        // "b" points at the second half of "a": both would load, one with a's weights.
        Path file = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16);
        String message = failure(file);
        assertTrue(message.contains("'a'") && message.contains("'b'"), message);
        assertTrue(message.contains("overlap"), message);
    }

    @Test
    void tensorWhollyInsideAnotherIsAnOverlap() throws Exception {
        Path file = write("{\"outer\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"inner\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"tail\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]}}", 20);
        String message = failure(file);
        assertTrue(message.contains("'outer'") && message.contains("'inner'"), message);
    }

    @Test
    void gapBetweenTensors() throws Exception {
        Path file = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12);
        String message = failure(file);
        assertTrue(message.contains("'a'") && message.contains("'b'"), message);
        assertTrue(message.contains("gap"), message);
    }

    @Test
    void firstTensorMustBeginAtZero() throws Exception {
        Path file = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8);
        String message = failure(file);
        assertTrue(message.contains("'a'") && message.contains("begins at byte 4"), message);
    }

    @Test
    void trailingBytesNotCoveredByAnyTensor() throws Exception {
        Path file = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 12);
        String message = failure(file);
        assertTrue(message.contains("'a'") && message.contains("8 trailing bytes"), message);
    }

    @Test
    void dataWithoutAnyTensor() throws Exception {
        Path file = write("{\"__metadata__\":{\"format\":\"pt\"}}", 8);
        String message = failure(file);
        assertTrue(message.contains("no tensors") && message.contains("8 bytes"), message);
    }

    @Test
    void offsetBeyondSixtyFourBitsIsNotWrappedAround() throws Exception {
        // 2^64 + 4 would wrap to 4 in a long, making this look like a valid 4-byte tensor.
        Path file = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
                + "\"data_offsets\":[0,18446744073709551620]}}", 4);
        String message = failure(file);
        assertTrue(message.contains("'a'") && message.contains("data_offsets") && message.contains("out of range"),
                message);
    }

    @Test
    void shapeBeyondSixtyFourBitsIsNotWrappedAround() throws Exception {
        Path file = write("{\"a\":{\"dtype\":\"U8\",\"shape\":[18446744073709551617],"
                + "\"data_offsets\":[0,1]}}", 1);
        String message = failure(file);
        assertTrue(message.contains("'a'") && message.contains("shape") && message.contains("out of range"),
                message);
    }

    @Test
    void exactTilingLoadsWhateverTheHeaderOrder() throws Exception {
        // Header order differs from data order; zero-length and scalar tensors are legal.
        Path file = write("{\"late\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]},"
                + "\"empty\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[12,12]},"
                + "\"early\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", 12);
        try (SafetensorsFile opened = SafetensorsFile.open(file)) {
            assertEquals(java.util.List.of("early", "late", "empty"), opened.names());
        }
    }

    @Test
    void theWritersOwnFilesStillLoad() throws Exception {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        tensors.put("scalar", FloatTensor.of(3f));
        tensors.put("matrix", new FloatTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        tensors.put("vector", FloatTensor.of(7f, 8f));
        Path file = dir.resolve("written.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of());
        try (SafetensorsFile opened = SafetensorsFile.open(file)) {
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, opened.readFloats("matrix"));
            assertArrayEquals(new float[] {7, 8}, opened.readFloats("vector"));
        }
    }

    private String failure(Path file) {
        CheckpointException error = assertThrows(CheckpointException.class, () -> SafetensorsFile.open(file));
        assertEquals(file, error.file());
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
        return error.getMessage();
    }

    /** A file with this header (space-padded to 8 bytes) and {@code dataBytes} bytes of data. */
    private Path write(String header, int dataBytes) throws Exception {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7;
        ByteBuffer out = ByteBuffer.allocate(8 + padded + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        while (out.position() < 8 + padded) {
            out.put((byte) ' ');
        }
        Path file = dir.resolve("layout-" + Integer.toHexString(header.hashCode()) + ".safetensors");
        Files.write(file, out.array());
        return file;
    }
}
