package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.cpotoolkit.runtime.TorchRuntime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForwardContextTest {

    /** A layer's intermediates are closed when it returns; its output and the pass's scalars are not. */
    @Test
    void aLayerScopeClosesIntermediatesOnly() {
        try (NDManager manager = TorchRuntime.engine().newBaseManager()) {
            ForwardContext ctx = new ForwardContext(manager, manager.getDevice(), false);
            NDArray input = manager.create(new float[] {1, 2, 3});
            List<NDArray> intermediates = new ArrayList<>();
            NDArray[] scalar = new NDArray[1];
            NDArray output = ctx.layer(input, in -> {
                scalar[0] = ctx.scalar(2f);
                NDArray doubled = in.mul(scalar[0]);
                NDArray shifted = doubled.add(in);
                intermediates.add(doubled);
                intermediates.add(shifted);
                return shifted.mul(shifted);
            });
            for (NDArray intermediate : intermediates) {
                assertTrue(intermediate.isReleased(), "intermediate closed");
            }
            assertFalse(output.isReleased());
            assertFalse(input.isReleased(), "arrays from before the layer are not the layer's");
            assertFalse(scalar[0].isReleased(), "cached scalars serve later layers");
            assertArrayEquals(new float[] {9, 36, 81}, output.toFloatArray());
            assertArrayEquals(new float[] {6}, ctx.scalar(2f).mul(ctx.scalar(3f)).toFloatArray());
        }
    }

    /** Backward through layers whose handles were closed still gets every gradient right (autograd keeps what it saved). */
    @Test
    void gradientsFlowThroughClosedIntermediates() {
        try (NDManager manager = TorchRuntime.engine().newBaseManager()) {
            NDArray x = manager.create(new float[] {1, -2, 3}, new Shape(3));
            x.setRequiresGradient(true);
            try (NDManager step = manager.newSubManager();
                 GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
                ForwardContext ctx = new ForwardContext(step, step.getDevice(), false);
                NDArray h = x.mul(ctx.scalar(1f));
                for (int layer = 0; layer < 3; layer++) {
                    h = ctx.layer(h, in -> in.mul(in).mul(ctx.scalar(0.5f)).add(in)); // h^2 / 2 + h
                }
                System.gc(); // closed handles and any garbage they leave must not matter
                collector.backward(h.sum());
            }
            // d/dx of f(f(f(x))) with f(h) = h^2/2 + h, f'(h) = h + 1
            float[] expected = new float[3];
            float[] values = {1, -2, 3};
            for (int i = 0; i < 3; i++) {
                double h = values[i];
                double grad = 1;
                for (int layer = 0; layer < 3; layer++) {
                    grad *= h + 1;
                    h = h * h / 2 + h;
                }
                expected[i] = (float) grad;
            }
            assertArrayEquals(expected, x.getGradient().toFloatArray(), 1e-3f);
        }
    }

    /** The same chain with checkpointed layers: the recomputed backward reaches x with the same gradient. */
    @Test
    void checkpointedLayersGiveTheSameGradient() {
        float[] plain = chainGradient(false);
        float[] checkpointed = chainGradient(true);
        assertArrayEquals(plain, checkpointed, 1e-5f);
    }

    private static float[] chainGradient(boolean checkpoint) {
        try (NDManager manager = TorchRuntime.engine().newBaseManager()) {
            NDArray x = manager.create(new float[] {1, -2, 3}, new Shape(3));
            x.setRequiresGradient(true);
            LayerCheckpoints tape = checkpoint ? new LayerCheckpoints(true, () -> { }) : null;
            try (NDManager step = manager.newSubManager();
                 GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
                ForwardContext ctx = new ForwardContext(step, step.getDevice(), false, null, tape);
                NDArray h = x.mul(ctx.scalar(1f));
                for (int layer = 0; layer < 3; layer++) {
                    h = ctx.layer(h, in -> in.mul(in).mul(ctx.scalar(0.5f)).add(in));
                }
                collector.backward(h.sum());
                if (tape != null) {
                    assertEquals(3, tape.size());
                    tape.backward(collector);
                    assertEquals(0.0, tape.maxReplayDifference());
                }
            }
            return x.getGradient().toFloatArray();
        }
    }
}
