package dev.cpotoolkit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The input of a preference loss: the sequence log-probs of the chosen and
 * rejected answers of one batch (shape {@code (B)} each, summed or averaged over
 * answer tokens as the loss asks). Tensors only: a loss's hyperparameters
 * ({@code beta}, margins, smoothing) belong to the loss.
 *
 * <p>Write a custom loss against this class only with NDArray operations, and
 * make every constant with {@link #constant(double)}:
 *
 * <pre>{@code
 * double beta = 0.1;
 * PreferenceLoss squaredHinge = pair ->
 *     pair.constant(1).sub(pair.logRatio().mul(pair.constant(beta))).maximum(pair.constant(0)).square();
 * }</pre>
 *
 * @param chosen   log-probs of the chosen answers, {@code (B)}
 * @param rejected log-probs of the rejected answers, {@code (B)}
 */
public record LogProbPair(NDArray chosen, NDArray rejected) {

    /**
     * A float32 scalar in the same manager (and device) as the log-probs. Use it
     * for every constant inside a loss: Java numbers passed to NDArray arithmetic
     * are freed before backward runs and can corrupt gradients.
     */
    public NDArray constant(double value) {
        return chosen.getManager().create((float) value).toDevice(chosen.getDevice(), false)
                .toType(DataType.FLOAT32, false);
    }

    /** {@code chosen - rejected}: the log-likelihood ratio most losses start from. */
    public NDArray logRatio() {
        return chosen.sub(rejected);
    }

    /** Batch size {@code B}. */
    public long batchSize() {
        return chosen.getShape().get(0);
    }
}
