package dev.cpotoolkit.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
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
        return model.forward(ctx, inputIds, positions, allowed);
    }

    @Override
    public NDArray lmHeadWeight() {
        // The embedding (V, C) is already in nn.Linear's (out, in) layout.
        return lmHead != null ? lmHead.weight().getArray() : model.embedTokens().weight().getArray();
    }
}
