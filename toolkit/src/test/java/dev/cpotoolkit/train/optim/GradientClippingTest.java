package dev.cpotoolkit.train.optim;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientClippingTest {

    /** Gradients (3, 4) and (12): norms 5 and 12, global norm sqrt(25 + 144) = 13. */
    private static TestParameters thirteen() {
        TestParameters params = new TestParameters();
        params.add("a", new float[] {1, 1}, 2);
        params.add("b", new float[] {1}, 1);
        params.backward(Map.of("a", new float[] {3, 4}, "b", new float[] {12}));
        return params;
    }

    @Test
    void scalesEveryGradientByMaxNormOverTheGlobalNorm() {
        try (TestParameters params = thirteen()) {
            double norm = GradientClipping.clipGlobalNorm(params.parameters.values(), 1.0);
            assertEquals(13.0, norm, 1e-6);
            double coefficient = 1.0 / (13.0 + 1e-6);
            float[] a = params.gradient("a");
            float[] b = params.gradient("b");
            assertEquals(3 * coefficient, a[0], 1e-7);
            assertEquals(4 * coefficient, a[1], 1e-7);
            assertEquals(12 * coefficient, b[0], 1e-7);
            // The clipped gradients have (almost exactly) the maximum norm.
            assertEquals(1.0, GradientClipping.globalNorm(params.parameters.values()), 1e-6);
        }
    }

    @Test
    void measureGivesTheNormAndTheFactorWithoutTouchingGradients() {
        try (TestParameters params = thirteen()) {
            GradientClipping.Norm clip = GradientClipping.measure(params.parameters.values(), 1.0);
            assertEquals(13.0, clip.norm(), 1e-6);
            assertEquals(1.0 / (13.0 + 1e-6), clip.scale(), 1e-7);
            assertArrayEquals(new float[] {3, 4}, params.gradient("a"));
            assertEquals(1.0, GradientClipping.measure(params.parameters.values(), 20.0).scale());
            assertEquals(1.0, GradientClipping.measure(params.parameters.values(), 0).scale());
        }
    }

    @Test
    void leavesGradientsBelowTheMaximumUntouched() {
        try (TestParameters params = thirteen()) {
            assertEquals(13.0, GradientClipping.clipGlobalNorm(params.parameters.values(), 13.5), 1e-6);
            assertArrayEquals(new float[] {3, 4}, params.gradient("a"));
            assertArrayEquals(new float[] {12}, params.gradient("b"));
        }
    }

    @Test
    void nonPositiveMaxNormOnlyMeasures() {
        try (TestParameters params = thirteen()) {
            assertEquals(13.0, GradientClipping.clipGlobalNorm(params.parameters.values(), 0), 1e-6);
            assertEquals(13.0, GradientClipping.clipGlobalNorm(params.parameters.values(), -1), 1e-6);
            assertArrayEquals(new float[] {3, 4}, params.gradient("a"));
        }
    }

    @Test
    void ignoresFrozenParametersAndThoseWithoutGradient() {
        try (TestParameters params = new TestParameters()) {
            params.add("a", new float[] {1, 1}, 2);
            params.add("unused", new float[] {1, 1}, 2);
            params.add("frozen", false, new float[] {1, 1}, 2);
            assertEquals(0.0, GradientClipping.clipGlobalNorm(params.parameters.values(), 1.0));
            params.backward(Map.of("a", new float[] {3, 4}));
            assertEquals(5.0, GradientClipping.clipGlobalNorm(params.parameters.values(), 1.0), 1e-6);
            assertEquals(0.0, GradientClipping.clipGlobalNorm(List.of(), 1.0));
        }
    }

    @Test
    void reportsNonFiniteNormsWithoutTouchingGradients() {
        try (TestParameters params = new TestParameters()) {
            params.add("a", new float[] {1, 1}, 2);
            params.add("b", new float[] {1}, 1);
            params.backward(Map.of("a", new float[] {3, 4}, "b", new float[] {Float.NaN}));
            assertTrue(Double.isNaN(GradientClipping.clipGlobalNorm(params.parameters.values(), 1.0)));
            assertArrayEquals(new float[] {3, 4}, params.gradient("a"));
        }
        try (TestParameters params = new TestParameters()) {
            params.add("a", new float[] {1, 1}, 2);
            params.backward(Map.of("a", new float[] {Float.POSITIVE_INFINITY, 4}));
            assertEquals(Double.POSITIVE_INFINITY, GradientClipping.clipGlobalNorm(params.parameters.values(), 1.0));
            assertArrayEquals(new float[] {Float.POSITIVE_INFINITY, 4}, params.gradient("a"));
        }
    }

    @Test
    void largeGradientsMatchAHandComputation() {
        try (TestParameters params = new TestParameters()) {
            float[] g = TestParameters.random(new java.util.SplittableRandom(9), 1000, 3.0);
            params.add("w", new float[1000], 10, 100);
            params.backward(Map.of("w", g));
            double sum = 0;
            for (float x : g) {
                sum += (double) x * x;
            }
            double expected = Math.sqrt(sum);
            double norm = GradientClipping.clipGlobalNorm(params.parameters.values(), 2.0);
            assertEquals(expected, norm, expected * 1e-6);
            float[] clipped = params.gradient("w");
            double scale = 2.0 / (norm + 1e-6);
            for (int i = 0; i < g.length; i++) {
                assertEquals(g[i] * scale, clipped[i], 1e-6);
            }
        }
    }
}
