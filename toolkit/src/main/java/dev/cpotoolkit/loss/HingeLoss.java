package dev.cpotoolkit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * SLiC's hinge loss (TRL {@code loss_type="hinge"}): {@code relu(1 - beta d)},
 * so beta is the reciprocal of the margin the chosen answer must win by. Log-probs
 * are summed; label smoothing does not apply.
 */
public final class HingeLoss extends MarginLoss {

    /**
     * @param beta  the reciprocal of the margin the chosen answer must win by
     * @param shape the reward shape (log-prob, or AlphaPO)
     */
    public HingeLoss(double beta, RewardShape shape) {
        super("hinge", beta, shape);
    }

    @Override
    NDArray lossOfMargin(NDArray d, LogProbPair pair) {
        return Activation.relu(pair.constant(1).sub(d.mul(pair.constant(beta))));
    }

    @Override
    public HingeLoss withBeta(double value) {
        return new HingeLoss(value, shape());
    }
}
