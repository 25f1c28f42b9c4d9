package dev.cpotoolkit.loss;

import ai.djl.ndarray.NDArray;

/**
 * How sequence log-probs become the implicit rewards that a loss compares and
 * the trainer logs (after scaling by beta).
 *
 * <p>{@link #LOG_PROB} is CPO's own choice, the log-prob itself. AlphaPO
 * (Gupta et al., 2025) reshapes it as {@code r = (1 - p^(-alpha)) / alpha}
 * with {@code p = exp(logps)}, which TRL applies to any loss type whenever
 * {@code alpha != 0}.
 */
@FunctionalInterface
public interface RewardShape {

    /** The identity: rewards are the log-probs. */
    RewardShape LOG_PROB = (logps, pair) -> logps;

    /** Maps log-probs {@code (B)} to rewards {@code (B)}, differentiably. */
    NDArray apply(NDArray logps, LogProbPair pair);

    /**
     * AlphaPO's reward {@code (1 - exp(logps)^(-alpha)) / alpha}, written as
     * {@code (1 - exp(-alpha * logps)) / alpha}; the plain log-prob when alpha is 0.
     */
    static RewardShape alphaPo(double alpha) {
        if (alpha == 0.0) {
            return LOG_PROB;
        }
        return (logps, pair) -> pair.constant(1)
                .sub(logps.mul(pair.constant(-alpha)).exp())
                .div(pair.constant(alpha));
    }
}
