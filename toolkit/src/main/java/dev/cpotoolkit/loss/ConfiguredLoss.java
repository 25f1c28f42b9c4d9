package dev.cpotoolkit.loss;

import ai.djl.ndarray.NDArray;

/**
 * A loss with its name, log-prob averaging or {@code beta} changed. The losses
 * themselves come from the wrapped loss; a built-in loss given a new beta is
 * rebuilt with it (its margins use beta too), while a lambda only logs its
 * rewards at the new temperature.
 */
final class ConfiguredLoss extends NamedLoss {

    private final PreferenceLoss delegate;
    private final boolean averagesLogProbs;
    private final double beta;

    ConfiguredLoss(PreferenceLoss delegate, String name, boolean averagesLogProbs, double beta) {
        super(name);
        PreferenceLoss inner = delegate instanceof ConfiguredLoss configured ? configured.delegate : delegate;
        this.delegate = inner instanceof MarginLoss margin && margin.beta() != beta ? margin.withBeta(beta) : inner;
        this.averagesLogProbs = averagesLogProbs;
        this.beta = beta;
    }

    @Override
    public NDArray losses(LogProbPair pair) {
        return delegate.losses(pair);
    }

    @Override
    public NDArray[] rewards(LogProbPair pair) {
        // A lambda's default rewards would use its own (default) beta, not the one set here.
        return delegate.beta() == beta ? delegate.rewards(pair) : PreferenceLoss.logProbRewards(pair, beta);
    }

    @Override
    public double beta() {
        return beta;
    }

    @Override
    public boolean averagesLogProbs() {
        return averagesLogProbs;
    }
}
