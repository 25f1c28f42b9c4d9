package dev.cpotoolkit.loss;

import ai.djl.ndarray.NDArray;

/**
 * SimPO's loss (TRL {@code loss_type="simpo"}): the sigmoid loss on
 * {@code beta d - gamma}, a target reward margin {@code gamma}
 * ({@code simpo_gamma}), with log-probs averaged over answer tokens (length
 * normalised) and optional label smoothing. With the AlphaPO reward shape this
 * is AlphaPO.
 */
public final class SimPoLoss extends MarginLoss {

    private final double gamma;
    private final double labelSmoothing;

    /**
     * @param beta           scales the (length-normalised) reward difference
     * @param gamma          target reward margin ({@code simpo_gamma})
     * @param labelSmoothing label smoothing in [0, 0.5]
     * @param shape          the reward shape (log-prob, or AlphaPO)
     */
    public SimPoLoss(double beta, double gamma, double labelSmoothing, RewardShape shape) {
        super("simpo", beta, shape);
        this.gamma = gamma;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    NDArray lossOfMargin(NDArray d, LogProbPair pair) {
        NDArray scaled = d.mul(pair.constant(beta)).sub(pair.constant(gamma));
        return smoothedLogistic(scaled, labelSmoothing, pair);
    }

    @Override
    public SimPoLoss withBeta(double value) {
        return new SimPoLoss(value, gamma, labelSmoothing, shape());
    }

    @Override
    public boolean averagesLogProbs() {
        return true;
    }
}
