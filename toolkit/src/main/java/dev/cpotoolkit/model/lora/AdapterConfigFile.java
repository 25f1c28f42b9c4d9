package dev.cpotoolkit.model.lora;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.cpotoolkit.model.checkpoint.AtomicFiles;
import dev.cpotoolkit.model.checkpoint.CheckpointException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PEFT's {@code adapter_config.json}: what kind of adapter a folder holds, on
 * which base, and its LoRA shape. Written with the keys PEFT writes (sorted,
 * two-space indent, as {@code save_pretrained} does); read with PEFT's
 * defaults for absent keys ({@code r} 8, {@code lora_alpha} 8,
 * {@code lora_dropout} 0). Adapters this toolkit cannot apply exactly
 * (another {@code peft_type}, DoRA, per-layer ranks, trained biases...) are
 * refused with the key that says so, never half-applied.
 */
public final class AdapterConfigFile {

    /** The file's name in an adapter folder. */
    public static final String FILE_NAME = "adapter_config.json";

    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping()
            .create();

    private AdapterConfigFile() {}

    /**
     * What an adapter folder's config says.
     *
     * @param config              the LoRA shape
     * @param baseModelNameOrPath the base it was trained on, or null when unrecorded
     */
    public record Contents(LoraConfig config, String baseModelNameOrPath) {}

    /**
     * Writes {@code folder/adapter_config.json}.
     *
     * @param targetList  the targets as names (all-linear expanded), or null when {@code config} has a regex
     * @param fanInFanOut true for GPT-2's Conv1D layers, as PEFT records it
     */
    public static void write(Path folder, LoraConfig config, List<String> targetList, String baseModelNameOrPath,
                             boolean fanInFanOut) {
        Map<String, JsonElement> keys = new TreeMap<>();
        keys.put("alpha_pattern", new JsonObject());
        keys.put("auto_mapping", JsonNull.INSTANCE);
        keys.put("base_model_name_or_path", text(baseModelNameOrPath));
        keys.put("bias", new JsonPrimitive("none"));
        keys.put("fan_in_fan_out", new JsonPrimitive(fanInFanOut));
        keys.put("inference_mode", new JsonPrimitive(true));
        keys.put("init_lora_weights", new JsonPrimitive(true));
        keys.put("layer_replication", JsonNull.INSTANCE);
        keys.put("layers_pattern", JsonNull.INSTANCE);
        keys.put("layers_to_transform", JsonNull.INSTANCE);
        keys.put("loftq_config", new JsonObject());
        keys.put("lora_alpha", number(config.alpha()));
        keys.put("lora_bias", new JsonPrimitive(false));
        keys.put("lora_dropout", number(config.dropout()));
        keys.put("megatron_config", JsonNull.INSTANCE);
        keys.put("megatron_core", new JsonPrimitive("megatron.core"));
        keys.put("modules_to_save", config.modulesToSave().isEmpty() ? JsonNull.INSTANCE : strings(config.modulesToSave()));
        keys.put("peft_type", new JsonPrimitive("LORA"));
        keys.put("r", new JsonPrimitive(config.r()));
        keys.put("rank_pattern", new JsonObject());
        keys.put("revision", JsonNull.INSTANCE);
        keys.put("target_modules", targetList == null ? new JsonPrimitive(config.targetRegex()) : strings(targetList));
        keys.put("task_type", new JsonPrimitive("CAUSAL_LM"));
        keys.put("use_dora", new JsonPrimitive(false));
        keys.put("use_rslora", new JsonPrimitive(config.useRslora()));
        JsonObject json = new JsonObject();
        keys.forEach(json::add);
        Path file = folder.resolve(FILE_NAME);
        try {
            Files.createDirectories(folder);
            Path temp = AtomicFiles.createTempFile(folder, "adapter_config", ".json.tmp");
            Files.writeString(temp, PRETTY.toJson(json) + "\n", StandardCharsets.UTF_8);
            AtomicFiles.move(temp, file);
        } catch (IOException failure) {
            throw new CheckpointException(file, "cannot write: " + failure.getMessage(), failure);
        }
    }

