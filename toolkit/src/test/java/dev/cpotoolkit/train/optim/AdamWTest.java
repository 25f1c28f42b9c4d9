package dev.cpotoolkit.train.optim;

import dev.cpotoolkit.model.checkpoint.FloatTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdamWTest {

    private static final double TOLERANCE = 1e-6;

    /** GPT-2-like names: a decayed matrix, its bias, a norm weight and an embedding. */
    private static final Map<String, long[]> SHAPES = new LinkedHashMap<>();

    static {
        SHAPES.put("transformer.wte.weight", new long[] {5, 3});
        SHAPES.put("transformer.h.0.attn.c_attn.weight", new long[] {3, 4});
        SHAPES.put("transformer.h.0.attn.c_attn.bias", new long[] {4});
        SHAPES.put("transformer.h.0.ln_1.weight", new long[] {3});
        SHAPES.put("transformer.ln_f.weight", new long[] {3});
    }

    private static int size(long[] shape) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        return n;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE, what + "[" + i + "]");
        }
    }

    private static Map<String, float[]> randomGradients(SplittableRandom random, Iterable<String> names) {
        Map<String, float[]> gradients = new LinkedHashMap<>();
        for (String name : names) {
            gradients.put(name, TestParameters.random(random, size(SHAPES.get(name)), 1.0));
        }
        return gradients;
    }

    @Test
    void theFusedKernelIsTheDefaultOnThePinnedLibtorch() {
        assertTrue(dev.cpotoolkit.runtime.TorchKernels.available(),
                () -> "fused kernels unavailable: " + dev.cpotoolkit.runtime.TorchKernels.unavailableReason());
    }

    /** fused: libtorch's fused kernel; otherwise the op-by-op fallback. Both must match the reference. */
    @ParameterizedTest(name = "fused={0}")
    @ValueSource(booleans = {true, false})
    void firstStepMatchesTorchAdamWReference(boolean fused) {
        AdamWSettings settings = AdamWSettings.defaults().withWeightDecay(0.1);
        runAgainstReference(settings, 1, 0.01, fused, 1.0);
    }

    @ParameterizedTest(name = "fused={0}")
    @ValueSource(booleans = {true, false})
    void severalStepsMatchTorchAdamWReferenceWithChangingRates(boolean fused) {
        AdamWSettings settings = new AdamWSettings(0.8, 0.95, 1e-6, 0.05, WeightDecayRule.huggingFace());
        runAgainstReference(settings, 12, 0.02, fused, 1.0);
    }

    /** step(lr, scale) is clipping (gradients times scale) followed by step(lr). */
    @ParameterizedTest(name = "fused={0}")
    @ValueSource(booleans = {true, false})
    void aGradientScaleEqualsScalingTheGradientsFirst(boolean fused) {
        AdamWSettings settings = AdamWSettings.defaults().withWeightDecay(0.05);
        runAgainstReference(settings, 5, 0.01, fused, 0.37);
    }

    private void runAgainstReference(AdamWSettings settings, int steps, double peakLr, boolean fused,
                                     double gradientScale) {
        SplittableRandom random = new SplittableRandom(7);
        ReferenceAdamW reference = new ReferenceAdamW(settings, false);
        try (TestParameters params = new TestParameters()) {
            for (Map.Entry<String, long[]> entry : SHAPES.entrySet()) {
                float[] init = TestParameters.random(random, size(entry.getValue()), 0.5);
                params.add(entry.getKey(), init, entry.getValue());
                reference.add(entry.getKey(), init);
            }
            // A frozen parameter and one that never takes part in a backward: both must stay untouched.
            float[] frozenInit = {0.25f, -0.5f};
            params.add("transformer.frozen.weight", false, frozenInit, 2);
            float[] unusedInit = {0.125f, 0.75f};
            params.add("transformer.unused.weight", unusedInit, 2);
            LearningRateSchedule schedule =
                    LearningRateSchedule.of(dev.cpotoolkit.train.LrSchedulerType.LINEAR, peakLr, 2, steps + 2);
            try (AdamW optimizer = new AdamW(params.parameters, settings, fused)) {
                for (int step = 0; step < steps; step++) {
                    Map<String, float[]> gradients = randomGradients(random, SHAPES.keySet());
                    params.backward(gradients);
                    double lr = schedule.at(Math.max(1, optimizer.stepCount()));
                    optimizer.step(lr, gradientScale);
                    Map<String, float[]> scaled = new LinkedHashMap<>();
                    for (Map.Entry<String, float[]> g : gradients.entrySet()) {
                        float[] values = g.getValue().clone();
                        for (int i = 0; i < values.length; i++) {
                            values[i] *= (float) gradientScale;
                        }
                        scaled.put(g.getKey(), values);
                    }
                    reference.step(lr, scaled);
                }
                assertEquals(steps, optimizer.stepCount());
                for (String name : SHAPES.keySet()) {
                    assertClose(reference.weights.get(name), params.values(name), name);
                }
                assertArrayEquals(frozenInit, params.values("transformer.frozen.weight"));
                assertArrayEquals(unusedInit, params.values("transformer.unused.weight"));
                assertFalse(optimizer.stateTensors().containsKey("transformer.unused.weight.exp_avg"));
            }
        }
    }

    @ParameterizedTest(name = "fused={0}")
    @ValueSource(booleans = {true, false})
    void biasesAndNormWeightsGetNoDecay(boolean fused) {
        // With zero gradients Adam's step is 0, so only the decay moves a weight.
        AdamWSettings settings = AdamWSettings.defaults().withWeightDecay(0.5);
        try (TestParameters params = new TestParameters()) {
            Map<String, float[]> zero = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> entry : SHAPES.entrySet()) {
                float[] ones = new float[size(entry.getValue())];
                java.util.Arrays.fill(ones, 1f);
                params.add(entry.getKey(), ones, entry.getValue());
                zero.put(entry.getKey(), new float[ones.length]);
            }
            try (AdamW optimizer = new AdamW(params.parameters, settings, fused)) {
                params.backward(zero);
                optimizer.step(0.1);
                for (String name : SHAPES.keySet()) {
                    float expected = optimizer.decays(name) ? 1f - 0.1f * 0.5f : 1f;
                    for (float value : params.values(name)) {
                        assertEquals(expected, value, 1e-7, name);
                    }
                }
                assertTrue(optimizer.decays("transformer.wte.weight"));
                assertTrue(optimizer.decays("transformer.h.0.attn.c_attn.weight"));
                assertFalse(optimizer.decays("transformer.h.0.attn.c_attn.bias"));
                assertFalse(optimizer.decays("transformer.h.0.ln_1.weight"));
                assertFalse(optimizer.decays("transformer.ln_f.weight"));
            }
        }
    }

    @ParameterizedTest(name = "fused={0}")
    @ValueSource(booleans = {true, false})
    void gradientsAreFreedAfterStepAndAccumulateAfresh(boolean fused) {
        try (TestParameters params = new TestParameters();) {
            params.add("w", new float[] {1, 2, 3}, 3);
            try (AdamW optimizer = new AdamW(params.parameters, AdamWSettings.defaults(), fused)) {
                // Two micro-batches accumulate into one gradient.
                params.backward(Map.of("w", new float[] {1, 1, 1}));
                params.backward(Map.of("w", new float[] {0.5f, 0, -1}));
                assertArrayEquals(new float[] {1.5f, 1, 0}, params.gradient("w"));
                ai.djl.ndarray.NDArray before = params.parameters.get("w").getArray();
                optimizer.step(1e-3);
                // Freed, as zero_grad(set_to_none=True): no gradient until the next backward, and the
                // parameter's new handle aliases the same (updated) storage.
                assertEquals(null, Gradients.liveGradient(params.parameters.get("w")));
                assertTrue(before.isReleased(), "the handle that owned the gradient is closed");
                assertTrue(params.parameters.get("w").getArray().hasGradient(), "still a trainable leaf");
                params.backward(Map.of("w", new float[] {2, 3, 4}));
                assertArrayEquals(new float[] {2, 3, 4}, params.gradient("w"));
                optimizer.zeroGradients();
                assertArrayEquals(new float[] {0, 0, 0}, params.gradient("w"));
            }
        }
    }

    /** A weight reached only through a sparse-gradient lookup is updated like one with the dense gradient. */
    @ParameterizedTest(name = "fused={0}")
    @ValueSource(booleans = {true, false})
    void sparseGradientsAreUpdatedAsTheirDenseForm(boolean fused) {
        float[] table = {1, 2, 3, 4, 5, 6, 7, 8};
        try (TestParameters sparse = new TestParameters(); TestParameters dense = new TestParameters()) {
            sparse.add("transformer.wte.weight", table, 4, 2);
            dense.add("transformer.wte.weight", table, 4, 2);
            for (int step = 0; step < 2; step++) {
                lookUp(sparse, ai.djl.ndarray.types.SparseFormat.COO);
                lookUp(dense, ai.djl.ndarray.types.SparseFormat.DENSE);
            }
            try (AdamW a = new AdamW(sparse.parameters, AdamWSettings.defaults(), fused);
                 AdamW b = new AdamW(dense.parameters, AdamWSettings.defaults(), fused)) {
                a.step(0.1);
                b.step(0.1);
                assertArrayEquals(dense.values("transformer.wte.weight"), sparse.values("transformer.wte.weight"), 1e-7f);
                assertTrue(sparse.values("transformer.wte.weight")[2] != 3f, "looked-up row moved");
                assertEquals(5f, sparse.values("transformer.wte.weight")[4], "row never looked up stays");
            }
        }
    }

    /** Loss: rows 1, 3 and 1 again of the table, weighted; backward through DJL's embedding op. */
    private static void lookUp(TestParameters params, ai.djl.ndarray.types.SparseFormat format) {
        try (ai.djl.ndarray.NDManager step = params.manager.newSubManager();
             ai.djl.training.GradientCollector collector =
                     dev.cpotoolkit.runtime.TorchRuntime.engine().newGradientCollector()) {
            ai.djl.ndarray.NDArray ids = step.create(new long[] {1, 3, 1});
            ai.djl.ndarray.NDArray rows = ai.djl.nn.core.Embedding.embedding(ids,
                    params.parameters.get("transformer.wte.weight").getArray(), format).singletonOrThrow();
            ai.djl.ndarray.NDArray weights = step.create(new float[] {1, -2, 3, 0.5f, 2, 1},
                    new ai.djl.ndarray.types.Shape(3, 2));
            collector.backward(weights.mul(rows).sum());
        }
    }

    @Test
    void exportedStateResumesIdentically() {
        AdamWSettings settings = AdamWSettings.defaults().withWeightDecay(0.01);
        SplittableRandom random = new SplittableRandom(11);
        List<Map<String, float[]>> gradients = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            gradients.add(randomGradients(random, SHAPES.keySet()));
        }
        try (TestParameters first = new TestParameters(); TestParameters second = new TestParameters()) {
            for (Map.Entry<String, long[]> entry : SHAPES.entrySet()) {
                first.add(entry.getKey(), TestParameters.random(random, size(entry.getValue()), 0.5),
                        entry.getValue());
            }
            try (AdamW original = new AdamW(first.parameters, settings)) {
                for (int i = 0; i < 3; i++) {
                    first.backward(gradients.get(i));
                    original.step(1e-2);
                }
                Map<String, FloatTensor> state = original.stateTensors();
                assertEquals(3 * SHAPES.size() + 1, state.size());
                assertEquals(3f, state.get(AdamW.STEP_COUNT_KEY).data()[0]);
                assertEquals(3f, state.get("transformer.ln_f.weight.step").data()[0]);
                assertArrayEquals(new long[] {5, 3}, state.get("transformer.wte.weight.exp_avg_sq").shape());
                // A "restarted process": fresh parameters with the saved weights, a new optimizer, the saved state.
                for (Map.Entry<String, long[]> entry : SHAPES.entrySet()) {
                    second.add(entry.getKey(), first.values(entry.getKey()), entry.getValue());
                }
                try (AdamW resumed = new AdamW(second.parameters, settings)) {
                    resumed.loadState(state);
                    assertEquals(3, resumed.stepCount());
                    assertEquals(state, resumed.stateTensors());
                    for (int i = 3; i < 6; i++) {
                        first.backward(gradients.get(i));
                        original.step(1e-2);
                        second.backward(gradients.get(i));
                        resumed.step(1e-2);
                    }
                    for (String name : SHAPES.keySet()) {
                        assertArrayEquals(first.values(name), second.values(name), name);
                    }
                    assertEquals(original.stateTensors(), resumed.stateTensors());
                }
            }
        }
    }

    @Test
    void loadStateRejectsMismatchedStateAndKeepsItsOwn() {
        try (TestParameters params = new TestParameters()) {
            params.add("w", new float[] {1, 2}, 2);
            try (AdamW optimizer = new AdamW(params.parameters, AdamWSettings.defaults())) {
                params.backward(Map.of("w", new float[] {1, 1}));
                optimizer.step(0.1);
                Map<String, FloatTensor> before = optimizer.stateTensors();

                Map<String, FloatTensor> wrongShape = new LinkedHashMap<>(before);
                wrongShape.put("w.exp_avg", new FloatTensor(new long[] {1, 2}, new float[2]));
                assertThrows(IllegalArgumentException.class, () -> optimizer.loadState(wrongShape));

                Map<String, FloatTensor> unknown = new LinkedHashMap<>(before);
                unknown.put("v.exp_avg", FloatTensor.of(0));
                assertThrows(IllegalArgumentException.class, () -> optimizer.loadState(unknown));

                Map<String, FloatTensor> noCount = new LinkedHashMap<>(before);
                noCount.remove(AdamW.STEP_COUNT_KEY);
                assertThrows(IllegalArgumentException.class, () -> optimizer.loadState(noCount));

                assertEquals(before, optimizer.stateTensors());
            }
        }
    }

    @Test
    void rejectsInvalidLearningRatesScalesAndUseAfterClose() {
        try (TestParameters params = new TestParameters()) {
            params.add("w", new float[] {1}, 1);
            AdamW optimizer = new AdamW(params.parameters, AdamWSettings.defaults());
            assertThrows(IllegalArgumentException.class, () -> optimizer.step(Double.NaN));
            assertThrows(IllegalArgumentException.class, () -> optimizer.step(-1));
            for (double scale : new double[] {0, -0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> optimizer.step(0.1, scale));
                assertTrue(e.getMessage().contains("gradient scale"), e.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> optimizer.decays("nope"));
            optimizer.close();
            optimizer.close();
            assertThrows(IllegalStateException.class, () -> optimizer.step(0.1));
        }
    }
}
