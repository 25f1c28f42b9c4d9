package dev.cpotoolkit.bench;

import dev.cpotoolkit.train.sampling.EpochSampler;
import dev.cpotoolkit.train.sampling.LengthGroupedSampler;

import java.io.PrintWriter;
import java.util.SplittableRandom;

/**
 * The padding share of an epoch's batches with and without length grouping,
 * on seeded pairs whose prompt and answer lengths vary as in chat data
 * (prompt 8 to 512 tokens, answers 8 to 256, log-uniform).
 */
public final class PaddingReport {

    private PaddingReport() {}

    /**
     * Prints and returns the two padding fractions.
     *
     * @param pairs     number of synthetic pairs
     * @param batchSize pairs per micro-batch
     * @param seed      lengths and sampler seed
     * @return {plain, grouped}
     */
    public static double[] run(int pairs, int batchSize, long seed, PrintWriter out) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] chosen = new int[pairs];
        int[] rejected = new int[pairs];
        int[] longer = new int[pairs];
        for (int i = 0; i < pairs; i++) {
            int prompt = logUniform(random, 8, 512);
            chosen[i] = prompt + logUniform(random, 8, 256);
            rejected[i] = prompt + logUniform(random, 8, 256);
            longer[i] = Math.max(chosen[i], rejected[i]);
        }
        double plain = LengthGroupedSampler.paddingFraction(new EpochSampler(pairs, batchSize, true, seed).batches(0),
                chosen, rejected);
        double grouped = LengthGroupedSampler.paddingFraction(
                new LengthGroupedSampler(longer, batchSize, seed).batches(0), chosen, rejected);
        out.println(CpoBenchmark.format("Padding share of an epoch (%d synthetic pairs, batch size %d, seed %d): "
                + "shuffled %.1f%%, grouped by length %.1f%%.", pairs, batchSize, seed, 100 * plain, 100 * grouped));
        out.flush();
        return new double[] {plain, grouped};
    }

    private static int logUniform(SplittableRandom random, int low, int high) {
        return (int) Math.round(Math.exp(Math.log(low) + random.nextDouble() * (Math.log(high) - Math.log(low))));
    }
}
