package dev.cpotoolkit.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * Callbacks from a training run, for progress bars (terminal or notebook),
 * loggers and early stopping. Every method has an empty default; they run on
 * the training thread between steps.
 */
public interface TrainingListener {

    /** Training starts or resumes at {@code progress.step()}. */
    default void onTrainBegin(TrainingProgress progress) {}

    /** An optimizer step finished; {@code metrics} are that step's (TRL names plus learning_rate, grad_norm). */
    default void onStepEnd(TrainingProgress progress, Map<String, Double> metrics) {}

    /** A metrics row was logged (window means), training or evaluation. */
    default void onLog(Map<String, Double> row) {}

    /** A checkpoint folder was written. */
    default void onCheckpoint(Path folder) {}

    /** The call to {@code train()} ended (finished, interrupted or failed). */
    default void onTrainEnd(TrainingProgress progress) {}
}
