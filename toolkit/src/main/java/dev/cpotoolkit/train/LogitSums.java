package dev.cpotoolkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.cpotoolkit.model.GradMode;

/**
 * The sums behind TRL's {@code logits/chosen} and {@code logits/rejected}
 * metrics, computed without the logits.
 *
 * <p>The head is linear without a bias, so the sum of all logits over a set of
 * positions is the sum of their hidden states times the head:
 * {@code sum_{n,v} (h_n W^T)_v = (sum_n h_n) W^T 1}. One (1, R T) x (R T, C)
 * product and one (1, C) x (C, V) product replace a (2B, T, V) mean. Not
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
            return new LogitSums(sum(flat, headWeight, layout.chosenWeights()),
                    sum(flat, headWeight, layout.rejectedWeights()),
                    layout.chosenCells() * vocab, layout.rejectedCells() * vocab);
        }
    }

    private static double sum(NDArray flat, NDArray headWeight, float[] weights) {
        NDArray w = flat.getManager().create(weights, new Shape(1, weights.length)).toDevice(flat.getDevice(), false);
        NDArray hiddenSum = w.matMul(flat);                                    // (1, C)
        NDArray perToken = Linear.linear(hiddenSum, headWeight).singletonOrThrow(); // (1, V)
        double total = 0;
        for (float value : perToken.toType(DataType.FLOAT32, false).toFloatArray()) {
            total += value;
        }
        return total;
    }
}
