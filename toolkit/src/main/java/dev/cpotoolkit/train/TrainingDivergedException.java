package dev.cpotoolkit.train;

/**
 * Training produced a NaN or infinite loss or gradient norm. Thrown before the
 * optimizer applied that step, so the model still holds the last good weights,
 * and the last checkpoint on disk is untouched.
 */
public class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int step;

    /**
     * @param step     the optimizer step (1-based) that diverged
     * @param loss     its loss
     * @param gradNorm its gradient norm before clipping
     */
    public TrainingDivergedException(int step, double loss, double gradNorm) {
        super("training diverged at step " + step + ": loss = " + loss + ", grad_norm = " + gradNorm
                + "; the update was not applied and the model keeps the weights of step " + (step - 1)
                + " (lower learning_rate, or check the data)");
        this.step = step;
    }

    /** The optimizer step (1-based) whose loss or gradient was not finite. */
    public int step() {
        return step;
    }
}
