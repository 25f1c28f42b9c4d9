package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/**
 * GPT-2's {@code Conv1D}: despite the name a linear layer, but with its weight
 * stored transposed relative to {@code nn.Linear}, as (in, out), and applied as
 * {@code y = x W + b}. Keeping the on-disk layout makes loading and saving a
 * plain copy.
 */
public final class Conv1D extends Projection {

    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param in  input features
     * @param out output features
     */
    public Conv1D(long in, long out) {
        super(in, out);
        weight = parameter("weight", Parameter.Type.WEIGHT, Init.NORMAL, in, out);
        bias = parameter("bias", Parameter.Type.BIAS, Init.ZEROS, out);
    }

    /** {@code x @ W + b} over the last axis. */
    @Override
    protected NDArray project(NDArray x) {
        return MixedPrecision.matMul(x, weight.getArray()).add(bias.getArray());
    }

    /** The weight parameter, (in, out). */
    @Override
    public Parameter weight() {
        return weight;
    }

    /** True: stored (in, out). */
    @Override
    public boolean fanInFanOut() {
        return true;
    }
}
