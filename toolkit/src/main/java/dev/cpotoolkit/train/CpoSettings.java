package dev.cpotoolkit.train;

import dev.cpotoolkit.loss.LossType;
import dev.cpotoolkit.settings.Check;
import dev.cpotoolkit.settings.ConfigException;
import dev.cpotoolkit.settings.Setting;
import dev.cpotoolkit.settings.Setting.Origin;
import dev.cpotoolkit.tokenize.TruncationMode;

import java.util.List;

/**
 * The settings TRL's {@code CPOConfig} adds to the training arguments: the
 * loss, its hyperparameters and how pairs are tokenized. Each is declared once,
 * here; {@link CPOConfig} composes these with {@link TrainingSettings}, and its
 * builder, files, flags and help come from these declarations.
 *
 * <p>As in TRL, {@code loss_type = alphapo} is shorthand: it trains SimPO's loss
 * with AlphaPO's reward shape ({@code alpha}) and forces {@code cpo_alpha} to 0.
 */
public record CpoSettings(
        @Setting(name = "beta", defaultValue = "0.1", check = Check.POSITIVE, rule = "must be a positive number",
                help = "Temperature of the implicit reward; for hinge the reciprocal margin.")
        double beta,
        @Setting(name = "loss_type", defaultValue = "sigmoid",
                help = "Preference loss: sigmoid, hinge, ipo, simpo or alphapo.")
        LossType lossType,
        @Setting(name = "label_smoothing", defaultValue = "0", check = Check.AT_MOST_HALF,
                help = "Probability a preference label is flipped, in [0, 0.5] (sigmoid, simpo).")
        double labelSmoothing,
        @Setting(name = "cpo_alpha", defaultValue = "1.0", check = Check.NON_NEGATIVE,
                help = "Weight of the NLL term on chosen answers.")
        double cpoAlpha,
        @Setting(name = "simpo_gamma", defaultValue = "0.5", check = Check.FINITE,
                help = "SimPO's target reward margin.")
        double simpoGamma,
        @Setting(name = "gamma_beta_ratio", defaultValue = "null", check = Check.FINITE, origin = Origin.TOOLKIT,
                help = "SimPO's margin as its paper states it, gamma / beta: when set, simpo_gamma ="
                        + " gamma_beta_ratio x beta.")
        Double gammaBetaRatio,
        @Setting(name = "alpha", defaultValue = "0", check = Check.FINITE,
                help = "AlphaPO reward shape; 0 keeps log-prob rewards.")
        double alpha,
        @Setting(name = "max_length", defaultValue = "1024", check = Check.POSITIVE,
                help = "Maximum prompt + answer tokens.")
        int maxLength,
        @Setting(name = "max_prompt_length", defaultValue = "512", check = Check.POSITIVE,
                help = "Prompt tokens kept when a row is too long.")
        int maxPromptLength,
        @Setting(name = "max_completion_length", defaultValue = "null", check = Check.POSITIVE,
                help = "Answer tokens kept before the length rules (null for none).")
        Integer maxCompletionLength,
        @Setting(name = "truncation_mode", defaultValue = "keep_end",
                help = "Which end of a long prompt to keep: keep_end or keep_start.")
        TruncationMode truncationMode,
        @Setting(name = "disable_dropout", defaultValue = "true",
                help = "Turn the model's dropout off while training.")
        boolean disableDropout,
        @Setting(name = "label_pad_token_id", defaultValue = "-100", check = Check.NEGATIVE,
                rule = "must be negative (a real token id would be trained on)",
                help = "Label of positions without loss.")
        int labelPadTokenId,
        @Setting(name = "padding_value", defaultValue = "null", check = Check.NON_NEGATIVE,
                rule = "must be a token id",
                help = "Input id used for padding (null: the tokenizer's pad, else EOS).")
        Integer paddingValue,
        @Setting(name = "generate_during_eval", defaultValue = "false",
                help = "Decode a sample of prompts at each evaluation (generations.jsonl).")
        boolean generateDuringEval,
        @Setting(name = "dataset_num_proc", defaultValue = "null", check = Check.POSITIVE,
                help = "Threads that tokenize the datasets (null: one); the result is the same.")
        Integer datasetNumProc,
        @Setting(name = "prefix_sharing", defaultValue = "false", origin = Origin.TOOLKIT,
                help = "Run each pair's prompt once, as one packed row [prompt | chosen | rejected];"
                        + " same losses and gradients, less compute.")
        boolean prefixSharing) {

    /** The rules between settings; each setting's own rule is checked by {@link CPOConfig}. */
    public CpoSettings {
        if (labelSmoothing != 0 && lossType != null && !lossType.supportsLabelSmoothing()) {
            throw new ConfigException("label_smoothing = " + labelSmoothing + ": has no effect with loss_type "
                    + lossType + " (TRL ignores it); set it to 0", List.of("label_smoothing", "loss_type"), null);
        }
        if (maxLength == 1) {
            throw new ConfigException("max_length = 1: must be at least 2, a prompt token and an answer token",
                    List.of("max_length"), null);
        }
        if (maxPromptLength >= maxLength && maxLength > 0) {
            throw new ConfigException("max_prompt_length = " + maxPromptLength + ": must be smaller than max_length = "
                    + maxLength + " so truncated answers keep a token", List.of("max_prompt_length", "max_length"),
                    null);
        }
        if (lossType == LossType.ALPHAPO) {
            // TRL's AlphaPO shorthand: no NLL term, whatever (valid) value was given.
            CPOConfig.SCHEMA.find("cpo_alpha").check(cpoAlpha);
            cpoAlpha = 0.0;
        }
    }
}
