package dev.cpotoolkit.toymt;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of {@link CpoVsSft#run}: every system's metrics, a Tablesaw
 * table of them for notebooks, a few translations side by side, and the text
 * table the command prints.
 *
 * @param systems      SFT, CPO and SFT -> CPO, in that order
 * @param references   the correct translation of each scored test sentence
 * @param prompts      the scored test prompts
 * @param settings     the settings of the run
 * @param totalSeconds wall time of the whole comparison (data, training, decoding)
 */
public record ComparisonResult(List<SystemResult> systems, List<String> references, List<String> prompts,
                               ComparisonSettings settings, double totalSeconds) {

    /** The system called {@code name}. */
    public SystemResult system(String name) {
        return systems.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no system " + name));
    }

    /** Exact-match points the best CPO system gains over SFT alone (the benchmark's target is >= 10). */
    public double exactMatchGain() {
        double sft = system(CpoVsSft.SFT).metrics().exactMatch();
        double best = Math.max(system(CpoVsSft.CPO).metrics().exactMatch(),
                system(CpoVsSft.SFT_THEN_CPO).metrics().exactMatch());
        return best - sft;
    }

    /** One row per system: system, training data, steps, train seconds, exact match, token accuracy, BLEU, chrF. */
    public Table table() {
        Table table = Table.create("CPO vs SFT on toy-mt test (" + references.size() + " sentences)",
                StringColumn.create("system"), StringColumn.create("training data"), IntColumn.create("steps"),
                DoubleColumn.create("train_seconds"), DoubleColumn.create("exact_match"),
                DoubleColumn.create("token_accuracy"), DoubleColumn.create("bleu"), DoubleColumn.create("chrf"));
        for (SystemResult system : systems) {
            table.stringColumn("system").append(system.name());
            table.stringColumn("training data").append(system.trainingData());
            table.intColumn("steps").append(system.steps());
            table.doubleColumn("train_seconds").append(Math.round(system.trainSeconds() * 10) / 10.0);
            table.doubleColumn("exact_match").append(Math.round(system.metrics().exactMatch() * 10) / 10.0);
            table.doubleColumn("token_accuracy").append(Math.round(system.metrics().tokenAccuracy() * 10) / 10.0);
            table.doubleColumn("bleu").append(Math.round(system.metrics().bleu() * 10) / 10.0);
            table.doubleColumn("chrf").append(Math.round(system.metrics().chrf() * 10) / 10.0);
        }
        return table;
    }

    /** The first {@code n} scored test sentences: prompt, reference and each system's output. */
    public Table examples(int n) {
        int rows = Math.min(n, references.size());
        Table table = Table.create("translations", StringColumn.create("prompt", prompts.subList(0, rows)),
                StringColumn.create("reference", references.subList(0, rows)));
        for (SystemResult system : systems) {
            table.addColumns(StringColumn.create(system.name(), system.outputs().subList(0, rows)));
        }
        return table;
    }

    /** The Markdown table the command prints (and the README shows). */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| System | Training data | Steps | Train time | Exact match | Token accuracy | BLEU | chrF |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (SystemResult s : systems) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f s | %.1f | %.1f | %.1f | %.1f |\n",
                    s.name(), s.trainingData(), s.steps(), s.trainSeconds(), s.metrics().exactMatch(),
                    s.metrics().tokenAccuracy(), s.metrics().bleu(), s.metrics().chrf()));
        }
        return out.toString();
    }
}
