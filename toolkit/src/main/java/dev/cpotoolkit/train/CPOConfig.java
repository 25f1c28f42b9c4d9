package dev.cpotoolkit.train;

import dev.cpotoolkit.settings.ConfigException;
import dev.cpotoolkit.settings.SettingsRoot;
import dev.cpotoolkit.settings.SettingsSchema;
import dev.cpotoolkit.loss.BuiltInLosses;
import dev.cpotoolkit.loss.PreferenceLoss;
import dev.cpotoolkit.tokenize.TokenizationSettings;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Every setting of a CPO run, with TRL's {@code CPOConfig} names and defaults:
 * the CPO settings ({@link CpoSettings}), the training loop's
 * ({@link TrainingSettings}, Hugging Face's {@code TrainingArguments}) and
 * LoRA's ({@link PeftSettings}, TRL's {@code ModelConfig} PEFT fields). A plain, immutable data object: build it fluently,
 * print it, save it beside a run and load it back to reproduce the run.
 *
 * <pre>{@code
 * CPOConfig config = CPOConfig.builder()
 *         .beta(0.1)
 *         .lossType(LossType.SIGMOID)
 *         .learningRate(5e-4)
 *         .perDeviceTrainBatchSize(4)
 *         .maxSteps(60)
 *         .build();
 * config.beta();                 // every setting reads flat, as in TRL
 * }</pre>
 *
 * <p>Each setting is declared once, with its TRL key, default, help and rule, by
 * a {@link dev.cpotoolkit.settings.Setting} annotation in {@link CpoSettings},
 * {@link TrainingSettings} or {@link PeftSettings}; the builder and the flat accessors are generated
 * from those declarations ({@code CPOConfigBuilderBase}, {@code CPOConfigView}),
 * and files and command-line flags read them through {@link #SCHEMA}. Files
 * and flags use TRL's snake_case names ({@code loss_type}); Java uses camelCase.
 *
 * @param cpo      the loss, its hyperparameters and tokenization (TRL's own fields)
 * @param training the training loop (Hugging Face's {@code TrainingArguments})
 * @param peft     LoRA (TRL's {@code ModelConfig} PEFT fields)
 */
@SettingsRoot
public record CPOConfig(CpoSettings cpo, TrainingSettings training, PeftSettings peft) implements CPOConfigView {

    /** The declarations of every setting, in file order: the CPO settings, the training loop's, then LoRA's. */
    public static final SettingsSchema SCHEMA = SettingsSchema.of(CpoSettings.class, TrainingSettings.class,
            PeftSettings.class);

    /** Checks every setting against its declared rule. @throws ConfigException naming the first bad setting */
    public CPOConfig {
        Objects.requireNonNull(cpo, "cpo");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(peft, "peft");
        SCHEMA.validate(cpo);
        SCHEMA.validate(training);
        SCHEMA.validate(peft);
    }

    /** A builder at TRL's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding a paper's settings on top of TRL's defaults, to adjust
     * further: {@code "cpo"} (ALMA-R's CPO run), {@code "simpo"} (SimPO's
     * Llama-3-Instruct v2 run, margin as {@code gamma_beta_ratio}) or
     * {@code "alphapo"} (AlphaPO's Mistral-Instruct row, from TRL's paper
     * index). Each value's origin names the preset and its source.
     *
     * <pre>{@code
     * CPOConfig config = CPOConfig.preset("simpo").learningRate(5e-4).maxSteps(100).build();
     * }</pre>
     *
     * @throws IllegalArgumentException for an unknown name, suggesting the nearest
     */
    public static Builder preset(String name) {
        return PaperPresets.builder(name);
    }

    /** The names {@link #preset} accepts. */
    public static java.util.List<String> presetNames() {
        return PaperPresets.names();
    }

    /** TRL's defaults, unchanged. */
    public static CPOConfig defaults() {
        return builder().build();
    }

    /** A builder holding this config's values, to change a few. */
    public Builder toBuilder() {
        return new Builder().from(this);
    }

    /** Reads a JSON or YAML config file (TRL's snake_case keys; camelCase accepted). */
    public static CPOConfig load(Path file) {
        return ConfigFiles.read(file);
    }

    /** Writes this config as JSON or YAML, chosen by the file's extension. */
    public void save(Path file) {
        ConfigFiles.write(this, file);
    }

    /** This config as TRL-named keys and plain values, in declaration order. */
    public Map<String, Object> toMap() {
        return SCHEMA.toMap(cpo, training, peft);
    }

    /** This config as pretty-printed JSON with TRL's key names. */
    public String toJson() {
        return ConfigFiles.toJson(this);
    }

    /** This config as YAML with TRL's key names. */
    public String toYaml() {
        return ConfigFiles.toYaml(this);
    }

    /**
     * The LoRA adapter these settings describe ({@code lora_r}, {@code lora_alpha},
     * {@code lora_dropout}, {@code lora_target_modules}, {@code lora_modules_to_save},
     * {@code use_rslora}), whether or not {@code use_peft} is on.
     */
    public dev.cpotoolkit.model.lora.LoraConfig loraConfig() {
        return dev.cpotoolkit.model.lora.LoraConfig.builder()
                .r(loraR())
                .alpha((float) loraAlpha())
                .dropout((float) loraDropout())
                .targetModules(names(loraTargetModules()))
                .modulesToSave(names(loraModulesToSave()))
                .useRslora(useRslora())
                .build();
    }

    private static java.util.List<String> names(String commaSeparated) {
        return commaSeparated == null ? java.util.List.of()
                : java.util.Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
    }

    /** Evaluation cadence: {@code evalSteps} or, when unset, {@code loggingSteps} (as Hugging Face). */
    public int effectiveEvalSteps() {
        return evalSteps() == null ? loggingSteps() : evalSteps();
    }

    /** Pairs per optimizer step: micro-batch size times accumulation steps. */
    public int effectiveTrainBatchSize() {
        return perDeviceTrainBatchSize() * gradientAccumulationSteps();
    }

    /** The built-in loss these settings name. */
    public PreferenceLoss loss() {
        return BuiltInLosses.create(lossType(), beta(), labelSmoothing(), simpoGamma(), alpha());
    }

    /** The tokenization settings: lengths, truncation mode and label pad id. */
    public TokenizationSettings tokenizationSettings() {
        return new TokenizationSettings(maxLength(), maxPromptLength(), maxCompletionLength(), truncationMode(),
                labelPadTokenId(), false);
    }

    @Override
    public String toString() {
        return "CPOConfig" + toJson();
    }

    /**
     * A fluent, mutable builder for {@link CPOConfig}, starting at TRL's
     * defaults: one setter per setting (generated from the declarations), and
     * {@link #set(String, Object)} by TRL's snake_case name (config files, CLI flags).
     */
    public static final class Builder extends CPOConfigBuilderBase<Builder> {

        private final java.util.List<String> adjustments = new java.util.ArrayList<>();

        Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * The one default that adapts: when {@code max_length} is given and
         * {@code max_prompt_length} is left at its default of 512 although that
         * leaves no room for an answer, the prompt gets half of {@code max_length},
         * the ratio of TRL's own defaults (512 of 1024). {@link #adjustments()} says so.
         */
        @Override
        protected void adjust() {
            adjustments.clear();
            deriveSimpoGamma();
            int maxLength = (Integer) get("max_length");
            int maxPromptLength = (Integer) get("max_prompt_length");
            if (!origins().given("max_prompt_length") && maxPromptLength >= maxLength && maxLength >= 2) {
                String lengthOrigin = origins().of("max_length");
                String defaultOrigin = origins().of("max_prompt_length");
                set("max_prompt_length", maxLength / 2, "adapted to half of max_length");
                adjustments.add("max_prompt_length = " + maxLength / 2 + ": half of max_length = " + maxLength
                        + " (" + lengthOrigin + "), since the default of " + maxPromptLength + " (" + defaultOrigin + ")"
                        + " would leave no room for the answer; set max_prompt_length to choose another");
            }
        }

        /**
         * SimPO's paper states its margin relative to beta ({@code gamma_beta_ratio},
         * the SimPO repository's name); TRL's {@code simpo_gamma} is absolute and TRL
         * divides it by beta inside the loss, so the two meet at
         * {@code simpo_gamma = gamma_beta_ratio x beta}. A ratio, when set, gives
         * simpo_gamma; a simpo_gamma given as well must agree with it (a run's own
         * {@code cpo_config.json} records both), and one that does not is an
         * error naming where each came from.
         */
        private void deriveSimpoGamma() {
            Double ratio = (Double) get("gamma_beta_ratio");
            if (ratio == null || !Double.isFinite(ratio)) {
                return; // an unset ratio changes nothing; a non-finite one fails the declared rule
            }
            double beta = (Double) get("beta");
            double derived = ratio * beta;
            double gamma = (Double) get("simpo_gamma");
            // A value this method derived in an earlier build() is derived again, not held against the ratio.
            boolean derivedBefore = origins().of("simpo_gamma").startsWith("gamma_beta_ratio ");
            if (origins().given("simpo_gamma") && !derivedBefore) {
                if (Math.abs(gamma - derived) > 1e-9 * Math.max(1, Math.abs(derived))) {
                    throw origins().explain(new ConfigException("simpo_gamma = " + gamma
                            + " disagrees with gamma_beta_ratio = " + ratio + " x beta = " + beta + " = " + derived
                            + "; give one of simpo_gamma (absolute, TRL's) or gamma_beta_ratio (SimPO's)",
                            java.util.List.of("simpo_gamma", "gamma_beta_ratio", "beta"), null));
                }
                return;
            }
            String origin = "gamma_beta_ratio " + ratio + " x beta " + beta;
            set("simpo_gamma", derived, origin);
            adjustments.add("simpo_gamma = " + derived + " from " + origin);
        }

        /** What {@link #build()} adapted in the last call, in words; empty when nothing was. */
        public java.util.List<String> adjustments() {
            return java.util.List.copyOf(adjustments);
        }

        /**
         * Sets a paper preset's values on this builder (see {@link CPOConfig#preset}),
         * for a caller that already holds a builder, such as the CLI's {@code --preset}.
         */
        public Builder applyPreset(String name) {
            return PaperPresets.applyTo(this, name);
        }

        /** @param value the run folder, or null for a new {@code runs/<time>} @return this builder */
        public Builder outputDir(Path value) {
            return outputDir(value == null ? null : value.toString());
        }
    }
}
