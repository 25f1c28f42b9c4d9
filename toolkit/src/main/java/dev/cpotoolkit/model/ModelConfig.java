package dev.cpotoolkit.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.cpotoolkit.model.checkpoint.CheckpointException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Hugging Face {@code config.json}, parsed for one of the supported
 * architectures. Every size the model uses is read from here; nothing is
 * hard-coded. The original JSON is kept, so saving writes back every field,
 * including those this toolkit does not use.
 *
 * <p>Errors are {@link CheckpointException}s naming the file: an unknown
 * {@code model_type} (listing the supported ones), a file that is not JSON, a
 * missing required field, a size that is not a positive integer within
 * {@code int} range, an unsupported option such as a {@code rope_scaling}
 * other than the default. {@link #parameterCount()} lets a loader compare the
 * config with its weights before building anything.
 */
public abstract sealed class ModelConfig permits Gpt2Config, LlamaConfig {

    /** The {@code model_type} values this toolkit builds. */
    public static final List<String> SUPPORTED_MODEL_TYPES = List.of("gpt2", "llama", "qwen2");

    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    private final JsonObject json;
    private final Path source;

    /**
     * @param json   the parsed config; copied
     * @param source the file it came from, for error messages (may be null)
     */
    protected ModelConfig(JsonObject json, Path source) {
        this.json = json.deepCopy();
        this.source = source;
    }

    /**
     * Reads and parses a {@code config.json}.
     *
     * @throws CheckpointException if the file is missing, not JSON, of an
     *     unsupported type, or lacks a required field
     */
    public static ModelConfig load(Path configFile) {
        String text;
        try {
            text = Files.readString(configFile);
        } catch (NoSuchFileException missing) {
            throw new CheckpointException(configFile, "file not found (a model folder needs a config.json)");
        } catch (IOException failure) {
            throw new CheckpointException(configFile, "cannot read: " + failure.getMessage(), failure);
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException notJson) {
            throw new CheckpointException(configFile, "not valid JSON: " + notJson.getMessage(), notJson);
        }
        if (root == null || !root.isJsonObject()) {
            throw new CheckpointException(configFile, "not a JSON object");
        }
        return fromJson(root.getAsJsonObject(), configFile);
    }

    /**
     * Builds the config for the object's {@code model_type}.
     *
     * @param source the file, for error messages; may be null
     */
    public static ModelConfig fromJson(JsonObject json, Path source) {
        JsonElement type = json.get("model_type");
        if (type == null || type.isJsonNull()) {
            throw new CheckpointException(source, "missing required field 'model_type' (supported: "
                    + String.join(", ", SUPPORTED_MODEL_TYPES) + ")");
        }
        String modelType = type.getAsString();
        return switch (modelType) {
            case "gpt2" -> new Gpt2Config(json, source);
            case "llama", "qwen2" -> new LlamaConfig(json, source);
            default -> throw new CheckpointException(source, "unsupported model_type '" + modelType
                    + "' (supported: " + String.join(", ", SUPPORTED_MODEL_TYPES) + ")");
        };
    }

    /** {@code model_type}: gpt2, llama or qwen2. */
    public String modelType() {
        return json.get("model_type").getAsString();
    }

    /** Rows of the embedding and columns of the logits. */
    public abstract int vocabSize();

    /** Width of the residual stream. */
    public abstract int hiddenSize();

    /** Number of transformer blocks. */
    public abstract int numLayers();

    /** Number of query heads. */
    public abstract int numHeads();

    /** Longest sequence the position scheme supports (hard limit for GPT-2's learned positions). */
    public abstract int maxPositions();

    /** True when the LM head reuses the input embedding. */
    public abstract boolean tieWordEmbeddings();

    /**
     * The number of trainable scalars this config implies (tied weights counted
     * once), computed from the sizes alone, before anything is built; so a
     * config can be checked against its weights file, or refused, without
     * allocating. Saturates at {@link Long#MAX_VALUE} instead of overflowing.
     */
    public abstract long parameterCount();

    /**
     * The size fields {@link #parameterCount()} is computed from, as they appear
     * in {@code config.json} with their values, for error messages.
     */
    public abstract String sizeFields();

    /** {@code bos_token_id}, or -1 when absent. */
    public int bosTokenId() {
        return firstInt("bos_token_id");
    }

    /** The first {@code eos_token_id} (configs may list several), or -1 when absent. */
    public int eosTokenId() {
        List<Integer> ids = eosTokenIds();
        return ids.isEmpty() ? -1 : ids.get(0);
    }

    /** Every {@code eos_token_id} (Llama 3 lists more than one); empty when absent. */
    public List<Integer> eosTokenIds() {
        JsonElement e = json.get("eos_token_id");
        List<Integer> ids = new ArrayList<>();
        if (e == null || e.isJsonNull()) {
            return ids;
        }
        if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(item -> ids.add(item.getAsInt()));
        } else {
            ids.add(e.getAsInt());
        }
        return ids;
    }

    /** {@code pad_token_id}, or -1 when absent. */
    public int padTokenId() {
        return firstInt("pad_token_id");
    }

    /** The config.json this came from, or null for configs built in code. */
    public Path source() {
        return source;
    }

    /** A copy of the full JSON object, unknown fields included. */
    public JsonObject toJson() {
        return json.deepCopy();
    }

    /** The JSON as written to {@code config.json}: pretty-printed. */
    public String toJsonString() {
        return PRETTY.toJson(json);
    }

    @Override
    public String toString() {
        return modelType() + "(vocab " + vocabSize() + ", hidden " + hiddenSize() + ", layers " + numLayers()
                + ", heads " + numHeads() + ")";
    }

    // ---- field readers with errors that name the field and the file ----

    /** A required integer field. */
    protected final int requireInt(String field) {
        JsonElement e = json.get(field);
        if (e == null || e.isJsonNull()) {
            throw new CheckpointException(source, "missing required field '" + field + "' for model_type '"
                    + modelType() + "'");
        }
        return asInt(field, e);
    }

    /** An optional integer field; {@code fallback} when absent or null. */
    protected final int optInt(String field, int fallback) {
        JsonElement e = json.get(field);
        return e == null || e.isJsonNull() ? fallback : asInt(field, e);
    }

    /**
     * A required size (a dimension or a count): a positive integer that fits in
     * an {@code int}, since every size ends up as an array dimension.
     *
     * @param rule extra condition for the message, such as {@code "that divides hidden_size"}; may be empty
     */
    protected final int requireSize(String field, String rule) {
        JsonElement e = json.get(field);
        if (e == null || e.isJsonNull()) {
            throw invalid("missing required field '" + field + "' for model_type '" + modelType() + "'");
        }
        return checkedSize(field, e, rule);
    }

    /** An optional size; {@code fallback} when absent or null (see {@link #requireSize}). */
    protected final int optSize(String field, int fallback, String rule) {
        JsonElement e = json.get(field);
        return e == null || e.isJsonNull() ? fallback : checkedSize(field, e, rule);
    }

    private int checkedSize(String field, JsonElement e, String rule) {
        double d = number(field, e);
        String must = "must be a positive integer" + (rule.isEmpty() ? "" : " " + rule) + " up to "
                + Integer.MAX_VALUE;
        if (d != Math.rint(d)) {
            throw invalid("field '" + field + "' is " + e + ", not a whole number: " + must);
        }
        if (d > Integer.MAX_VALUE) {
            throw invalid("field '" + field + "' is " + e + ", out of range: " + must);
        }
        if (d < 1) {
            throw invalid("field '" + field + "' is " + e + ": " + must);
        }
        return (int) d;
    }

    /**
     * Sum of non-negative terms, stopping at {@link Long#MAX_VALUE}: parameter
     * counts of absurd configs must compare as huge, not wrap to negative.
     */
    protected static long saturatingSum(long... terms) {
        long total = 0;
        for (long term : terms) {
            total = total > Long.MAX_VALUE - term ? Long.MAX_VALUE : total + term;
        }
        return total;
    }

    /** Product of non-negative factors, stopping at {@link Long#MAX_VALUE}. */
    protected static long saturatingProduct(long... factors) {
        long product = 1;
        for (long factor : factors) {
            if (factor == 0) {
                return 0;
            }
            product = product > Long.MAX_VALUE / factor ? Long.MAX_VALUE : product * factor;
        }
        return product;
    }

    /** An optional number field; {@code fallback} when absent or null. */
    protected final double optDouble(String field, double fallback) {
        JsonElement e = json.get(field);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        try {
            return e.getAsDouble();
        } catch (RuntimeException bad) {
            throw new CheckpointException(source, "field '" + field + "' is not a number: " + e);
        }
    }

    /** An optional boolean field; {@code fallback} when absent or null. */
    protected final boolean optBoolean(String field, boolean fallback) {
        JsonElement e = json.get(field);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new CheckpointException(source, "field '" + field + "' is not a boolean: " + e);
        }
        return e.getAsBoolean();
    }

    /** An optional string field; {@code fallback} when absent or null. */
    protected final String optString(String field, String fallback) {
        JsonElement e = json.get(field);
        return e == null || e.isJsonNull() ? fallback : e.getAsString();
    }

    /** The raw element, or null. */
    protected final JsonElement raw(String field) {
        JsonElement e = json.get(field);
        return e == null || e.isJsonNull() ? null : e;
    }

    /** An error about this config, naming its file. */
    protected final CheckpointException invalid(String message) {
        return new CheckpointException(source, message);
    }

    private int firstInt(String field) {
        JsonElement e = json.get(field);
        if (e == null || e.isJsonNull()) {
            return -1;
        }
        return e.isJsonArray() ? e.getAsJsonArray().get(0).getAsInt() : asInt(field, e);
    }

    private int asInt(String field, JsonElement e) {
        double d = number(field, e);
        if (d != Math.rint(d)) {
            throw invalid("field '" + field + "' is not an integer: " + e);
        }
        if (d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
            throw invalid("field '" + field + "' is " + e + ", out of range for a 32-bit integer ("
                    + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ")");
        }
        return (int) d;
    }

    private double number(String field, JsonElement e) {
        // Numbers written as strings ("64") were accepted before and still are.
        if (e.isJsonPrimitive() && !e.getAsJsonPrimitive().isBoolean()) {
            try {
                return e.getAsDouble();
            } catch (NumberFormatException notNumber) {
                // Reported below.
            }
        }
        throw invalid("field '" + field + "' is not a number: " + e);
    }
}
