package dev.cpotoolkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.cpotoolkit.model.ForwardInput;
import dev.cpotoolkit.model.TokenSelection;
import dev.cpotoolkit.tokenize.PreferenceBatch;

/**
 * How a preference batch is laid out for the model, and how to read the loss's
 * numbers back from it.
 *
 * <ul>
 *   <li>{@link #plain}: TRL's layout, 2B right-padded rows (chosen rows, then
 *       rejected rows), each {@code prompt + answer}.</li>
 *   <li>{@link #packed}: prefix sharing, one row per pair,
 *       {@code [prompt | chosen | rejected]}. The prompt is computed once; a
 *       (B, T, T) attention matrix keeps the answers apart (the chosen tokens
 *       see the prompt and the chosen tokens before them, the rejected tokens
 *       see the prompt and the rejected tokens before them, never the chosen
 *       ones), and the rejected answer's position ids continue from the prompt's
 *       end, as in its own row. Every answer token then has exactly the hidden
 *       state it has in the plain layout.</li>
 * </ul>
 *
 * <p>The shared prefix of a pair is the longest common prefix of its two rows
 * on which both rows carry no label (so a byte-level merge of the prompt's last
 * token into an answer simply shortens it), and always leaves each answer at
 * least one token.
 *
 * @param rows           the model rows (2B plain, B packed)
 * @param columns        the model's sequence length
 * @param inputIds       (rows, columns) token ids
 * @param attention      (rows, columns) padding mask (plain) or (rows, columns, columns) matrix (packed)
 * @param positions      (rows, columns) position ids, or null for the default {@code arange}
 * @param selection      which hidden state predicts each label token
 * @param chosenWeights  per flat hidden position, how often it counts in the {@code logits/chosen} sum
 * @param rejectedWeights the same for {@code logits/rejected}
 * @param chosenCells    positions (times V) that {@code logits/chosen} averages over
 * @param rejectedCells  the same for {@code logits/rejected}
 */
