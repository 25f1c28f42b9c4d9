package dev.cpotoolkit.bench;

import dev.cpotoolkit.train.TrainingStep;

/**
 * The wall-clock split of one CPO step, in seconds.
 *
 * @param loss      the objective's value
 * @param forward   forward pass and loss (until the loss value is on the host)
 * @param backward  backward pass, including freeing the step's arrays
 * @param optimizer gradient clipping and the AdamW update (gradients zeroed)
 */
public record StepTiming(double loss, double forward, double backward, double optimizer) {

    /** The split of a step the trainer's own {@link TrainingStep} reported. */
    public static StepTiming of(TrainingStep.Result result) {
        return new StepTiming(result.loss(), result.forwardSeconds(), result.backwardSeconds(),
                result.updateSeconds());
    }

    /** The whole step. */
    public double total() {
        return forward + backward + optimizer;
    }
}
