package dev.cpotoolkit.data.parquet;

import dev.cpotoolkit.data.PreferenceDataset;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The load-time measurement of README "Hub datasets" (not a test): loads a file three times in one
 * JVM and prints the first (cold) and best time, and the heap in use after the last load.
 *
 * <pre>
 * java -cp ... dev.cpotoolkit.data.parquet.LoadTiming rows|dataset FILE
 * </pre>
 * {@code rows}: the Parquet reader alone (rows to JSON objects); {@code dataset}: the whole
 * {@code PreferenceDataset.load} (reader, row rules, message lists rendered with the plain template).
 */
public final class LoadTiming {

    private LoadTiming() {}

    public static void main(String[] args) {
        Path file = Path.of(args[1]);
        double first = 0;
        double best = Double.MAX_VALUE;
        long count = 0;
        Object kept = null;
        for (int run = 0; run < 3; run++) {
            kept = null;
            long start = System.nanoTime();
            if (args[0].equals("rows")) {
                long[] rows = {0};
                ParquetFile.open(file).forEachRow(null, (g, r, fields) -> rows[0]++);
                count = rows[0];
            } else {
                PreferenceDataset data = PreferenceDataset.load(file);
                count = data.size();
                kept = data;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            first = run == 0 ? seconds : first;
            best = Math.min(best, seconds);
        }
        System.gc();
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "%s %s: %d rows, first %.2f s, best %.2f s, heap after load %.0f MiB%n",
                args[0], file.getFileName(), count, first, best, (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
        if (kept == null) {
            System.out.print("");
        }
    }
}
