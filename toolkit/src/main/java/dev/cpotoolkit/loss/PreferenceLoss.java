package dev.cpotoolkit.loss;

import ai.djl.ndarray.NDArray;

/**
 * A preference loss: per-example chosen and rejected log-probs in, per-example
 * losses out. Researchers write new variants as a lambda in a notebook cell and
 * train with them unchanged:
 *
 * <pre>{@code
 * // A squared hinge, trained exactly like the built-in losses.
 * PreferenceLoss squaredHinge = pair -> {
 *     NDArray beta = pair.constant(pair.beta());
 *     return pair.constant(1).sub(beta.mul(pair.logRatio())).maximum(pair.constant(0)).square();
 * };
 * }</pre>
 *
 * <p>Rewards default to TRL's {@code beta * logps}; override {@link #rewards}
 * for another reward shape. Log-probs are summed over answer tokens unless
 * {@link #averagesLogProbs()} says otherwise; {@link #averagingLogProbs}
 * makes a lambda average them. Use only NDArray operations with constants from
 * {@link LogProbPair#constant(double)}: the result must stay differentiable.
 */
@FunctionalInterface
public interface PreferenceLoss {

    /** Per-example losses, shape {@code (B)}. */
    NDArray losses(LogProbPair pair);

    /**
     * Per-example rewards for logging (not differentiated). The default is TRL's
     * {@code beta * logps} for both answers.
     */
    default LossOutput evaluate(LogProbPair pair) {
        NDArray losses = losses(pair);
        NDArray[] rewards = rewards(pair);
        return new LossOutput(losses, rewards[0], rewards[1]);
    }

    /** Chosen and rejected rewards, {@code beta * logps} unless overridden. */
    default NDArray[] rewards(LogProbPair pair) {
        NDArray beta = pair.constant(pair.beta());
        return new NDArray[] {pair.chosen().mul(beta), pair.rejected().mul(beta)};
    }

    /**
     * Whether this loss wants log-probs averaged over answer tokens (TRL: ipo and
     * simpo) instead of summed (sigmoid and hinge).
     */
    default boolean averagesLogProbs() {
        return false;
    }

    /** A short name for logs, charts and run folders. */
    default String name() {
        return "custom";
    }

    /** Gives this loss a name (for charts comparing runs). */
    default PreferenceLoss named(String name) {
        return new ConfiguredLoss(this, name, averagesLogProbs());
    }

    /** The same loss fed log-probs averaged over answer tokens. */
    default PreferenceLoss averagingLogProbs() {
        return new ConfiguredLoss(this, name(), true);
    }
}
