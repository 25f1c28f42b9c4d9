package dev.cpotoolkit.model.llama;

import ai.djl.ndarray.NDArray;
import dev.cpotoolkit.model.CausalLMBlock;
import dev.cpotoolkit.model.LlamaConfig;
import dev.cpotoolkit.model.ModelConfig;
import dev.cpotoolkit.model.layers.ForwardContext;
import dev.cpotoolkit.model.layers.LinearLayer;

/**
 * {@code LlamaForCausalLM} and {@code Qwen2ForCausalLM} (the same graph; Qwen2
 * only adds q/k/v biases): the body plus an LM head, which is its own
 * {@code lm_head.weight} unless {@code tie_word_embeddings} makes it the
 * embedding.
 */
public final class LlamaForCausalLM extends CausalLMBlock {

    private final LlamaConfig config;
    private final LlamaModel model;
    private final LinearLayer lmHead;

    /** Builds the model from its config. */
    public LlamaForCausalLM(LlamaConfig config) {
        this.config = config;
        model = child("model", new LlamaModel(config));
        lmHead = untiedLmHead(config);
        if (lmHead == null) {
            // Tied: the head's dense gradient and the lookup's sparse rows meet in one buffer.
            model.embedTokens().useSparseGradient();
        }
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public NDArray hiddenStates(ForwardContext ctx, NDArray inputIds, NDArray positions, NDArray allowed) {
        return model.forward(ctx, inputIds, positions, allowed);
    }

    @Override
    public NDArray lmHeadWeight() {
        return headWeight(lmHead, model.embedTokens());
    }
}
