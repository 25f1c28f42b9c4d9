package dev.cpotoolkit.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a run is: everything besides weights and optimizer moments that a
 * resumed run needs to continue exactly as the uninterrupted one would. Data
 * order is a pure function of (seed, epoch), so the position in the epoch
 * replaces any random-generator state; the learning rate is a pure function of
 * the step.
 *
 * <p>Saved as {@code trainer_state.json} in each checkpoint and in the run
 * folder at the end, in Hugging Face Trainer's format: the keys of its
 * {@code TrainerState} dataclass, sorted, two-space indented
 * ({@code global_step}, {@code max_steps}, {@code epoch} as progress in
 * epochs, {@code log_history} with {@code step} and {@code epoch} in each row,
 * {@code best_metric}, ...), so scripts that read Hugging Face runs read these.
 * What only this toolkit needs to resume (the epoch index, the position in it,
 * the seed) rides in {@code stateful_callbacks}, under
 * {@value #RESUME_CALLBACK}, where Hugging Face keeps callbacks' own state.
 * Files saved before this format (those keys at the top level) still load.
 *
 * @param globalStep       optimizer steps done
 * @param epoch            the epoch being read (0-based)
 * @param microBatchOffset micro-batches of this epoch already used
 * @param totalSteps       the steps the run plans (Hugging Face's {@code max_steps})
 * @param seed             the run's seed
 * @param logHistory       every logged row so far
 */
public record TrainerState(int globalStep, int epoch, int microBatchOffset, int totalSteps, long seed,
                           List<Map<String, Double>> logHistory) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .serializeNulls().create();

    /** The file name inside a checkpoint. */
    public static final String FILE_NAME = "trainer_state.json";

    /** The {@code stateful_callbacks} entry holding the toolkit's resume position. */
    public static final String RESUME_CALLBACK = "CpoToolkitResume";

    /** Hugging Face Trainer's {@code TrainerState} keys, as its {@code save_to_json} writes them (sorted). */
    public static final List<String> HF_KEYS = List.of("best_global_step", "best_metric", "best_model_checkpoint",
            "epoch", "eval_steps", "global_step", "is_hyper_param_search", "is_local_process_zero",
            "is_world_process_zero", "log_history", "logging_steps", "max_steps", "num_input_tokens_seen",
            "num_train_epochs", "save_steps", "stateful_callbacks", "total_flos", "train_batch_size", "trial_name",
            "trial_params");

    /**
     * Writes this state in Hugging Face's format.
     *
     * @param config        the run's settings (logging, eval and save cadence, batch size, epochs)
     * @param epochProgress epochs done, fractional, as Hugging Face's {@code epoch}
     */
    public void write(Path file, CPOConfig config, double epochProgress) throws IOException {
        Map<String, Object> attributes = new TreeMap<>();
        attributes.put("epoch_index", epoch);
        attributes.put("micro_batch_offset", microBatchOffset);
        attributes.put("seed", seed);
        Map<String, Object> resume = new TreeMap<>();
        resume.put("args", Map.of());
        resume.put("attributes", attributes);

        Map<String, Object> json = new TreeMap<>();
        json.put("best_global_step", null);
        json.put("best_metric", null);
        json.put("best_model_checkpoint", null);
        json.put("epoch", epochProgress);
        json.put("eval_steps", config.effectiveEvalSteps());
        json.put("global_step", globalStep);
        json.put("is_hyper_param_search", false);
        json.put("is_local_process_zero", true);
        json.put("is_world_process_zero", true);
        json.put("log_history", hfLogHistory());
        json.put("logging_steps", config.loggingSteps());
        json.put("max_steps", totalSteps);
        json.put("num_input_tokens_seen", 0);
        json.put("num_train_epochs", (int) Math.ceil(config.numTrainEpochs()));
        json.put("save_steps", config.saveSteps());
        json.put("stateful_callbacks", Map.of(RESUME_CALLBACK, resume));
        json.put("total_flos", 0.0);
        json.put("train_batch_size", config.perDeviceTrainBatchSize());
        json.put("trial_name", null);
        json.put("trial_params", null);
        Files.writeString(file, GSON.toJson(json) + "\n", StandardCharsets.UTF_8);
    }

    /** The log rows as Hugging Face writes them: keys sorted, {@code step} a whole number. */
    private List<Map<String, Object>> hfLogHistory() {
        List<Map<String, Object>> rows = new ArrayList<>(logHistory.size());
        for (Map<String, Double> row : logHistory) {
            Map<String, Object> sorted = new TreeMap<>();
            row.forEach((key, value) -> sorted.put(key, key.equals("step") && value != null
                    ? (Object) (long) value.doubleValue() : value));
            rows.add(sorted);
        }
        return rows;
    }

    /**
     * Reads a state written by {@link #write}, refusing one no run could have
     * saved: counters that are negative, fractional, not finite or past an
     * int, or a step past the steps the run planned.
     *
     * @throws IllegalArgumentException naming the file and the field
     */
    public static TrainerState read(Path file) {
        Map<String, Object> json;
        try {
            json = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                    new TypeToken<Map<String, Object>>() { }.getType());
        } catch (IOException | JsonParseException e) {
            throw new IllegalArgumentException(file + ": not a readable trainer state: " + e.getMessage(), e);
        }
        if (json == null) {
            throw new IllegalArgumentException(file + ": not a readable trainer state: the file is empty");
        }
        List<Map<String, Double>> history = new ArrayList<>();
        Object rows = json.get("log_history");
        if (rows instanceof List<?> list) {
            for (Object row : list) {
                if (!(row instanceof Map<?, ?> map)) {
                    throw new IllegalArgumentException(file + ": 'log_history' holds " + row
                            + " where a row of numbers belongs");
                }
                Map<String, Double> converted = new LinkedHashMap<>();
                map.forEach((k, v) -> {
                    if (!(v instanceof Number n)) {
                        throw new IllegalArgumentException(file + ": 'log_history' row has non-numeric '" + k
                                + "': " + v);
                    }
                    converted.put(String.valueOf(k), n.doubleValue());
                });
                history.add(converted);
            }
        }
        int globalStep = count(json, "global_step", file);
        Map<String, Object> position;
        String planKey;
        String epochKey;
        if (json.containsKey("max_steps")) {
            // Hugging Face's layout: the toolkit's position is a callback's state.
            position = resumePosition(json, file);
            planKey = "max_steps";
            epochKey = "epoch_index";
        } else {
            // Written before the Hugging Face layout: the position at the top level.
            position = json;
            planKey = "total_steps";
            epochKey = "epoch";
        }
        int totalSteps = count(json, planKey, file);
        // A run stops at its plan, and an extended run saves its new plan, so a genuine state never
        // shows a step past its plan.
        if (globalStep > totalSteps) {
            throw new IllegalArgumentException(file + ": 'global_step' " + globalStep + " is past '" + planKey + "' "
                    + totalSteps + "; no run saves a step beyond its plan, so this file was edited or damaged");
        }
        return new TrainerState(globalStep, count(position, epochKey, file),
                count(position, "micro_batch_offset", file), totalSteps,
                (long) integral(position, "seed", file, Long.MIN_VALUE, Long.MAX_VALUE), history);
    }

    /** {@code stateful_callbacks.CpoToolkitResume.attributes}, or an error naming what is missing. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> resumePosition(Map<String, Object> json, Path file) {
        Object callbacks = json.get("stateful_callbacks");
        Object resume = callbacks instanceof Map<?, ?> map ? map.get(RESUME_CALLBACK) : null;
        Object attributes = resume instanceof Map<?, ?> map ? map.get("attributes") : null;
        if (!(attributes instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(file + ": no 'stateful_callbacks." + RESUME_CALLBACK
                    + ".attributes' (the epoch and position this toolkit resumes from); a Hugging Face Trainer's own"
                    + " checkpoint cannot be resumed here, only one this toolkit saved");
        }
        return (Map<String, Object>) attributes;
    }

    /** A counter: a whole number from 0 to the int maximum. */
    private static int count(Map<String, Object> json, String key, Path file) {
        return (int) integral(json, key, file, 0, Integer.MAX_VALUE);
    }

    private static double integral(Map<String, Object> json, String key, Path file, double min, double max) {
        Object value = json.get(key);
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException(file + ": missing or non-numeric '" + key + "'"
                    + (value == null ? "" : ": " + value));
        }
        // Gson reads every JSON number as a double: check it before narrowing, which would
        // silently turn -1e300, 2.5 or NaN into a plausible-looking count.
        double d = n.doubleValue();
        if (!Double.isFinite(d) || d != Math.rint(d)) {
            throw new IllegalArgumentException(file + ": '" + key + "' must be a whole number, not " + value);
        }
        if (d < min || d > max) {
            throw new IllegalArgumentException(file + ": '" + key + "' is " + (Math.abs(d) < 1e15 ? (long) d : d)
                    + "; it must be "
                    + (min == 0 ? "from 0 to " + (long) max : "within a long's range"));
        }
        return d;
    }
}
