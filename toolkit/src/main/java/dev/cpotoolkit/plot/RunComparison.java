package dev.cpotoolkit.plot;

import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several training runs side by side, read from their run folders (each
 * folder's {@code metrics.csv}): one chart per metric with a line per run, and
 * a table of each run's last logged values. What {@code ./cpo compare} writes,
 * and a notebook cell's one-liner:
 *
 * <pre>{@code
 * RunComparison runs = RunComparison.of(Path.of("runs/sigmoid"), Path.of("runs/hinge"));
 * runs.chart("rewards/margins");   // one line per run
 * runs.summary();                  // run, steps, last loss, accuracy, margin, eval metrics
 * runs.save(Path.of("runs/comparison"));
 * }</pre>
 *
 * <p>Runs are named by their folder's name; two folders of one name are told
 * apart by their parent's.
 */
public final class RunComparison {

    /** The metrics charted by {@link #charts()}, when at least one run logged them. */
    public static final List<String> CHARTED = List.of("rewards/margins", "rewards/accuracies", "loss",
            "nll_loss", "eval_rewards/margins", "eval_rewards/accuracies", "eval_loss");

    /** The last values the summary lists, when at least one run logged them. */
    private static final List<String> SUMMARISED = List.of("loss", "rewards/accuracies", "rewards/margins",
            "nll_loss", "eval_loss", "eval_rewards/accuracies", "eval_rewards/margins");

    private final Map<String, Table> runs;

    private RunComparison(Map<String, Table> runs) {
        this.runs = runs;
    }

    /**
     * Reads the runs in {@code folders}.
     *
     * @throws IllegalArgumentException naming a folder that is not a run folder (no {@code metrics.csv})
     *                                  or whose metrics have no {@code step} column
     */
    public static RunComparison of(Path... folders) {
        return of(List.of(folders));
    }

    /** {@link #of(Path...)} over a list. */
    public static RunComparison of(List<Path> folders) {
        if (folders.isEmpty()) {
            throw new IllegalArgumentException("no run folders to compare");
        }
        Map<String, Table> runs = new LinkedHashMap<>();
        for (Path folder : folders) {
            runs.put(uniqueName(folder, runs), read(folder));
        }
        return new RunComparison(runs);
    }

    /** Each run's metrics table by run name, in the order given. */
    public Map<String, Table> runs() {
        // Not Map.copyOf: its iteration order is unspecified, and callers draw legends in this order.
        return Collections.unmodifiableMap(runs);
    }

    /** {@code metric} over steps, one line per run. */
    public XYChart chart(String metric) {
        return TrainingCharts.compare(runs, metric);
    }

    /** A chart for each {@linkplain #CHARTED charted metric} some run logged, by file stem. */
    public Map<String, XYChart> charts() {
        Map<String, XYChart> charts = new LinkedHashMap<>();
        for (String metric : CHARTED) {
            if (runs.values().stream().anyMatch(t -> t.columnNames().contains(metric))) {
                charts.put(metric.replace('/', '_'), chart(metric));
            }
        }
        return charts;
    }

    /** One row per run: its name, last step, and the last logged value of each summarised metric. */
    public Table summary() {
        List<String> metrics = SUMMARISED.stream()
                .filter(m -> runs.values().stream().anyMatch(t -> t.columnNames().contains(m))).toList();
        Table table = Table.create("Runs compared", StringColumn.create("run"), IntColumn.create("steps"));
        for (String metric : metrics) {
            table.addColumns(DoubleColumn.create(metric));
        }
        runs.forEach((name, run) -> {
            table.stringColumn("run").append(name);
            table.intColumn("steps").append((int) lastValue(run, "step"));
            for (String metric : metrics) {
                double value = lastValue(run, metric);
                if (Double.isNaN(value)) {
                    table.doubleColumn(metric).appendMissing();
                } else {
                    table.doubleColumn(metric).append(value);
                }
            }
        });
        return table;
    }

    /**
     * Writes every chart as {@code <metric>.png} and the summary as {@code summary.csv} into {@code folder}.
     *
     * @return the files written
     */
    public List<Path> save(Path folder) {
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder + ": " + e.getMessage(), e);
        }
        charts().forEach((stem, chart) -> files.add(ChartImages.savePng(chart, folder.resolve(stem + ".png"))));
        Path csv = folder.resolve("summary.csv");
        summary().write().csv(csv.toFile());
        files.add(csv);
        return files;
    }

    private static Table read(Path folder) {
        Path csv = folder.resolve("metrics.csv");
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + " is not a folder; name run folders (each holds metrics.csv)");
        }
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException(folder + " is not a run folder: it has no metrics.csv"
                    + " (a run folder holds metrics.csv, cpo_config.json and checkpoints)");
        }
        Table table;
        try {
            table = Table.read().csv(CsvReadOptions.builder(csv.toFile()).tableName(folder.toString()).build());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(csv + ": not a readable metrics file: " + e.getMessage(), e);
        }
        if (!table.columnNames().contains("step")) {
            throw new IllegalArgumentException(csv + ": no 'step' column; is this a metrics.csv a run wrote?");
        }
        return table;
    }

    /** The last non-missing value of {@code column}, or NaN when the run never logged it. */
    private static double lastValue(Table run, String column) {
        if (!run.columnNames().contains(column)) {
            return Double.NaN;
        }
        var values = run.numberColumn(column);
        for (int row = run.rowCount() - 1; row >= 0; row--) {
            if (!values.isMissing(row)) {
                return values.getDouble(row);
            }
        }
        return Double.NaN;
    }

    private static String uniqueName(Path folder, Map<String, Table> taken) {
        Path absolute = folder.toAbsolutePath().normalize();
        String name = absolute.getFileName() == null ? absolute.toString() : absolute.getFileName().toString();
        if (!taken.containsKey(name)) {
            return name;
        }
        Path parent = absolute.getParent();
        String longer = (parent == null || parent.getFileName() == null ? "" : parent.getFileName() + "/") + name;
        String candidate = longer;
        for (int i = 2; taken.containsKey(candidate); i++) {
            candidate = longer + " (" + i + ")";
        }
        return candidate;
    }
}
