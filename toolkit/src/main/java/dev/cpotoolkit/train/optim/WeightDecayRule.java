package dev.cpotoolkit.train.optim;

import java.util.Locale;
import java.util.Objects;

/**
 * Decides from a parameter's Hugging Face name whether AdamW applies weight
 * decay to it: the two parameter groups of Hugging Face's {@code Trainer}.
 *
 * <p>Hugging Face decays every parameter except biases and the weights of
 * normalisation layers (found by module type). Here the module type is not
 * known, so {@link #huggingFace()} recognises normalisation weights by the
 * names Hugging Face models give them. Embeddings are decayed, as in Hugging
 * Face. Supply your own rule (a lambda) for models named differently.
 */
@FunctionalInterface
public interface WeightDecayRule {

    /**
     * Whether the parameter with this Hugging Face name gets weight decay.
     *
     * @param name the parameter's Hugging Face name, e.g. {@code transformer.h.0.attn.c_attn.weight}
     * @return true to decay it
     */
    boolean decays(String name);

    /**
     * Hugging Face's default grouping: no decay when the name ends with
     * {@code .bias} (or is {@code bias}), or when it contains (ignoring case)
     * {@code ln_}, {@code layernorm}, {@code layer_norm} or {@code norm.} —
     * which covers GPT-2's {@code ln_1}, {@code ln_2}, {@code ln_f}, Llama's
     * {@code input_layernorm}, {@code post_attention_layernorm} and
     * {@code model.norm}, BERT's {@code LayerNorm}; everything else is decayed.
     *
     * @return the rule
     */
    static WeightDecayRule huggingFace() {
        return name -> {
            String lower = Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT);
            boolean bias = lower.equals("bias") || lower.endsWith(".bias");
            boolean norm = lower.contains("ln_") || lower.contains("layernorm")
                    || lower.contains("layer_norm") || lower.contains("norm.");
            return !bias && !norm;
        };
    }

    /**
     * Decays every parameter (one group, as DJL's own AdamW does).
     *
     * @return the rule
     */
    static WeightDecayRule all() {
        return name -> true;
    }

    /**
     * Decays no parameter.
     *
     * @return the rule
     */
    static WeightDecayRule none() {
        return name -> false;
    }
}
