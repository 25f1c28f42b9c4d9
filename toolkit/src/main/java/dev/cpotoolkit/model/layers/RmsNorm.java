package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/**
 * Root-mean-square normalisation (Llama, Qwen2):
 * {@code w * (x / sqrt(mean(x^2) + eps))}. No mean subtraction and no shift,
 * which is all that distinguishes it from LayerNorm. Composed from ops because
 * DJL has no RMSNorm for PyTorch.
 */
public final class RmsNorm extends ModuleBlock {

    private final Parameter weight;
    private final float eps;

    /**
     * @param dim normalised width
     * @param eps added to the mean square ({@code rms_norm_eps})
     */
    public RmsNorm(long dim, float eps) {
        this.eps = eps;
        weight = parameter("weight", Parameter.Type.GAMMA, Init.ONES, dim);
    }

    /** Normalises the last axis of {@code x}. */
    public NDArray forward(ForwardContext ctx, NDArray x) {
        NDArray meanSquare = x.mul(x).mean(new int[] {-1}, true);
        NDArray rms = meanSquare.add(ctx.scalar(eps)).sqrt();
        // Normalise first, multiply by the gain after, as Hugging Face does.
        return x.div(rms).mul(weight.getArray());
    }
}
