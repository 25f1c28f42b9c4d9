package dev.cpotoolkit.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The checks and helpers the corpus metrics share: sacreBLEU's reference layout and Python's {@code rstrip}. */
final class References {

    private References() {}

    /**
     * Refuses what sacreBLEU would fail on or silently misread: streams of
     * another length than the hypotheses, a null hypothesis, a segment left
     * with no reference at all.
     */
    static void check(List<String> hypotheses, List<List<String>> references) {
        Objects.requireNonNull(hypotheses, "hypotheses");
        Objects.requireNonNull(references, "references");
        if (references.isEmpty()) {
            throw new IllegalArgumentException("no reference stream given");
        }
        for (int r = 0; r < references.size(); r++) {
            if (references.get(r).size() != hypotheses.size()) {
                throw new IllegalArgumentException("reference stream " + r + " has " + references.get(r).size()
                        + " lines for " + hypotheses.size() + " hypotheses");
            }
        }
        for (int i = 0; i < hypotheses.size(); i++) {
            if (hypotheses.get(i) == null) {
                throw new IllegalArgumentException("hypothesis " + i + " is null (an empty line is \"\")");
            }
            if (of(references, i).isEmpty()) {
                throw new IllegalArgumentException("segment " + i + " has no reference (every stream's line is null)");
            }
        }
    }

    /** Segment {@code i}'s references: its line in every stream, nulls left out. */
    static List<String> of(List<List<String>> references, int i) {
        List<String> lines = new ArrayList<>(references.size());
        for (List<String> stream : references) {
            if (stream.get(i) != null) {
                lines.add(stream.get(i));
            }
        }
        return lines;
    }

    /** Python's {@code str.rstrip()}: trailing whitespace removed. */
    static String rstrip(String text) {
        int end = text.length();
        while (end > 0) {
            int codePoint = text.codePointBefore(end);
            if (!PythonText.isSpace(codePoint)) {
                break;
            }
            end -= Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }
}
