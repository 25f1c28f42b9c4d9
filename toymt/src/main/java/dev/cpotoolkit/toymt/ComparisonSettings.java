package dev.cpotoolkit.toymt;

import java.nio.file.Path;

/**
 * The knobs of {@link CpoVsSft}: data, step counts, learning rates and the CPO
 * loss settings. {@link #full(Path)} is the benchmark of the README (it meets the
 * target in minutes on two cores); {@link #quick(Path)} is its notebook-sized
 * version; {@link #smoke(Path)} only proves the pipeline runs.
 *
 * @param dataDir           a toy-mt folder to read; null generates the data from {@code dataSeed}
 * @param dataSeed          generator seed when {@code dataDir} is null
 * @param modelSeed         seed of the shared tiny-model initialisation (and of the data order)
 * @param outputDir         where the initial model and each system's final model are written
 * @param sftSteps          optimizer steps of SFT on the noisy references
 * @param cpoSteps          optimizer steps of CPO from the initialisation
 * @param sftThenCpoSteps   optimizer steps of CPO continuing from the SFT model
 * @param batchSize         examples per step
 * @param learningRate      peak learning rate of SFT and CPO from scratch
 * @param finetuneLearningRate peak learning rate of CPO after SFT
 * @param beta              CPO's reward temperature
 * @param cpoAlpha          weight of CPO's NLL term on chosen answers
 * @param testLimit         score only the first this many test sentences (0 = all)
 */
public record ComparisonSettings(Path dataDir, long dataSeed, long modelSeed, Path outputDir, int sftSteps,
                                 int cpoSteps, int sftThenCpoSteps, int batchSize, double learningRate,
                                 double finetuneLearningRate, double beta, double cpoAlpha, int testLimit) {

    /** Validates the numbers. */
    public ComparisonSettings {
        if (outputDir == null) {
            throw new IllegalArgumentException("outputDir is required");
        }
        if (sftSteps < 1 || cpoSteps < 1 || sftThenCpoSteps < 1 || batchSize < 1) {
            throw new IllegalArgumentException("step counts and batch size must be >= 1");
        }
        if (testLimit < 0) {
            throw new IllegalArgumentException("testLimit must be >= 0");
        }
    }

    /** The README benchmark: every test sentence, enough steps for the target. */
    public static ComparisonSettings full(Path outputDir) {
        // 1200 steps: the tiny model learns the verb lexicon late (around step 1000), so SFT gets
        // the steps it needs to be a fair baseline; continuing from SFT, CPO needs few.
        return new ComparisonSettings(null, ToyMtGenerator.DEFAULT_SEED, 42, outputDir, 1200, 1200, 200, 32,
                3e-3, 1e-3, 0.1, 1.0, 0);
    }

    /**
     * A notebook-sized run: half the SFT steps, a third of the CPO steps, 200 test sentences
     * (a few minutes on two cores). The models are less trained, so the numbers are lower than
     * the full run's; the point it makes is the same.
     */
    public static ComparisonSettings quick(Path outputDir) {
        return full(outputDir).withSteps(600, 400, 150).withTestLimit(200);
    }

    /** Seconds, for tests: a handful of steps and sentences; numbers mean nothing. */
    public static ComparisonSettings smoke(Path outputDir) {
        return full(outputDir).withSteps(3, 3, 2).withTestLimit(8);
    }

    /** The same settings with other step counts. */
    public ComparisonSettings withSteps(int sft, int cpo, int sftThenCpo) {
        return new ComparisonSettings(dataDir, dataSeed, modelSeed, outputDir, sft, cpo, sftThenCpo, batchSize,
                learningRate, finetuneLearningRate, beta, cpoAlpha, testLimit);
    }

    /** The same settings scoring only the first {@code limit} test sentences (0 = all). */
    public ComparisonSettings withTestLimit(int limit) {
        return new ComparisonSettings(dataDir, dataSeed, modelSeed, outputDir, sftSteps, cpoSteps, sftThenCpoSteps,
                batchSize, learningRate, finetuneLearningRate, beta, cpoAlpha, limit);
    }

    /** The same settings reading the data from {@code folder} (null: generate it). */
    public ComparisonSettings withDataDir(Path folder) {
        return new ComparisonSettings(folder, dataSeed, modelSeed, outputDir, sftSteps, cpoSteps, sftThenCpoSteps,
                batchSize, learningRate, finetuneLearningRate, beta, cpoAlpha, testLimit);
    }

    /** The same settings with other learning rates. */
    public ComparisonSettings withLearningRates(double fromScratch, double finetune) {
        return new ComparisonSettings(dataDir, dataSeed, modelSeed, outputDir, sftSteps, cpoSteps, sftThenCpoSteps,
                batchSize, fromScratch, finetune, beta, cpoAlpha, testLimit);
    }

    /** The same settings with another CPO beta and NLL weight. */
    public ComparisonSettings withCpo(double newBeta, double newCpoAlpha) {
        return new ComparisonSettings(dataDir, dataSeed, modelSeed, outputDir, sftSteps, cpoSteps, sftThenCpoSteps,
                batchSize, learningRate, finetuneLearningRate, newBeta, newCpoAlpha, testLimit);
    }

    /** The same settings with another batch size. */
    public ComparisonSettings withBatchSize(int size) {
        return new ComparisonSettings(dataDir, dataSeed, modelSeed, outputDir, sftSteps, cpoSteps, sftThenCpoSteps,
                size, learningRate, finetuneLearningRate, beta, cpoAlpha, testLimit);
    }
}
