package dev.cpotoolkit.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * What one call of {@link CPOTrainer#train()} did.
 *
 * @param globalStep   optimizer steps taken so far (over every call)
 * @param totalSteps   the steps the run plans in all
 * @param stepsThisCall steps taken by this call
 * @param interrupted  true when the thread was interrupted (a notebook's stop button) and
 *                     training stopped at a step boundary; call {@code train()} again to go on
 * @param seconds      wall-clock seconds of this call
 * @param lastMetrics  the last logged training row (TRL names), empty if none was logged
 * @param outputDir    the run folder
 */
public record TrainResult(int globalStep, int totalSteps, int stepsThisCall, boolean interrupted, double seconds,
                          Map<String, Double> lastMetrics, Path outputDir) {

    /** True when the run has taken every planned step. */
    public boolean finished() {
        return globalStep >= totalSteps;
    }
}
