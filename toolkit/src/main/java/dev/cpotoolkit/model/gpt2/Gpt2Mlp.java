package dev.cpotoolkit.model.gpt2;

import ai.djl.ndarray.NDArray;
import dev.cpotoolkit.model.Gpt2Config;
import dev.cpotoolkit.model.layers.Activations;
import dev.cpotoolkit.model.layers.Conv1D;
import dev.cpotoolkit.model.layers.ForwardContext;
import dev.cpotoolkit.model.layers.ModuleBlock;

/** GPT-2's feed-forward network: {@code c_proj(gelu_new(c_fc(x)))}, then residual dropout. */
public final class Gpt2Mlp extends ModuleBlock {

    private final Conv1D cFc;
    private final Conv1D cProj;
    private final boolean exactGelu;
    private final float residPdrop;

    /** Builds the MLP of width {@code n_inner}. */
    public Gpt2Mlp(Gpt2Config config) {
        cFc = child("c_fc", new Conv1D(config.hiddenSize(), config.innerSize()));
        cProj = child("c_proj", new Conv1D(config.innerSize(), config.hiddenSize()));
        // "gelu" is the exact erf form; gelu_new, gelu_pytorch_tanh and gelu_fast are the tanh approximation.
        exactGelu = config.activation().equals("gelu");
        residPdrop = config.residPdrop();
    }

    /** (B, T, C) -> (B, T, C). */
    public NDArray forward(ForwardContext ctx, NDArray x) {
        NDArray h = cFc.forward(ctx, x);
        h = exactGelu ? Activations.geluErf(h) : Activations.geluTanh(ctx, h);
        return ctx.dropout(cProj.forward(ctx, h), residPdrop);
    }
}
