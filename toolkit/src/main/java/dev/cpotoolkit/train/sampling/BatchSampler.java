package dev.cpotoolkit.train.sampling;

/**
 * The order of micro-batches a trainer follows: a fixed number of batches per
 * epoch, each a deterministic function of (seed, epoch, batch) so that a
 * resumed run can jump straight to its position.
 */
public interface BatchSampler {

    /** Micro-batches per epoch. */
    int batchesPerEpoch();

    /**
     * The example indices of one micro-batch.
     *
     * @param epoch the epoch, counting from 0
     * @param batch the batch within the epoch, {@code 0 <= batch < batchesPerEpoch()}
     */
    int[] batch(int epoch, int batch);

    /**
     * The training sampler a run's settings ask for: length-grouped (Hugging
     * Face's {@code group_by_length}) or a plain shuffle.
     *
     * @param lengths       each example's length (used only when grouping)
     * @param batchSize     examples per micro-batch
     * @param groupByLength group similar lengths
     * @param seed          the run's seed
     */
    static BatchSampler forTraining(int[] lengths, int batchSize, boolean groupByLength, long seed) {
        return groupByLength ? new LengthGroupedSampler(lengths, batchSize, seed)
                : new EpochSampler(lengths.length, batchSize, true, seed);
    }
}
