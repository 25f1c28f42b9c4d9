package dev.cpotoolkit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.cpotoolkit.model.layers.KvCache;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Incremental forward passes over a {@link KvCache} reproduce the logits of a
 * full forward pass over the whole sequence, for every architecture.
 */
class KvCacheTest {

    private static final float TOLERANCE = 1e-4f;

    /**
     * Left-padded prompts of different lengths run through the cache, then one
     * greedy token per step: each step's logits equal the last-position logits
     * of a full, unpadded forward over that row's whole sequence so far.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "tiny-qwen2"})
    void everyCachedStepMatchesAFullForward(String name) {
        try (CausalLM model = CausalLM.load(Fixtures.folder(name));
             KvCache cache = model.newKvCache()) {
            List<long[]> rows = List.of(new long[] {2, 10, 11, 12, 13, 14, 15}, new long[] {2, 20},
                    new long[] {2, 30, 31, 32});
            int longest = rows.stream().mapToInt(r -> r.length).max().orElseThrow();
            long[][] ids = new long[rows.size()][longest];
            long[][] mask = new long[rows.size()][longest];
            long[][] positions = new long[rows.size()][longest];
            long[] next = new long[rows.size()];
            List<long[]> sequences = new ArrayList<>(rows);
            for (int r = 0; r < rows.size(); r++) {
                int offset = longest - rows.get(r).length;
                for (int t = 0; t < rows.get(r).length; t++) {
                    ids[r][offset + t] = rows.get(r)[t];
                    mask[r][offset + t] = 1;
                    positions[r][offset + t] = t;
                }
                next[r] = rows.get(r).length;
            }
            for (int step = 0; step < 8; step++) {
                try (NDManager m = model.manager().newSubManager()) {
                    NDArray logits = model.forwardNoGrad(
                            new ForwardInput(m.create(ids), m.create(mask), m.create(positions)), cache);
                    long[][] nextIds = new long[rows.size()][1];
                    for (int r = 0; r < rows.size(); r++) {
                        float[] cached = logits.get(r).get(-1).toFloatArray();
                        float[] full = lastLogits(model, m, sequences.get(r));
                        assertClose(full, cached, name + " row " + r + " step " + step);
                        nextIds[r][0] = argMax(cached);
                        sequences.set(r, append(sequences.get(r), nextIds[r][0]));
                    }
                    // The next step feeds one column: each row's greedy token at its own next position.
                    ids = nextIds;
                    mask = ones(rows.size());
                    positions = new long[rows.size()][1];
                    for (int r = 0; r < rows.size(); r++) {
                        positions[r][0] = next[r]++;
                    }
                    assertEquals(longest + step, cache.length());
                }
            }
        }
    }

    /** Feeding a sequence in chunks of several tokens gives the logits of every position of a full pass. */
    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "tiny-qwen2"})
    void chunksOfSeveralTokensMatchTheFullSequence(String name) {
        try (CausalLM model = CausalLM.load(Fixtures.folder(name));
             KvCache cache = model.newKvCache();
             NDManager m = model.manager().newSubManager()) {
            long[][] sequence = {{2, 10, 11, 12, 13, 14, 15, 16, 17, 18}, {2, 20, 21, 22, 23, 24, 25, 26, 27, 28}};
            NDArray full = model.forwardNoGrad(ForwardInput.of(m.create(sequence), null));
            int[][] chunks = {{0, 4}, {4, 7}, {7, 8}, {8, 10}};
            for (int[] chunk : chunks) {
                long[][] piece = new long[2][];
                for (int r = 0; r < 2; r++) {
                    piece[r] = Arrays.copyOfRange(sequence[r], chunk[0], chunk[1]);
                }
                // Default positions continue from the cache's length.
                NDArray logits = model.forwardNoGrad(ForwardInput.of(m.create(piece), null), cache);
                for (int r = 0; r < 2; r++) {
                    for (int t = chunk[0]; t < chunk[1]; t++) {
                        assertClose(full.get(r).get(t).toFloatArray(), logits.get(r).get(t - chunk[0]).toFloatArray(),
                                name + " row " + r + " position " + t);
                    }
                }
            }
            assertEquals(10, cache.length());
        }
    }

    /** A failing step leaves the cache unchanged and usable. */
    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama"})
    void aRejectedStepLeavesTheCacheAsItWas(String name) {
        try (CausalLM model = CausalLM.load(Fixtures.folder(name));
             KvCache cache = model.newKvCache();
             NDManager m = model.manager().newSubManager()) {
            model.forwardNoGrad(ForwardInput.of(m.create(new long[][] {{2, 10, 11}}), null), cache);
            assertThrows(IllegalArgumentException.class, () ->
                    model.forwardNoGrad(ForwardInput.of(m.create(new long[][] {{12}, {13}}), null), cache));
            assertEquals(3, cache.length());
            NDArray next = model.forwardNoGrad(ForwardInput.of(m.create(new long[][] {{12}}), null), cache);
            NDArray full = model.forwardNoGrad(ForwardInput.of(m.create(new long[][] {{2, 10, 11, 12}}), null));
            assertClose(full.get(0).get(3).toFloatArray(), next.get(0).get(0).toFloatArray(), name);
            assertEquals(4, cache.length());
        }
    }

    private static float[] lastLogits(CausalLM model, NDManager m, long[] sequence) {
        NDArray logits = model.forwardNoGrad(ForwardInput.of(m.create(new long[][] {sequence}), null));
        return logits.get(0).get(sequence.length - 1).toFloatArray();
    }

    private static long[] append(long[] ids, long token) {
        long[] out = Arrays.copyOf(ids, ids.length + 1);
        out[ids.length] = token;
        return out;
    }

    private static long[][] ones(int rows) {
        long[][] out = new long[rows][1];
        for (long[] row : out) {
            row[0] = 1;
        }
        return out;
    }

    private static long argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        float worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= TOLERANCE, what + ": max abs logit difference " + worst);
    }
}
