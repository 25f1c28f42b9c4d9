package dev.cpotoolkit.model;

import java.util.Arrays;

/**
 * Which hidden states predict which label tokens, for {@link LeanLogProbs}: a
 * list of {@code K} label tokens, each with the flat index of the hidden state
 * that predicts it, its target id, and where its log-prob belongs in the
 * ordinary {@code (rows, columns)} layout of {@link SequenceLogProbs}
 * ({@code columns = T - 1}).
 *
 * <p>For an ordinary right-padded batch the token at {@code (r, t)} is
 * predicted by hidden state {@code (r, t - 1)}; a packed batch (prompt shared by
 * two answers) maps the same tokens to other hidden states. Either way the
 * loss sees the same log-probs in the same layout.
 *
 * @param rows      logical rows (2B for a preference batch)
 * @param columns   columns of the logical layout, {@code T - 1}
 * @param sources   (K) flat index {@code row * T' + position} into the hidden states
 * @param targets   (K) the label token ids
 * @param cells     (K) flat index {@code row * columns + column} in the logical layout
 */
public record TokenSelection(int rows, int columns, long[] sources, long[] targets, long[] cells) {

    /** Validates that the three lists have one entry per label token. */
    public TokenSelection {
        if (sources.length != targets.length || sources.length != cells.length) {
            throw new IllegalArgumentException("sources, targets and cells differ in length: "
                    + sources.length + ", " + targets.length + ", " + cells.length);
        }
    }

    /** The number of label tokens, {@code K}. */
    public int size() {
        return sources.length;
    }

    /**
     * The selection of an ordinary batch: every label other than
     * {@code ignoreIndex} at column {@code t >= 1}, predicted by {@code (r, t - 1)}.
     *
     * @param labels      (rows, T) labels
     * @param ignoreIndex the label of positions without loss
     */
    public static TokenSelection causal(int[][] labels, long ignoreIndex) {
        int t = labels[0].length;
        Builder builder = new Builder(labels.length, t - 1);
        for (int r = 0; r < labels.length; r++) {
            for (int c = 1; c < t; c++) {
                if (labels[r][c] != ignoreIndex) {
                    builder.add((long) r * t + c - 1, labels[r][c], r, c - 1);
                }
            }
        }
        return builder.build();
    }

    /** Collects label tokens one by one. */
    public static final class Builder {
        private final int rows;
        private final int columns;
        private long[] sources = new long[64];
        private long[] targets = new long[64];
        private long[] cells = new long[64];
        private int size;

        /**
         * @param rows    logical rows
         * @param columns logical columns ({@code T - 1})
         */
        public Builder(int rows, int columns) {
            this.rows = rows;
            this.columns = columns;
        }

        /**
         * Adds one label token.
         *
         * @param source flat index of the predicting hidden state
         * @param target the token id
         * @param row    its logical row
         * @param column its logical column (the label position minus one)
         */
        public Builder add(long source, long target, int row, int column) {
            if (size == sources.length) {
                sources = Arrays.copyOf(sources, size * 2);
                targets = Arrays.copyOf(targets, size * 2);
                cells = Arrays.copyOf(cells, size * 2);
            }
            sources[size] = source;
            targets[size] = target;
            cells[size] = (long) row * columns + column;
            size++;
            return this;
        }

        /** The selection. */
        public TokenSelection build() {
            return new TokenSelection(rows, columns, Arrays.copyOf(sources, size), Arrays.copyOf(targets, size),
                    Arrays.copyOf(cells, size));
        }
    }
}
