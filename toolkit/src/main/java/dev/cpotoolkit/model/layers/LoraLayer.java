package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;

/**
 * The update a LoRA adapter adds to its {@link Projection}, computed exactly as
 * PEFT's {@code lora.Linear}: {@code scaling · B(A(dropout(x)))}, with
 * {@code A} (r, in) Kaiming-uniform and {@code B} (out, r) zero at init, so a
 * fresh adapter leaves the model's output unchanged. Dropout touches the
 * adapter's input only; the base path sees {@code x} as is.
 *
 * <p>GPT-2's {@link Conv1D} (PEFT's {@code fan_in_fan_out=True}) only changes
 * how the base weight is laid out: A and B have the same shapes for both
 * kinds, and only {@link #delta} (used by merging) transposes.
 *
 * <p>A projection makes its adapter with {@link Projection#attachLora} and
 * registers the two matrices as its own children, so their names are
 * {@code <projection>.lora_A.weight} and {@code <projection>.lora_B.weight}.
 * Standing alone, this block names them {@code lora_A.weight} and
 * {@code lora_B.weight}.
 */
public final class LoraLayer extends ModuleBlock {

    private final LoraMatrix a;
    private final LoraMatrix b;
    private final int r;
    private final float scaling;
    private final float dropout;
    private final boolean fanInFanOut;

    /**
     * @param in          the projection's input features
     * @param out         its output features
     * @param r           the adapter's rank
     * @param scaling     {@code lora_alpha / r}, or {@code lora_alpha / sqrt(r)} with rsLoRA
     * @param dropout     the adapter input's dropout rate
     * @param fanInFanOut true when the base weight is stored (in, out), as GPT-2's Conv1D
     */
    public LoraLayer(long in, long out, int r, float scaling, float dropout, boolean fanInFanOut) {
        if (r <= 0) {
            throw new IllegalArgumentException("lora_r must be positive, got " + r);
        }
        this.a = child("lora_A", new LoraMatrix(in, r, Init.KAIMING_UNIFORM));
        this.b = child("lora_B", new LoraMatrix(r, out, Init.ZEROS));
        this.r = r;
        this.scaling = scaling;
        this.dropout = dropout;
        this.fanInFanOut = fanInFanOut;
    }

    /** {@code lora_A}, (r, in). */
    public LoraMatrix loraA() {
        return a;
    }

    /** {@code lora_B}, (out, r). */
    public LoraMatrix loraB() {
        return b;
    }

    /** The rank. */
    public int rank() {
        return r;
    }

    /** The factor the adapter's output is multiplied by. */
    public float scaling() {
        return scaling;
    }

    /** True when the base weight is stored (in, out). */
    public boolean fanInFanOut() {
        return fanInFanOut;
    }

    /** The update without dropout (evaluation, generation). */
    public NDArray update(NDArray x) {
        // The scale lives in x's manager until the pass ends: DJL's mul(Number) would
        // free its temporary while autograd still points at it (DJL notes, dangers).
        NDArray scale = x.getManager().create(scaling).toDevice(x.getDevice(), false);
        return b.forward(a.forward(x).mul(scale));
    }

    /** The update, with dropout on the adapter's input when {@code ctx} has dropout active. */
    public NDArray update(ForwardContext ctx, NDArray x) {
        // The scale multiplies the rank-r intermediate, not the (tokens x out) result as PEFT writes it:
        // the same product (to float rounding), for a pass over r columns instead of out.
        return b.forward(a.forward(ctx.dropout(x, dropout)).mul(ctx.scalar(scaling)));
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
