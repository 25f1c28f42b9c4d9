package dev.cpotoolkit.train;

import dev.cpotoolkit.loss.BuiltInLosses;
import dev.cpotoolkit.loss.LossType;
import dev.cpotoolkit.loss.PreferenceLoss;
import dev.cpotoolkit.tokenize.TokenizationSettings;
import dev.cpotoolkit.tokenize.TruncationMode;

import java.nio.file.Path;
import java.util.Map;

/**
 * Every setting of a CPO run, with TRL's {@code CPOConfig} names and defaults
 * (and Hugging Face {@code TrainingArguments} for the training loop). A plain,
 * immutable data object: build it fluently, print it, save it beside a run and
 * load it back to reproduce the run.
 *
 * <pre>{@code
 * CPOConfig config = CPOConfig.builder()
 *         .beta(0.1)
 *         .lossType(LossType.SIGMOID)
 *         .learningRate(5e-4)
 *         .perDeviceTrainBatchSize(4)
 *         .maxSteps(60)
 *         .build();
 * }</pre>
 *
 * <p>Files and command-line flags use TRL's snake_case names ({@code loss_type},
 * {@code max_prompt_length}); Java uses camelCase. {@link ConfigFiles} reads and
 * writes JSON and YAML.
 *
 * <p>As in TRL, {@code lossType = ALPHAPO} is shorthand: it trains SimPO's loss
 * with AlphaPO's reward shape ({@code alpha}) and forces {@code cpoAlpha} to 0.
 *
 * @param beta                      temperature of the implicit reward (default 0.1); for hinge the reciprocal margin
 * @param lossType                  sigmoid (default), hinge, ipo, simpo or alphapo
 * @param labelSmoothing            probability a preference label is flipped, in [0, 0.5] (default 0; sigmoid, simpo)
 * @param cpoAlpha                  weight of the NLL term on chosen answers (default 1.0)
 * @param simpoGamma                SimPO's target reward margin (default 0.5)
 * @param alpha                     AlphaPO reward shape; 0 (default) keeps log-prob rewards
 * @param maxLength                 maximum prompt + answer tokens (default 1024)
 * @param maxPromptLength           prompt tokens kept when a row is too long (default 512)
 * @param maxCompletionLength       answer tokens kept before the length rules, or null (default) for none
 * @param truncationMode            keep_end (default) or keep_start of a long prompt
 * @param disableDropout            turn the model's dropout off while training (default true)
 * @param labelPadTokenId           label of positions without loss (default -100)
 * @param paddingValue              input id used for padding, or null (default) for the tokenizer's pad, else EOS
 * @param generateDuringEval        decode a sample of prompts at each evaluation (default false)
 * @param learningRate              peak learning rate of AdamW (default 1e-6)
 * @param perDeviceTrainBatchSize   preference pairs per training micro-batch (default 8)
 * @param perDeviceEvalBatchSize    preference pairs per evaluation batch (default 8)
 * @param gradientAccumulationSteps micro-batches per optimizer step (default 1)
 * @param numTrainEpochs            passes over the training set when maxSteps is -1 (default 3)
 * @param maxSteps                  optimizer steps to run, or -1 (default) to use epochs
 * @param warmupSteps               linear warm-up steps; overrides warmupRatio when positive (default 0)
 * @param warmupRatio               warm-up as a fraction of all steps (default 0)
 * @param lrSchedulerType           linear (default), cosine, constant, constant_with_warmup, inverse_sqrt
 * @param weightDecay               decoupled weight decay, not applied to biases and norm weights (default 0)
 * @param adamBeta1                 AdamW's first-moment decay (default 0.9)
 * @param adamBeta2                 AdamW's second-moment decay (default 0.999)
 * @param adamEpsilon               AdamW's denominator epsilon (default 1e-8)
 * @param maxGradNorm               global gradient-norm clipping threshold; 0 disables (default 1.0)
 * @param seed                      seed for shuffling, dropout and initialisation (default 42)
 * @param loggingSteps              optimizer steps per logged metrics row (TRL default 10)
 * @param evalSteps                 optimizer steps between evaluations, or null (default) for loggingSteps
 * @param saveSteps                 optimizer steps between checkpoints; 0 saves only the final model (default 500)
 * @param saveTotalLimit            checkpoints kept (oldest deleted first), or null (default) for all
 * @param outputDir                 run folder, or null (default) for {@code runs/<timestamp>}
 * @param device                    {@code auto} (default: a GPU when present), {@code cpu}, {@code gpu} or {@code gpu:N}
 * @param prefixSharing             compute each pair's prompt once: one packed row {@code [prompt | chosen | rejected]}
 *                                  per pair (same losses and gradients; {@code logits/*} then average real tokens
 *                                  only); default false
 * @param groupByLength             Hugging Face's {@code group_by_length}: batches of similar lengths, less
 *                                  padding (seeded; default false)
 */
