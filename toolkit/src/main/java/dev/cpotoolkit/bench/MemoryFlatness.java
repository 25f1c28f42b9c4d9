package dev.cpotoolkit.bench;

import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ModelConfig;
import dev.cpotoolkit.tokenize.PreferenceBatch;
import dev.cpotoolkit.train.CPOConfig;
import dev.cpotoolkit.train.CpoObjective;
import dev.cpotoolkit.train.optim.AdamW;
import dev.cpotoolkit.train.optim.AdamWSettings;

import java.io.PrintWriter;

/**
 * Whether memory stays flat over a long run: resident memory after step 100
 * and after the last step of {@code steps} toolkit steps on one batch.
 */
public final class MemoryFlatness {

    private MemoryFlatness() {}

    /**
     * Runs the steps and prints {@code VmRSS} at step 100 and at the end, and their difference.
     *
     * @return the relative change from step 100 to the end
     */
    public static double run(BenchSettings settings, int steps, PrintWriter out) {
        ModelConfig config = BenchModels.config(settings.model(), settings.vocabSize());
        PreferenceBatch batch = SyntheticPairs.batch(SyntheticPairs.make(settings.batchSize(), settings.promptLength(),
                settings.answerLength(), config.vocabSize(), settings.seed()), config.vocabSize() - 1);
        CpoObjective objective = CpoObjective.of(CPOConfig.builder().beta(BenchSettings.BETA)
                .cpoAlpha(BenchSettings.CPO_ALPHA).prefixSharing(settings.variants().contains("prefix")).build(), null);
        long at100 = -1;
        try (CausalLM model = CausalLM.fromConfig(config, settings.seed());
             ToolkitStep step = new ToolkitStep(model.train(), objective, new AdamW(model.namedParameters(),
                     AdamWSettings.defaults().withWeightDecay(BenchSettings.WEIGHT_DECAY)),
                     BenchSettings.LEARNING_RATE, BenchSettings.MAX_GRAD_NORM)) {
            for (int i = 1; i <= steps; i++) {
                step.run(batch);
                if (i == Math.min(100, steps)) {
                    at100 = ProcessMemory.residentKib();
                }
            }
        }
        long end = ProcessMemory.residentKib();
        double change = (double) (end - at100) / at100;
        out.println(CpoBenchmark.format("Resident memory (%s, %d pairs): step %d %d MiB, step %d %d MiB: %+.1f%%; "
                        + "peak %d MiB (Java heap committed %d MiB). %s", settings.model(), settings.batchSize(),
                Math.min(100, steps), at100 / 1024, steps, end / 1024, 100 * change, ProcessMemory.peakKib() / 1024,
                Runtime.getRuntime().totalMemory() >> 20, LoadAverage.describe()));
        out.flush();
        return change;
    }
}
