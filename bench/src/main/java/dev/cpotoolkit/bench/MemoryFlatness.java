package dev.cpotoolkit.bench;

import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ModelConfig;
import dev.cpotoolkit.tokenize.PreferenceBatch;
import dev.cpotoolkit.train.TrainingStep;

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
        PreferenceBatch batch = SyntheticPairs.batch(settings, config);
        long at100 = -1;
        try (CausalLM model = CausalLM.fromConfig(config, settings.seed());
             TrainingStep step = settings.trainingStep(model.train(), settings.variants().contains("prefix"))) {
            for (int i = 1; i <= steps; i++) {
                BenchSettings.time(step, batch);
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
