package dev.cpotoolkit.loss;

import ai.djl.ndarray.NDArray;

/** A loss with its name or log-prob averaging changed; everything else delegates. */
final class ConfiguredLoss implements PreferenceLoss {

    private final PreferenceLoss delegate;
    private final String name;
    private final boolean averagesLogProbs;

    ConfiguredLoss(PreferenceLoss delegate, String name, boolean averagesLogProbs) {
        this.delegate = delegate instanceof ConfiguredLoss configured ? configured.delegate : delegate;
        this.name = name;
        this.averagesLogProbs = averagesLogProbs;
    }

    @Override
    public NDArray losses(LogProbPair pair) {
        return delegate.losses(pair);
    }

    @Override
    public NDArray[] rewards(LogProbPair pair) {
        return delegate.rewards(pair);
    }

    @Override
    public boolean averagesLogProbs() {
        return averagesLogProbs;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
