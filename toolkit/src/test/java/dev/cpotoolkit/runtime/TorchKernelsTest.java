package dev.cpotoolkit.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.cpotoolkit.model.layers.Activations;
import dev.cpotoolkit.model.layers.ForwardContext;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TorchKernelsTest {

    @Test
    void theArchiveCompilesOnThePinnedLibtorch() throws IOException {
        assertTrue(TorchKernels.available(), () -> "unavailable: " + TorchKernels.unavailableReason());
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(TorchKernels.archive()))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertEquals(List.of("cpo_kernels/data.pkl", "cpo_kernels/code/__torch__.py", "cpo_kernels/constants.pkl",
                "cpo_kernels/.data/version"), names);
    }

    /** The fused tanh GELU against the nine-op composition: values and gradients, wide range of inputs. */
    @Test
    void fusedGeluMatchesTheComposedFormulaInValueAndGradient() {
        Engine engine = new Engine();
        try (NDManager manager = TorchRuntime.engine().newBaseManager()) {
            NDArray x = manager.linspace(-12f, 12f, 2001).reshape(new Shape(3, 667));
            float[] weights = new float[2001];
            java.util.SplittableRandom random = new java.util.SplittableRandom(3);
            for (int i = 0; i < weights.length; i++) {
                weights[i] = (float) random.nextGaussian();
            }
            NDArray upstream = manager.create(weights, new Shape(3, 667));
            float[][] fused = engine.valueAndGradient(x, upstream, true);
            float[][] composed = engine.valueAndGradient(x, upstream, false);
            for (int part = 0; part < 2; part++) {
                for (int i = 0; i < fused[part].length; i++) {
                    // The project's 1e-5 rule; the nine-op composition itself loses a few ulps to cancellation.
                    assertEquals(composed[part][i], fused[part][i], 1e-5,
                            (part == 0 ? "value" : "gradient") + " at " + i);
                }
            }
        }
    }

    @Test
    void callsLeaveNoArraysBehind() {
        try (NDManager manager = TorchRuntime.engine().newBaseManager()) {
            NDArray x = manager.randomNormal(new Shape(4, 8));
            int before = manager.getManagedArrays().size();
            for (int i = 0; i < 50; i++) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray input = x.duplicate();
                    input.attach(step);
                    TorchKernels.geluTanh(input);
                }
            }
            assertEquals(before, manager.getManagedArrays().size());
        }
    }

    /** Runs GELU forward and backward one way or the other. */
    private static final class Engine {
        float[][] valueAndGradient(NDArray x, NDArray upstream, boolean fused) {
            try (NDManager step = x.getManager().newSubManager()) {
                NDArray input = x.duplicate();
                input.attach(step);
                input.setRequiresGradient(true);
                ForwardContext ctx = new ForwardContext(step, input.getDevice(), false);
                float[] value;
                try (GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
                    NDArray y = fused ? TorchKernels.geluTanh(input) : Activations.geluTanhComposed(ctx, input);
                    value = y.toFloatArray();
                    collector.backward(y.mul(upstream).sum());
                }
                return new float[][] {value, input.getGradient().toFloatArray()};
            }
        }
    }
}
