package dev.cpotoolkit.model.llama;

import ai.djl.ndarray.NDArray;
import dev.cpotoolkit.model.LlamaConfig;
import dev.cpotoolkit.model.layers.Activations;
import dev.cpotoolkit.model.layers.ForwardContext;
import dev.cpotoolkit.model.layers.LinearLayer;
import dev.cpotoolkit.model.layers.ModuleBlock;

/**
 * The SiLU-gated feed-forward network (SwiGLU):
 * {@code down(silu(gate(x)) * up(x))}. The gate decides, per hidden unit, how
 * much of the "up" projection passes.
 */
public final class LlamaMlp extends ModuleBlock {

    private final LinearLayer gateProj;
    private final LinearLayer upProj;
    private final LinearLayer downProj;

    /** Builds the three projections of width {@code intermediate_size}. */
    public LlamaMlp(LlamaConfig config) {
        long hidden = config.hiddenSize();
        long inner = config.intermediateSize();
        gateProj = child("gate_proj", new LinearLayer(hidden, inner, config.mlpBias()));
        upProj = child("up_proj", new LinearLayer(hidden, inner, config.mlpBias()));
        downProj = child("down_proj", new LinearLayer(inner, hidden, config.mlpBias()));
    }

    /** (B, T, C) -> (B, T, C). */
    public NDArray forward(ForwardContext ctx, NDArray x) {
        return downProj.forward(ctx, Activations.silu(gateProj.forward(ctx, x)).mul(upProj.forward(ctx, x)));
    }
}