public record CPOConfig(
        double beta,
        LossType lossType,
        double labelSmoothing,
        double cpoAlpha,
        double simpoGamma,
        double alpha,
        int maxLength,
        int maxPromptLength,
        Integer maxCompletionLength,
        TruncationMode truncationMode,
        boolean disableDropout,
        int labelPadTokenId,
        Integer paddingValue,
        boolean generateDuringEval,
        double learningRate,
        int perDeviceTrainBatchSize,
        int perDeviceEvalBatchSize,
        int gradientAccumulationSteps,
        double numTrainEpochs,
        int maxSteps,
        int warmupSteps,
        double warmupRatio,
        LrSchedulerType lrSchedulerType,
        double weightDecay,
        double adamBeta1,
        double adamBeta2,
        double adamEpsilon,
        double maxGradNorm,
        long seed,
        int loggingSteps,
        Integer evalSteps,
        int saveSteps,
        Integer saveTotalLimit,
        String outputDir,
        String device,
        boolean prefixSharing,
        boolean groupByLength) {

    /** Validates every field. @throws ConfigException naming the first bad field and its value */
    public CPOConfig {
        require(lossType != null, "loss_type", null, "must be one of sigmoid, hinge, ipo, simpo, alphapo");
        require(beta > 0 && Double.isFinite(beta), "beta", beta, "must be a positive number");
        require(labelSmoothing >= 0 && labelSmoothing <= 0.5, "label_smoothing", labelSmoothing,
                "must be in [0, 0.5]");
        require(labelSmoothing == 0 || lossType.supportsLabelSmoothing(), "label_smoothing", labelSmoothing,
                "has no effect with loss_type " + lossType + " (TRL ignores it); set it to 0");
        require(cpoAlpha >= 0 && Double.isFinite(cpoAlpha), "cpo_alpha", cpoAlpha, "must be >= 0");
        require(Double.isFinite(simpoGamma), "simpo_gamma", simpoGamma, "must be finite");
        require(Double.isFinite(alpha), "alpha", alpha, "must be finite");
        require(maxLength > 0, "max_length", maxLength, "must be positive");
        require(maxPromptLength > 0, "max_prompt_length", maxPromptLength, "must be positive");
        require(maxPromptLength < maxLength, "max_prompt_length", maxPromptLength,
                "must be smaller than max_length (" + maxLength + ") so truncated answers keep a token");
        require(maxCompletionLength == null || maxCompletionLength > 0, "max_completion_length",
                maxCompletionLength, "must be positive or null");
        require(truncationMode != null, "truncation_mode", null, "must be keep_end or keep_start");
        require(labelPadTokenId < 0, "label_pad_token_id", labelPadTokenId,
                "must be negative (a real token id would be trained on)");
        require(paddingValue == null || paddingValue >= 0, "padding_value", paddingValue, "must be a token id or null");
        require(learningRate >= 0 && Double.isFinite(learningRate), "learning_rate", learningRate, "must be >= 0");
        require(perDeviceTrainBatchSize > 0, "per_device_train_batch_size", perDeviceTrainBatchSize,
                "must be positive");
        require(perDeviceEvalBatchSize > 0, "per_device_eval_batch_size", perDeviceEvalBatchSize, "must be positive");
        require(gradientAccumulationSteps > 0, "gradient_accumulation_steps", gradientAccumulationSteps,
                "must be positive");
        require(numTrainEpochs > 0 && Double.isFinite(numTrainEpochs), "num_train_epochs", numTrainEpochs,
                "must be positive");
        require(maxSteps == -1 || maxSteps > 0, "max_steps", maxSteps, "must be positive, or -1 to use epochs");
        require(warmupSteps >= 0, "warmup_steps", warmupSteps, "must be >= 0");
        require(warmupRatio >= 0 && warmupRatio <= 1, "warmup_ratio", warmupRatio, "must be in [0, 1]");
        require(lrSchedulerType != null, "lr_scheduler_type", null, "must be set");
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "weight_decay", weightDecay, "must be >= 0");
        require(adamBeta1 >= 0 && adamBeta1 < 1, "adam_beta1", adamBeta1, "must be in [0, 1)");
        require(adamBeta2 >= 0 && adamBeta2 < 1, "adam_beta2", adamBeta2, "must be in [0, 1)");
        require(adamEpsilon > 0 && Double.isFinite(adamEpsilon), "adam_epsilon", adamEpsilon, "must be positive");
        require(maxGradNorm >= 0 && Double.isFinite(maxGradNorm), "max_grad_norm", maxGradNorm,
                "must be >= 0 (0 disables clipping)");
        require(loggingSteps > 0, "logging_steps", loggingSteps, "must be positive");
        require(evalSteps == null || evalSteps > 0, "eval_steps", evalSteps, "must be positive or null");
        require(saveSteps >= 0, "save_steps", saveSteps, "must be >= 0 (0 saves only the final model)");
        require(saveTotalLimit == null || saveTotalLimit > 0, "save_total_limit", saveTotalLimit,
                "must be positive or null");
        require(device != null && device.matches("(?i)auto|cpu|gpu|cuda|(gpu|cuda):\\d+"), "device", device,
                "must be auto, cpu, gpu or gpu:N");
        if (lossType == LossType.ALPHAPO) {
            // TRL's AlphaPO shorthand: no NLL term, whatever was given.
            cpoAlpha = 0.0;
        }
    }

    private static void require(boolean ok, String field, Object value, String rule) {
        if (!ok) {
            throw new ConfigException(field + " = " + value + ": " + rule);
        }
    }

    /** A builder at TRL's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** TRL's defaults, unchanged. */
    public static CPOConfig defaults() {
        return builder().build();
    }

    /** A builder holding this config's values, to change a few. */
    public Builder toBuilder() {
        return Builder.copyOf(this);
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
        return ConfigFields.toMap(this);
    }

    /** This config as pretty-printed JSON with TRL's key names. */
    public String toJson() {
        return ConfigFiles.toJson(this);
    }

    /** This config as YAML with TRL's key names. */
    public String toYaml() {
        return ConfigFiles.toYaml(this);
    }

    /** Evaluation cadence: {@link #evalSteps} or, when unset, {@link #loggingSteps} (as Hugging Face). */
    public int effectiveEvalSteps() {
        return evalSteps == null ? loggingSteps : evalSteps;
    }

    /** Pairs per optimizer step: micro-batch size times accumulation steps. */
    public int effectiveTrainBatchSize() {
        return perDeviceTrainBatchSize * gradientAccumulationSteps;
    }

    /** The built-in loss these settings name. */
    public PreferenceLoss loss() {
        return BuiltInLosses.create(lossType, beta, labelSmoothing, simpoGamma, alpha);
    }

    /** The tokenization settings: lengths, truncation mode and label pad id. */
    public TokenizationSettings tokenizationSettings() {
        return new TokenizationSettings(maxLength, maxPromptLength, maxCompletionLength, truncationMode,
                labelPadTokenId, false);
    }

    @Override
    public String toString() {
        return "CPOConfig" + toJson();
    }

    /**
     * A fluent, mutable builder for {@link CPOConfig}, starting at TRL's defaults.
     * Every setter is named after its field; {@link #set(String, Object)} sets a
     * field by TRL's snake_case name (config files, CLI flags).
     */
    public static final class Builder {
        double beta = 0.1;
        LossType lossType = LossType.SIGMOID;
        double labelSmoothing = 0.0;
        double cpoAlpha = 1.0;
        double simpoGamma = 0.5;
        double alpha = 0.0;
        int maxLength = 1024;
        int maxPromptLength = 512;
        Integer maxCompletionLength = null;
        TruncationMode truncationMode = TruncationMode.KEEP_END;
        boolean disableDropout = true;
        int labelPadTokenId = -100;
        Integer paddingValue = null;
        boolean generateDuringEval = false;
        double learningRate = 1e-6;
        int perDeviceTrainBatchSize = 8;
        int perDeviceEvalBatchSize = 8;
        int gradientAccumulationSteps = 1;
        double numTrainEpochs = 3;
        int maxSteps = -1;
        int warmupSteps = 0;
        double warmupRatio = 0.0;
        LrSchedulerType lrSchedulerType = LrSchedulerType.LINEAR;
        double weightDecay = 0.0;
        double adamBeta1 = 0.9;
        double adamBeta2 = 0.999;
        double adamEpsilon = 1e-8;
        double maxGradNorm = 1.0;
        long seed = 42;
        int loggingSteps = 10;
        Integer evalSteps = null;
        int saveSteps = 500;
        Integer saveTotalLimit = null;
        String outputDir = null;
        String device = "auto";
        boolean prefixSharing = false;
        boolean groupByLength = false;

        Builder() {}

        static Builder copyOf(CPOConfig config) {
            Builder builder = new Builder();
            ConfigFields.copyInto(config, builder);
            return builder;
        }

        /** Validates and builds the config. @throws ConfigException naming the first bad field */
        public CPOConfig build() {
            return new CPOConfig(beta, lossType, labelSmoothing, cpoAlpha, simpoGamma, alpha, maxLength,
                    maxPromptLength, maxCompletionLength, truncationMode, disableDropout, labelPadTokenId,
                    paddingValue, generateDuringEval, learningRate, perDeviceTrainBatchSize, perDeviceEvalBatchSize,
                    gradientAccumulationSteps, numTrainEpochs, maxSteps, warmupSteps, warmupRatio, lrSchedulerType,
                    weightDecay, adamBeta1, adamBeta2, adamEpsilon, maxGradNorm, seed, loggingSteps, evalSteps,
                    saveSteps, saveTotalLimit, outputDir, device, prefixSharing, groupByLength);
        }

        /**
         * Sets a field by name: TRL's snake_case ({@code loss_type}), a CLI flag's
         * kebab-case ({@code loss-type}) or camelCase. Strings are converted to the
         * field's type.
         *
         * @throws ConfigException for an unknown name (with the closest known one) or a bad value
         */
        public Builder set(String name, Object value) {
            ConfigFields.set(this, name, value);
            return this;
        }

        /** @param value see {@link CPOConfig#beta()} @return this builder */
        public Builder beta(double value) { beta = value; return this; }
        /** @param value see {@link CPOConfig#lossType()} @return this builder */
        public Builder lossType(LossType value) { lossType = value; return this; }
        /** @param value a TRL loss name such as {@code "hinge"} @return this builder */
        public Builder lossType(String value) { return set("loss_type", value); }
        /** @param value see {@link CPOConfig#labelSmoothing()} @return this builder */
        public Builder labelSmoothing(double value) { labelSmoothing = value; return this; }
        /** @param value see {@link CPOConfig#cpoAlpha()} @return this builder */
        public Builder cpoAlpha(double value) { cpoAlpha = value; return this; }
        /** @param value see {@link CPOConfig#simpoGamma()} @return this builder */
        public Builder simpoGamma(double value) { simpoGamma = value; return this; }
        /** @param value see {@link CPOConfig#alpha()} @return this builder */
        public Builder alpha(double value) { alpha = value; return this; }
        /** @param value see {@link CPOConfig#maxLength()} @return this builder */
        public Builder maxLength(int value) { maxLength = value; return this; }
        /** @param value see {@link CPOConfig#maxPromptLength()} @return this builder */
        public Builder maxPromptLength(int value) { maxPromptLength = value; return this; }
        /** @param value see {@link CPOConfig#maxCompletionLength()} @return this builder */
        public Builder maxCompletionLength(Integer value) { maxCompletionLength = value; return this; }
        /** @param value see {@link CPOConfig#truncationMode()} @return this builder */
        public Builder truncationMode(TruncationMode value) { truncationMode = value; return this; }
        /** @param value {@code keep_end} or {@code keep_start} @return this builder */
        public Builder truncationMode(String value) { return set("truncation_mode", value); }
        /** @param value see {@link CPOConfig#disableDropout()} @return this builder */
        public Builder disableDropout(boolean value) { disableDropout = value; return this; }
        /** @param value see {@link CPOConfig#labelPadTokenId()} @return this builder */
        public Builder labelPadTokenId(int value) { labelPadTokenId = value; return this; }
        /** @param value see {@link CPOConfig#paddingValue()} @return this builder */
        public Builder paddingValue(Integer value) { paddingValue = value; return this; }
        /** @param value see {@link CPOConfig#generateDuringEval()} @return this builder */
        public Builder generateDuringEval(boolean value) { generateDuringEval = value; return this; }
        /** @param value see {@link CPOConfig#learningRate()} @return this builder */
        public Builder learningRate(double value) { learningRate = value; return this; }
        /** @param value see {@link CPOConfig#perDeviceTrainBatchSize()} @return this builder */
        public Builder perDeviceTrainBatchSize(int value) { perDeviceTrainBatchSize = value; return this; }
        /** @param value see {@link CPOConfig#perDeviceEvalBatchSize()} @return this builder */
        public Builder perDeviceEvalBatchSize(int value) { perDeviceEvalBatchSize = value; return this; }
        /** @param value see {@link CPOConfig#gradientAccumulationSteps()} @return this builder */
        public Builder gradientAccumulationSteps(int value) { gradientAccumulationSteps = value; return this; }
        /** @param value see {@link CPOConfig#numTrainEpochs()} @return this builder */
        public Builder numTrainEpochs(double value) { numTrainEpochs = value; return this; }
        /** @param value see {@link CPOConfig#maxSteps()} @return this builder */
        public Builder maxSteps(int value) { maxSteps = value; return this; }
        /** @param value see {@link CPOConfig#warmupSteps()} @return this builder */
        public Builder warmupSteps(int value) { warmupSteps = value; return this; }
        /** @param value see {@link CPOConfig#warmupRatio()} @return this builder */
        public Builder warmupRatio(double value) { warmupRatio = value; return this; }
        /** @param value see {@link CPOConfig#lrSchedulerType()} @return this builder */
        public Builder lrSchedulerType(LrSchedulerType value) { lrSchedulerType = value; return this; }
        /** @param value a Hugging Face schedule name such as {@code "cosine"} @return this builder */
        public Builder lrSchedulerType(String value) { return set("lr_scheduler_type", value); }
        /** @param value see {@link CPOConfig#weightDecay()} @return this builder */
        public Builder weightDecay(double value) { weightDecay = value; return this; }
        /** @param value see {@link CPOConfig#adamBeta1()} @return this builder */
        public Builder adamBeta1(double value) { adamBeta1 = value; return this; }
        /** @param value see {@link CPOConfig#adamBeta2()} @return this builder */
        public Builder adamBeta2(double value) { adamBeta2 = value; return this; }
        /** @param value see {@link CPOConfig#adamEpsilon()} @return this builder */
        public Builder adamEpsilon(double value) { adamEpsilon = value; return this; }
        /** @param value see {@link CPOConfig#maxGradNorm()} @return this builder */
        public Builder maxGradNorm(double value) { maxGradNorm = value; return this; }
        /** @param value see {@link CPOConfig#seed()} @return this builder */
        public Builder seed(long value) { seed = value; return this; }
        /** @param value see {@link CPOConfig#loggingSteps()} @return this builder */
        public Builder loggingSteps(int value) { loggingSteps = value; return this; }
        /** @param value see {@link CPOConfig#evalSteps()} @return this builder */
        public Builder evalSteps(Integer value) { evalSteps = value; return this; }
        /** @param value see {@link CPOConfig#saveSteps()} @return this builder */
        public Builder saveSteps(int value) { saveSteps = value; return this; }
        /** @param value see {@link CPOConfig#saveTotalLimit()} @return this builder */
        public Builder saveTotalLimit(Integer value) { saveTotalLimit = value; return this; }
        /** @param value see {@link CPOConfig#outputDir()} @return this builder */
        public Builder outputDir(String value) { outputDir = value; return this; }
        /** @param value see {@link CPOConfig#outputDir()} @return this builder */
        public Builder outputDir(Path value) { outputDir = value == null ? null : value.toString(); return this; }
        /** @param value see {@link CPOConfig#device()} @return this builder */
        public Builder device(String value) { device = value; return this; }
        /** @param value see {@link CPOConfig#prefixSharing()} @return this builder */
        public Builder prefixSharing(boolean value) { prefixSharing = value; return this; }
        /** @param value see {@link CPOConfig#groupByLength()} @return this builder */
        public Builder groupByLength(boolean value) { groupByLength = value; return this; }
    }
}
