package dev.cpotoolkit.model.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * A checkpoint over 2 GiB, without using 2 GiB of disk: a sparse file whose only
 * real bytes are the header and one small tensor stored past the 2.5 GiB mark.
 * It proves offsets are longs and that data is mapped in pieces, the two things
 * that stop DJL's own decoder at 2 GiB.
 */
class LargeFileTest {

    static final long FILLER_BYTES = 5L << 29; // 2.5 GiB
    static final float[] PROBE = {1.5f, -2.25f, Float.MIN_VALUE, Float.NaN};

    /** File systems known not to support holes; there the test would write 2.5 GiB. */
    static final Set<String> NO_SPARSE_FILES = Set.of("vfat", "fat", "fat32", "msdos", "exfat", "hfs");

    @TempDir
    Path dir;

    @Test
    void readsATensorStoredBeyondTwoGibibytes() throws Exception {
        FileStore store = Files.getFileStore(dir);
        assumeFalse(NO_SPARSE_FILES.contains(store.type().toLowerCase(Locale.ROOT)),
                "no sparse files on " + store.type());

        // A legal, gap-free layout: a 2.5 GiB U8 filler, then the probe. Only the
        // probe's 16 bytes and the header are ever written.
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"filler\":{\"dtype\":\"U8\",\"shape\":[" + FILLER_BYTES + "],\"data_offsets\":[0," + FILLER_BYTES
                + "]},\"probe\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[" + FILLER_BYTES + ","
                + (FILLER_BYTES + 16) + "]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7;
        long dataStart = 8L + padded;
        Path file = dir.resolve("model.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(dataStart + FILLER_BYTES + 16);
            ByteBuffer head = ByteBuffer.allocate((int) dataStart).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(padded).put(json);
            while (head.hasRemaining()) {
                head.put((byte) ' ');
            }
            raf.write(head.array());
            ByteBuffer probe = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            for (float value : PROBE) {
                probe.putFloat(value);
            }
            raf.seek(dataStart + FILLER_BYTES);
            raf.write(probe.array());
        }

        try (WeightSource source = WeightSource.open(dir)) {
            assertEquals(FILLER_BYTES, source.info("probe").begin());
            assertArrayEquals(new long[] {2, 2}, source.info("probe").shape());
            float[] read = source.readFloats("probe");
            for (int i = 0; i < PROBE.length; i++) {
                assertEquals(Float.floatToRawIntBits(PROBE[i]), Float.floatToRawIntBits(read[i]));
            }
            // The filler cannot fit one Java array: a clear error, not a crash.
            CheckpointException tooBig = assertThrows(CheckpointException.class, () -> {
                try (SafetensorsFile raw = SafetensorsFile.open(file)) {
                    raw.readRawBytes("filler");
                }
            });
            assertEquals(file, tooBig.file());
        }
    }
}
