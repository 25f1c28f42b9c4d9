package dev.cpotoolkit.train.sampling;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpochSamplerTest {

    @Test
    void sameSeedGivesTheSameOrderAcrossInstances() {
        EpochSampler a = new EpochSampler(50, 4, true, 42);
        EpochSampler b = new EpochSampler(50, 4, true, 42);
        for (int epoch = 0; epoch < 3; epoch++) {
            assertArrayEquals(a.order(epoch), b.order(epoch));
        }
    }

    @Test
    void epochsAndSeedsDiffer() {
        EpochSampler sampler = new EpochSampler(50, 4, true, 42);
        assertFalse(Arrays.equals(sampler.order(0), sampler.order(1)));
        assertFalse(Arrays.equals(sampler.order(0), new EpochSampler(50, 4, true, 43).order(0)));
        int[] identity = new EpochSampler(50, 4, false, 42).order(0);
        assertFalse(Arrays.equals(identity, sampler.order(0)));
    }

    @Test
    void everyIndexExactlyOncePerEpoch() {
        EpochSampler sampler = new EpochSampler(37, 5, true, 7);
        for (int epoch = 0; epoch < 5; epoch++) {
            int[] seen = new int[37];
            for (int[] batch : sampler.batches(epoch)) {
                for (int index : batch) {
                    seen[index]++;
                }
            }
            int[] once = new int[37];
            Arrays.fill(once, 1);
            assertArrayEquals(once, seen, "epoch " + epoch);
        }
    }

    @Test
    void keepsTheLastPartialBatch() {
        EpochSampler sampler = new EpochSampler(10, 4, false, 0);
        assertEquals(3, sampler.batchesPerEpoch());
        List<int[]> batches = sampler.batches(0);
        assertArrayEquals(new int[] {0, 1, 2, 3}, batches.get(0));
        assertArrayEquals(new int[] {4, 5, 6, 7}, batches.get(1));
        assertArrayEquals(new int[] {8, 9}, batches.get(2));
        assertArrayEquals(new int[] {8, 9}, sampler.batch(0, 2));
        assertEquals(0, new EpochSampler(0, 4, true, 0).batches(0).size());
        assertEquals(1, new EpochSampler(4, 4, true, 0).batchesPerEpoch());
    }

    @Test
    void unshuffledEpochsKeepTheDatasetOrder() {
        EpochSampler sampler = new EpochSampler(6, 2, false, 99);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, sampler.order(0));
        assertArrayEquals(sampler.order(0), sampler.order(3));
    }

    @Test
    void resumingMidEpochEqualsContinuing() {
        EpochSampler sampler = new EpochSampler(23, 3, true, 5);
        List<int[]> full = sampler.batches(2);
        for (int consumed = 0; consumed <= sampler.batchesPerEpoch(); consumed++) {
            // A new sampler, as after a restart, jumping straight to (epoch 2, batch consumed).
            List<int[]> resumed = new EpochSampler(23, 3, true, 5).batches(2, consumed);
            List<int[]> rest = new ArrayList<>(full.subList(consumed, full.size()));
            assertEquals(rest.size(), resumed.size());
            for (int i = 0; i < rest.size(); i++) {
                assertArrayEquals(rest.get(i), resumed.get(i));
                assertArrayEquals(rest.get(i), sampler.batch(2, consumed + i));
            }
        }
    }

    @Test
    void permutationIsPinnedAcrossVersions() {
        // Guards reproducibility of saved runs: change only with a migration note.
        assertArrayEquals(new int[] {9, 7, 8, 4, 0, 1, 3, 2, 6, 5}, new EpochSampler(10, 3, true, 42).order(0));
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> new EpochSampler(-1, 1, true, 0));
        assertThrows(IllegalArgumentException.class, () -> new EpochSampler(1, 0, true, 0));
        EpochSampler sampler = new EpochSampler(5, 2, true, 0);
        assertThrows(IllegalArgumentException.class, () -> sampler.order(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> sampler.batch(0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> sampler.batches(0, 4));
        assertTrue(sampler.shuffle());
    }
}
