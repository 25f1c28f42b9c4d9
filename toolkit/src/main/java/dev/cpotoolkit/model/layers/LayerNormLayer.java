package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;

/**
 * {@code torch.nn.LayerNorm} over the last axis: biased variance, epsilon inside
 * the square root, then gain and shift.
 */
public final class LayerNormLayer extends ModuleBlock {

    private final Parameter weight;
    private final Parameter bias;
    private final long dim;
    private final float eps;

    /**
     * @param dim normalised width
     * @param eps added to the variance
     */
    public LayerNormLayer(long dim, float eps) {
        this.dim = dim;
        this.eps = eps;
        weight = parameter("weight", Parameter.Type.GAMMA, Init.ONES, dim);
        bias = parameter("bias", Parameter.Type.BETA, Init.ZEROS, dim);
    }

    /** Normalises the last axis of {@code x}. */
    public NDArray forward(NDArray x) {
        // eps goes to the native kernel as a plain argument, not as a tensor.
        return LayerNorm.layerNorm(x, new Shape(dim), weight.getArray(), bias.getArray(), eps).singletonOrThrow();
    }
}
