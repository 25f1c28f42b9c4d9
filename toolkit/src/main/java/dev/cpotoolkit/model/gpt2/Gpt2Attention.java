package dev.cpotoolkit.model.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.cpotoolkit.model.Gpt2Config;
import dev.cpotoolkit.model.layers.Attention;
import dev.cpotoolkit.model.layers.Conv1D;
import dev.cpotoolkit.model.layers.ForwardContext;
import dev.cpotoolkit.model.layers.ModuleBlock;

/**
 * GPT-2 multi-head causal self-attention: one {@code c_attn} projection makes
 * q, k and v side by side (split along the output axis), then scaled
 * dot-product attention per head, then {@code c_proj}.
 */
public final class Gpt2Attention extends ModuleBlock {

    private final Conv1D cAttn;
    private final Conv1D cProj;
    private final int layerIndex;
    private final int heads;
    private final int headDim;
    private final int hidden;
    private final float scoreDivisor;
    private final float attnPdrop;
    private final float residPdrop;

    /**
     * @param config     the model config
     * @param layerIndex 0-based layer index (for {@code scale_attn_by_inverse_layer_idx})
     */
    public Gpt2Attention(Gpt2Config config, int layerIndex) {
        this.layerIndex = layerIndex;
        hidden = config.hiddenSize();
        heads = config.numHeads();
        headDim = config.headDim();
        cAttn = child("c_attn", new Conv1D(hidden, 3L * hidden));
        cProj = child("c_proj", new Conv1D(hidden, hidden));
        float divisor = config.scaleAttnWeights() ? (float) Math.sqrt(headDim) : 1f;
        if (config.scaleAttnByInverseLayerIdx()) {
            divisor *= layerIndex + 1;
        }
        scoreDivisor = divisor;
        attnPdrop = config.attnPdrop();
        residPdrop = config.residPdrop();
    }

    /**
     * @param x       (B, T, C) normalised hidden states
     * @param allowed (B, T, S) boolean attention matrix; S = T, or past + T with a KV cache
     * @return (B, T, C)
     */
    public NDArray forward(ForwardContext ctx, NDArray x, NDArray allowed) {
        NDList qkv = cAttn.forward(ctx, x).split(3, 2);
        NDArray q = Attention.splitHeads(qkv.get(0), heads, headDim);
        NDArray k = Attention.splitHeads(qkv.get(1), heads, headDim);
        NDArray v = Attention.splitHeads(qkv.get(2), heads, headDim);
        if (ctx.cache() != null) {
            NDList pastAndNew = ctx.cache().update(ctx, layerIndex, k, v);
            k = pastAndNew.get(0);
            v = pastAndNew.get(1);
        }
        // GPT-2 divides the scores by sqrt(head_dim) rather than multiplying by its inverse.
        NDArray y = Attention.scaledDotProduct(ctx, q, k, v, allowed, ctx.scalar(scoreDivisor), true, attnPdrop);
        return ctx.dropout(cProj.forward(ctx, Attention.mergeHeads(y)), residPdrop);
    }
}
