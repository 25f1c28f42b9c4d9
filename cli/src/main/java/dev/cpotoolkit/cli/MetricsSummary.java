package dev.cpotoolkit.cli;

import dev.cpotoolkit.train.BatchOutcome;
import dev.cpotoolkit.train.TrainingLog;

import java.util.Locale;
import java.util.Map;

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
}
