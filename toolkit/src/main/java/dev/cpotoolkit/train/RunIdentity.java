package dev.cpotoolkit.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.data.PreferenceExample;
import dev.cpotoolkit.model.CausalLM;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a checkpoint was trained on, written beside it as {@value #FILE_NAME}:
 * the model's architecture, a fingerprint of the training and evaluation pairs,
 * and the settings that change the result. Resuming compares it with the run
 * that resumes, so a checkpoint is never continued with other data or other
 * settings by accident: the differences are listed instead.
 *
 * <p>Settings that do not change the trained weights are left out: where files
 * go (logging_dir and report_to included), how often to log, evaluate and
 * save, the device, tokenizing threads,
 * gradient checkpointing (the same gradients for less memory: a run may resume
 * with it on a smaller machine), and the number of steps (a finished run may be
 * extended).
 */
public record RunIdentity(JsonObject model, String trainData, String evalData, Map<String, Object> settings) {

    /** The file's name inside a checkpoint folder. */
    public static final String FILE_NAME = "cpo_run.json";

    private static final Set<String> NOT_COMPARED = Set.of("output_dir", "overwrite_output_dir", "logging_steps",
            "eval_steps", "save_steps", "save_total_limit", "device", "dataset_num_proc", "generate_during_eval",
            "per_device_eval_batch_size", "max_steps", "num_train_epochs", "gradient_checkpointing", "report_to",
            "logging_dir");

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    /** The identity of a run about to train {@code lm} on {@code train} (and {@code eval}, or null). */
    static RunIdentity of(CausalLM lm, PreferenceDataset train, PreferenceDataset eval, CPOConfig config,
                          String customLoss) {
        JsonObject model = new JsonObject();
        model.addProperty("model_type", lm.config().modelType());
        model.addProperty("parameters", lm.parameterCount());
        Map<String, Object> settings = new java.util.LinkedHashMap<>();
        config.toMap().forEach((key, value) -> {
            if (!NOT_COMPARED.contains(key)) {
                settings.put(key, value);
            }
        });
        if (customLoss != null) {
            settings.put(ConfigFiles.CUSTOM_LOSS_KEY, customLoss);
        }
        return new RunIdentity(model, fingerprint(train), eval == null ? null : fingerprint(eval), settings);
    }

    /** {@code sha256:<hex> (<n> pairs)} of the pairs' text, in order. */
    static String fingerprint(PreferenceDataset pairs) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < pairs.size(); i++) {
                PreferenceExample example = pairs.get(i);
                for (String text : new String[] {example.prompt(), example.chosen(), example.rejected()}) {
                    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                    // The length first, so that moving text between fields changes the fingerprint.
                    digest.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
                    digest.update(bytes);
                }
            }
            return "sha256:" + HexFormat.of().formatHex(digest.digest()) + " (" + pairs.size() + " pairs)";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void write(Path file) throws IOException {
        JsonObject json = new JsonObject();
        json.add("model", model);
        json.addProperty("train_dataset", trainData);
        json.addProperty("eval_dataset", evalData);
        json.add("settings", GSON.toJsonTree(settings));
        Files.writeString(file, GSON.toJson(json) + "\n", StandardCharsets.UTF_8);
    }

    /**
     * The differences between the checkpoint's identity (in {@code checkpoint})
     * and this run's, in words; empty when they match or the checkpoint predates
     * {@value #FILE_NAME}.
     */
    List<String> differencesFrom(Path checkpoint) {
        Path file = checkpoint.resolve(FILE_NAME);
        JsonObject saved;
        try {
            saved = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(file + ": not a valid run identity: " + e.getMessage(), e);
        }
        List<String> differences = new ArrayList<>();
        compare(differences, "model", saved.get("model"), model);
        compare(differences, "train dataset", saved.get("train_dataset"), GSON.toJsonTree(trainData));
        compare(differences, "eval dataset", saved.get("eval_dataset"), GSON.toJsonTree(evalData));
        JsonObject savedSettings = saved.has("settings") && saved.get("settings").isJsonObject()
                ? saved.getAsJsonObject("settings") : new JsonObject();
        JsonObject ours = GSON.toJsonTree(settings).getAsJsonObject();
        Set<String> keys = new java.util.LinkedHashSet<>(savedSettings.keySet());
        keys.addAll(ours.keySet());
        for (String key : keys) {
            compare(differences, key, savedSettings.get(key), ours.get(key));
        }
        return differences;
    }

    private static void compare(List<String> differences, String what, JsonElement saved, JsonElement ours) {
        JsonElement a = saved == null ? com.google.gson.JsonNull.INSTANCE : saved;
        JsonElement b = ours == null ? com.google.gson.JsonNull.INSTANCE : ours;
        if (!same(a, b)) {
            differences.add(what + ": checkpoint " + a + ", this run " + b);
        }
    }

    /** Equal JSON, with numbers compared by value (5 and 5.0 are the same setting). */
    private static boolean same(JsonElement a, JsonElement b) {
        if (a.isJsonPrimitive() && b.isJsonPrimitive() && a.getAsJsonPrimitive().isNumber()
                && b.getAsJsonPrimitive().isNumber()) {
            return a.getAsBigDecimal().compareTo(b.getAsBigDecimal()) == 0;
        }
        return a.equals(b);
    }
}
