package dev.cpotoolkit.model.checkpoint;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Saves a model's weights into a folder the way {@code save_pretrained} does:
 * one {@code model.safetensors} when everything fits in {@code maxShardBytes},
 * otherwise {@code model-00001-of-0000N.safetensors} shards plus a
 * {@code model.safetensors.index.json} with {@code metadata.total_size} and a
 * {@code weight_map}. {@link WeightSource#open(Path)} reads either back.
 * Weights are stored as F32 unless a BF16 or F16 target is given; the shard
 * limit and {@code total_size} count the bytes of the stored type.
 *
 * <p>Tensors fill shards greedily in map order; a tensor larger than the limit
 * gets a shard of its own. Every file is written atomically, the index last,
 * and weight files of an earlier save that the new layout does not use are
 * removed afterwards, so a folder never mixes two saves' layouts.
 */
public final class ShardedSafetensorsWriter {

    /** The {@code transformers} default shard limit, 5 GB (decimal, as it counts). */
    public static final long DEFAULT_MAX_SHARD_BYTES = 5_000_000_000L;

    /** Weight files a previous save may have left: the single file, its index and shards. */
    private static final Pattern SHARD_NAME = Pattern.compile("model-\\d{5}-of-\\d{5}\\.safetensors");

    private ShardedSafetensorsWriter() {}

    /**
     * Writes {@code tensors} into {@code folder} with the default 5 GB shard limit.
     *
     * @return the weight files written, in order
     */
    public static List<Path> write(Path folder, Map<String, FloatTensor> tensors) {
        return write(folder, tensors, DEFAULT_MAX_SHARD_BYTES, Map.of());
    }

    /**
     * Writes {@code tensors} into {@code folder}, sharding at {@code maxShardBytes}.
     *
     * @return the weight files written, in order (one {@code model.safetensors}
     *     when no sharding was needed)
     */
    public static List<Path> write(Path folder, Map<String, FloatTensor> tensors, long maxShardBytes) {
        return write(folder, tensors, maxShardBytes, Map.of());
    }

    /**
     * Writes {@code tensors} into {@code folder}, sharding at {@code maxShardBytes}
     * bytes of tensor data per file, with extra {@code __metadata__} in each file.
     *
     * @return the weight files written, in order
     * @throws IllegalArgumentException if {@code maxShardBytes} is not positive
     * @throws CheckpointException if a file cannot be written
     */
    public static List<Path> write(Path folder, Map<String, FloatTensor> tensors, long maxShardBytes,
                                   Map<String, String> metadata) {
        return write(folder, tensors, maxShardBytes, metadata, SafetensorsDType.F32);
    }

    /**
     * Writes {@code tensors} into {@code folder} as {@code dtype}, sharding at
     * {@code maxShardBytes} bytes of stored tensor data per file (two bytes an
     * element for BF16 and F16), with extra {@code __metadata__} in each file.
     * BF16 and F16 round as {@link SafetensorsWriter#write(Path, Map, Map, SafetensorsDType)}
     * describes.
     *
     * @param dtype F32, BF16 or F16
     * @return the weight files written, in order
     * @throws IllegalArgumentException if {@code maxShardBytes} is not positive or
     *     {@code dtype} is not F32, BF16 or F16
     * @throws CheckpointException if a file cannot be written
     */
    public static List<Path> write(Path folder, Map<String, FloatTensor> tensors, long maxShardBytes,
                                   Map<String, String> metadata, SafetensorsDType dtype) {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(tensors, "tensors");
        if (maxShardBytes <= 0) {
            throw new IllegalArgumentException("maxShardBytes must be positive, was " + maxShardBytes);
        }
        SafetensorsDType.checkWritable(dtype);
        List<Map<String, FloatTensor>> shards = split(tensors, maxShardBytes, dtype);
        List<Path> written = new ArrayList<>();
        if (shards.size() == 1) {
            Path single = folder.resolve(WeightSource.SINGLE_FILE);
            SafetensorsWriter.write(single, shards.get(0), metadata, dtype);
            written.add(single);
        } else {
            Map<String, String> weightMap = new TreeMap<>();
            long totalSize = 0;
            for (int i = 0; i < shards.size(); i++) {
                String name = shardName(i + 1, shards.size());
                Path shard = folder.resolve(name);
                SafetensorsWriter.write(shard, shards.get(i), metadata, dtype);
                written.add(shard);
                for (Map.Entry<String, FloatTensor> entry : shards.get(i).entrySet()) {
                    weightMap.put(entry.getKey(), name);
                    totalSize += entry.getValue().byteLength(dtype);
                }
            }
            writeIndex(folder.resolve(WeightSource.INDEX_FILE), totalSize, weightMap);
        }
        removeStale(folder, written);
        return written;
    }

    /** {@code model-00002-of-00003.safetensors}, as {@code transformers} names shards. */
    static String shardName(int number, int count) {
        return String.format("model-%05d-of-%05d.safetensors", number, count);
    }

    /** Greedy packing in map order; a new shard starts when the next tensor would overflow. */
    static List<Map<String, FloatTensor>> split(Map<String, FloatTensor> tensors, long maxShardBytes,
                                                SafetensorsDType dtype) {
        List<Map<String, FloatTensor>> shards = new ArrayList<>();
        Map<String, FloatTensor> current = new LinkedHashMap<>();
        long currentBytes = 0;
        for (Map.Entry<String, FloatTensor> entry : tensors.entrySet()) {
            long bytes = entry.getValue() == null ? 0 : entry.getValue().byteLength(dtype);
            if (!current.isEmpty() && currentBytes + bytes > maxShardBytes) {
                shards.add(current);
                current = new LinkedHashMap<>();
                currentBytes = 0;
            }
            current.put(entry.getKey(), entry.getValue());
            currentBytes += bytes;
        }
        shards.add(current);
        return shards;
    }

    private static void writeIndex(Path index, long totalSize, Map<String, String> weightMap) {
        JsonObject root = new JsonObject();
        JsonObject metadata = new JsonObject();
        metadata.addProperty("total_size", totalSize);
        root.add("metadata", metadata);
        JsonObject map = new JsonObject();
        weightMap.forEach(map::addProperty);
        root.add("weight_map", map);
        byte[] json = (new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFiles.write(index, channel -> {
                ByteBuffer buffer = ByteBuffer.wrap(json);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            });
        } catch (IOException failure) {
            throw new CheckpointException(index, "cannot write: " + failure.getMessage(), failure);
        }
    }

    /**
     * Deletes weight files of an earlier save that this save did not write. Without
     * this, a folder that once held {@code model.safetensors} would keep loading
     * it after a sharded save, since the single file takes precedence.
     */
    private static void removeStale(Path folder, List<Path> written) {
        boolean sharded = written.size() > 1;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean weightFile = name.equals(WeightSource.SINGLE_FILE) || SHARD_NAME.matcher(name).matches()
                        || (name.equals(WeightSource.INDEX_FILE) && !sharded);
                if (weightFile && !written.contains(entry)) {
                    Files.deleteIfExists(entry);
                }
            }
        } catch (IOException failure) {
            throw new CheckpointException(folder, "saved, but cannot remove weight files of an earlier save: "
                    + failure.getMessage(), failure);
        }
    }
}
