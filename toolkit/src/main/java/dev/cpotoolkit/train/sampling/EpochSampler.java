package dev.cpotoolkit.train.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The order in which a trainer visits examples: one permutation of the example
 * indices per epoch, cut into micro-batches.
 *
 * <p>Each epoch's permutation depends only on {@code (seed, epoch)}: it is drawn
 * from a fresh {@link SplittableRandom} seeded from both, so the same run
 * visits the same examples in the same order on every machine, and a resumed
 * run can jump to {@code (epoch, batch)} without replaying any random state.
 * The order is not PyTorch's ({@code torch.randperm} under a seeded generator):
 * runs are reproducible within the toolkit, not bit-identical to Python.
 *
 * <p>Batches are consecutive slices of the permutation of {@code batchSize}
 * indices; the last one is smaller when the size is not a multiple (a
 * {@code DataLoader} with {@code drop_last=False}). With {@code shuffle=false}
 * (evaluation) every epoch is {@code 0, 1, ..., size - 1}.
 */
public final class EpochSampler implements BatchSampler {

    private final int size;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;

    /**
     * Creates a sampler.
     *
     * @param size      number of examples, {@code >= 0}
     * @param batchSize examples per micro-batch, {@code >= 1}
     * @param shuffle   permute each epoch (training) or keep the dataset order (evaluation)
     * @param seed      the run's seed
     */
    public EpochSampler(int size, int batchSize, boolean shuffle, long seed) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0: " + size);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
        }
        this.size = size;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    /** The number of examples. */
    public int size() {
        return size;
    }

    /** The examples per micro-batch (the last batch of an epoch may be smaller). */
    public int batchSize() {
        return batchSize;
    }

    /** The run's seed. */
    public long seed() {
        return seed;
    }

    /** Whether epochs are shuffled. */
    public boolean shuffle() {
        return shuffle;
    }

    /** Micro-batches per epoch: {@code ceil(size / batchSize)}. */
    @Override
    public int batchesPerEpoch() {
        return (size + batchSize - 1) / batchSize;
    }

    /**
     * The order of all example indices in an epoch.
     *
     * @param epoch the epoch, counting from 0
     * @return a new array holding each of {@code 0 .. size-1} exactly once
     */
    public int[] order(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0: " + epoch);
        }
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom random = new SplittableRandom(epochSeed(seed, epoch));
            // Fisher-Yates from the end: every permutation equally likely.
            for (int i = size - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
        }
        return order;
    }

    /**
     * One micro-batch of an epoch.
     *
     * @param epoch the epoch, counting from 0
     * @param batch the batch within the epoch, {@code 0 <= batch < batchesPerEpoch()}
     * @return the example indices of that batch
     */
    @Override
    public int[] batch(int epoch, int batch) {
        if (batch < 0 || batch >= batchesPerEpoch()) {
            throw new IndexOutOfBoundsException("batch " + batch + " of " + batchesPerEpoch());
        }
        int[] order = order(epoch);
        int from = batch * batchSize;
        return Arrays.copyOfRange(order, from, Math.min(size, from + batchSize));
    }

    /**
     * The micro-batches of an epoch.
     *
     * @param epoch the epoch, counting from 0
     * @return every batch, in order
     */
    public List<int[]> batches(int epoch) {
        return batches(epoch, 0);
    }

    /**
     * The micro-batches of an epoch from a given batch on: how a resumed run
     * continues mid-epoch. {@code batches(e, k)} equals {@code batches(e)}
     * without its first {@code k} batches.
     *
     * @param epoch     the epoch, counting from 0
     * @param fromBatch batches of the epoch already consumed, {@code 0 <= fromBatch <= batchesPerEpoch()}
     * @return the remaining batches, in order
     */
    public List<int[]> batches(int epoch, int fromBatch) {
        int count = batchesPerEpoch();
        if (fromBatch < 0 || fromBatch > count) {
            throw new IndexOutOfBoundsException("fromBatch " + fromBatch + " of " + count);
        }
        int[] order = order(epoch);
        List<int[]> batches = new ArrayList<>(count - fromBatch);
        for (int b = fromBatch; b < count; b++) {
            int from = b * batchSize;
            batches.add(Arrays.copyOfRange(order, from, Math.min(size, from + batchSize)));
        }
        return batches;
    }

    /**
     * The seed of one epoch's permutation: the run seed and the epoch mixed so
     * that nearby pairs such as (seed, epoch + 1) and (seed + 1, epoch) do not
     * share a stream.
     */
    static long epochSeed(long seed, int epoch) {
        return mix(mix(seed) + epoch);
    }

    /** A 64-bit finaliser (MurmurHash3's fmix64): spreads every input bit over the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
