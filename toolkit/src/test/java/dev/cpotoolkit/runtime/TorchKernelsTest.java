package dev.cpotoolkit.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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
        assertTrue(TorchKernels.attentionAvailable(), () -> "unavailable: " + TorchKernels.unavailableReason());
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(TorchKernels.archive("CpoKernels", "cpo_kernels.py")))) {
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

    /**
     * Fused attention against the composed one: causal mask with key padding, a query row with no
     * allowed key (both must average the values, not give NaN), GPT-2's divide and Llama's multiply.
     */
    @Test
    void fusedAttentionMatchesTheComposedOneInValueAndGradients() {
        for (boolean divide : new boolean[] {true, false}) {
            try (NDManager manager = TorchRuntime.engine().newBaseManager()) {
                java.util.SplittableRandom random = new java.util.SplittableRandom(5);
                long b = 2, h = 3, t = 5, d = 4;
                NDArray[] qkv = new NDArray[3];
                for (int i = 0; i < 3; i++) {
                    float[] values = new float[(int) (b * h * t * d)];
                    for (int j = 0; j < values.length; j++) {
                        values[j] = (float) random.nextGaussian();
                    }
                    qkv[i] = manager.create(values, new Shape(b, h, t, d));
                }
                NDArray keyMask = manager.create(new int[] {1, 1, 1, 1, 0, 0, 1, 1, 1, 1}, new Shape(b, t));
                NDArray allowed = dev.cpotoolkit.model.layers.Attention.causalMask(keyMask);
                // Row 1, query 0: its only causal key is padding, so nothing is allowed.
                boolean[] flags = allowed.toBooleanArray();
                org.junit.jupiter.api.Assertions.assertFalse(flags[(int) (t * t)], "fixture: an empty row");
                // No gradient reaches an empty row's output (in training such rows are padding no loss
                // reads); there the two differ: the composition cuts the masked scores off, the fused
                // kernel adds float32's minimum to them and passes gradient through.
                NDArray rowHasKey = allowed.toType(DataType.FLOAT32, false).sum(new int[] {2}).gt(0)
                        .toType(DataType.FLOAT32, false).reshape(b, 1, t, 1);
                NDArray upstream = manager.randomUniform(-1f, 1f, new Shape(b, h, t, d)).mul(rowHasKey);
                NDArray scale = manager.create(divide ? 2f : 0.5f);
                List<float[]> fused = attention(qkv, allowed, upstream, scale, divide, true);
                List<float[]> composed = attention(qkv, allowed, upstream, scale, divide, false);
                for (int part = 0; part < fused.size(); part++) {
                    for (int i = 0; i < fused.get(part).length; i++) {
                        assertTrue(Float.isFinite(fused.get(part)[i]), "finite");
                        assertEquals(composed.get(part)[i], fused.get(part)[i], 1e-5,
                                "divide=" + divide + " part " + part + " at " + i);
                    }
                }
            }
        }
    }

    /** Output, then the gradients of q, k and v, of sum(upstream * attention). */
    private static List<float[]> attention(NDArray[] qkv, NDArray allowed, NDArray upstream, NDArray scale,
                                           boolean divide, boolean fused) {
        try (NDManager step = qkv[0].getManager().newSubManager()) {
            NDArray[] inputs = new NDArray[3];
            for (int i = 0; i < 3; i++) {
                inputs[i] = qkv[i].duplicate();
                inputs[i].attach(step);
                inputs[i].setRequiresGradient(true);
            }
            ForwardContext ctx = new ForwardContext(step, inputs[0].getDevice(), false);
            List<float[]> out = new ArrayList<>();
            try (GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
                NDArray y = fused
                        ? dev.cpotoolkit.model.layers.Attention.scaledDotProduct(ctx, inputs[0], inputs[1], inputs[2],
                                allowed, scale, divide, 0f)
                        : dev.cpotoolkit.model.layers.Attention.scaledDotProductComposed(ctx, inputs[0], inputs[1],
                                inputs[2], allowed, scale, divide, 0f);
                out.add(y.toFloatArray());
                collector.backward(y.mul(upstream).sum());
            }
            for (NDArray input : inputs) {
                out.add(input.getGradient().toFloatArray());
            }
            return out;
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
