package dev.cpotoolkit.train;

/**
 * Where a run stands, for progress displays.
 *
 * @param step           optimizer steps done
 * @param totalSteps     optimizer steps planned
 * @param epoch          fractional epoch
 * @param elapsedSeconds seconds since this call to {@code train()} began
 * @param stepsThisCall  steps taken in this call (for the rate)
 */
public record TrainingProgress(int step, int totalSteps, double epoch, double elapsedSeconds, int stepsThisCall) {

    /** Fraction done, in [0, 1]. */
    public double fraction() {
        return totalSteps == 0 ? 1 : Math.min(1.0, (double) step / totalSteps);
    }

    /** Estimated seconds left at this call's average step time, or NaN before the first step. */
    public double etaSeconds() {
        if (stepsThisCall == 0) {
            return Double.NaN;
        }
        return elapsedSeconds / stepsThisCall * (totalSteps - step);
    }
}
