package dev.cpotoolkit.model.gpt2;

import ai.djl.ndarray.NDArray;
import dev.cpotoolkit.model.Gpt2Config;
import dev.cpotoolkit.model.layers.ForwardContext;
import dev.cpotoolkit.model.layers.LayerNormLayer;
import dev.cpotoolkit.model.layers.ModuleBlock;

/**
 * One pre-LayerNorm transformer block: {@code h += attn(ln_1(h))},
 * {@code h += mlp(ln_2(h))}. Normalising before each branch keeps the residual
 * stream an untouched sum, which is what makes deep GPT-2 stacks train.
 */
public final class Gpt2Block extends ModuleBlock {

    private final LayerNormLayer ln1;
    private final Gpt2Attention attn;
    private final LayerNormLayer ln2;
    private final Gpt2Mlp mlp;

    /** Builds block {@code layerIndex}; children registered in Hugging Face order. */
    public Gpt2Block(Gpt2Config config, int layerIndex) {
        ln1 = child("ln_1", new LayerNormLayer(config.hiddenSize(), config.layerNormEpsilon()));
        attn = child("attn", new Gpt2Attention(config, layerIndex));
        ln2 = child("ln_2", new LayerNormLayer(config.hiddenSize(), config.layerNormEpsilon()));
        mlp = child("mlp", new Gpt2Mlp(config));
    }

    /** (B, T, C) -> (B, T, C). */
    public NDArray forward(ForwardContext ctx, NDArray h, NDArray allowed) {
        h = h.add(attn.forward(ctx, ln1.forward(h), allowed));
        return h.add(mlp.forward(ctx, ln2.forward(h)));
    }
}
