package dev.cpotoolkit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.cpotoolkit.runtime.TorchRuntime;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The lean (selected, chunked) log-probs equal {@link SequenceLogProbs} on the
 * full logits, values and gradients, whatever the chunk size.
 */
class LeanLogProbsTest {

    @Test
    void sameValuesAndGradientsAsTheFullLogitsPathInAnyChunking() {
        int rows = 3;
        int t = 7;
        int c = 5;
        int v = 11;
        int[][] labels = {
                {-100, -100, 3, 4, 5, -100, -100},
                {-100, 1, 2, 3, 4, 5, 6},
                {-100, -100, -100, -100, -100, 9, 10}};
        for (long chunk : new long[] {1, v, 3L * v, 1 << 20}) {
            try (NDManager manager = TorchRuntime.newManager()) {
                NDArray hidden = manager.randomNormal(new Shape(rows, t, c));
                NDArray weight = manager.randomNormal(new Shape(v, c));
                hidden.setRequiresGradient(true);
                weight.setRequiresGradient(true);
                float[] fullSum;
                float[] fullTokens;
                float[] fullHiddenGrad;
                float[] fullWeightGrad;
                try (GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
                    NDArray logits = hidden.matMul(weight.transpose());
                    SequenceLogProbs full = SequenceLogProbs.compute(logits, manager.create(labels));
                    fullSum = full.sum().toFloatArray();
                    fullTokens = full.tokenLogProbs().toFloatArray();
                    collector.backward(full.sum().mul(manager.create(new float[] {1f, 2f, 3f})).sum());
                }
                fullHiddenGrad = hidden.getGradient().toFloatArray();
                fullWeightGrad = weight.getGradient().toFloatArray();
                hidden.getGradient().subi(hidden.getGradient());
                weight.getGradient().subi(weight.getGradient());
                try (GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
                    SequenceLogProbs lean = LeanLogProbs.compute(hidden, weight,
                            TokenSelection.causal(labels, SequenceLogProbs.IGNORE_INDEX), manager, chunk);
                    assertArrayEquals(fullSum, lean.sum().toFloatArray(), 1e-5f);
                    assertArrayEquals(fullTokens, lean.tokenLogProbs().toFloatArray(), 1e-5f);
                    collector.backward(lean.sum().mul(manager.create(new float[] {1f, 2f, 3f})).sum());
                }
                assertArrayEquals(fullHiddenGrad, hidden.getGradient().toFloatArray(), 1e-5f);
                assertArrayEquals(fullWeightGrad, weight.getGradient().toFloatArray(), 1e-5f);
            }
        }
    }
}
