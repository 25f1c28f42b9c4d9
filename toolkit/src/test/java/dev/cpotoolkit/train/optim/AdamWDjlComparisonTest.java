package dev.cpotoolkit.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.cpotoolkit.runtime.TorchRuntime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DJL's stock {@code Optimizer.adamW()} against this AdamW (single decay group).
 *
 * <p>DJL's native update computes {@code lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)}:
 * epsilon is added to the uncorrected {@code sqrt(v)}. PyTorch adds it after the
 * correction, {@code lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)}, so DJL's
 * epsilon acts like PyTorch's {@code eps / sqrt(1 - beta2^t)}: about 32 times larger on the
 * first step with beta2 = 0.999. Both decay weights the same way, {@code w -= lr * wd * w}.
 * With {@code eps = 0} the two coincide; otherwise DJL matches the reference with epsilon
 * moved before the correction.
 */
class AdamWDjlComparisonTest {

    private static final float LR = 0.01f;
    private static final int STEPS = 5;

    @Test
    void matchesDjlAdamWWhereTheFormulasCoincide() {
        AdamWSettings settings = AdamWSettings.defaults().withEpsilon(0).withWeightDecay(0.05)
                .withDecayRule(WeightDecayRule.all());
        float[][] result = runBoth(settings);
        assertClose(result[0], result[1], 1e-6);
    }

    @Test
    void djlAddsEpsilonBeforeTheBiasCorrection() {
        // A large epsilon makes the difference visible.
        AdamWSettings settings = AdamWSettings.defaults().withEpsilon(1e-2).withWeightDecay(0.05)
                .withDecayRule(WeightDecayRule.all());
        float[][] result = runBoth(settings);
        float[] ours = result[0];
        float[] djl = result[1];
        ReferenceAdamW torchStyle = new ReferenceAdamW(settings, false);
        ReferenceAdamW djlStyle = new ReferenceAdamW(settings, true);
        float[] init = initial();
        torchStyle.add("w", init);
        djlStyle.add("w", init);
        for (float[] gradient : gradients()) {
            torchStyle.step(LR, Map.of("w", gradient));
            djlStyle.step(LR, Map.of("w", gradient));
        }
        assertClose(torchStyle.weights.get("w"), ours, 1e-6);
        assertClose(djlStyle.weights.get("w"), djl, 1e-6);
        double largest = 0;
        for (int i = 0; i < ours.length; i++) {
            largest = Math.max(largest, Math.abs(ours[i] - djl[i]));
        }
        assertTrue(largest > 1e-4, "the epsilon placement should differ visibly, got " + largest);
    }

    private static float[] initial() {
        return TestParameters.random(new SplittableRandom(3), 12, 0.5);
    }

    private static List<float[]> gradients() {
        SplittableRandom random = new SplittableRandom(5);
        List<float[]> list = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
            list.add(TestParameters.randomAwayFromZero(random, 12, 0.05, 1.0));
        }
        return list;
    }

    /** Returns {ours, djl} after the same gradients. */
    private static float[][] runBoth(AdamWSettings settings) {
        float[] init = initial();
        List<float[]> gradients = gradients();
        Optimizer djl = Optimizer.adamW()
                .optLearningRateTracker(Tracker.fixed(LR))
                .optBeta1((float) settings.beta1())
                .optBeta2((float) settings.beta2())
                .optEpsilon((float) settings.epsilon())
                .optWeightDecays((float) settings.weightDecay())
                .build();
        try (TestParameters params = new TestParameters(); NDManager manager = TorchRuntime.newManager()) {
            params.add("w", init, 3, 4);
            NDArray djlWeight = manager.create(init, new Shape(3, 4));
            try (AdamW ours = new AdamW(params.parameters, settings)) {
                for (float[] gradient : gradients) {
                    params.backward(Map.of("w", gradient));
                    ours.step(LR);
                    try (NDArray djlGradient = manager.create(gradient, new Shape(3, 4))) {
                        djl.update("w", djlWeight, djlGradient);
                    }
                }
            }
            return new float[][] {params.values("w"), djlWeight.toFloatArray()};
        }
    }

    private static void assertClose(float[] expected, float[] actual, double tolerance) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "[" + i + "]");
        }
    }

    private static void assertClose(double[] expected, float[] actual, double tolerance) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "[" + i + "]");
        }
    }
}
