package dev.cpotoolkit.model.checkpoint;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file opened for reading, written here rather than taken from
 * DJL: DJL's decoder reads the whole file into one {@code byte[]} (so nothing
 * over 2 GiB) and aborts the JVM on BF16.
 *
 * <p>The layout: an 8-byte little-endian header length {@code N}, {@code N}
 * bytes of JSON naming each tensor's dtype, shape and byte range, then the raw
 * little-endian data. Opening validates the whole header against the file size
 * and checks that the tensors tile the data section exactly (no overlaps, gaps
 * or trailing bytes), so a truncated or corrupt file fails here with a {@link CheckpointException}
 * naming the file and tensor, never later inside native code. Tensor data is
 * read through memory maps of at most {@value #MAP_CHUNK_BYTES} bytes at a time,
 * so files of any size work.
 *
 * <pre>{@code
 * try (SafetensorsFile file = SafetensorsFile.open(Path.of("model.safetensors"))) {
 *     float[] embedding = file.readFloats("model.embed_tokens.weight"); // BF16/F16 widened
 * }
 * }</pre>
 */
public final class SafetensorsFile implements AutoCloseable {

    /** The reference implementation refuses headers over 100 MB; so do we. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /** Largest piece mapped at once; a multiple of 8 so no element straddles two maps. */
    static final int MAP_CHUNK_BYTES = 1 << 30;

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart,
                            Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /**
     * Opens and validates a safetensors file.
     *
     * @throws CheckpointException if the file is missing, unreadable, truncated,
     *     or its header is not valid safetensors
     */
    public static SafetensorsFile open(Path path) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException missing) {
            throw new CheckpointException(path, "file not found");
        } catch (IOException | SecurityException unreadable) {
            throw new CheckpointException(path, "cannot open: " + unreadable.getMessage(), unreadable);
        }
        try {
            return read(path, channel);
        } catch (RuntimeException | IOException failure) {
            closeQuietly(channel);
            if (failure instanceof CheckpointException checkpoint) {
                throw checkpoint;
            }
            throw new CheckpointException(path, "cannot read: " + failure.getMessage(), failure);
        }
    }

    private static SafetensorsFile read(Path path, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new CheckpointException(path, "only " + size + " bytes: too short for a safetensors header");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes, 0);
        long headerLength = lengthBytes.flip().getLong();
        if (headerLength < 2 || headerLength > size - 8) {
            throw new CheckpointException(path, "header length " + Long.toUnsignedString(headerLength)
                    + " runs past the end of the file (" + size + " bytes); the file is truncated or not safetensors");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new CheckpointException(path, "header of " + headerLength + " bytes exceeds the "
                    + MAX_HEADER_BYTES + "-byte limit");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(channel, headerBytes, 8);
        String headerText = new String(headerBytes.array(), StandardCharsets.UTF_8);
        long dataStart = 8 + headerLength;
        long dataSize = size - dataStart;
        HeaderParser parser = new HeaderParser(path, dataSize);
        parser.parse(headerText);
        return new SafetensorsFile(path, channel, dataStart, parser.tensors, parser.metadata);
    }

    /** The file this was opened from. */
    public Path path() {
        return path;
    }

    /** Tensor names, ordered by their position in the data section. */
    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }

    /** True when the header has a tensor of this name. */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The header's entry for one tensor. */
    public TensorInfo info(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new CheckpointException(path, "no tensor named '" + name + "'");
        }
        return info;
    }

    /** Every header entry, in data order. */
    public Map<String, TensorInfo> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    /** The optional {@code __metadata__} string map (empty when absent). */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /**
     * Reads a floating tensor as float32, row-major. BF16 and F16 widen exactly
     * (BF16 by placing its bits in the high half of a float); F64 rounds to the
     * nearest float.
     */
    public float[] readFloats(String name) {
        TensorInfo info = info(name);
        if (!info.dtype().isFloating()) {
            throw new CheckpointException(path, "tensor '" + name + "' is " + info.dtype() + ", not a floating type");
        }
        float[] out = new float[checkedLength(info)];
        int[] filled = {0};
        forEachChunk(info, buffer -> {
            int n = buffer.remaining() / info.dtype().bytes();
            int at = filled[0];
            switch (info.dtype()) {
                case F32 -> buffer.asFloatBuffer().get(out, at, n);
                case F64 -> {
                    for (int i = 0; i < n; i++) {
                        out[at + i] = (float) buffer.getDouble();
                    }
                }
                case BF16 -> {
                    for (int i = 0; i < n; i++) {
                        out[at + i] = Float.intBitsToFloat((buffer.getShort() & 0xFFFF) << 16);
                    }
                }
                case F16 -> {
                    for (int i = 0; i < n; i++) {
                        out[at + i] = HalfFloat.toFloat(buffer.getShort());
                    }
                }
                default -> throw new IllegalStateException(info.dtype().name());
            }
            filled[0] = at + n;
        });
        return out;
    }

    /** Reads an integer tensor (I64, I32, I16, I8, U8 or BOOL) as longs, row-major. */
    public long[] readLongs(String name) {
        TensorInfo info = info(name);
        if (info.dtype().isFloating()) {
            throw new CheckpointException(path, "tensor '" + name + "' is " + info.dtype() + ", not an integer type");
        }
        long[] out = new long[checkedLength(info)];
        int[] filled = {0};
        forEachChunk(info, buffer -> {
            int n = buffer.remaining() / info.dtype().bytes();
            int at = filled[0];
            for (int i = 0; i < n; i++) {
                out[at + i] = switch (info.dtype()) {
                    case I64 -> buffer.getLong();
                    case I32 -> buffer.getInt();
                    case I16 -> buffer.getShort();
                    case I8 -> buffer.get();
                    case U8, BOOL -> buffer.get() & 0xFF;
                    default -> throw new IllegalStateException(info.dtype().name());
                };
            }
            filled[0] = at + n;
        });
        return out;
    }

    /** The tensor's bytes exactly as stored (little-endian), for bit-exact copies. */
    public byte[] readRawBytes(String name) {
        TensorInfo info = info(name);
        if (info.byteLength() > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(path, "tensor '" + name + "' is too large for one byte array");
        }
        byte[] out = new byte[(int) info.byteLength()];
        int[] filled = {0};
        forEachChunk(info, buffer -> {
            int n = buffer.remaining();
            buffer.get(out, filled[0], n);
            filled[0] += n;
        });
        return out;
    }

    private int checkedLength(TensorInfo info) {
        long count = info.elementCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(path, "tensor '" + info.name() + "' has " + count
                    + " elements, more than one Java array holds");
        }
        return (int) count;
    }

    private interface ChunkConsumer {
        void accept(ByteBuffer littleEndianChunk);
    }

    private void forEachChunk(TensorInfo info, ChunkConsumer consumer) {
        long position = dataStart + info.begin();
        long remaining = info.byteLength();
        try {
            while (remaining > 0) {
                int length = (int) Math.min(remaining, MAP_CHUNK_BYTES);
                MappedByteBuffer chunk = channel.map(FileChannel.MapMode.READ_ONLY, position, length);
                consumer.accept(chunk.order(ByteOrder.LITTLE_ENDIAN));
                position += length;
                remaining -= length;
            }
        } catch (IOException failure) {
            throw new CheckpointException(path, "cannot read tensor '" + info.name() + "': " + failure.getMessage(),
                    failure);
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void readFully(FileChannel channel, ByteBuffer target, long position) throws IOException {
        while (target.hasRemaining()) {
            int read = channel.read(target, position + target.position());
            if (read < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing useful to do: the file was only read.
        }
    }

    /** Turns the JSON header into validated {@link TensorInfo}s. */
    private static final class HeaderParser {
        private final Path path;
        private final long dataSize;
        private final Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();

        HeaderParser(Path path, long dataSize) {
            this.path = path;
            this.dataSize = dataSize;
        }

        void parse(String headerText) {
            JsonElement root;
            try {
                root = JsonParser.parseString(headerText.strip());
            } catch (JsonParseException notJson) {
                throw new CheckpointException(path, "header is not valid JSON: " + notJson.getMessage(), notJson);
            }
            if (!root.isJsonObject()) {
                throw new CheckpointException(path, "header is not a JSON object");
            }
            List<TensorInfo> found = new ArrayList<>();
            for (Map.Entry<String, JsonElement> entry : root.getAsJsonObject().entrySet()) {
                if (entry.getKey().equals("__metadata__")) {
                    readMetadata(entry.getValue());
                } else {
                    found.add(readTensor(entry.getKey(), entry.getValue()));
                }
            }
            found.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
            checkTiling(found);
            for (TensorInfo info : found) {
                tensors.put(info.name(), info);
            }
        }

        /**
         * The tensors, sorted by position, must tile the data section exactly, as
         * the reference {@code validate()} demands: a tensor pointing into another's
         * bytes would load silently with the wrong weights, and a gap or trailing
         * bytes mean the header and the data disagree about what the file holds.
         */
        private void checkTiling(List<TensorInfo> sorted) {
            if (sorted.isEmpty()) {
                if (dataSize != 0) {
                    throw new CheckpointException(path, "header names no tensors but the data section has "
                            + dataSize + " bytes");
                }
                return;
            }
            TensorInfo first = sorted.get(0);
            if (first.begin() != 0) {
                throw fail(first.name(), "the first tensor begins at byte " + first.begin()
                        + " of the data section, not 0; tensors must cover the data section without gaps");
            }
            for (int i = 1; i < sorted.size(); i++) {
                TensorInfo previous = sorted.get(i - 1);
                TensorInfo next = sorted.get(i);
                if (next.begin() < previous.end()) {
                    throw new CheckpointException(path, "tensors '" + previous.name() + "' " + span(previous)
                            + " and '" + next.name() + "' " + span(next)
                            + " overlap; each tensor must have bytes of its own");
                }
                if (next.begin() > previous.end()) {
                    throw new CheckpointException(path, "gap of " + (next.begin() - previous.end())
                            + " bytes between tensors '" + previous.name() + "' " + span(previous) + " and '"
                            + next.name() + "' " + span(next) + "; tensors must be contiguous");
                }
            }
            TensorInfo last = sorted.get(sorted.size() - 1);
            if (last.end() != dataSize) {
                throw fail(last.name(), "the last tensor ends at byte " + last.end() + " but the data section has "
                        + dataSize + " bytes: " + (dataSize - last.end())
                        + " trailing bytes belong to no tensor");
            }
        }

        private static String span(TensorInfo info) {
            return "[" + info.begin() + ", " + info.end() + ")";
        }

        private void readMetadata(JsonElement value) {
            if (!value.isJsonObject()) {
                throw new CheckpointException(path, "__metadata__ is not a JSON object");
            }
            for (Map.Entry<String, JsonElement> item : value.getAsJsonObject().entrySet()) {
                JsonElement v = item.getValue();
                metadata.put(item.getKey(), v.isJsonPrimitive() ? v.getAsString() : v.toString());
            }
        }

        private TensorInfo readTensor(String name, JsonElement value) {
            if (!value.isJsonObject()) {
                throw fail(name, "entry is not a JSON object");
            }
            JsonObject entry = value.getAsJsonObject();
            JsonElement dtypeElement = entry.get("dtype");
            if (dtypeElement == null || !dtypeElement.isJsonPrimitive()) {
                throw fail(name, "missing 'dtype'");
            }
            SafetensorsDType dtype = SafetensorsDType.parse(dtypeElement.getAsString());
            if (dtype == null) {
                throw fail(name, "unsupported dtype '" + dtypeElement.getAsString() + "'");
            }
            long[] shape = longArray(name, entry, "shape", -1);
            long[] offsets = longArray(name, entry, "data_offsets", 2);
            long begin = offsets[0];
            long end = offsets[1];
            if (begin > end) {
                throw fail(name, "data_offsets [" + begin + ", " + end + "] are reversed");
            }
            if (end > dataSize) {
                throw fail(name, "data_offsets [" + begin + ", " + end + "] run past the end of the data section ("
                        + dataSize + " bytes); the file is truncated");
            }
            TensorInfo info = new TensorInfo(name, dtype, shape, begin, end);
            long expected;
            try {
                expected = Math.multiplyExact(info.elementCount(), dtype.bytes());
            } catch (ArithmeticException overflow) {
                throw fail(name, "shape " + java.util.Arrays.toString(shape) + " is too large");
            }
            if (expected != info.byteLength()) {
                throw fail(name, "shape " + java.util.Arrays.toString(shape) + " of " + dtype + " needs " + expected
                        + " bytes but data_offsets span " + info.byteLength());
            }
            return info;
        }

        private long[] longArray(String name, JsonObject entry, String field, int requiredLength) {
            JsonElement element = entry.get(field);
            if (element == null || !element.isJsonArray()) {
                throw fail(name, "missing or non-array '" + field + "'");
            }
            JsonArray array = element.getAsJsonArray();
            if (requiredLength >= 0 && array.size() != requiredLength) {
                throw fail(name, "'" + field + "' must have " + requiredLength + " entries, found " + array.size());
            }
            long[] values = new long[array.size()];
            for (int i = 0; i < values.length; i++) {
                JsonElement item = array.get(i);
                if (!item.isJsonPrimitive()) {
                    throw fail(name, "'" + field + "' entry " + i + " is not an integer: " + item);
                }
                // Parsed from the text: Gson's getAsLong wraps values past 2^63 around silently.
                String text = item.getAsString();
                if (!text.matches("\\d+")) {
                    throw fail(name, "'" + field + "' entry " + i + " is not a non-negative integer: " + item);
                }
                try {
                    values[i] = Long.parseLong(text);
                } catch (NumberFormatException tooLarge) {
                    throw fail(name, "'" + field + "' entry " + i + " is " + text + ", out of range (over "
                            + Long.MAX_VALUE + ")");
                }
            }
            return values;
        }

        private CheckpointException fail(String tensor, String message) {
            return new CheckpointException(path, "tensor '" + tensor + "': " + message);
        }
    }
}
