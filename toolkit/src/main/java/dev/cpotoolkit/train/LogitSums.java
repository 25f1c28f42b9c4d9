package dev.cpotoolkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.cpotoolkit.model.GradMode;

/**
 * The sums behind TRL's {@code logits/chosen} and {@code logits/rejected}
 * metrics, computed without the logits.
 *
 * <p>The head is linear without a bias, so the sum of all logits over a set of
 * positions is the sum of their hidden states times the head's column sums:
 * {@code sum_{n,v} (h_n W^T)_v = (sum_n h_n) . (sum_v W_v)}. One pass over the
 * head for its column sums, one (1, R T) x (R T, C) product per side and a
 * C-length dot replace a (2B, T, V) mean (and the two (1, C) x (C, V)
 * matrix-vector products this once took, each a full read of the head). Not
 * differentiated (metrics only).
 *
 * @param chosenSum     sum of the chosen rows' logits
 * @param rejectedSum   sum of the rejected rows' logits
 * @param chosenCount   number of logits the chosen mean divides by
 * @param rejectedCount number of logits the rejected mean divides by
 */
record LogitSums(double chosenSum, double rejectedSum, long chosenCount, long rejectedCount) {

    static LogitSums of(NDArray hidden, NDArray headWeight, BatchLayout layout) {
        long vocab = headWeight.getShape().get(0);
        try (GradMode.Scope noGrad = GradMode.set(false)) {
            NDArray flat = hidden.stopGradient().reshape(-1, hidden.getShape().get(2));
            NDArray columnSums = headWeight.sum(new int[] {0});
            // The sum starts from the model's weight; keep it in the step's manager, not the model's.
            columnSums.attach(flat.getManager());
            float[] head = columnSums.toType(DataType.FLOAT32, false).toFloatArray();
            return new LogitSums(sum(flat, head, layout.chosenWeights()), sum(flat, head, layout.rejectedWeights()),
                    layout.chosenCells() * vocab, layout.rejectedCells() * vocab);
        }
    }

    private static double sum(NDArray flat, float[] headColumnSums, float[] weights) {
        NDArray w = flat.getManager().create(weights, new Shape(1, weights.length)).toDevice(flat.getDevice(), false);
        float[] hiddenSum = w.matMul(flat).toType(DataType.FLOAT32, false).toFloatArray(); // (1, C)
        double total = 0;
        for (int i = 0; i < hiddenSum.length; i++) {
            total += (double) hiddenSum[i] * headColumnSums[i];
        }
        return total;
    }
}
