package dev.cpotoolkit.train.optim;

import dev.cpotoolkit.model.checkpoint.FloatTensor;
import org.junit.jupiter.api.Test;

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
    void firstStepMatchesTorchAdamWReference() {
        AdamWSettings settings = AdamWSettings.defaults().withWeightDecay(0.1);
        runAgainstReference(settings, 1, 0.01);
    }

    @Test
    void severalStepsMatchTorchAdamWReferenceWithChangingRates() {
        AdamWSettings settings = new AdamWSettings(0.8, 0.95, 1e-6, 0.05, WeightDecayRule.huggingFace());
        runAgainstReference(settings, 12, 0.02);
    }

    private void runAgainstReference(AdamWSettings settings, int steps, double peakLr) {
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
            try (AdamW optimizer = new AdamW(params.parameters, settings)) {
                for (int step = 0; step < steps; step++) {
                    Map<String, float[]> gradients = randomGradients(random, SHAPES.keySet());
                    params.backward(gradients);
                    double lr = schedule.at(Math.max(1, optimizer.stepCount()));
                    optimizer.step(lr);
                    reference.step(lr, gradients);
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

    @Test
    void biasesAndNormWeightsGetNoDecay() {
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
            try (AdamW optimizer = new AdamW(params.parameters, settings)) {
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

    @Test
    void gradientsAreZeroAfterStepAndAccumulateAfresh() {
        try (TestParameters params = new TestParameters();) {
            params.add("w", new float[] {1, 2, 3}, 3);
            try (AdamW optimizer = new AdamW(params.parameters, AdamWSettings.defaults())) {
                // Two micro-batches accumulate into one gradient.
                params.backward(Map.of("w", new float[] {1, 1, 1}));
                params.backward(Map.of("w", new float[] {0.5f, 0, -1}));
                assertArrayEquals(new float[] {1.5f, 1, 0}, params.gradient("w"));
                optimizer.step(1e-3);
                assertArrayEquals(new float[] {0, 0, 0}, params.gradient("w"));
                params.backward(Map.of("w", new float[] {2, 3, 4}));
                assertArrayEquals(new float[] {2, 3, 4}, params.gradient("w"));
                optimizer.zeroGradients();
                assertArrayEquals(new float[] {0, 0, 0}, params.gradient("w"));
            }
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
    void rejectsInvalidLearningRatesAndUseAfterClose() {
        try (TestParameters params = new TestParameters()) {
            params.add("w", new float[] {1}, 1);
            AdamW optimizer = new AdamW(params.parameters, AdamWSettings.defaults());
            assertThrows(IllegalArgumentException.class, () -> optimizer.step(Double.NaN));
            assertThrows(IllegalArgumentException.class, () -> optimizer.step(-1));
            assertThrows(IllegalArgumentException.class, () -> optimizer.decays("nope"));
            optimizer.close();
            optimizer.close();
            assertThrows(IllegalStateException.class, () -> optimizer.step(0.1));
        }
    }
}
