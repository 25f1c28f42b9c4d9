package dev.cpotoolkit.tokenize;

import java.util.Arrays;

/**
 * The answer tokens a loss counts, read from a row's labels: after the causal
 * shift position 0 predicts nothing, so a token counts at every position
 * {@code t >= 1} whose label is not the label pad id. The one place that rule
 * lives; the objectives' token pooling and the per-token views both use it.
 */
public final class LabelTokens {

    private LabelTokens() {}

    /** The positions of one row's counted tokens, in order. */
    public static int[] positions(int[] labels, int labelPadTokenId) {
        return java.util.stream.IntStream.range(1, labels.length)
                .filter(t -> labels[t] != labelPadTokenId)
                .toArray();
    }

    /** How many tokens of one row count. */
    public static long count(int[] labels, int labelPadTokenId) {
        long count = 0;
        for (int t = 1; t < labels.length; t++) {
            if (labels[t] != labelPadTokenId) {
                count++;
            }
        }
        return count;
    }

    /** How many tokens of the first {@code rows} rows count (a batch's chosen rows come first). */
    public static long count(int[][] labels, int rows, int labelPadTokenId) {
        return Arrays.stream(labels, 0, rows).mapToLong(row -> count(row, labelPadTokenId)).sum();
    }
}
