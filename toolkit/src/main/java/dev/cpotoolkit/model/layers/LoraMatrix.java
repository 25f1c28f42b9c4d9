package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/**
 * One of LoRA's two matrices, a bias-free {@code nn.Linear} named as PEFT names
 * it ({@code lora_A.weight} (r, in), {@code lora_B.weight} (out, r)), with the
 * init PEFT gives it.
 */
public final class LoraMatrix extends ModuleBlock {

    private final Parameter weight;

    /**
     * @param in   input features
     * @param out  output features
     * @param init {@link Init#KAIMING_UNIFORM} for A, {@link Init#ZEROS} for B
     */
    public LoraMatrix(long in, long out, Init init) {
        weight = parameter("weight", Parameter.Type.WEIGHT, init, out, in);
    }

    /** The weight, (out, in). */
    public Parameter weight() {
        return weight;
    }

    /** {@code x W^T} over the last axis. */
    public NDArray forward(NDArray x) {
        // x first: the result attaches to the step's manager, not the model's. In a bf16 region this
        // multiplies in bfloat16, as autocast does for PEFT's nn.Linear adapters.
        return MixedPrecision.linear(x, weight.getArray());
    }
}
