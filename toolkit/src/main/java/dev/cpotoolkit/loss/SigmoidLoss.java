package dev.cpotoolkit.loss;

import ai.djl.ndarray.NDArray;

/**
 * CPO's own loss (equation 3 of the paper), TRL {@code loss_type="sigmoid"}:
 * logistic regression on the scaled reward difference,
 * {@code -log sigmoid(beta d)}, with optional label smoothing
 * {@code eps}: {@code -(1-eps) log sigmoid(beta d) - eps log sigmoid(-beta d)}.
 * Log-probs are summed over answer tokens.
 */
public final class SigmoidLoss extends MarginLoss {

    private final double labelSmoothing;

    /**
     * @param beta           the temperature of the implicit reward
     * @param labelSmoothing the probability that a preference label is flipped, in [0, 0.5]
     * @param shape          the reward shape (log-prob, or AlphaPO)
     */
    public SigmoidLoss(double beta, double labelSmoothing, RewardShape shape) {
        super("sigmoid", beta, shape);
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    NDArray lossOfMargin(NDArray d, LogProbPair pair) {
        return smoothedLogistic(d.mul(pair.constant(beta)), labelSmoothing, pair);
    }

    @Override
    public SigmoidLoss withBeta(double value) {
        return new SigmoidLoss(value, labelSmoothing, shape());
    }
}
