package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/**
 * {@code torch.nn.Linear}: {@code y = x W^T + b}, weight stored (out, in) as on
 * disk, bias optional.
 */
public final class LinearLayer extends Projection {

    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param in      input features
     * @param out     output features
     * @param hasBias whether a {@code bias} parameter exists
     */
    public LinearLayer(long in, long out, boolean hasBias) {
        super(in, out);
        weight = parameter("weight", Parameter.Type.WEIGHT, Init.NORMAL, out, in);
        bias = hasBias ? parameter("bias", Parameter.Type.BIAS, Init.ZEROS, out) : null;
    }

    /** Applies the projection to the last axis of {@code x}. */
    @Override
    protected NDArray project(NDArray x) {
        // x first: the result attaches to the step's manager, not the model's.
        if (bias == null) {
            return MixedPrecision.linear(x, weight.getArray());
        }
        // bf16: the bias is added in float32 after the kernel (float32 bias, as autocast keeps its output).
        return MixedPrecision.active()
                ? MixedPrecision.linear(x, weight.getArray()).add(bias.getArray())
                : Linear.linear(x, weight.getArray(), bias.getArray()).singletonOrThrow();
    }

    /** The weight parameter, (out, in). */
    @Override
    public Parameter weight() {
        return weight;
    }

    /** False: stored (out, in), as {@code nn.Linear}. */
    @Override
    public boolean fanInFanOut() {
        return false;
    }
}
