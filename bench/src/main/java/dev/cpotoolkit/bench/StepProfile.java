package dev.cpotoolkit.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ModelConfig;
import dev.cpotoolkit.tokenize.PreferenceBatch;
import dev.cpotoolkit.train.TrainingStep;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a step's time goes, op by op: runs warm-up steps, then one step under
 * libtorch's profiler, writes the Chrome trace (open it in
 * {@code chrome://tracing} or Perfetto) and prints the ops with the most
 * self time (time not spent in a nested op).
 */
public final class StepProfile {

    private StepProfile() {}

    /**
     * Profiles one toolkit step of the first variant in {@code settings}.
     *
     * @param settings model, batch shape and variant
     * @param trace    where the Chrome trace goes
     * @param top      how many ops to list
     */
    public static void run(BenchSettings settings, Path trace, int top, PrintWriter out) {
        Path folder = trace.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            // Checked first: libtorch would only fail after the model is built and a step has run.
            throw new IllegalArgumentException("--profile " + trace + ": folder " + folder + " does not exist");
        }
        ModelConfig config = BenchModels.config(settings.model(), settings.vocabSize());
        PreferenceBatch batch = SyntheticPairs.batch(settings, config);
        StepTiming timing;
        try (CausalLM model = CausalLM.fromConfig(config, settings.seed());
             TrainingStep step = settings.trainingStep(model.train(), settings.variants().get(0).equals("prefix"))) {
            for (int i = 0; i < Math.max(1, settings.warmup()); i++) {
                BenchSettings.time(step, batch);
            }
            JniUtils.startProfile(false, true, false);
            timing = BenchSettings.time(step, batch);
            JniUtils.stopProfile(trace.toAbsolutePath().toString());
        }
        out.println(CpoBenchmark.format("Profiled step (%s, %s, %d pairs): forward+loss %.3f s, backward %.3f s, "
                        + "optimizer %.3f s. Trace: %s. %s", settings.model(), settings.variants().get(0),
                settings.batchSize(), timing.forward(), timing.backward(), timing.optimizer(),
                trace, LoadAverage.describe()));
        out.println();
        out.println(summary(trace, top));
        out.flush();
    }

    /** A Markdown table of the {@code top} ops by self time in a Chrome trace of complete ("X") events. */
    static String summary(Path trace, int top) {
        JsonElement root;
        try (Reader reader = Files.newBufferedReader(trace)) {
            root = JsonParser.parseReader(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read profiler trace " + trace, e);
        }
        JsonArray events = root.isJsonArray() ? root.getAsJsonArray() : root.getAsJsonObject().getAsJsonArray("traceEvents");
        Map<String, List<JsonObject>> byThread = new HashMap<>();
        for (JsonElement e : events) {
            JsonObject event = e.getAsJsonObject();
            if (event.has("ph") && event.get("ph").getAsString().equals("X") && event.has("dur")) {
                String thread = event.has("tid") ? event.get("tid").getAsString() : "";
                byThread.computeIfAbsent(thread, k -> new ArrayList<>()).add(event);
            }
        }
        Map<String, double[]> perOp = new HashMap<>(); // name -> {self us, total us, calls}
        double wall = 0;
        for (List<JsonObject> thread : byThread.values()) {
            thread.sort(Comparator.<JsonObject>comparingDouble(e -> e.get("ts").getAsDouble())
                    .thenComparing(e -> -e.get("dur").getAsDouble()));
            Deque<double[]> open = new ArrayDeque<>(); // {end, index}
            double[] childTime = new double[thread.size()];
            for (int i = 0; i < thread.size(); i++) {
                JsonObject event = thread.get(i);
                double start = event.get("ts").getAsDouble();
                double end = start + event.get("dur").getAsDouble();
                while (!open.isEmpty() && open.peek()[0] <= start) {
                    open.pop();
                }
                if (open.isEmpty()) {
                    wall += end - start;
                } else {
                    childTime[(int) open.peek()[1]] += end - start;
                }
                open.push(new double[] {end, i});
            }
            for (int i = 0; i < thread.size(); i++) {
                JsonObject event = thread.get(i);
                double dur = event.get("dur").getAsDouble();
                double[] row = perOp.computeIfAbsent(event.get("name").getAsString(), k -> new double[3]);
                row[0] += Math.max(0, dur - childTime[i]);
                row[1] += dur;
                row[2] += 1;
            }
        }
        List<Map.Entry<String, double[]>> rows = new ArrayList<>(perOp.entrySet());
        rows.sort(Comparator.comparingDouble((Map.Entry<String, double[]> r) -> -r.getValue()[0]));
        StringBuilder table = new StringBuilder("| op | calls | self ms | self share | total ms |\n|---|---|---|---|---|\n");
        for (Map.Entry<String, double[]> r : rows.subList(0, Math.min(top, rows.size()))) {
            double[] v = r.getValue();
            table.append(CpoBenchmark.format("| %s | %d | %.1f | %.1f%% | %.1f |%n", r.getKey(), (long) v[2],
                    v[0] / 1000, wall > 0 ? 100 * v[0] / wall : 0, v[1] / 1000));
        }
        table.append(CpoBenchmark.format("%nProfiled op time (outermost ops, all threads): %.1f ms.", wall / 1000));
        return table.toString();
    }
}
