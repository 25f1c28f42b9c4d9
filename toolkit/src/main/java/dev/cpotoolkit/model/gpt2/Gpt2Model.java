package dev.cpotoolkit.model.gpt2;

import ai.djl.ndarray.NDArray;
import dev.cpotoolkit.model.Gpt2Config;
import dev.cpotoolkit.model.layers.EmbeddingLayer;
import dev.cpotoolkit.model.layers.ForwardContext;
import dev.cpotoolkit.model.layers.LayerNormLayer;
import dev.cpotoolkit.model.layers.ModuleBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * GPT-2's transformer body ({@code transformer.*}): token and learned position
 * embeddings, {@code n_layer} blocks, a final LayerNorm.
 */
public final class Gpt2Model extends ModuleBlock {

    private final EmbeddingLayer wte;
    private final EmbeddingLayer wpe;
    private final List<Gpt2Block> blocks = new ArrayList<>();
    private final LayerNormLayer lnF;
    private final float embdPdrop;
    private final int maxPositions;

    /** Builds the body; every size comes from {@code config}. */
    public Gpt2Model(Gpt2Config config) {
        wte = child("wte", new EmbeddingLayer(config.vocabSize(), config.hiddenSize()));
        wpe = child("wpe", new EmbeddingLayer(config.maxPositions(), config.hiddenSize()));
        for (int i = 0; i < config.numLayers(); i++) {
            blocks.add(child("h." + i, new Gpt2Block(config, i)));
        }
        lnF = child("ln_f", new LayerNormLayer(config.hiddenSize(), config.layerNormEpsilon()));
        embdPdrop = config.embdPdrop();
        maxPositions = config.maxPositions();
    }

    /**
     * @return (B, T, C) final hidden states, after {@code ln_f}
     */
    public NDArray forward(ForwardContext ctx, NDArray inputIds, NDArray positions, NDArray allowed) {
        // With a cache the new tokens follow the cached ones; positions never exceed the column count.
        long longest = inputIds.getShape().get(1) + (ctx.cache() == null ? 0 : ctx.cache().length());
        if (longest > maxPositions) {
            // Learned positions have no row past n_positions; fail in Java, not in native code.
            throw new IllegalArgumentException("sequence length " + longest + " exceeds n_positions " + maxPositions);
        }
        NDArray h = ctx.dropout(wte.forward(inputIds).add(wpe.forward(positions)), embdPdrop);
        for (Gpt2Block block : blocks) {
            h = ctx.layer(h, input -> block.forward(ctx, input, allowed));
        }
        return lnF.forward(h);
    }

    /** The token embedding, which the tied LM head reuses. */
    public EmbeddingLayer wte() {
        return wte;
    }
}
