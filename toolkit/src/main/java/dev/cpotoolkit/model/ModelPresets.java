package dev.cpotoolkit.model;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.nio.file.Path;
import dev.cpotoolkit.runtime.TorchRuntime;

/**
 * Ready-made model configurations.
 *
 * <p>{@code tiny}: a Llama-style model of about a million parameters for
 * tutorials and CPU demos: hidden 128, 4 layers, 4 query heads sharing 2
 * key/value heads (head_dim 32), SiLU MLP of width 344, RoPE theta 10000,
 * 512 positions, tied embeddings. With the default vocabulary of
 * {@value #TINY_DEFAULT_VOCAB} it has 988,288 parameters; pass the tokenizer's
 * vocabulary size to match a tokenizer (each token adds 128).
 */
public final class ModelPresets {

    /** The tiny preset's vocabulary when no tokenizer is given. */
    public static final int TINY_DEFAULT_VOCAB = 2048;

    private ModelPresets() {}

    /**
     * The tiny preset's {@code config.json}, editable before use (for example to
     * set {@code bos_token_id}/{@code eos_token_id}/{@code pad_token_id} from a tokenizer).
     */
    public static JsonObject tinyConfigJson(int vocabSize) {
        JsonObject json = new JsonObject();
        JsonArray architectures = new JsonArray();
        architectures.add("LlamaForCausalLM");
        json.add("architectures", architectures);
        json.addProperty("model_type", "llama");
        json.addProperty("vocab_size", vocabSize);
        json.addProperty("hidden_size", 128);
        json.addProperty("intermediate_size", 344);
        json.addProperty("num_hidden_layers", 4);
        json.addProperty("num_attention_heads", 4);
        json.addProperty("num_key_value_heads", 2);
        json.addProperty("head_dim", 32);
        json.addProperty("max_position_embeddings", 512);
        json.addProperty("rms_norm_eps", 1e-6);
        json.addProperty("rope_theta", 10000.0);
        json.add("rope_scaling", null);
        json.addProperty("hidden_act", "silu");
        json.addProperty("attention_bias", false);
        json.addProperty("attention_dropout", 0.0);
        json.addProperty("mlp_bias", false);
        json.addProperty("initializer_range", 0.02);
        json.addProperty("tie_word_embeddings", true);
        json.addProperty("torch_dtype", "float32");
        return json;
    }

    /** The tiny preset's config. */
    public static ModelConfig tinyConfig(int vocabSize) {
        return ModelConfig.fromJson(tinyConfigJson(vocabSize), null);
    }

    /** A seeded tiny model (same seed, same weights) on {@code device}. */
    public static CausalLM tiny(int vocabSize, long seed, Device device) {
        return CausalLM.fromConfig(tinyConfig(vocabSize), seed, device);
    }

    /** A seeded tiny model with the default vocabulary on the default device. */
    public static CausalLM tiny(long seed) {
        return tiny(TINY_DEFAULT_VOCAB, seed, TorchRuntime.engine().defaultDevice());
    }

    /**
     * Writes the {@code tiny} preset as an ordinary Hugging Face model folder:
     * a seeded tiny Llama-style model over the byte-level tokenizer of
     * {@link dev.cpotoolkit.tokenize.ByteLevelTokenizerFiles} (259 ids), with
     * its BOS, EOS and pad ids in {@code config.json}. The folder then loads,
     * trains and saves like any downloaded checkpoint.
     *
     * @return {@code folder}
     */
    public static Path writeTinyFolder(Path folder, long seed) {
        dev.cpotoolkit.tokenize.ByteLevelTokenizerFiles.write(folder);
        JsonObject json = tinyConfigJson(dev.cpotoolkit.tokenize.ByteLevelTokenizerFiles.VOCAB_SIZE);
        json.addProperty("bos_token_id", dev.cpotoolkit.tokenize.ByteLevelTokenizerFiles.BOS_ID);
        json.addProperty("eos_token_id", dev.cpotoolkit.tokenize.ByteLevelTokenizerFiles.EOS_ID);
        json.addProperty("pad_token_id", dev.cpotoolkit.tokenize.ByteLevelTokenizerFiles.PAD_ID);
        try (CausalLM model = CausalLM.fromConfig(ModelConfig.fromJson(json, null), seed)) {
            model.save(folder);
        }
        return folder;
    }
}
