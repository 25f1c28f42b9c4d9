package dev.cpotoolkit.tokenize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A padded CPO batch of 2B rows x T positions held in plain Java arrays: rows 0..B-1 are the
 * chosen sequences, rows B..2B-1 the rejected ones of the same examples in the same order.
 * Kept off the engine so tokenization stays fast and testable; {@link #toNDList(NDManager)}
 * makes the INT64 tensors a model wants.
 */
public final class PreferenceBatch {

    private final int[][] inputIds;
    private final int[][] attentionMask;
    private final int[][] labels;
    private final int[] exampleIndices;

    /**
     * @param inputIds       2B rows of T ids
     * @param attentionMask  2B rows of T values, 1 real, 0 padding
     * @param labels         2B rows of T labels, label pad id where no loss
     * @param exampleIndices B example indices, in row order
     */
    PreferenceBatch(int[][] inputIds, int[][] attentionMask, int[][] labels, int[] exampleIndices) {
        this.inputIds = inputIds;
        this.attentionMask = attentionMask;
        this.labels = labels;
        this.exampleIndices = exampleIndices;
    }

    /** B, the number of examples (half the number of rows). */
    public int batchSize() {
        return exampleIndices.length;
    }

    /** T, the padded length of every row. */
    public int sequenceLength() {
        return inputIds[0].length;
    }

    /** The shape {@code [2B, T]} of every tensor of this batch. */
    public long[] shape() {
        return new long[] {inputIds.length, sequenceLength()};
    }

    /** A copy of the input ids, 2B x T. */
    public int[][] inputIds() {
        return deepCopy(inputIds);
    }

    /** A copy of the attention mask, 2B x T (1 real token, 0 padding). */
    public int[][] attentionMask() {
        return deepCopy(attentionMask);
    }

    /** A copy of the labels, 2B x T (label pad id at prompt and padding positions). */
    public int[][] labels() {
        return deepCopy(labels);
    }

    /** A copy of the example indices, one per chosen/rejected row pair. */
    public int[] exampleIndices() {
        return exampleIndices.clone();
    }

    /**
     * The input ids as an INT64 {@code [2B, T]} array.
     *
     * @param manager the manager that will own the array
     * @return the new array
     */
    public NDArray inputIds(NDManager manager) {
        return toArray(manager, inputIds, "input_ids");
    }

    /**
     * The attention mask as an INT64 {@code [2B, T]} array.
     *
     * @param manager the manager that will own the array
     * @return the new array
     */
    public NDArray attentionMask(NDManager manager) {
        return toArray(manager, attentionMask, "attention_mask");
    }

    /**
     * The labels as an INT64 {@code [2B, T]} array.
     *
     * @param manager the manager that will own the array
     * @return the new array
     */
    public NDArray labels(NDManager manager) {
        return toArray(manager, labels, "labels");
    }

    /**
     * {@code input_ids}, {@code attention_mask}, {@code labels} (in that order, named so), all
     * INT64 {@code [2B, T]}.
     *
     * @param manager the manager that will own the arrays
     * @return the three arrays
     */
    public NDList toNDList(NDManager manager) {
        return new NDList(inputIds(manager), attentionMask(manager), labels(manager));
    }

    private static NDArray toArray(NDManager manager, int[][] rows, String name) {
        int t = rows[0].length;
        long[] flat = new long[rows.length * t];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < t; c++) {
                flat[r * t + c] = rows[r][c];
            }
        }
        NDArray array = manager.create(flat, new Shape(rows.length, t));
        array.setName(name);
        return array;
    }

    private static int[][] deepCopy(int[][] rows) {
        int[][] copy = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rows[i].clone();
        }
        return copy;
    }
}
