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

/**
 * Where a run is: everything besides weights and optimizer moments that a
 * resumed run needs to continue exactly as the uninterrupted one would. Data
 * order is a pure function of (seed, epoch), so the position in the epoch
 * replaces any random-generator state; the learning rate is a pure function of
 * the step. Saved as {@code trainer_state.json} in each checkpoint.
 *
 * @param globalStep       optimizer steps done
 * @param epoch            the epoch being read (0-based)
 * @param microBatchOffset micro-batches of this epoch already used
 * @param totalSteps       the steps the run plans
 * @param seed             the run's seed
 * @param logHistory       every logged row so far
 */
public record TrainerState(int globalStep, int epoch, int microBatchOffset, int totalSteps, long seed,
                           List<Map<String, Double>> logHistory) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    /** The file name inside a checkpoint. */
    public static final String FILE_NAME = "trainer_state.json";

    /** Writes this state as JSON. */
    public void write(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("global_step", globalStep);
        json.put("epoch", epoch);
        json.put("micro_batch_offset", microBatchOffset);
        json.put("total_steps", totalSteps);
        json.put("seed", seed);
        json.put("log_history", logHistory);
        Files.writeString(file, GSON.toJson(json), StandardCharsets.UTF_8);
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
        int totalSteps = count(json, "total_steps", file);
        // A run stops at its plan, and an extended run saves its new plan, so a genuine state never
        // shows a step past total_steps.
        if (globalStep > totalSteps) {
            throw new IllegalArgumentException(file + ": 'global_step' " + globalStep + " is past 'total_steps' "
                    + totalSteps + "; no run saves a step beyond its plan, so this file was edited or damaged");
        }
        return new TrainerState(globalStep, count(json, "epoch", file), count(json, "micro_batch_offset", file),
                totalSteps, (long) integral(json, "seed", file, Long.MIN_VALUE, Long.MAX_VALUE), history);
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
