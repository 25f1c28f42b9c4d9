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

    /** Reads a state written by {@link #write}. @throws IllegalArgumentException naming the file */
    public static TrainerState read(Path file) {
        try {
            Map<String, Object> json = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                    new TypeToken<Map<String, Object>>() { }.getType());
            List<Map<String, Double>> history = new ArrayList<>();
            Object rows = json.get("log_history");
            if (rows instanceof List<?> list) {
                for (Object row : list) {
                    Map<String, Double> converted = new LinkedHashMap<>();
                    ((Map<?, ?>) row).forEach((k, v) -> converted.put(String.valueOf(k), ((Number) v).doubleValue()));
                    history.add(converted);
                }
            }
            return new TrainerState(number(json, "global_step", file), number(json, "epoch", file),
                    number(json, "micro_batch_offset", file), number(json, "total_steps", file),
                    (long) number(json, "seed", file), history);
        } catch (IOException | JsonParseException | ClassCastException e) {
            throw new IllegalArgumentException(file + ": not a readable trainer state: " + e.getMessage(), e);
        }
    }

    private static int number(Map<String, Object> json, String key, Path file) {
        Object value = json.get(key);
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException(file + ": missing or non-numeric '" + key + "'");
        }
        return n.intValue();
    }
}
