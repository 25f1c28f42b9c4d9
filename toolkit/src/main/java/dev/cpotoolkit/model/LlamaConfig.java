package dev.cpotoolkit.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.nio.file.Path;

/**
 * {@code model_type: llama} (Llama 2/3, SmolLM, TinyLlama) and
 * {@code model_type: qwen2} (Qwen2/2.5: Llama plus biases on q/k/v).
 * Required: {@code vocab_size}, {@code hidden_size}, {@code intermediate_size},
 * {@code num_hidden_layers}, {@code num_attention_heads}; the rest take
 * Hugging Face's defaults ({@code num_key_value_heads} = heads,
 * {@code head_dim} = hidden / heads, {@code rope_theta} 10000).
 * Only the default rotary embedding is supported: any other
 * {@code rope_scaling} is rejected, as is Qwen2's sliding-window attention.
 */
public final class LlamaConfig extends ModelConfig {

    private final int vocabSize;
    private final int hiddenSize;
    private final int intermediateSize;
    private final int numLayers;
    private final int numHeads;
    private final int numKvHeads;
    private final int headDim;
    private final int maxPositions;
    private final float rmsNormEps;
    private final double ropeTheta;
    private final boolean qkvBias;
    private final boolean outputBias;
    private final boolean mlpBias;
    private final float attentionDropout;
    private final boolean tie;

    LlamaConfig(JsonObject json, Path source) {
        super(json, source);
        boolean qwen2 = modelType().equals("qwen2");
        vocabSize = requireSize("vocab_size", "");
        hiddenSize = requireSize("hidden_size", "");
        intermediateSize = requireSize("intermediate_size", "");
        numLayers = requireSize("num_hidden_layers", "");
        numHeads = requireSize("num_attention_heads",
                raw("head_dim") == null ? "that divides hidden_size" : "");
        numKvHeads = optSize("num_key_value_heads", numHeads, "that divides num_attention_heads");
        if (raw("head_dim") == null && hiddenSize % numHeads != 0) {
            throw invalid("hidden_size " + hiddenSize + " is not divisible by num_attention_heads " + numHeads);
        }
        headDim = optSize("head_dim", hiddenSize / numHeads, "");
        maxPositions = optSize("max_position_embeddings", qwen2 ? 32768 : 2048, "");
        rmsNormEps = (float) optDouble("rms_norm_eps", 1e-6);
        ropeTheta = optDouble("rope_theta", 10000.0);
        boolean attentionBias = !qwen2 && optBoolean("attention_bias", false);
        qkvBias = qwen2 || attentionBias;
        outputBias = attentionBias;
        mlpBias = !qwen2 && optBoolean("mlp_bias", false);
        attentionDropout = (float) optDouble("attention_dropout", 0.0);
        tie = optBoolean("tie_word_embeddings", false);
        if (numHeads % numKvHeads != 0) {
            throw invalid("num_attention_heads " + numHeads + " is not a multiple of num_key_value_heads "
                    + numKvHeads);
        }
        if (headDim % 2 != 0) {
            throw invalid("head_dim " + headDim + " must be even for rotary embeddings");
        }
        String act = optString("hidden_act", "silu");
        if (!act.equals("silu")) {
            throw invalid("hidden_act '" + act + "' is not supported (supported: silu)");
        }
        checkRopeScaling();
        if (qwen2 && optBoolean("use_sliding_window", false)) {
            throw invalid("use_sliding_window=true is not supported");
        }
    }

    private void checkRopeScaling() {
        JsonElement scaling = raw("rope_scaling");
        if (scaling == null) {
            return;
        }
        String type = null;
        if (scaling.isJsonObject()) {
            JsonObject o = scaling.getAsJsonObject();
            JsonElement t = o.has("rope_type") ? o.get("rope_type") : o.get("type");
            type = t == null || t.isJsonNull() ? null : t.getAsString();
        }
        if (!"default".equals(type)) {
            throw invalid("rope_scaling " + scaling + " is not supported (only null or rope_type 'default')");
        }
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public int hiddenSize() {
        return hiddenSize;
    }

    @Override
    public int numLayers() {
        return numLayers;
    }

    @Override
    public int numHeads() {
        return numHeads;
    }

    @Override
    public int maxPositions() {
        return maxPositions;
    }

    @Override
    public boolean tieWordEmbeddings() {
        return tie;
    }

    @Override
    public long parameterCount() {
        long h = hiddenSize;
        long queryWidth = saturatingProduct(numHeads, headDim);
        long kvWidth = saturatingProduct(numKvHeads, headDim);
        long perLayer = saturatingSum(
                saturatingProduct(h, queryWidth), qkvBias ? queryWidth : 0,     // q_proj
                saturatingProduct(2, h, kvWidth), qkvBias ? 2 * kvWidth : 0,     // k_proj and v_proj
                saturatingProduct(queryWidth, h), outputBias ? h : 0,            // o_proj
                saturatingProduct(3, h, intermediateSize),                       // gate, up and down
                mlpBias ? 2L * intermediateSize + h : 0,
                2 * h);                                                          // the two RMS norms
        return saturatingSum(
                saturatingProduct(vocabSize, h),                                 // embed_tokens
                saturatingProduct(numLayers, perLayer),
                h,                                                               // final norm
                tie ? 0 : saturatingProduct(vocabSize, h));                      // lm_head
    }

    @Override
    public String sizeFields() {
        return "vocab_size " + vocabSize + ", hidden_size " + hiddenSize + ", intermediate_size "
                + intermediateSize + ", num_hidden_layers " + numLayers + ", num_attention_heads " + numHeads
                + ", num_key_value_heads " + numKvHeads + ", head_dim " + headDim + ", tie_word_embeddings " + tie;
    }

    /** MLP width ({@code intermediate_size}). */
    public int intermediateSize() {
        return intermediateSize;
    }

    /** Key/value heads ({@code num_key_value_heads}); fewer than query heads means grouped-query attention. */
    public int numKvHeads() {
        return numKvHeads;
    }

    /** Width of each head ({@code head_dim}, default hidden / heads). */
    public int headDim() {
        return headDim;
    }

    /** {@code rms_norm_eps}. */
    public float rmsNormEps() {
        return rmsNormEps;
    }

    /** {@code rope_theta}, the rotary base. */
    public double ropeTheta() {
        return ropeTheta;
    }

    /** Whether q/k/v projections have biases (Qwen2, or Llama with {@code attention_bias}). */
    public boolean qkvBias() {
        return qkvBias;
    }

    /** Whether o_proj has a bias (Llama with {@code attention_bias}; never Qwen2). */
    public boolean outputBias() {
        return outputBias;
    }

    /** Whether the MLP projections have biases ({@code mlp_bias}). */
    public boolean mlpBias() {
        return mlpBias;
    }

    /** Dropout on attention probabilities ({@code attention_dropout}). */
    public float attentionDropout() {
        return attentionDropout;
    }
}
