package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;
import dev.cpotoolkit.runtime.TorchKernels;

/**
 * Activation functions composed from ops, with every constant an array from
 * the step's {@link ForwardContext} (DJL's own helpers pass Java numbers, which
 * is unsafe under autograd on PyTorch).
 */
public final class Activations {

    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);

    private Activations() {}

    /**
     * GPT-2's {@code gelu_new}, the tanh approximation:
     * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. DJL's {@code gelu}
     * is the exact erf form, which differs by up to about 1e-3. Runs as one
     * fused libtorch op ({@link TorchKernels#geluTanh}) when available: one
     * saved activation instead of nine, one backward op instead of a dozen.
     */
    public static NDArray geluTanh(ForwardContext ctx, NDArray x) {
        if (TorchKernels.available()) {
            return TorchKernels.geluTanh(x);
        }
        return geluTanhComposed(ctx, x);
    }

    /**
     * {@link #geluTanh} composed from nine DJL ops: the fallback when the fused
     * kernel is unavailable, and the reference its tests compare against.
     */
    public static NDArray geluTanhComposed(ForwardContext ctx, NDArray x) {
        NDArray cube = x.mul(x).mul(x);
        NDArray inner = x.add(cube.mul(ctx.scalar(0.044715f))).mul(ctx.scalar(SQRT_2_OVER_PI));
        return x.mul(ctx.scalar(0.5f)).mul(inner.tanh().add(ctx.scalar(1f)));
    }

    /** The exact GELU, {@code x Phi(x)} (Hugging Face {@code gelu}). */
    public static NDArray geluErf(NDArray x) {
        return x.getNDArrayInternal().gelu();
    }

    /** SiLU (swish with beta 1): {@code x * sigmoid(x)}. */
    public static NDArray silu(NDArray x) {
        return x.mul(x.getNDArrayInternal().sigmoid());
    }
}
