package dev.cpotoolkit.loss;

import ai.djl.ndarray.NDArray;

/**
 * A preference loss: per-example chosen and rejected log-probs in, per-example
 * losses out. Researchers write new variants as a lambda in a notebook cell and
 * train with them unchanged:
 *
 * <pre>{@code
 * // A squared hinge, trained exactly like the built-in losses.
 * double beta = 0.1;
 * PreferenceLoss squaredHinge = pair ->
 *     pair.constant(1).sub(pair.logRatio().mul(pair.constant(beta))).maximum(pair.constant(0)).square();
 * trainer = CPOTrainer.builder()...loss(squaredHinge.withBeta(beta)).build();
 * }</pre>
 *
 * <p>A loss owns its hyperparameters: the built-in ones take {@code beta} and
 * the rest in their constructors ({@link BuiltInLosses#create}), a lambda
 * captures its own. Rewards default to TRL's {@code beta() * logps}, where a
 * lambda's {@link #beta()} is TRL's default 0.1 until {@link #withBeta} sets
 * it; override {@link #rewards} for another reward shape. Log-probs are summed over answer tokens unless
 * {@link #averagesLogProbs()} says otherwise; {@link #averagingLogProbs}
 * makes a lambda average them. Use only NDArray operations with constants from
 * {@link LogProbPair#constant(double)}: the result must stay differentiable.
 */
@FunctionalInterface
public interface PreferenceLoss {

    /** TRL's default {@code beta}, the reward temperature of a loss that names none. */
    double DEFAULT_BETA = 0.1;

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

    /** Chosen and rejected rewards, {@code beta() * logps} unless overridden. */
    default NDArray[] rewards(LogProbPair pair) {
        return logProbRewards(pair, beta());
    }

    /** TRL's rewards {@code beta * logps} of both answers. */
    static NDArray[] logProbRewards(LogProbPair pair, double beta) {
        NDArray scale = pair.constant(beta);
        return new NDArray[] {pair.chosen().mul(scale), pair.rejected().mul(scale)};
    }

    /**
     * The temperature of this loss's implicit reward (TRL's {@code beta}): the
     * logged rewards are {@code beta * logps}, and the built-in losses also
     * scale their margins by it. {@link #DEFAULT_BETA} for a lambda until
     * {@link #withBeta} gives it one.
     */
    default double beta() {
        return DEFAULT_BETA;
    }

    /**
     * This loss with another {@code beta}: a built-in loss is rebuilt with it; a
     * lambda keeps its own arithmetic (capture the value there too) and logs
     * rewards at this temperature.
     */
    default PreferenceLoss withBeta(double beta) {
        return new ConfiguredLoss(this, name(), averagesLogProbs(), beta);
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
        return new ConfiguredLoss(this, name, averagesLogProbs(), beta());
    }

    /** The same loss fed log-probs averaged over answer tokens. */
    default PreferenceLoss averagingLogProbs() {
        return new ConfiguredLoss(this, name(), true, beta());
    }
}
