package dev.cpotoolkit.model;

import dev.cpotoolkit.model.checkpoint.CheckpointException;
import dev.cpotoolkit.model.checkpoint.WeightSource;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Size checks that run on a {@link ModelConfig} before any block is built or
 * any array allocated. Building follows the config's numbers blindly, so a
 * config.json saying a billion layers would otherwise spend minutes creating
 * layer objects and end in an OutOfMemoryError.
 */
final class ModelSizeCheck {

    /**
     * The most parameters a model built without a weights file (random
     * initialisation, e.g. from a preset) may have: 2^34, 64 GiB of float32.
     * Real checkpoints are bounded by their weights instead.
     */
    static final long MAX_PARAMETERS_WITHOUT_WEIGHTS = 1L << 34;

    /**
     * How far the config's count may exceed the weights' before failing here.
     * Within it, building is cheap and the tensor-by-tensor comparison names
     * the exact tensors that differ; beyond it, the config cannot describe
     * these weights and building it could exhaust memory.
     */
    static final long SLACK = 2;

    /** Longest list an error message spells out before saying how many more there are. */
    static final int LISTED = 10;

    private ModelSizeCheck() {}

    /** Refuses a config far larger than the tensors in {@code weights}. */
    static void againstWeights(ModelConfig config, WeightSource weights, Predicate<String> ignorable) {
        long stored = 0;
        for (String name : weights.names()) {
            if (!ignorable.test(name)) {
                stored = ModelConfig.saturatingSum(stored, weights.info(name).elementCount());
            }
        }
        long implied = config.parameterCount();
        if (implied > ModelConfig.saturatingProduct(stored, SLACK)) {
            String weightFiles = weights.files().size() == 1 ? weights.files().get(0).toString()
                    : weights.files().size() + " shards in " + weights.folder();
            throw new CheckpointException(configFile(config, weights.folder()), config.sizeFields() + " imply "
                    + count(implied) + " parameters, but the weights (" + weightFiles + ") hold " + stored
                    + "; this config.json does not describe these weights");
        }
    }

    /** Refuses a config too large to build with random weights. */
    static void withoutWeights(ModelConfig config) {
        long implied = config.parameterCount();
        if (implied > MAX_PARAMETERS_WITHOUT_WEIGHTS) {
            throw new CheckpointException(config.source(), config.sizeFields() + " imply " + count(implied)
                    + " parameters; a model built without a weights file may have at most 2^34 ("
                    + MAX_PARAMETERS_WITHOUT_WEIGHTS + ")");
        }
    }

    /** {@code items} joined by commas, the first {@value #LISTED} only, then "... and N more". */
    static String capped(List<String> items) {
        if (items.size() <= LISTED) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, LISTED)) + ", ... and " + (items.size() - LISTED) + " more";
    }

    private static String count(long parameters) {
        return parameters == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : Long.toString(parameters);
    }

    private static Path configFile(ModelConfig config, Path folder) {
        return config.source() != null ? config.source() : folder.resolve("config.json");
    }
}
