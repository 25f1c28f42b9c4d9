package dev.cpotoolkit.loss;

import ai.djl.ndarray.NDArray;

/**
 * IPO's squared loss (TRL {@code loss_type="ipo"}): {@code (d - 1/(2 beta))^2},
 * which regresses the reward difference to a fixed gap instead of pushing it to
 * infinity. As in the IPO paper, log-probs are averaged over answer tokens; label
 * smoothing does not apply.
 */
public final class IpoLoss extends MarginLoss {

    /**
     * @param beta  sets the target gap {@code 1/(2 beta)}
     * @param shape the reward shape (log-prob, or AlphaPO)
     */
    public IpoLoss(double beta, RewardShape shape) {
        super("ipo", beta, shape);
    }

    @Override
    NDArray lossOfMargin(NDArray d, LogProbPair pair) {
        return d.sub(pair.constant(1 / (2 * beta))).square();
    }

    @Override
    public IpoLoss withBeta(double value) {
        return new IpoLoss(value, shape());
    }

    @Override
    public boolean averagesLogProbs() {
        return true;
    }
}
