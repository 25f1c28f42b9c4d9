package dev.cpotoolkit.model.checkpoint;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The weights of a Hugging Face model folder, whether stored as one
 * {@code model.safetensors} or sharded behind {@code model.safetensors.index.json}.
 * A model loader asks it for tensors by their Hugging Face names and never needs
 * to know how the folder is laid out.
 *
 * <p>Opening validates everything up front: every shard exists and is valid
 * safetensors, and every tensor the index maps is really in its shard. So a bad
 * checkpoint fails at {@link #open(Path)} with a {@link CheckpointException}
 * naming the file and tensor, not half-way through building a model.
 *
 * <pre>{@code
 * try (WeightSource weights = WeightSource.open(Path.of("models/tiny-llama"))) {
 *     float[] embed = weights.readFloats("model.embed_tokens.weight");
 * }
 * }</pre>
 */
public final class WeightSource implements AutoCloseable {

    /** The single-file weights name {@code save_pretrained} uses. */
    public static final String SINGLE_FILE = "model.safetensors";
    /** The sharded-weights index name {@code save_pretrained} uses. */
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private final Path folder;
    private final Map<String, SafetensorsFile> byName;
    private final List<SafetensorsFile> files;

    private WeightSource(Path folder, Map<String, SafetensorsFile> byName, List<SafetensorsFile> files) {
        this.folder = folder;
        this.byName = byName;
        this.files = files;
    }

    /**
     * Opens the weights of a model folder: {@code model.safetensors} if present,
     * else the shards listed by {@code model.safetensors.index.json}.
     *
     * @throws CheckpointException if the folder has neither file (PyTorch
     *     {@code .bin} pickles are not supported), or any file is invalid
     */
    public static WeightSource open(Path modelFolder) {
        if (!Files.isDirectory(modelFolder)) {
            throw new CheckpointException(modelFolder, Files.exists(modelFolder)
                    ? "not a folder; use WeightSource.ofFile for a single .safetensors file"
                    : "model folder not found");
        }
        Path single = modelFolder.resolve(SINGLE_FILE);
        if (Files.isRegularFile(single)) {
            return ofFile(single);
        }
        Path index = modelFolder.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            return ofIndex(modelFolder, index);
        }
        throw new CheckpointException(modelFolder, "no weights found: looked for " + SINGLE_FILE + " and "
                + INDEX_FILE + unsupportedHint(modelFolder)
                + ". Only safetensors is supported; PyTorch .bin pickles are not (re-save with"
                + " save_pretrained(..., safe_serialization=True))");
    }

    /** Opens a single safetensors file; {@link #folder()} is its parent folder. */
    public static WeightSource ofFile(Path safetensors) {
        SafetensorsFile file = SafetensorsFile.open(safetensors);
        Map<String, SafetensorsFile> byName = new LinkedHashMap<>();
        for (String name : file.names()) {
            byName.put(name, file);
        }
        Path parent = safetensors.toAbsolutePath().getParent();
        return new WeightSource(parent, byName, List.of(file));
    }

    private static WeightSource ofIndex(Path folder, Path index) {
        Map<String, String> weightMap = ShardIndex.read(index);
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        Map<String, SafetensorsFile> byName = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> entry : weightMap.entrySet()) {
                String tensor = entry.getKey();
                String shardName = entry.getValue();
                SafetensorsFile shard = shards.get(shardName);
                if (shard == null) {
                    Path shardPath = ShardIndex.resolveShard(folder, index, tensor, shardName);
                    if (!Files.isRegularFile(shardPath)) {
                        throw new CheckpointException(index, "shard '" + shardName + "' (holding tensor '" + tensor
                                + "') is missing: " + shardPath + " does not exist");
                    }
                    shard = SafetensorsFile.open(shardPath);
                    shards.put(shardName, shard);
                }
                if (!shard.contains(tensor)) {
                    throw new CheckpointException(shard.path(), "tensor '" + tensor + "' is listed for this shard in "
                            + INDEX_FILE + " but is not in it");
                }
                byName.put(tensor, shard);
            }
        } catch (RuntimeException failure) {
            shards.values().forEach(SafetensorsFile::close);
            throw failure;
        }
        return new WeightSource(folder, byName, new ArrayList<>(shards.values()));
    }

    /** Names other weight files present, so the error says what was found instead. */
    private static String unsupportedHint(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            List<String> found = entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".bin") || n.endsWith(".pt") || n.endsWith(".pth")
                            || n.endsWith(".ckpt") || n.endsWith(".h5") || n.endsWith(".msgpack")
                            || n.endsWith(".gguf"))
                    .sorted().toList();
            return found.isEmpty() ? "" : " (found only " + String.join(", ", found) + ")";
        } catch (IOException unreadable) {
            return "";
        }
    }

    /** The model folder (for {@link #ofFile}, the file's parent). */
    public Path folder() {
        return folder;
    }

    /** Every tensor name, in file (or index) order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(byName.keySet()));
    }

    /** True when a tensor of this name exists (tied heads are often absent). */
    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /**
     * The header entry of a tensor.
     *
     * @throws CheckpointException naming the folder and tensor if it is absent
     */
    public TensorInfo info(String name) {
        return fileOf(name).info(name);
    }

    /**
     * Reads a floating tensor widened to float32 (BF16 and F16 exactly), row-major.
     *
     * @throws CheckpointException if absent or not a floating type
     */
    public float[] readFloats(String name) {
        return fileOf(name).readFloats(name);
    }

    /** Reads a tensor as a {@link FloatTensor} (shape plus widened values). */
    public FloatTensor readTensor(String name) {
        SafetensorsFile file = fileOf(name);
        return new FloatTensor(file.info(name).shape(), file.readFloats(name));
    }

    /** The safetensors files behind this source, one per shard. */
    public List<Path> files() {
        return files.stream().map(SafetensorsFile::path).toList();
    }

    private SafetensorsFile fileOf(String name) {
        SafetensorsFile file = byName.get(name);
        if (file == null) {
            throw new CheckpointException(folder, "no tensor named '" + name + "' in the weights ("
                    + byName.size() + " tensors)");
        }
        return file;
    }

    /** Releases every open shard. */
    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }

    @Override
    public String toString() {
        return "WeightSource[" + folder + ", " + byName.size() + " tensors in " + files.size() + " file(s)]";
    }

    /** Reading and checking {@code model.safetensors.index.json}. */
    static final class ShardIndex {
        private ShardIndex() {}

        /** The index's {@code weight_map}: tensor name to shard file name, in file order. */
        static Map<String, String> read(Path index) {
            JsonElement root;
            try {
                root = JsonParser.parseString(Files.readString(index));
            } catch (JsonParseException notJson) {
                throw new CheckpointException(index, "index is not valid JSON: " + notJson.getMessage(), notJson);
            } catch (IOException unreadable) {
                throw new CheckpointException(index, "cannot read: " + unreadable.getMessage(), unreadable);
            }
            if (root == null || !root.isJsonObject()) {
                throw new CheckpointException(index, "index is not a JSON object");
            }
            JsonElement map = root.getAsJsonObject().get("weight_map");
            if (map == null || !map.isJsonObject()) {
                throw new CheckpointException(index, "index has no 'weight_map' object");
            }
            JsonObject weightMap = map.getAsJsonObject();
            if (weightMap.size() == 0) {
                throw new CheckpointException(index, "index 'weight_map' is empty");
            }
            Map<String, String> result = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> entry : weightMap.entrySet()) {
                JsonElement value = entry.getValue();
                if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
                    throw new CheckpointException(index, "tensor '" + entry.getKey()
                            + "': weight_map value is not a file name: " + value);
                }
                result.put(entry.getKey(), value.getAsString());
            }
            return result;
        }

        /** Resolves a shard name, refusing names that leave the folder (e.g. {@code ../x}). */
        static Path resolveShard(Path folder, Path index, String tensor, String shardName) {
            Path base = folder.toAbsolutePath().normalize();
            Path shard = base.resolve(shardName).normalize();
            if (!shard.getParent().equals(base)) {
                throw new CheckpointException(index, "tensor '" + tensor + "': shard name '" + shardName
                        + "' is not a plain file name in the model folder");
            }
            return shard;
        }
    }
}
