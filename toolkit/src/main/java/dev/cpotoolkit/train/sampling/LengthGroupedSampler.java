package dev.cpotoolkit.train.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hugging Face's {@code group_by_length}: batches of examples of similar
 * length, so that less of each padded batch is padding, still shuffled and
 * seeded.
 *
 * <p>Each epoch starts from {@link EpochSampler}'s permutation, cuts it into
 * mega-batches of {@code 50 x batchSize} examples (Hugging Face's
 * {@code mega_batch_mult}), sorts each mega-batch by length, longest first,
 * cuts it into batches, and then shuffles the order of all the epoch's full
 * batches (the last, possibly smaller batch stays last). Every example appears
 * exactly once per epoch; the order depends only on (seed, epoch), so a
 * resumed run continues identically.
 */
public final class LengthGroupedSampler implements BatchSampler {

    /** Mega-batch size as a multiple of the batch size (Hugging Face uses 50). */
    public static final int MEGA_BATCH_MULTIPLIER = 50;

    private final EpochSampler base;
    private final int[] lengths;
    // The trainer asks for one batch at a time: keep the last epoch's batches instead of re-sorting.
    private int cachedEpoch = -1;
    private List<int[]> cachedBatches;

    /**
     * @param lengths   each example's length (for pairs: the longer row, prompt + answer)
     * @param batchSize examples per micro-batch
     * @param seed      the run's seed
     */
    public LengthGroupedSampler(int[] lengths, int batchSize, long seed) {
        this.base = new EpochSampler(lengths.length, batchSize, true, seed);
        this.lengths = lengths.clone();
    }

    /** Micro-batches per epoch: {@code ceil(size / batchSize)}, as the plain sampler. */
    @Override
    public int batchesPerEpoch() {
        return base.batchesPerEpoch();
    }

    /**
     * The micro-batches of an epoch.
     *
     * @param epoch the epoch, counting from 0
     * @return every batch in order; together they hold each index once
     */
    public List<int[]> batches(int epoch) {
        int[] order = base.order(epoch);
        int batchSize = base.batchSize();
        int mega = batchSize * MEGA_BATCH_MULTIPLIER;
        Integer[] sorted = new Integer[order.length];
        for (int i = 0; i < order.length; i++) {
            sorted[i] = order[i];
        }
        for (int from = 0; from < sorted.length; from += mega) {
            // Stable sort: ties keep the permutation's (random) order.
            Arrays.sort(sorted, from, Math.min(sorted.length, from + mega),
                    (a, b) -> Integer.compare(lengths[b], lengths[a]));
        }
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < sorted.length; from += batchSize) {
            int to = Math.min(sorted.length, from + batchSize);
            int[] batch = new int[to - from];
            for (int i = from; i < to; i++) {
                batch[i - from] = sorted[i];
            }
            batches.add(batch);
        }
        int full = sorted.length / batchSize;
        SplittableRandom random = new SplittableRandom(EpochSampler.epochSeed(base.seed(), epoch) ^ 0x5DEECE66DL);
        for (int i = full - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int[] swap = batches.get(i);
            batches.set(i, batches.get(j));
            batches.set(j, swap);
        }
        return batches;
    }

    /**
     * One micro-batch of an epoch.
     *
     * @param epoch the epoch
     * @param batch the batch within the epoch
     */
    @Override
    public int[] batch(int epoch, int batch) {
        if (batch < 0 || batch >= batchesPerEpoch()) {
            throw new IndexOutOfBoundsException("batch " + batch + " of " + batchesPerEpoch());
        }
        if (epoch != cachedEpoch) {
            cachedBatches = batches(epoch);
            cachedEpoch = epoch;
        }
        return cachedBatches.get(batch).clone();
    }

    /**
     * The share of padding cells in an epoch's batches of 2B rows (each pair's
     * chosen and rejected row padded to the batch's longest row), given each
     * pair's two row lengths.
     *
     * @param batches     the epoch's batches
     * @param chosenLengths   prompt + chosen length per example
     * @param rejectedLengths prompt + rejected length per example
     * @return padding cells / all cells
     */
    public static double paddingFraction(List<int[]> batches, int[] chosenLengths, int[] rejectedLengths) {
        long real = 0;
        long cells = 0;
        for (int[] batch : batches) {
            int longest = 0;
            for (int i : batch) {
                longest = Math.max(longest, Math.max(chosenLengths[i], rejectedLengths[i]));
                real += chosenLengths[i] + rejectedLengths[i];
            }
            cells += 2L * batch.length * longest;
        }
        return cells == 0 ? 0 : 1.0 - (double) real / cells;
    }
}
