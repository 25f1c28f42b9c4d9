package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;

/**
 * A LoRA adapter around a frozen base projection, computed exactly as PEFT's
 * {@code lora.Linear}: {@code y = base(x) + scaling · B(A(dropout(x)))}, with
 * {@code A} (r, in) Kaiming-uniform and {@code B} (out, r) zero at init, so a
 * fresh adapter leaves the model's output unchanged. Dropout touches the
 * adapter's input only; the base path sees {@code x} as is.
 *
 * <p>GPT-2's {@link Conv1D} (PEFT's {@code fan_in_fan_out=True}) only changes
 * how the base weight is laid out: A and B have the same shapes for both
 * kinds, and only {@link #delta} (used by merging) transposes.
 *
 * <p>Only A and B are this block's parameters; the base layer stays registered
 * under its own name where the model built it, so its tensors keep their
 * Hugging Face names, and its forward call stays in the base layer.
 */
public final class LoraLayer extends ModuleBlock implements Projection {

    private final Projection base;
    private final LoraMatrix a;
    private final LoraMatrix b;
    private final float scaling;
    private final float dropout;
    private final boolean fanInFanOut;

    /**
     * @param base        the frozen projection being adapted
     * @param in          its input features
     * @param out         its output features
     * @param r           the adapter's rank
     * @param scaling     {@code lora_alpha / r}, or {@code lora_alpha / sqrt(r)} with rsLoRA
     * @param dropout     the adapter input's dropout rate
     * @param fanInFanOut true when the base weight is stored (in, out), as GPT-2's Conv1D
     */
    public LoraLayer(Projection base, long in, long out, int r, float scaling, float dropout, boolean fanInFanOut) {
        if (r <= 0) {
            throw new IllegalArgumentException("lora_r must be positive, got " + r);
        }
        this.base = base;
        this.a = child("lora_A", new LoraMatrix(in, r, Init.KAIMING_UNIFORM));
        this.b = child("lora_B", new LoraMatrix(r, out, Init.ZEROS));
        this.scaling = scaling;
        this.dropout = dropout;
        this.fanInFanOut = fanInFanOut;
    }

    /** The wrapped projection. */
    public Projection base() {
        return base;
    }

    /** {@code lora_A}, (r, in). */
    public LoraMatrix loraA() {
        return a;
    }

    /** {@code lora_B}, (out, r). */
    public LoraMatrix loraB() {
        return b;
    }

    /** The factor the adapter's output is multiplied by. */
    public float scaling() {
        return scaling;
    }

    /** True when the base weight is stored (in, out). */
    public boolean fanInFanOut() {
        return fanInFanOut;
    }

    /** Without dropout (evaluation, generation). */
    @Override
    public NDArray forward(NDArray x) {
        // The scale lives in x's manager until the pass ends: DJL's mul(Number) would
        // free its temporary while autograd still points at it (DJL notes, dangers).
        NDArray scale = x.getManager().create(scaling).toDevice(x.getDevice(), false);
        return combine(x, x, scale);
    }

    /** With the adapter input's dropout when {@code ctx} has dropout active. */
    public NDArray forward(ForwardContext ctx, NDArray x) {
        return combine(x, ctx.dropout(x, dropout), ctx.scalar(scaling));
    }

    private NDArray combine(NDArray x, NDArray adapterInput, NDArray scale) {
        NDArray update = b.forward(a.forward(adapterInput));
        return base.forward(x).add(update.mul(scale));
    }

    /**
     * The weight update this adapter stands for, in the base weight's layout:
     * {@code scaling · B A} (out, in), transposed to (in, out) for fan_in_fan_out.
     * Adding it to the base weight gives the merged layer.
     */
    public NDArray delta() {
        // No gradients flow here, so a plain scalar multiply is safe.
        NDArray ba = b.weight().getArray().matMul(a.weight().getArray()).mul(scaling);
        return fanInFanOut ? ba.transpose() : ba;
    }
}
