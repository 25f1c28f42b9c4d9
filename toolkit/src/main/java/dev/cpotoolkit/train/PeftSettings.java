package dev.cpotoolkit.train;

import dev.cpotoolkit.settings.Check;
import dev.cpotoolkit.settings.Setting;
import dev.cpotoolkit.settings.Setting.Origin;

/**
 * LoRA, with the names and defaults of TRL's {@code ModelConfig} (the
 * {@code --use_peft --lora_r ...} flags TRL's scripts take). Off by default;
 * with {@code use_peft} the trainer attaches a fresh adapter (or trains the
 * one the model already carries), freezes the base, and saves PEFT adapter
 * folders. See {@link dev.cpotoolkit.model.lora.LoraConfig} for the Java form.
 */
public record PeftSettings(
        @Setting(name = "use_peft", defaultValue = "false",
                help = "Train a LoRA adapter instead of every weight: the base is frozen, and checkpoints and final/"
                        + " are PEFT adapter folders (adapter_config.json, adapter_model.safetensors).")
        boolean usePeft,
        @Setting(name = "lora_r", defaultValue = "16", check = Check.POSITIVE, help = "LoRA rank.")
        int loraR,
        @Setting(name = "lora_alpha", defaultValue = "32", check = Check.POSITIVE,
                help = "LoRA alpha: the update is scaled by lora_alpha / lora_r (/ sqrt(lora_r) with use_rslora).")
        double loraAlpha,
        @Setting(name = "lora_dropout", defaultValue = "0.05", check = Check.UNIT_INTERVAL_OPEN,
                help = "Dropout on the adapter's input (off while disable_dropout is true, as in TRL).")
        double loraDropout,
        @Setting(name = "lora_target_modules", defaultValue = "null",
                pattern = "[A-Za-z0-9_.\\-]+(,[A-Za-z0-9_.\\-]+)*",
                rule = "must be module names separated by commas, or all-linear",
                help = "Modules to adapt, comma-separated (q_proj,v_proj), or all-linear for every linear layer but the"
                        + " head; unset: PEFT's default for the architecture (GPT-2 c_attn; Llama/Qwen2 q_proj,v_proj).")
        String loraTargetModules,
        @Setting(name = "lora_modules_to_save", defaultValue = "null",
                pattern = "[A-Za-z0-9_.\\-]+(,[A-Za-z0-9_.\\-]+)*", rule = "must be module names separated by commas",
                help = "Modules trained in full beside the adapter and saved in it (embed_tokens, norm, lm_head when"
                        + " untied), comma-separated.")
        String loraModulesToSave,
        @Setting(name = "use_rslora", defaultValue = "false",
                help = "Rank-stabilised LoRA: scale by lora_alpha / sqrt(lora_r) instead of lora_alpha / lora_r.")
        boolean useRslora) {
}
