package dev.cpotoolkit.cli;

import dev.cpotoolkit.train.CPOConfig;

/**
 * The settings of {@code cpo train} on the bundled dataset: TRL's defaults
 * where they suit, and what a tiny model needs to visibly learn seven
 * preference pairs in about a minute on two CPU cores (a learning rate for a
 * freshly initialised model, one batch holding the whole set, evaluation on the
 * same set so the eval curves show memorisation, two kept checkpoints).
 */
final class QuickStart {

    private QuickStart() {}

    /** The quick-start defaults; flags and {@code --config} still override them. */
    static CPOConfig.Builder config() {
        return CPOConfig.builder()
                .learningRate(2e-3)
                .perDeviceTrainBatchSize(7)
                .perDeviceEvalBatchSize(7)
                // About a minute here (0.1 s a step); enough that greedy generation
                // from final/ reproduces the chosen answers, not only ranks them.
                .maxSteps(600)
                .warmupSteps(10)
                .loggingSteps(20)
                .saveSteps(200)
                .saveTotalLimit(2)
                .maxLength(128)
                .maxPromptLength(64);
    }
}
