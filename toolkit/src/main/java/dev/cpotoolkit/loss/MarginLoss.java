package dev.cpotoolkit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The shape every built-in TRL loss shares: shape both answers' log-probs into
 * rewards, take their difference {@code d = r_chosen - r_rejected}, and apply
 * one function of {@code d}. Rewards are logged as {@code beta * r}.
 */
abstract class MarginLoss extends NamedLoss {

    private final RewardShape shape;
    /** TRL's {@code beta}: scales the reward difference inside the loss and the logged rewards. */
    final double beta;

    MarginLoss(String name, double beta, RewardShape shape) {
        super(name);
        if (!(beta > 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException(name + " loss: beta = " + beta + " must be a positive number");
        }
        this.beta = beta;
        this.shape = shape;
    }

    /** The per-example loss as a function of the reward difference {@code d}. */
    abstract NDArray lossOfMargin(NDArray d, LogProbPair pair);

    /** The same loss with another {@code beta}, everything else kept. */
    @Override
    public abstract MarginLoss withBeta(double beta);

    /** The reward shape, for copies made by {@link #withBeta}. */
    final RewardShape shape() {
        return shape;
    }

    @Override
    public final double beta() {
        return beta;
    }

    @Override
    public final NDArray losses(LogProbPair pair) {
        NDArray d = shape.apply(pair.chosen(), pair).sub(shape.apply(pair.rejected(), pair));
        return lossOfMargin(d, pair);
    }

    @Override
    public final NDArray[] rewards(LogProbPair pair) {
        NDArray scale = pair.constant(beta);
        return new NDArray[] {
            shape.apply(pair.chosen(), pair).mul(scale),
            shape.apply(pair.rejected(), pair).mul(scale)
        };
    }

    /**
     * {@code -log sigmoid(x) * (1 - eps) - log sigmoid(-x) * eps}, with
     * {@code -log sigmoid(x) = softplus(-x)} (stable for large |x|).
     */
    static NDArray smoothedLogistic(NDArray x, double labelSmoothing, LogProbPair pair) {
        NDArray loss = Activation.softPlus(x.neg());
        if (labelSmoothing == 0.0) {
            return loss;
        }
        return loss.mul(pair.constant(1 - labelSmoothing))
                .add(Activation.softPlus(x).mul(pair.constant(labelSmoothing)));
    }
}
