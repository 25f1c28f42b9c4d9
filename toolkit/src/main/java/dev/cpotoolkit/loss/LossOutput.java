package dev.cpotoolkit.loss;

import ai.djl.ndarray.NDArray;

/**
 * What a preference loss returns for one batch, per example (shape {@code (B)}
 * each): the losses to minimise and the rewards logged as TRL's
 * {@code rewards/chosen} and {@code rewards/rejected}.
 *
 * @param losses          per-example losses (differentiable)
 * @param chosenRewards   per-example rewards of the chosen answers (for metrics)
 * @param rejectedRewards per-example rewards of the rejected answers (for metrics)
 */
public record LossOutput(NDArray losses, NDArray chosenRewards, NDArray rejectedRewards) {

    /** {@code chosenRewards - rejectedRewards}: TRL's {@code rewards/margins} per example. */
    public NDArray margins() {
        return chosenRewards.sub(rejectedRewards);
    }
}
