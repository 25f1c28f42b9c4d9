package dev.cpotoolkit.data;

import java.util.ArrayList;
import java.util.List;

/**
 * What a load kept and what it skipped. Rows are skipped only when the loader was told so
 * ({@link PreferenceLoader#skipInvalid(boolean)}); then every skipped row is listed here with its
 * location and reason, so nothing is lost silently.
 *
 * @param origin     the input's label (file path, {@code "columns"}, ...), or several joined by {@code " + "}
 * @param loadedRows how many rows became examples
 * @param skipped    the rows left out, in input order
 */
public record LoadReport(String origin, int loadedRows, List<SkippedRow> skipped) {

    /**
     * Freezes the skipped list.
     *
     * @param origin     the input's label
     * @param loadedRows how many rows became examples
     * @param skipped    the rows left out
     */
    public LoadReport {
        skipped = List.copyOf(skipped);
    }

    /**
     * Whether every row was loaded.
     *
     * @return true when nothing was skipped
     */
    public boolean isClean() {
        return skipped.isEmpty();
    }

    /**
     * The report of several datasets joined together.
     *
     * @param reports the parts, in order
     * @return one report adding up their rows and skips
     */
    static LoadReport combine(List<LoadReport> reports) {
        List<SkippedRow> all = new ArrayList<>();
        int loaded = 0;
        List<String> origins = new ArrayList<>();
        for (LoadReport report : reports) {
            all.addAll(report.skipped());
            loaded += report.loadedRows();
            origins.add(report.origin());
        }
        return new LoadReport(String.join(" + ", origins), loaded, all);
    }

    /**
     * A multi-line summary listing every skipped row.
     *
     * @return the summary text
     */
    public String summary() {
        StringBuilder text = new StringBuilder()
                .append(origin).append(": loaded ").append(loadedRows).append(" rows");
        if (skipped.isEmpty()) {
            return text.append(", skipped none").toString();
        }
        text.append(", skipped ").append(skipped.size()).append(" invalid:");
        for (SkippedRow row : skipped) {
            text.append("\n  ").append(row);
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
