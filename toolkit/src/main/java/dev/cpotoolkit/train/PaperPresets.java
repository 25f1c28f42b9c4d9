package dev.cpotoolkit.train;

import dev.cpotoolkit.util.EditDistance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The papers' own settings as named starting points: {@code cpo} (ALMA-R, Xu
 * et al. 2024), {@code simpo} (Meng et al. 2024) and {@code alphapo} (Gupta et
 * al. 2025, from TRL's paper index). Each is a {@link CPOConfig.Builder} at
 * TRL's defaults with the paper's values set on top, every one recorded with
 * its source as its origin ({@code "preset simpo (SimPO: ...)"}), so later
 * calls, files and flags can still change any of them.
 *
 * <p>The values are the ones each paper's released training script or TRL's
 * paper index gives, batch shapes included; they were tuned on 7B-13B models,
 * so on the tiny preset they are a reference point, not a recipe that learns.
 * LoRA ({@code use_peft}) and bf16, which the CPO and SimPO runs also used,
 * are model and precision choices and are left to the caller.
 */
final class PaperPresets {

    /** A preset: where its numbers come from, and the numbers by TRL's key. */
    record Preset(String name, String source, Map<String, Object> values) {}

    private static final Map<String, Preset> PRESETS = new LinkedHashMap<>();

    static {
        // fe1ixxu/ALMA, runs/cpo_ft.sh: ALMA-13B-R, CPO on ALMA-R-Preference.
        add("cpo", "CPO paper, ALMA-R's runs/cpo_ft.sh", Map.ofEntries(
                Map.entry("loss_type", "sigmoid"), Map.entry("beta", 0.1), Map.entry("cpo_alpha", 1.0),
                Map.entry("learning_rate", 1e-4), Map.entry("weight_decay", 0.01),
                Map.entry("lr_scheduler_type", "inverse_sqrt"), Map.entry("warmup_ratio", 0.01),
                Map.entry("per_device_train_batch_size", 2), Map.entry("gradient_accumulation_steps", 1),
                Map.entry("num_train_epochs", 1.0), Map.entry("seed", 42),
                // max_source_length 256 and max_new_tokens 256 in ALMA's script
                Map.entry("max_prompt_length", 256), Map.entry("max_length", 512)));
        // princeton-nlp/SimPO, training_configs/llama-3-8b-instruct-simpo-v2.yaml; TRL: pure SimPO has cpo_alpha 0.
        add("simpo", "SimPO paper, llama-3-8b-instruct-simpo-v2.yaml", Map.ofEntries(
                Map.entry("loss_type", "simpo"), Map.entry("cpo_alpha", 0.0), Map.entry("beta", 10.0),
                Map.entry("gamma_beta_ratio", 0.3), Map.entry("learning_rate", 1e-6),
                Map.entry("lr_scheduler_type", "cosine"), Map.entry("warmup_ratio", 0.1),
                Map.entry("num_train_epochs", 1.0), Map.entry("per_device_train_batch_size", 2),
                Map.entry("gradient_accumulation_steps", 16), Map.entry("max_length", 2048),
                Map.entry("max_prompt_length", 1800), Map.entry("seed", 42)));
        // TRL's paper index, "AlphaPO -- Reward shape matters": Mistral-Instruct, Table 3 of the paper.
        add("alphapo", "AlphaPO paper, Table 3 (Mistral-Instruct), via TRL's paper index", Map.ofEntries(
                Map.entry("loss_type", "alphapo"), Map.entry("alpha", 0.25), Map.entry("beta", 2.5),
                Map.entry("simpo_gamma", 0.1), Map.entry("learning_rate", 7e-7)));
    }

    private PaperPresets() {}

    private static void add(String name, String source, Map<String, Object> values) {
        PRESETS.put(name, new Preset(name, source, values));
    }

    /** The preset names, in the order above. */
    static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }

    /**
     * A builder at TRL's defaults with {@code name}'s values set.
     *
     * @throws IllegalArgumentException for an unknown name, suggesting the nearest
     */
    static CPOConfig.Builder builder(String name) {
        return applyTo(CPOConfig.builder(), name);
    }

    /** Sets {@code name}'s values on {@code builder}, each with the preset as its origin. */
    static CPOConfig.Builder applyTo(CPOConfig.Builder builder, String name) {
        Preset preset = find(name);
        String origin = "preset " + preset.name() + " (" + preset.source() + ")";
        // Declaration order, so a note or error lists them as a file would.
        for (String key : CPOConfig.SCHEMA.keys()) {
            if (preset.values().containsKey(key)) {
                builder.set(key, preset.values().get(key), origin);
            }
        }
        return builder;
    }

    private static Preset find(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        Preset preset = PRESETS.get(key);
        if (preset != null) {
            return preset;
        }
        String nearest = null;
        int best = Integer.MAX_VALUE;
        for (String known : PRESETS.keySet()) {
            int distance = EditDistance.between(key, known);
            if (distance < best) {
                best = distance;
                nearest = known;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "'"
                + (best <= 3 ? "; did you mean '" + nearest + "'?" : "") + " Presets: " + String.join(", ", names()));
    }
}
