package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

import java.util.Optional;

/**
 * A linear map over the last axis, whatever its weight layout:
 * {@link LinearLayer} (weight (out, in), {@code nn.Linear}) and GPT-2's
 * {@link Conv1D} (weight (in, out)). These are the modules LoRA adapts: a
 * projection can carry one {@link LoraLayer}, whose update is added to the
 * base map's output, as PEFT's {@code lora.Linear} does.
 *
 * <p>The adapter's matrices are registered as this module's own children
 * ({@code lora_A}, {@code lora_B}), so their full names are PEFT's names
 * without its {@code base_model.model.} prefix:
 * {@code model.layers.0.self_attn.q_proj.lora_A.weight}. The base weight keeps
 * its Hugging Face name, so base checkpoints load unchanged.
 */
public abstract class Projection extends ModuleBlock {

    private final long in;
    private final long out;
    private LoraLayer lora;

    /**
     * @param in  input features
     * @param out output features
     */
    protected Projection(long in, long out) {
        this.in = in;
        this.out = out;
    }

    /** The base map, {@code x W^T + b} in the weight's own layout. */
    protected abstract NDArray project(NDArray x);

    /** Input features. */
    public final long inFeatures() {
        return in;
    }

    /** Output features. */
    public final long outFeatures() {
        return out;
    }

    /** The base weight, in its on-disk layout. */
    public abstract Parameter weight();

    /** True when the weight is stored (in, out), as GPT-2's Conv1D (PEFT's {@code fan_in_fan_out}). */
    public abstract boolean fanInFanOut();

    /** The map with its adapter, if any, without dropout (evaluation, generation). */
    public final NDArray forward(NDArray x) {
        NDArray y = project(x);
        return lora == null ? y : y.add(lora.update(x));
    }

    /** The map with its adapter, if any; the adapter's input dropout applies when {@code ctx} has dropout on. */
    public final NDArray forward(ForwardContext ctx, NDArray x) {
        NDArray y = project(x);
        return lora == null ? y : y.add(lora.update(ctx, x));
    }

    /**
     * Gives this projection a new LoRA adapter (its arrays are not yet
     * materialised: call {@link LoraLayer#materialize}).
     *
     * @param r       the rank
     * @param scaling {@code lora_alpha / r}, or {@code lora_alpha / sqrt(r)} with rsLoRA
     * @param dropout the adapter input's dropout rate
     * @return the adapter
     * @throws IllegalStateException when one is already attached
     */
    public final LoraLayer attachLora(int r, float scaling, float dropout) {
        if (lora != null) {
            throw new IllegalStateException("this projection already has a LoRA adapter");
        }
        LoraLayer layer = new LoraLayer(inFeatures(), outFeatures(), r, scaling, dropout, fanInFanOut());
        child("lora_A", layer.loraA());
        child("lora_B", layer.loraB());
        lora = layer;
        return layer;
    }

    /** Removes the adapter (after merging it, or to go back to the base model). */
    public final void detachLora() {
        if (lora != null) {
            removeChild("lora_A");
            removeChild("lora_B");
            lora = null;
        }
    }

    /** The attached adapter, if any. */
    public final Optional<LoraLayer> lora() {
        return Optional.ofNullable(lora);
    }
}
