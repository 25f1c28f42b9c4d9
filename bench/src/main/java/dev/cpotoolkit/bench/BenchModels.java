package dev.cpotoolkit.bench;

import com.google.gson.JsonObject;
import dev.cpotoolkit.model.ModelConfig;
import dev.cpotoolkit.model.ModelPresets;

import java.util.List;

/** The benchmark's model shapes, all with random (seeded) weights. */
public final class BenchModels {

    /** The names {@link #config(String, int)} accepts. */
    public static final List<String> NAMES = List.of("tiny", "gpt2-small", "gpt2-tiny", "qwen2.5-0.5b",
            "llama-3.2-1b");

    private BenchModels() {}

    /**
     * A model config by benchmark name.
     *
     * @param name       {@code tiny} (the Llama-style preset), {@code gpt2-small} (124M
     *                   parameters, GPT-2's shape), {@code gpt2-tiny} (2 layers, for tests),
     *                   {@code qwen2.5-0.5b} (494M, Qwen2.5-0.5B's shape) or {@code llama-3.2-1b}
     *                   (1.24B, Llama-3.2-1B's shape)
     * @param vocabSize  vocabulary size, or 0 for the model's own (2048 tiny, 50257 GPT-2)
     */
    public static ModelConfig config(String name, int vocabSize) {
        switch (name) {
            case "tiny":
                return ModelPresets.tinyConfig(vocabSize > 0 ? vocabSize : ModelPresets.TINY_DEFAULT_VOCAB);
            case "gpt2-small":
                return ModelConfig.fromJson(gpt2(vocabSize > 0 ? vocabSize : 50257, 768, 12, 12, 1024), null);
            case "gpt2-tiny":
                return ModelConfig.fromJson(gpt2(vocabSize > 0 ? vocabSize : 512, 64, 2, 4, 256), null);
            case "qwen2.5-0.5b":
                // Qwen/Qwen2.5-0.5B's config.json: biases on q, k and v projections, tied embeddings.
                return ModelConfig.fromJson(llamaLike("qwen2", "Qwen2ForCausalLM", vocabSize > 0 ? vocabSize : 151936,
                        896, 24, 14, 2, 4864, 1_000_000.0, true), null);
            case "llama-3.2-1b":
                // meta-llama/Llama-3.2-1B's shape (its llama3 RoPE scaling only matters past 8k positions).
                return ModelConfig.fromJson(llamaLike("llama", "LlamaForCausalLM", vocabSize > 0 ? vocabSize : 128256,
                        2048, 16, 32, 8, 8192, 500_000.0, false), null);
            default:
                throw new IllegalArgumentException("unknown benchmark model '" + name + "'; known: " + NAMES);
        }
    }

    /** Whether the Python baseline can build this model (it implements GPT-2 only). */
    public static boolean isGpt2(ModelConfig config) {
        return config.modelType().equals("gpt2");
    }

    private static JsonObject llamaLike(String type, String architecture, int vocab, int hidden, int layers,
                                        int heads, int kvHeads, int intermediate, double ropeTheta,
                                        boolean qkvBias) {
        JsonObject json = ModelPresets.tinyConfigJson(vocab);
        com.google.gson.JsonArray architectures = new com.google.gson.JsonArray();
        architectures.add(architecture);
        json.add("architectures", architectures);
        json.addProperty("model_type", type);
        json.addProperty("hidden_size", hidden);
        json.addProperty("num_hidden_layers", layers);
        json.addProperty("num_attention_heads", heads);
        json.addProperty("num_key_value_heads", kvHeads);
        json.addProperty("head_dim", hidden / heads);
        json.addProperty("intermediate_size", intermediate);
        json.addProperty("rope_theta", ropeTheta);
        json.addProperty("max_position_embeddings", 4096);
        if (qkvBias) {
            json.remove("attention_bias"); // Qwen2 always has q/k/v biases and no other
        }
        return json;
    }

    private static JsonObject gpt2(int vocab, int embd, int layers, int heads, int positions) {
        JsonObject json = new JsonObject();
        json.addProperty("model_type", "gpt2");
        json.addProperty("vocab_size", vocab);
        json.addProperty("n_embd", embd);
        json.addProperty("n_layer", layers);
        json.addProperty("n_head", heads);
        json.addProperty("n_positions", positions);
        json.addProperty("n_ctx", positions);
        json.addProperty("activation_function", "gelu_new");
        json.addProperty("layer_norm_epsilon", 1e-5);
        json.addProperty("attn_pdrop", 0.0);
        json.addProperty("embd_pdrop", 0.0);
        json.addProperty("resid_pdrop", 0.0);
        json.addProperty("tie_word_embeddings", true);
        json.addProperty("bos_token_id", vocab - 1);
        json.addProperty("eos_token_id", vocab - 1);
        return json;
    }
}