public record BatchLayout(int rows, int columns, long[] inputIds, int[] attention, long[] positions,
                          TokenSelection selection, float[] chosenWeights, float[] rejectedWeights,
                          long chosenCells, long rejectedCells) {

    /**
     * TRL's layout: the batch's own 2B rows, every position (padding included)
     * counted in the {@code logits/*} means, exactly as TRL.
     */
    public static BatchLayout plain(PreferenceBatch batch, int ignoreIndex) {
        int[][] ids = batch.inputIds();
        int[][] mask = batch.attentionMask();
        int rows = ids.length;
        int t = ids[0].length;
        int b = batch.batchSize();
        long[] flatIds = new long[rows * t];
        int[] flatMask = new int[rows * t];
        float[] chosen = new float[rows * t];
        float[] rejected = new float[rows * t];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < t; c++) {
                flatIds[r * t + c] = ids[r][c];
                flatMask[r * t + c] = mask[r][c];
                (r < b ? chosen : rejected)[r * t + c] = 1f;
            }
        }
        return new BatchLayout(rows, t, flatIds, flatMask, null, TokenSelection.causal(batch.labels(), ignoreIndex),
                chosen, rejected, (long) b * t, (long) b * t);
    }

    /**
     * The prefix-sharing layout. Losses, log-probs, rewards and NLL equal the
     * plain layout's; {@code logits/chosen} and {@code logits/rejected} become
     * means over the real tokens of each answer's row (prompt included), since
     * padding positions do not exist here. They equal TRL's value when the
     * plain batch has no padding.
     */
    public static BatchLayout packed(PreferenceBatch batch, int ignoreIndex) {
        int[][] ids = batch.inputIds();
        int[][] mask = batch.attentionMask();
        int[][] labels = batch.labels();
        int b = batch.batchSize();
        int t = ids[0].length;
        int[] prefix = new int[b];
        int[] chosenLength = new int[b];
        int[] rejectedLength = new int[b];
        int columns = 1;
        for (int i = 0; i < b; i++) {
            chosenLength[i] = realLength(mask[i]);
            rejectedLength[i] = realLength(mask[b + i]);
            int limit = Math.min(chosenLength[i], rejectedLength[i]) - 1;
            int p = 0;
            while (p < limit && ids[i][p] == ids[b + i][p]
                    && labels[i][p] == ignoreIndex && labels[b + i][p] == ignoreIndex) {
                p++;
            }
            prefix[i] = p;
            columns = Math.max(columns, chosenLength[i] + rejectedLength[i] - p);
        }
        long[] flatIds = new long[b * columns];
        long[] positions = new long[b * columns];
        int[] allowed = new int[b * columns * columns];
        float[] chosenWeights = new float[b * columns];
        float[] rejectedWeights = new float[b * columns];
        long chosenCells = 0;
        long rejectedCells = 0;
        TokenSelection.Builder selection = new TokenSelection.Builder(2 * b, t - 1);
        int pad = ids[0][t - 1];
        for (int i = 0; i < b; i++) {
            int p = prefix[i];
            int lc = chosenLength[i];
            int lr = rejectedLength[i];
            int used = lc + lr - p;
            int base = i * columns;
            // Segment of each packed column: 0 prompt, 1 chosen, 2 rejected, -1 padding.
            int[] segment = new int[columns];
            java.util.Arrays.fill(segment, -1);
            for (int c = 0; c < lc; c++) {
                flatIds[base + c] = ids[i][c];
                positions[base + c] = c;
                segment[c] = c < p ? 0 : 1;
            }
            for (int c = p; c < lr; c++) {
                int packed = lc + c - p;
                flatIds[base + packed] = ids[b + i][c];
                positions[base + packed] = c;
                segment[packed] = 2;
            }
            for (int c = used; c < columns; c++) {
                flatIds[base + c] = pad;
            }
            for (int q = 0; q < columns; q++) {
                int rowStart = (base + q) * columns;
                if (segment[q] < 0) {
                    allowed[rowStart + q] = 1; // padding attends itself only: never an empty row
                    continue;
                }
                for (int k = 0; k <= q; k++) {
                    if (segment[k] == 0 || segment[k] == segment[q]) {
                        allowed[rowStart + k] = 1;
                    }
                }
            }
            for (int c = 0; c < used; c++) {
                if (segment[c] != 2) {
                    chosenWeights[base + c] = 1f;
                }
                if (segment[c] != 1) {
                    rejectedWeights[base + c] = 1f;
                }
            }
            chosenCells += lc;
            rejectedCells += lr;
            // Label tokens: chosen tokens sit where they sit in their own row ...
            for (int c = 1; c < lc; c++) {
                if (labels[i][c] != ignoreIndex) {
                    selection.add(base + c - 1L, labels[i][c], i, c - 1);
                }
            }
            // ... rejected token c sits at lc + c - p; the one before the first answer token is the prompt's last.
            for (int c = 1; c < lr; c++) {
                if (labels[b + i][c] != ignoreIndex) {
                    int before = c - 1 < p ? c - 1 : lc + (c - 1) - p;
                    selection.add(base + (long) before, labels[b + i][c], b + i, c - 1);
                }
            }
        }
        return new BatchLayout(b, columns, flatIds, allowed, positions, selection.build(), chosenWeights,
                rejectedWeights, chosenCells, rejectedCells);
    }

    /** The model input, created in {@code manager}. */
    public ForwardInput forwardInput(NDManager manager) {
        Shape bt = new Shape(rows, columns);
        NDArray ids = manager.create(inputIds, bt);
        NDArray mask = attention.length == rows * columns
                ? manager.create(attention, bt)
                : manager.create(attention, new Shape(rows, columns, columns)).toType(DataType.BOOLEAN, false);
        NDArray pos = positions == null ? null : manager.create(positions, bt);
        return new ForwardInput(ids, mask, pos);
    }

    /** Fraction of the model's {@code rows x columns} cells that are padding. */
    public double paddingFraction() {
        long real = 0;
        if (attention.length == rows * columns) {
            for (int m : attention) {
                real += m;
            }
        } else {
            for (float w : chosenWeights) {
                real += w > 0 ? 1 : 0;
            }
            for (int i = 0; i < chosenWeights.length; i++) {
                real += rejectedWeights[i] > 0 && chosenWeights[i] == 0 ? 1 : 0;
            }
        }
        return 1.0 - (double) real / ((long) rows * columns);
    }

    private static int realLength(int[] mask) {
        int n = 0;
        for (int m : mask) {
            n += m;
        }
        return n;
    }
}
