package dev.cpotoolkit.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.cpotoolkit.model.LlamaConfig;
import dev.cpotoolkit.model.layers.EmbeddingLayer;
import dev.cpotoolkit.model.layers.ForwardContext;
import dev.cpotoolkit.model.layers.ModuleBlock;
import dev.cpotoolkit.model.layers.RmsNorm;

import java.util.ArrayList;
import java.util.List;

/**
 * The Llama/Qwen2 body ({@code model.*}): token embedding, decoder layers, a
 * final RMSNorm. Positions enter only through the rotary embedding inside
 * attention; there is no position table.
 */
public final class LlamaModel extends ModuleBlock {

    private final EmbeddingLayer embedTokens;
    private final List<LlamaDecoderLayer> layers = new ArrayList<>();
    private final RmsNorm norm;
    private final RotaryEmbedding rotary;

    /** Builds the body; every size comes from {@code config}. */
    public LlamaModel(LlamaConfig config) {
        embedTokens = child("embed_tokens", new EmbeddingLayer(config.vocabSize(), config.hiddenSize()));
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(child("layers." + i, new LlamaDecoderLayer(config, i)));
        }
        norm = child("norm", new RmsNorm(config.hiddenSize(), config.rmsNormEps()));
        rotary = new RotaryEmbedding(config.headDim(), config.ropeTheta());
    }

    /** @return (B, T, C) final hidden states, after {@code norm} */
    public NDArray forward(ForwardContext ctx, NDArray inputIds, NDArray positions, NDArray allowed) {
        NDArray h = embedTokens.forward(inputIds);
        // cos/sin depend only on positions: computed once and shared by every layer.
        NDList cosSin = rotary.cosSin(ctx, positions);
        for (LlamaDecoderLayer layer : layers) {
            h = ctx.layer(h, input -> layer.forward(ctx, input, cosSin.get(0), cosSin.get(1), allowed));
        }
        return norm.forward(ctx, h);
    }

    /** The token embedding, which a tied LM head reuses. */
    public EmbeddingLayer embedTokens() {
        return embedTokens;
    }
}
