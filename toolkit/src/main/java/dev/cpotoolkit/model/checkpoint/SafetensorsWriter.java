package dev.cpotoolkit.model.checkpoint;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes float32 tensors as one safetensors file that Python {@code safetensors}
 * and {@code transformers} load unchanged, stored as F32 or, narrowed the way
 * PyTorch's {@code tensor.to(...)} rounds (nearest, ties to even), as BF16 or F16.
 *
 * <p>Tensors are laid out in the map's iteration order (use a
 * {@link LinkedHashMap} for a stable order); the header is compact JSON padded
 * with spaces to a multiple of 8 bytes so the data starts aligned; its
 * {@code __metadata__} always carries {@code "format": "pt"}, which
 * {@code transformers} checks. The same input always gives the same bytes. The
 * file is written beside the target and renamed into place, so a crash never
 * leaves a half-written checkpoint under the real name.
 *
 * <pre>{@code
 * Map<String, FloatTensor> weights = new LinkedHashMap<>();
 * weights.put("lm_head.weight", new FloatTensor(new long[] {64, 32}, values));
 * SafetensorsWriter.write(Path.of("out/model.safetensors"), weights, Map.of());
 * // Half the size, as Hub checkpoints usually are:
 * SafetensorsWriter.write(Path.of("out/model.safetensors"), weights, Map.of(), SafetensorsDType.BF16);
 * }</pre>
 */
public final class SafetensorsWriter {

    /** Metadata key that {@code transformers} requires, and the value it expects. */
    static final String FORMAT_KEY = "format";
    static final String FORMAT_PT = "pt";

    /** Size of the staging buffer used to stream floats to disk. */
    private static final int BUFFER_BYTES = 1 << 20;

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private SafetensorsWriter() {}

    /**
     * Writes {@code tensors} as F32 to {@code file}, replacing any existing file
     * atomically.
     *
     * @param file     the target, e.g. {@code model.safetensors}; missing parent
     *                 folders are created
     * @param tensors  tensor name to tensor, written in iteration order
     * @param metadata extra {@code __metadata__} strings (may be empty or null);
     *                 {@code format} is {@code pt} unless given here
     * @throws CheckpointException if a name is invalid or the file cannot be written
     */
    public static void write(Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata) {
        write(file, tensors, metadata, SafetensorsDType.F32);
    }

    /**
     * Writes {@code tensors} as {@code dtype} to {@code file}, replacing any
     * existing file atomically. BF16 and F16 round to nearest even, bit for bit
     * as PyTorch's CPU {@code tensor.to(torch.bfloat16 / torch.float16)}: values
     * beyond the type's range become infinity, infinities stay, NaN stays NaN.
     *
     * @param file     the target, e.g. {@code model.safetensors}; missing parent
     *                 folders are created
     * @param tensors  tensor name to tensor, written in iteration order
     * @param metadata extra {@code __metadata__} strings (may be empty or null);
     *                 {@code format} is {@code pt} unless given here
     * @param dtype    F32, BF16 or F16
     * @throws IllegalArgumentException if {@code dtype} is another type
     * @throws CheckpointException if a name is invalid or the file cannot be written
     */
    public static void write(Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata,
                             SafetensorsDType dtype) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(tensors, "tensors");
        SafetensorsDType.checkWritable(dtype);
        byte[] header = header(file, tensors, metadata, dtype);
        try {
            AtomicFiles.write(file, channel -> {
                ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                length.putLong(header.length).flip();
                writeFully(channel, length);
                writeFully(channel, ByteBuffer.wrap(header));
                if (dtype == SafetensorsDType.F32) {
                    writeData(channel, tensors);
                } else {
                    writeNarrowed(channel, tensors, dtype);
                }
            });
        } catch (IOException failure) {
            throw new CheckpointException(file, "cannot write: " + failure.getMessage(), failure);
        }
    }

    /** The header JSON, UTF-8, padded with spaces to a multiple of 8 bytes. */
    static byte[] header(Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata,
                         SafetensorsDType dtype) {
        JsonObject root = new JsonObject();
        JsonObject meta = new JsonObject();
        meta.addProperty(FORMAT_KEY, FORMAT_PT);
        if (metadata != null) {
            metadata.forEach((key, value) -> meta.addProperty(
                    Objects.requireNonNull(key, "metadata key"), Objects.requireNonNull(value, "metadata value")));
        }
        root.add("__metadata__", meta);
        long offset = 0;
        for (Map.Entry<String, FloatTensor> entry : tensors.entrySet()) {
            String name = entry.getKey();
            if (name == null || name.isEmpty() || name.equals("__metadata__")) {
                throw new CheckpointException(file, "invalid tensor name '" + name + "'");
            }
            FloatTensor tensor = entry.getValue();
            if (tensor == null) {
                throw new CheckpointException(file, "tensor '" + name + "' is null");
            }
            JsonObject info = new JsonObject();
            info.addProperty("dtype", dtype.name());
            JsonArray shape = new JsonArray();
            Arrays.stream(tensor.shape()).forEach(shape::add);
            info.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset += tensor.byteLength(dtype);
            offsets.add(offset);
            info.add("data_offsets", offsets);
            root.add(name, info);
        }
        byte[] json = GSON.toJson(root).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    /** Streams every tensor's floats, little-endian, through one reused buffer. */
    private static void writeData(FileChannel channel, Map<String, FloatTensor> tensors) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = buffer.asFloatBuffer();
        for (FloatTensor tensor : tensors.values()) {
            float[] data = tensor.data();
            int at = 0;
            while (at < data.length) {
                int n = Math.min(floats.capacity(), data.length - at);
                floats.clear();
                floats.put(data, at, n);
                buffer.clear().limit(n * 4);
                writeFully(channel, buffer);
                at += n;
            }
        }
    }

    /** Streams every tensor narrowed to 16 bits, little-endian, through one reused buffer. */
    private static void writeNarrowed(FileChannel channel, Map<String, FloatTensor> tensors, SafetensorsDType dtype)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        ShortBuffer shorts = buffer.asShortBuffer();
        boolean bfloat = dtype == SafetensorsDType.BF16;
        for (FloatTensor tensor : tensors.values()) {
            float[] data = tensor.data();
            int at = 0;
            while (at < data.length) {
                int n = Math.min(shorts.capacity(), data.length - at);
                shorts.clear();
                for (int i = 0; i < n; i++) {
                    float value = data[at + i];
                    shorts.put(bfloat ? BFloat16.fromFloat(value) : HalfFloat.fromFloat(value));
                }
                buffer.clear().limit(n * 2);
                writeFully(channel, buffer);
                at += n;
            }
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
