package dev.cpotoolkit.train.sampling;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LengthGroupedSamplerTest {

    private static int[] randomLengths(int n, long seed) {
        return new SplittableRandom(seed).ints(n, 5, 500).toArray();
    }

    @Test
    void everyIndexOncePerEpochAndTheLastBatchMayBeSmaller() {
        int[] lengths = randomLengths(1037, 1);
        LengthGroupedSampler sampler = new LengthGroupedSampler(lengths, 8, 42);
        for (int epoch = 0; epoch < 3; epoch++) {
            List<int[]> batches = sampler.batches(epoch);
            assertEquals(sampler.batchesPerEpoch(), batches.size());
            int[] seen = batches.stream().flatMapToInt(Arrays::stream).sorted().toArray();
            assertArrayEquals(java.util.stream.IntStream.range(0, lengths.length).toArray(), seen);
            assertEquals(1037 % 8, batches.get(batches.size() - 1).length);
        }
    }

    @Test
    void sameSeedSameOrderOtherEpochOtherOrder() {
        int[] lengths = randomLengths(800, 2);
        LengthGroupedSampler a = new LengthGroupedSampler(lengths, 4, 7);
        LengthGroupedSampler b = new LengthGroupedSampler(lengths, 4, 7);
        for (int batch = 0; batch < a.batchesPerEpoch(); batch++) {
            assertArrayEquals(a.batch(1, batch), b.batch(1, batch));
        }
        assertFalse(Arrays.deepEquals(a.batches(0).toArray(), a.batches(1).toArray()));
        assertFalse(Arrays.deepEquals(a.batches(0).toArray(),
                new LengthGroupedSampler(lengths, 4, 8).batches(0).toArray()));
    }

    @Test
    void groupingCutsPadding() {
        int n = 2000;
        int[] chosen = randomLengths(n, 3);
        int[] rejected = randomLengths(n, 4);
        int[] longer = new int[n];
        for (int i = 0; i < n; i++) {
            longer[i] = Math.max(chosen[i], rejected[i]);
        }
        double plain = LengthGroupedSampler.paddingFraction(new EpochSampler(n, 8, true, 42).batches(0), chosen, rejected);
        double grouped = LengthGroupedSampler.paddingFraction(new LengthGroupedSampler(longer, 8, 42).batches(0),
                chosen, rejected);
        // Within a pair the shorter row still pads to the longer; across rows of a batch almost nothing does.
        assertTrue(grouped < 0.6 * plain, "grouped " + grouped + " vs plain " + plain);
    }
}
