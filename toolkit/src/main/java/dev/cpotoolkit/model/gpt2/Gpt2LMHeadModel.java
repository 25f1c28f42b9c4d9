package dev.cpotoolkit.model.gpt2;

import ai.djl.ndarray.NDArray;
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
        lmHead = untiedLmHead(config);
        if (lmHead == null) {
            // Tied: the head's dense gradient and the lookup's sparse rows meet in one buffer.
            transformer.wte().useSparseGradient();
        }
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public NDArray hiddenStates(ForwardContext ctx, NDArray inputIds, NDArray positions, NDArray allowed) {
        return transformer.forward(ctx, inputIds, positions, allowed);
    }

    @Override
    public NDArray lmHeadWeight() {
        return headWeight(lmHead, transformer.wte());
    }
}
