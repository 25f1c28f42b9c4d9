package dev.cpotoolkit.model.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
import dev.cpotoolkit.model.CausalLMBlock;
import dev.cpotoolkit.model.Gpt2Config;
import dev.cpotoolkit.model.ModelConfig;
import dev.cpotoolkit.model.layers.ForwardContext;
import dev.cpotoolkit.model.layers.LinearLayer;

/**
 * {@code GPT2LMHeadModel}: the transformer body plus an LM head that, by
 * default, is the token embedding itself ({@code logits = h @ wte^T}). Tied,
 * there is no {@code lm_head.weight} parameter: it is listed once, as
 * {@code transformer.wte.weight}, and its gradient sums both uses.
 */
public final class Gpt2LMHeadModel extends CausalLMBlock {

    private final Gpt2Config config;
    private final Gpt2Model transformer;
    private final LinearLayer lmHead;

    /** Builds the model from its config. */
    public Gpt2LMHeadModel(Gpt2Config config) {
        this.config = config;
        transformer = child("transformer", new Gpt2Model(config));
        lmHead = config.tieWordEmbeddings() ? null
                : child("lm_head", new LinearLayer(config.hiddenSize(), config.vocabSize(), false));
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public NDArray forward(ForwardContext ctx, NDArray inputIds, NDArray positions, NDArray allowed) {
        return Linear.linear(hiddenStates(ctx, inputIds, positions, allowed), lmHeadWeight()).singletonOrThrow();
    }

    @Override
    public NDArray hiddenStates(ForwardContext ctx, NDArray inputIds, NDArray positions, NDArray allowed) {
        return transformer.forward(ctx, inputIds, positions, allowed);
    }

    @Override
    public NDArray lmHeadWeight() {
        // The embedding (V, C) is already in nn.Linear's (out, in) layout.
        return lmHead != null ? lmHead.weight().getArray() : transformer.wte().weight().getArray();
    }
}
