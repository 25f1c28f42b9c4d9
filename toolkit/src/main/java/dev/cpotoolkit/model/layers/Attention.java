package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.cpotoolkit.runtime.TorchKernels;

/**
 * Scaled dot-product attention and the masks it uses, shared by every
 * architecture. DJL has no fused attention for PyTorch: libtorch's is reached
 * through {@link TorchKernels#attention}, with an op-by-op composition as the
 * fallback and reference.
 */
public final class Attention {

    /**
     * The fill for disallowed scores: float32's most negative finite value
     * (what Hugging Face uses). Finite rather than -inf, so a row with no
     * allowed key softmaxes to a uniform distribution instead of NaN.
     */
    public static final float MASK_FILL = -Float.MAX_VALUE;

    private Attention() {}

    /**
     * The standard causal mask with key padding: query i may attend key j iff
     * {@code j <= i} and {@code keyMask[j] == 1}. Padding masks keys only, so
     * padded query positions still attend every real key before them.
     *
     * @param keyMask (B, T) 0/1 attention mask, any integer or boolean type
     * @return (B, T, T) boolean, in {@code keyMask}'s manager
     */
    public static NDArray causalMask(NDArray keyMask) {
        return causalMask(keyMask, 0);
    }

    /**
     * The causal mask for {@code T} new queries that follow {@code pastLength}
     * cached keys: query i sits at column {@code pastLength + i} of the
     * sequence, so it may attend key j iff {@code j <= pastLength + i} and
     * {@code keyMask[j] == 1}. With {@code pastLength} 0 this is
     * {@link #causalMask(NDArray)}.
     *
     * @param keyMask    (B, S) 0/1 mask over every key, past and new ({@code S = pastLength + T})
     * @param pastLength number of keys that precede the first query
     * @return (B, T, S) boolean, in {@code keyMask}'s manager
     */
    public static NDArray causalMask(NDArray keyMask, long pastLength) {
        long s = keyMask.getShape().get(1);
        long t = s - pastLength;
        if (t < 0) {
            throw new IllegalArgumentException("pastLength " + pastLength + " exceeds the " + s + " keys");
        }
        NDArray queries = positions(keyMask, pastLength, s);
        NDArray keys = pastLength == 0 ? queries : positions(keyMask, 0, s);
        NDArray causal = queries.reshape(t, 1).gte(keys.reshape(1, s)); // (T, S): j <= past + i
        NDArray real = keyMask.toType(DataType.BOOLEAN, false).expandDims(1); // (B, 1, S)
        return real.logicalAnd(causal.expandDims(0));
    }

    /** {@code arange(from, to)} as INT64 on {@code like}'s manager and device. */
    private static NDArray positions(NDArray like, long from, long to) {
        NDManager manager = like.getManager();
        return manager.arange(Math.toIntExact(from), Math.toIntExact(to), 1, DataType.INT64)
                .toDevice(like.getDevice(), false);
    }

    /**
     * softmax(q k^T * scale + mask) v, with an optional dropout on the
     * attention probabilities.
     *
     * @param q       (B, H, T, D) queries
     * @param k       (B, H, S, D) keys, already repeated to H heads
     * @param v       (B, H, S, D) values
     * @param allowed (B, T, S) boolean: query t may attend key s
     * @param scale   multiplies the scores, a 0-d array from the context
     * @param divide  true to divide by {@code scale} instead (GPT-2 divides by sqrt(head_dim))
     * @param dropout attention-probability dropout rate
     * @return (B, H, T, D)
     */
    public static NDArray scaledDotProduct(ForwardContext ctx, NDArray q, NDArray k, NDArray v, NDArray allowed,
                                           NDArray scale, boolean divide, float dropout) {
        if (TorchKernels.attentionAvailable() && !(ctx.dropoutActive() && dropout > 0f)) {
            // One fused op: libtorch keeps no (B, H, T, S) scores, mask or probabilities for backward.
            NDArray factor = divide ? ctx.scalar(1f).div(scale) : scale;
            return MixedPrecision.active()
                    ? TorchKernels.bf16Attention(q, k, v, allowed, factor)
                    : TorchKernels.attention(q, k, v, allowed, factor);
        }
        return scaledDotProductComposed(ctx, q, k, v, allowed, scale, divide, dropout);
    }

    /**
     * {@link #scaledDotProduct} composed from DJL ops: used with attention
     * dropout or without the fused kernel, and the reference its tests compare against.
     */
    public static NDArray scaledDotProductComposed(ForwardContext ctx, NDArray q, NDArray k, NDArray v,
                                                   NDArray allowed, NDArray scale, boolean divide, float dropout) {
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        scores = divide ? scores.div(scale) : scores.mul(scale);
        Shape shape = scores.getShape();
        NDArray condition = allowed.expandDims(1).broadcast(shape);
        scores = NDArrays.where(condition, scores, ctx.scalar(MASK_FILL));
        NDArray probs = ctx.dropout(scores.softmax(-1), dropout);
        return probs.matMul(v);
    }

    /**
     * Splits the last axis into heads: (B, T, H*D) -> (B, H, T, D).
     */
    public static NDArray splitHeads(NDArray x, long heads, long headDim) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, headDim).transpose(0, 2, 1, 3);
    }

    /** Merges heads back: (B, H, T, D) -> (B, T, H*D). */
    public static NDArray mergeHeads(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), s.get(1) * s.get(3));
    }
}
