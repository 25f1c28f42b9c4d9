package dev.cpotoolkit.model.llama;

import ai.djl.ndarray.NDArray;
import dev.cpotoolkit.model.LlamaConfig;
import dev.cpotoolkit.model.layers.ForwardContext;
import dev.cpotoolkit.model.layers.ModuleBlock;
import dev.cpotoolkit.model.layers.RmsNorm;

/**
 * One pre-norm decoder layer: {@code h += self_attn(input_layernorm(h))},
 * {@code h += mlp(post_attention_layernorm(h))}. Children are registered in
 * Hugging Face's order (attention, MLP, then the two norms), which fixes the
 * order of {@code named_parameters()}.
 */
public final class LlamaDecoderLayer extends ModuleBlock {

    private final LlamaAttention selfAttn;
    private final LlamaMlp mlp;
    private final RmsNorm inputLayerNorm;
    private final RmsNorm postAttentionLayerNorm;

    /** Builds layer {@code layerIndex} (0-based). */
    public LlamaDecoderLayer(LlamaConfig config, int layerIndex) {
        selfAttn = child("self_attn", new LlamaAttention(config, layerIndex));
        mlp = child("mlp", new LlamaMlp(config));
        inputLayerNorm = child("input_layernorm", new RmsNorm(config.hiddenSize(), config.rmsNormEps()));
        postAttentionLayerNorm = child("post_attention_layernorm",
                new RmsNorm(config.hiddenSize(), config.rmsNormEps()));
    }

    /** (B, T, C) -> (B, T, C). */
    public NDArray forward(ForwardContext ctx, NDArray h, NDArray cos, NDArray sin, NDArray allowed) {
        h = h.add(selfAttn.forward(ctx, inputLayerNorm.forward(ctx, h), cos, sin, allowed));
        return h.add(mlp.forward(ctx, postAttentionLayerNorm.forward(ctx, h)));
    }
}
