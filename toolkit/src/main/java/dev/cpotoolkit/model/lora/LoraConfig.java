package dev.cpotoolkit.model.lora;

import java.util.List;

/**
 * What a LoRA adapter looks like, with TRL's {@code ModelConfig} names and
 * defaults: {@code lora_r} 16, {@code lora_alpha} 32, {@code lora_dropout}
 * 0.05, {@code lora_target_modules} unset (PEFT's per-architecture default:
 * GPT-2 {@code c_attn}, Llama/Qwen2 {@code q_proj}, {@code v_proj}; or
 * {@code all-linear}), {@code lora_modules_to_save}, {@code use_rslora}.
 *
 * <pre>{@code
 * LoraConfig lora = LoraConfig.builder().r(8).alpha(16).targetModules("q_proj", "v_proj").build();
 * }</pre>
 *
 * @param r               the adapter rank
 * @param alpha           lora_alpha
 * @param dropout         dropout on the adapter's input
 * <p>Module names match as PEFT matches a list: a module is adapted when its
 * full name ({@code model.layers.0.self_attn.q_proj}) equals a target or ends
 * with {@code "." + target}. A target given as one regular expression
 * ({@link #targetRegex}, PEFT's string form, as adapter files may hold) must
 * match the whole module name instead.
 *
 * @param r               the adapter rank
 * @param alpha           lora_alpha
 * @param dropout         dropout on the adapter's input
 * @param targetModules   module names to adapt; empty for the architecture's default (or when
 *                        {@code targetRegex} is set)
 * @param targetRegex     a regular expression over full module names, or null
 * @param modulesToSave   modules trained in full and saved with the adapter
 * @param useRslora       scale by {@code alpha / sqrt(r)} instead of {@code alpha / r}
 */
public record LoraConfig(int r, float alpha, float dropout, List<String> targetModules, String targetRegex,
                         List<String> modulesToSave, boolean useRslora) {

    /** PEFT's name for "every linear layer except the output head". */
    public static final String ALL_LINEAR = "all-linear";

    /** Checks the values and copies the lists. */
    public LoraConfig {
        if (r <= 0) {
            throw new IllegalArgumentException("lora_r must be positive, got " + r);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("lora_dropout must be in [0, 1), got " + dropout);
        }
        if (!(alpha > 0f) || Float.isInfinite(alpha)) {
            throw new IllegalArgumentException("lora_alpha must be positive, got " + alpha);
        }
        targetModules = List.copyOf(targetModules);
        if (targetRegex != null && !targetModules.isEmpty()) {
            throw new IllegalArgumentException("give lora_target_modules as names or as one regular expression, not both");
        }
        if (targetRegex != null) {
            java.util.regex.Pattern.compile(targetRegex); // a bad pattern fails here, not at first use
        }
        modulesToSave = List.copyOf(modulesToSave);
    }

    /** PEFT's scaling: {@code lora_alpha / r}, or {@code lora_alpha / sqrt(r)} with rsLoRA. */
    public float scaling() {
        return useRslora ? (float) (alpha / Math.sqrt(r)) : alpha / r;
    }

    /**
     * The modules to adapt for a model type when {@code lora_target_modules} is
     * unset, as PEFT's default mapping has them.
     *
     * @param modelType config.json's {@code model_type}
     */
    public List<String> targetsFor(String modelType) {
        if (targetRegex != null) {
            throw new IllegalStateException("targets are the regular expression " + targetRegex);
        }
        if (!targetModules.isEmpty()) {
            return targetModules;
        }
        return switch (modelType) {
            case "gpt2" -> List.of("c_attn");
            case "llama", "qwen2", "mistral" -> List.of("q_proj", "v_proj");
            default -> throw new IllegalArgumentException("no default lora_target_modules for model_type '"
                    + modelType + "'; set lora_target_modules");
        };
    }

    /** A builder starting from TRL's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Fluent construction of a {@link LoraConfig}, starting from TRL's defaults. */
    public static final class Builder {
        private int r = 16;
        private float alpha = 32f;
        private float dropout = 0.05f;
        private List<String> targetModules = List.of();
        private String targetRegex;
        private List<String> modulesToSave = List.of();
        private boolean useRslora;

        private Builder() {
        }

        /** {@code lora_r}. */
        public Builder r(int value) {
            r = value;
            return this;
        }

        /** {@code lora_alpha}. */
        public Builder alpha(float value) {
            alpha = value;
            return this;
        }

        /** {@code lora_dropout}. */
        public Builder dropout(float value) {
            dropout = value;
            return this;
        }

        /** {@code lora_target_modules}; {@link #ALL_LINEAR} for every linear layer but the head. */
        public Builder targetModules(String... names) {
            targetModules = List.of(names);
            return this;
        }

        /** {@code lora_target_modules}; an empty list means the architecture's default. */
        public Builder targetModules(List<String> names) {
            targetModules = List.copyOf(names);
            return this;
        }

        /** Targets as one regular expression over full module names (PEFT's string form). */
        public Builder targetRegex(String pattern) {
            targetRegex = pattern;
            return this;
        }

        /** {@code lora_modules_to_save}. */
        public Builder modulesToSave(List<String> names) {
            modulesToSave = List.copyOf(names);
            return this;
        }

        /** {@code lora_modules_to_save}. */
        public Builder modulesToSave(String... names) {
            modulesToSave = List.of(names);
            return this;
        }

        /** {@code use_rslora}. */
        public Builder useRslora(boolean value) {
            useRslora = value;
            return this;
        }

        /** The checked config. */
        public LoraConfig build() {
            return new LoraConfig(r, alpha, dropout, targetModules, targetRegex, modulesToSave, useRslora);
        }
    }
}
