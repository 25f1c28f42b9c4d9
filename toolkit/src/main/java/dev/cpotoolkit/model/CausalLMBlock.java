package dev.cpotoolkit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cpotoolkit.model.layers.EmbeddingLayer;
import dev.cpotoolkit.model.layers.ForwardContext;
import dev.cpotoolkit.model.layers.LinearLayer;
import dev.cpotoolkit.model.layers.MixedPrecision;
import dev.cpotoolkit.model.layers.ModuleBlock;

/**
 * The root DJL block of an architecture: token ids in, logits out. Its
 * parameters are the model's trainable parameters, so it can be handed to DJL
 * ({@code Model.setBlock}, a {@code Trainer}) like any block.
 */
public abstract class CausalLMBlock extends ModuleBlock {

    /** The config this block was built from. */
    public abstract ModelConfig config();

    /**
     * The forward pass.
     *
     * @param ctx       the step's context (manager, device, dropout, KV cache or none)
     * @param inputIds  (B, T) INT64 token ids
     * @param positions (B, T) INT64 position ids
     * @param allowed   (B, T, S) boolean: query i may attend key j; S = T without a cache,
     *                  cached length + T with one
     * @return (B, T, V) float32 logits
     */
    public NDArray forward(ForwardContext ctx, NDArray inputIds, NDArray positions, NDArray allowed) {
        return MixedPrecision.linear(hiddenStates(ctx, inputIds, positions, allowed), lmHeadWeight());
    }

    /**
     * The final hidden states (after the last norm), before the LM head: what
     * a loss that needs logits at only some positions, or in chunks, starts
     * from. {@code forward} is {@code lmHead(hiddenStates(...))}.
     *
     * @return (B, T, hidden_size) float32
     */
    public abstract NDArray hiddenStates(ForwardContext ctx, NDArray inputIds, NDArray positions, NDArray allowed);

    /**
     * The LM head's weight in {@code nn.Linear}'s (vocab_size, hidden_size)
     * layout: the token embedding when tied, else {@code lm_head.weight}. The
     * heads here have no bias, so {@code logits = h W^T}.
     */
    public abstract NDArray lmHeadWeight();

    /**
     * Declares {@code lm_head} for an untied model; returns null when the
     * config ties the head to the token embedding (no parameter of its own, as
     * in Hugging Face's {@code named_parameters()}).
     */
    protected final LinearLayer untiedLmHead(ModelConfig config) {
        return config.tieWordEmbeddings() ? null
                : child("lm_head", new LinearLayer(config.hiddenSize(), config.vocabSize(), false));
    }

    /**
     * The head weight: the untied head's, else the token embedding's, which is
     * already (V, C), {@code nn.Linear}'s (out, in) layout.
     */
    protected static NDArray headWeight(LinearLayer lmHead, EmbeddingLayer embedding) {
        return lmHead != null ? lmHead.weight().getArray() : embedding.weight().getArray();
    }


    /**
     * DJL's entry point: inputs are {@code inputIds}, {@code attentionMask} and
     * optionally {@code positionIds}, as for {@link ForwardInput}; the output is
     * the logits. Results attach to the input ids' manager.
     */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        ForwardInput input = new ForwardInput(inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null,
                inputs.size() > 2 ? inputs.get(2) : null);
        NDArray ids = input.inputIds();
        ForwardContext ctx = new ForwardContext(ids.getManager(), ids.getDevice(), training);
        return new NDList(forward(ctx, ids, input.positionIdsOrDefault(), input.allowedMatrix()));
    }

    /** (B, T) -> (B, T, vocab_size). */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        return new Shape[] {new Shape(ids.get(0), ids.get(1), config().vocabSize())};
    }
}
