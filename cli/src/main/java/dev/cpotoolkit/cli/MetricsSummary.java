package dev.cpotoolkit.cli;

import dev.cpotoolkit.train.BatchOutcome;
import dev.cpotoolkit.train.TrainingLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The table {@code cpo train} prints at the end: TRL's metrics of the last
 * logged training row beside those of the last evaluation row.
 */
final class MetricsSummary {

    private MetricsSummary() {}

    /** The table as text, one metric a line; "-" where a side was not logged. */
    static String format(TrainingLog log) {
        Map<String, Double> train = log.lastWith("loss");
        Map<String, Double> eval = log.lastWith("eval_loss");
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-20s %14s %14s%n", "metric", header("train", train),
                header("eval", eval)));
        for (String name : BatchOutcome.METRIC_NAMES) {
            out.append(String.format(Locale.ROOT, "%-20s %14s %14s%n", name, cell(train, name),
                    cell(eval, "eval_" + name)));
        }
        return out.toString();
    }

    private static String header(String side, Map<String, Double> row) {
        return row == null ? side : side + " @" + row.get("step").intValue();
    }

    private static String cell(Map<String, Double> row, String key) {
        if (row == null || !row.containsKey(key)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.4f", row.get(key));
    }

    /**
     * What the run folder holds of the files a run leaves, in the order the
     * summary names them; each only when it is there, so the summary never
     * points at a {@code final/} that a run which took no step did not write.
     */
    static String runFiles(Path runFolder) {
        List<String> present = new ArrayList<>();
        addIfFile(present, runFolder.resolve("metrics.csv"), "metrics.csv");
        try (Stream<Path> charts = Files.isDirectory(runFolder.resolve("charts"))
                ? Files.list(runFolder.resolve("charts")) : Stream.empty()) {
            if (charts.anyMatch(p -> p.getFileName().toString().endsWith(".png"))) {
                present.add("charts/*.png");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        addIfFile(present, runFolder.resolve("cpo_config.json"), "cpo_config.json");
        addIfFile(present, runFolder.resolve("trainer_state.json"), "trainer_state.json");
        if (Files.isDirectory(runFolder.resolve("runs"))) {
            present.add("runs/ (TensorBoard: tensorboard --logdir " + runFolder.resolve("runs") + ")");
        }
        if (Files.isRegularFile(runFolder.resolve("final").resolve("adapter_config.json"))) {
            present.add("final/ (PEFT LoRA adapter folder)");
        } else if (Files.isRegularFile(runFolder.resolve("final").resolve("config.json"))) {
            present.add("final/ (Hugging Face model folder)");
        }
        return String.join(", ", present);
    }

    private static void addIfFile(List<String> present, Path file, String name) {
        if (Files.isRegularFile(file)) {
            present.add(name);
        }
    }
}
