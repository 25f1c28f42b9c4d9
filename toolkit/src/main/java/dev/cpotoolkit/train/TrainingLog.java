package dev.cpotoolkit.train;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metrics a run has logged, one row per logging or evaluation event, under
 * TRL's names ({@code loss}, {@code rewards/margins}, ..., eval rows prefixed
 * {@code eval_}). Like Hugging Face's {@code log_history}, but reachable as a
 * Tablesaw {@link Table} for notebooks and written as {@code metrics.csv}.
 */
public final class TrainingLog {

    /** Column order: step and epoch first, then TRL's order, then eval columns. */
    private static final List<String> LEADING = List.of("step", "epoch", "loss", "learning_rate", "grad_norm");

    private final List<Map<String, Double>> rows = new ArrayList<>();

    /** Appends one row; keys are metric names, values may be NaN. */
    public synchronized void add(Map<String, Double> row) {
        rows.add(Collections.unmodifiableMap(new LinkedHashMap<>(row)));
    }

    /** Every row so far, oldest first. */
    public synchronized List<Map<String, Double>> rows() {
        return List.copyOf(rows);
    }

    /** Number of rows. */
    public synchronized int size() {
        return rows.size();
    }

    /** The last row that has {@code metric}, or null. */
    public synchronized Map<String, Double> lastWith(String metric) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (rows.get(i).containsKey(metric)) {
                return rows.get(i);
            }
        }
        return null;
    }

    /** Drops rows after {@code step} (used when resuming from a checkpoint). */
    public synchronized void truncateAfter(int step) {
        rows.removeIf(row -> row.getOrDefault("step", 0.0) > step);
    }

    /** Replaces the rows (restoring a checkpoint's history). */
    public synchronized void replaceWith(List<Map<String, Double>> history) {
        rows.clear();
        history.forEach(this::add);
    }

    /**
     * The log as a table: {@code step} (int), then one double column per metric;
     * a metric a row does not have is missing (eval rows have only eval columns).
     */
    public synchronized Table table() {
        Set<String> columns = new LinkedHashSet<>(LEADING);
        BatchOutcome.METRIC_NAMES.forEach(columns::add);
        for (Map<String, Double> row : rows) {
            columns.addAll(row.keySet());
        }
        for (String metric : BatchOutcome.METRIC_NAMES) {
            columns.add("eval_" + metric);
        }
        Table table = Table.create("metrics");
        IntColumn step = IntColumn.create("step");
        for (Map<String, Double> row : rows) {
            step.append(row.getOrDefault("step", 0.0).intValue());
        }
        table.addColumns(step);
        for (String name : columns) {
            if (name.equals("step") || !anyRowHas(name)) {
                continue;
            }
            DoubleColumn column = DoubleColumn.create(name);
            for (Map<String, Double> row : rows) {
                Double value = row.get(name);
                if (value == null) {
                    column.appendMissing();
                } else {
                    column.append(value);
                }
            }
            table.addColumns(column);
        }
        return table;
    }

    private boolean anyRowHas(String name) {
        return rows.stream().anyMatch(row -> row.containsKey(name));
    }

    /** Writes {@link #table()} as CSV (missing values as empty fields). */
    public void writeCsv(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            table().write().csv(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public String toString() {
        return table().print();
    }
}
