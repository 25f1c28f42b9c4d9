package dev.cpotoolkit.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.cpotoolkit.model.LlamaConfig;
import dev.cpotoolkit.model.layers.Attention;
import dev.cpotoolkit.model.layers.ForwardContext;
import dev.cpotoolkit.model.layers.LinearLayer;
import dev.cpotoolkit.model.layers.ModuleBlock;

/**
 * Llama/Qwen2 self-attention with rotary positions and grouped-query attention:
 * there may be fewer key/value heads than query heads, each serving
 * {@code num_attention_heads / num_key_value_heads} consecutive query heads
 * (query head h reads kv head {@code h / groups}, Hugging Face's
 * {@code repeat_kv} order). Qwen2 adds biases to q/k/v; rotation is applied
 * after them.
 */
public final class LlamaAttention extends ModuleBlock {

    private final LinearLayer qProj;
    private final LinearLayer kProj;
    private final LinearLayer vProj;
    private final LinearLayer oProj;
    private final int layerIndex;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final float scale;
    private final float dropout;

    /**
     * Builds the projections; sizes from {@code config}.
     *
     * @param config     the model config
     * @param layerIndex 0-based layer index (the layer's slot in a KV cache)
     */
    public LlamaAttention(LlamaConfig config, int layerIndex) {
        this.layerIndex = layerIndex;
        heads = config.numHeads();
        kvHeads = config.numKvHeads();
        headDim = config.headDim();
        long hidden = config.hiddenSize();
        qProj = child("q_proj", new LinearLayer(hidden, (long) heads * headDim, config.qkvBias()));
        kProj = child("k_proj", new LinearLayer(hidden, (long) kvHeads * headDim, config.qkvBias()));
        vProj = child("v_proj", new LinearLayer(hidden, (long) kvHeads * headDim, config.qkvBias()));
        oProj = child("o_proj", new LinearLayer((long) heads * headDim, hidden, config.outputBias()));
        scale = (float) Math.pow(headDim, -0.5);
        dropout = config.attentionDropout();
    }

    /**
     * @param x       (B, T, C) normalised hidden states
     * @param cos     (B, 1, T, D) rotary cosines
     * @param sin     (B, 1, T, D) rotary sines
     * @param allowed (B, T, S) boolean attention matrix; S = T, or past + T with a KV cache
     * @return (B, T, C)
     */
    public NDArray forward(ForwardContext ctx, NDArray x, NDArray cos, NDArray sin, NDArray allowed) {
        NDArray q = RotaryEmbedding.apply(Attention.splitHeads(qProj.forward(ctx, x), heads, headDim), cos, sin);
        NDArray k = RotaryEmbedding.apply(Attention.splitHeads(kProj.forward(ctx, x), kvHeads, headDim), cos, sin);
        NDArray v = Attention.splitHeads(vProj.forward(ctx, x), kvHeads, headDim);
        if (ctx.cache() != null) {
            // Cached as Hugging Face does: keys already rotated at their own positions, kv heads not yet repeated.
            NDList pastAndNew = ctx.cache().update(ctx, layerIndex, k, v);
            k = pastAndNew.get(0);
            v = pastAndNew.get(1);
        }
        k = repeatKv(k, heads / kvHeads);
        v = repeatKv(v, heads / kvHeads);
        NDArray y = Attention.scaledDotProduct(ctx, q, k, v, allowed, ctx.scalar(scale), false, dropout);
        return oProj.forward(ctx, Attention.mergeHeads(y));
    }

    /** (B, Hkv, T, D) -> (B, Hkv * groups, T, D), each kv head repeated for its group of query heads. */
    static NDArray repeatKv(NDArray x, int groups) {
        if (groups == 1) {
            return x;
        }
        Shape s = x.getShape();
        return x.expandDims(2).broadcast(new Shape(s.get(0), s.get(1), groups, s.get(2), s.get(3)))
                .reshape(s.get(0), s.get(1) * groups, s.get(2), s.get(3));
    }
}