    /**
     * Reads {@code folder/adapter_config.json}.
     *
     * @throws CheckpointException naming the file and key when it is missing, malformed, or
     *     describes an adapter the toolkit cannot apply exactly
     */
    public static Contents read(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        JsonObject json;
        try {
            JsonElement parsed = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) {
                throw new CheckpointException(file, "not a JSON object");
            }
            json = parsed.getAsJsonObject();
        } catch (NoSuchFileException missing) {
            throw new CheckpointException(folder, "not a PEFT adapter folder: no " + FILE_NAME
                    + (Files.isRegularFile(folder.resolve("config.json")) ? " (it holds a full model: config.json)" : ""));
        } catch (IOException failure) {
            throw new CheckpointException(file, "cannot read: " + failure.getMessage(), failure);
        } catch (JsonParseException malformed) {
            throw new CheckpointException(file, "not valid JSON: " + malformed.getMessage(), malformed);
        }
        String peftType = string(file, json, "peft_type", null);
        if (peftType == null) {
            throw new CheckpointException(file, "'peft_type' is missing; a PEFT adapter config names its kind (LORA)");
        }
        if (!peftType.equals("LORA")) {
            throw new CheckpointException(file, "'peft_type' is " + peftType + "; only LoRA adapters (LORA) are"
                    + " supported");
        }
        refuseIfTrue(file, json, "use_dora", "DoRA adapters (use_dora) are not supported: they scale each column by"
                + " a learned magnitude that plain LoRA does not have");
        refuseIfTrue(file, json, "use_qalora", "QA-LoRA adapters (use_qalora) are not supported");
        refuseIfTrue(file, json, "lora_bias", "adapters with a trained LoRA bias (lora_bias) are not supported");
        String bias = string(file, json, "bias", "none");
        if (!bias.equals("none")) {
            throw new CheckpointException(file, "'bias' is " + bias + ": adapters that also train the base layers'"
                    + " biases are not supported (only 'none')");
        }
        for (String key : List.of("rank_pattern", "alpha_pattern")) {
            JsonElement value = json.get(key);
            if (value != null && !value.isJsonNull() && !(value.isJsonObject() && value.getAsJsonObject().isEmpty())) {
                throw new CheckpointException(file, "'" + key + "' gives some layers their own rank or alpha; only"
                        + " one r and lora_alpha for every layer is supported");
            }
        }
        for (String key : List.of("layers_to_transform", "layer_replication", "exclude_modules",
                "trainable_token_indices", "target_parameters")) {
            JsonElement value = json.get(key);
            if (value != null && !value.isJsonNull()) {
                throw new CheckpointException(file, "'" + key + "' is set (" + value + "); that PEFT option is not"
                        + " supported");
            }
        }
        String taskType = string(file, json, "task_type", null);
        if (taskType != null && !taskType.equals("CAUSAL_LM")) {
            throw new CheckpointException(file, "'task_type' is " + taskType + "; only causal language model"
                    + " adapters (CAUSAL_LM) apply here");
        }
        LoraConfig.Builder config = LoraConfig.builder()
                .r(integer(file, json, "r", 8))
                .alpha((float) decimal(file, json, "lora_alpha", 8))
                .dropout((float) decimal(file, json, "lora_dropout", 0))
                .useRslora(bool(file, json, "use_rslora", false))
                .modulesToSave(stringList(file, json, "modules_to_save"));
        JsonElement targets = json.get("target_modules");
        if (targets != null && targets.isJsonPrimitive() && targets.getAsJsonPrimitive().isString()) {
            String value = targets.getAsString();
            if (value.equals(LoraConfig.ALL_LINEAR)) {
                config.targetModules(LoraConfig.ALL_LINEAR);
            } else {
                config.targetRegex(value); // PEFT: a string is a regular expression over full module names
            }
        } else {
            config.targetModules(stringList(file, json, "target_modules"));
        }
        try {
            return new Contents(config.build(), string(file, json, "base_model_name_or_path", null));
        } catch (IllegalArgumentException bad) {
            throw new CheckpointException(file, bad.getMessage(), bad);
        }
    }

    private static void refuseIfTrue(Path file, JsonObject json, String key, String message) {
        if (bool(file, json, key, false)) {
            throw new CheckpointException(file, "'" + key + "' is true: " + message);
        }
    }

    private static JsonElement text(String value) {
        return value == null ? JsonNull.INSTANCE : new JsonPrimitive(value);
    }

    /** A float setting as the short decimal it was written as (0.05, not 0.05000000074505806); whole numbers as integers. */
    private static JsonPrimitive number(float value) {
        double exact = Double.parseDouble(Float.toString(value));
        return exact == Math.rint(exact) && Math.abs(exact) < 1e15 ? new JsonPrimitive((long) exact)
                : new JsonPrimitive(exact);
    }

    private static JsonArray strings(List<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }

    private static JsonPrimitive primitive(Path file, JsonObject json, String key, String kind) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive()) {
            throw new CheckpointException(file, "'" + key + "' must be " + kind + ", got " + value);
        }
        return value.getAsJsonPrimitive();
    }

    private static String string(Path file, JsonObject json, String key, String fallback) {
        JsonPrimitive value = primitive(file, json, key, "a string");
        if (value == null) {
            return fallback;
        }
        if (!value.isString()) {
            throw new CheckpointException(file, "'" + key + "' must be a string, got " + value);
        }
        return value.getAsString();
    }

    private static boolean bool(Path file, JsonObject json, String key, boolean fallback) {
        JsonPrimitive value = primitive(file, json, key, "true or false");
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new CheckpointException(file, "'" + key + "' must be true or false, got " + value);
        }
        return value.getAsBoolean();
    }

    private static double decimal(Path file, JsonObject json, String key, double fallback) {
        JsonPrimitive value = primitive(file, json, key, "a number");
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new CheckpointException(file, "'" + key + "' must be a number, got " + value);
        }
        double number = value.getAsDouble();
        if (!Double.isFinite(number)) {
            throw new CheckpointException(file, "'" + key + "' must be finite, got " + value);
        }
        return number;
    }

    private static int integer(Path file, JsonObject json, String key, int fallback) {
        double value = decimal(file, json, key, fallback);
        if (value != Math.rint(value) || value < 1 || value > 1 << 20) {
            throw new CheckpointException(file, "'" + key + "' must be a positive whole number, got "
                    + json.get(key));
        }
        return (int) value;
    }

    private static List<String> stringList(Path file, JsonObject json, String key) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) {
            return List.of();
        }
        if (!value.isJsonArray()) {
            throw new CheckpointException(file, "'" + key + "' must be a list of module names, got " + value);
        }
        List<String> names = new ArrayList<>();
        for (JsonElement element : value.getAsJsonArray()) {
            if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
                throw new CheckpointException(file, "'" + key + "' must be a list of module names, got " + value);
            }
            names.add(element.getAsString());
        }
        return names;
    }
}
