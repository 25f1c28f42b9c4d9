package dev.cpotoolkit.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import dev.cpotoolkit.model.layers.ForwardContext;

/**
 * Rotary position embeddings, Hugging Face's default type with the
 * {@code rotate_half} convention: the head is split into two halves (not
 * interleaved pairs) and each (first-half, second-half) pair is rotated by the
 * angle {@code position * inv_freq[i]}.
 *
 * <p>{@code inv_freq[i] = 1 / rope_theta^(2i / head_dim)} and the angles are
 * computed in float32 exactly as Hugging Face does, because its logits depend
 * on that rounding at the 1e-6 level. There are no parameters: the frequencies
 * are a function of the config.
 */
public final class RotaryEmbedding {

    private final float[] invFreq;

    /**
     * @param headDim width of each head (even)
     * @param theta   {@code rope_theta}
     */
    public RotaryEmbedding(int headDim, double theta) {
        invFreq = new float[headDim / 2];
        float base = (float) theta;
        for (int i = 0; i < invFreq.length; i++) {
            float exponent = (float) (2 * i) / (float) headDim; // int64 arange -> float32, divided in float32
            invFreq[i] = 1.0f / (float) Math.pow(base, exponent);
        }
    }

    /** The inverse frequencies, one per rotated pair. */
    public float[] invFreq() {
        return invFreq.clone();
    }

    /**
     * cos and sin of the angles for each position, shaped (B, 1, T, head_dim)
     * to broadcast over heads.
     *
     * @param positions (B, T) INT64 position ids
     */
    public NDList cosSin(ForwardContext ctx, NDArray positions) {
        NDArray freqs = ctx.manager().create(invFreq).toDevice(ctx.device(), false);
        NDArray angles = positions.toType(DataType.FLOAT32, false).expandDims(-1).mul(freqs); // (B, T, D/2)
        NDArray emb = angles.concat(angles, -1).expandDims(1); // (B, 1, T, D)
        return new NDList(emb.cos(), emb.sin());
    }

    /** {@code x * cos + rotate_half(x) * sin} for (B, H, T, D) queries or keys. */
    public static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        return x.mul(cos).add(rotateHalf(x).mul(sin));
    }

    /** {@code [a, b] -> [-b, a]} over the halves of the last axis. */
    static NDArray rotateHalf(NDArray x) {
        long half = x.getShape().getLastDimension() / 2;
        NDList halves = x.split(new long[] {half}, x.getShape().dimension() - 1);
        return NDArrays.concat(new NDList(halves.get(1).neg(), halves.get(0)), -1);
    }
}
