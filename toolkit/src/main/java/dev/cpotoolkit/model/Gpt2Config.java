package dev.cpotoolkit.model;

import com.google.gson.JsonObject;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code model_type: gpt2}. Required: {@code vocab_size}, {@code n_embd},
 * {@code n_layer}, {@code n_head}, {@code n_positions}; the rest take
 * Hugging Face's {@code GPT2Config} defaults.
 */
public final class Gpt2Config extends ModelConfig {

    /** Activation names accepted in {@code activation_function}. */
    public static final List<String> ACTIVATIONS = List.of("gelu_new", "gelu_pytorch_tanh", "gelu_fast", "gelu");

    private final int vocabSize;
    private final int nEmbd;
    private final int nLayer;
    private final int nHead;
    private final int nPositions;
    private final int nInner;
    private final float layerNormEpsilon;
    private final String activation;
    private final float embdPdrop;
    private final float attnPdrop;
    private final float residPdrop;
    private final boolean scaleAttnWeights;
    private final boolean scaleAttnByInverseLayerIdx;
    private final boolean tie;

    Gpt2Config(JsonObject json, Path source) {
        super(json, source);
        vocabSize = requireSize("vocab_size", "");
        nEmbd = requireSize("n_embd", "");
        nLayer = requireSize("n_layer", "");
        nHead = requireSize("n_head", "that divides n_embd");
        nPositions = requireSize("n_positions", "");
        if (raw("n_inner") == null && 4L * nEmbd > Integer.MAX_VALUE) {
            throw invalid("n_inner is absent and its default, 4 * n_embd = " + 4L * nEmbd
                    + ", is over " + Integer.MAX_VALUE);
        }
        nInner = optSize("n_inner", 4 * nEmbd, "");
        layerNormEpsilon = (float) optDouble("layer_norm_epsilon", 1e-5);
        activation = optString("activation_function", "gelu_new");
        embdPdrop = (float) optDouble("embd_pdrop", 0.1);
        attnPdrop = (float) optDouble("attn_pdrop", 0.1);
        residPdrop = (float) optDouble("resid_pdrop", 0.1);
        scaleAttnWeights = optBoolean("scale_attn_weights", true);
        scaleAttnByInverseLayerIdx = optBoolean("scale_attn_by_inverse_layer_idx", false);
        tie = optBoolean("tie_word_embeddings", true);
        if (nEmbd % nHead != 0) {
            throw invalid("n_embd " + nEmbd + " is not divisible by n_head " + nHead);
        }
        if (!ACTIVATIONS.contains(activation)) {
            throw invalid("activation_function '" + activation + "' is not supported (supported: "
                    + String.join(", ", ACTIVATIONS) + ")");
        }
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public int hiddenSize() {
        return nEmbd;
    }

    @Override
    public int numLayers() {
        return nLayer;
    }

    @Override
    public int numHeads() {
        return nHead;
    }

    @Override
    public int maxPositions() {
        return nPositions;
    }

    @Override
    public boolean tieWordEmbeddings() {
        return tie;
    }

    @Override
    public long parameterCount() {
        long h = nEmbd;
        long perBlock = saturatingSum(
                4 * h,                                                    // ln_1 and ln_2, weight and bias
                saturatingProduct(h, 3 * h), 3 * h,                       // c_attn
                saturatingProduct(h, h), h,                               // attn.c_proj
                saturatingProduct(h, nInner), nInner,                     // c_fc
                saturatingProduct(nInner, h), h);                         // mlp.c_proj
        return saturatingSum(
                saturatingProduct(vocabSize, h),                          // wte
                saturatingProduct(nPositions, h),                         // wpe
                saturatingProduct(nLayer, perBlock),
                2 * h,                                                    // ln_f
                tie ? 0 : saturatingProduct(vocabSize, h));               // lm_head
    }

    @Override
    public String sizeFields() {
        return "vocab_size " + vocabSize + ", n_embd " + nEmbd + ", n_layer " + nLayer + ", n_head " + nHead
                + ", n_positions " + nPositions + ", n_inner " + nInner + ", tie_word_embeddings " + tie;
    }

    /** Width of each head: {@code n_embd / n_head}. */
    public int headDim() {
        return nEmbd / nHead;
    }

    /** MLP width ({@code n_inner}, default 4 * n_embd). */
    public int innerSize() {
        return nInner;
    }

    /** {@code layer_norm_epsilon}. */
    public float layerNormEpsilon() {
        return layerNormEpsilon;
    }

    /** {@code activation_function}. */
    public String activation() {
        return activation;
    }

    /** Dropout after the embeddings ({@code embd_pdrop}). */
    public float embdPdrop() {
        return embdPdrop;
    }

    /** Dropout on attention probabilities ({@code attn_pdrop}). */
    public float attnPdrop() {
        return attnPdrop;
    }

    /** Dropout on each residual branch ({@code resid_pdrop}). */
    public float residPdrop() {
        return residPdrop;
    }

    /** Whether scores are divided by sqrt(head_dim) ({@code scale_attn_weights}). */
    public boolean scaleAttnWeights() {
        return scaleAttnWeights;
    }

    /** Whether layer i's scores are further divided by i+1 ({@code scale_attn_by_inverse_layer_idx}). */
    public boolean scaleAttnByInverseLayerIdx() {
        return scaleAttnByInverseLayerIdx;
    }
}
