package dev.cpotoolkit.train;

import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.LoraAdapter;
import dev.cpotoolkit.model.lora.LoraConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts the adapter a run trains onto its model, and says in the run's settings
 * what that adapter is. With {@code use_peft} a model without an adapter gets a
 * fresh one from the {@code lora_*} settings; a model that already carries one
 * (loaded with {@link CausalLM#loadAdapter}, ALMA-R's continue-an-adapter
 * workflow) keeps training it, and the run's settings are rewritten to
 * describe it, so {@code cpo_config.json} replays the run and a resume
 * rebuilds the same adapter.
 */
final class LoraSetup {

    private LoraSetup() {}

    /**
     * @return the settings the run trains with: {@code config} itself for a run
     *     without LoRA, else {@code config} describing the model's adapter
     * @throws IllegalArgumentException when {@code use_peft} asks for another adapter than the one
     *     the model carries
     */
    static CPOConfig prepare(CausalLM model, CPOConfig config) {
        LoraAdapter adapter = model.adapter().orElse(null);
        if (adapter == null) {
            if (!config.usePeft()) {
                return config;
            }
            model.addLora(config.loraConfig(), config.seed());
            return config;
        }
        LoraConfig carried = adapter.config();
        if (config.usePeft()) {
            List<String> differences = differences(config.loraConfig(), carried);
            if (!differences.isEmpty()) {
                throw new IllegalArgumentException("the model already carries a LoRA adapter (" + adapter
                        + "), but use_peft with these settings asks for another: " + String.join("; ", differences)
                        + ". To keep training the loaded adapter, leave use_peft off or match its"
                        + " adapter_config.json; to start a new one on top, merge the loaded one first"
                        + " (model.mergeAdapter(), ./cpo merge)");
            }
        }
        CPOConfig.Builder described = config.toBuilder()
                .usePeft(true)
                .loraR(carried.r())
                .loraAlpha(decimal(carried.alpha()))
                .loraDropout(decimal(carried.dropout()))
                .useRslora(carried.useRslora())
                .loraModulesToSave(carried.modulesToSave().isEmpty() ? null : String.join(",", carried.modulesToSave()));
        if (carried.targetRegex() == null) {
            described.loraTargetModules(carried.targetModules().isEmpty() ? null
                    : String.join(",", carried.targetModules()));
        }
        return described.build();
    }

    /** A float as the decimal it was written as (0.05, not 0.05000000074505806). */
    private static double decimal(float value) {
        return Double.parseDouble(Float.toString(value));
    }

    /** What {@code wanted} sets otherwise than {@code carried}, in words. */
    static List<String> differences(LoraConfig wanted, LoraConfig carried) {
        List<String> out = new ArrayList<>();
        if (wanted.r() != carried.r()) {
            out.add("lora_r " + wanted.r() + " vs the adapter's r " + carried.r());
        }
        if (wanted.alpha() != carried.alpha()) {
            out.add("lora_alpha " + wanted.alpha() + " vs " + carried.alpha());
        }
        if (wanted.useRslora() != carried.useRslora()) {
            out.add("use_rslora " + wanted.useRslora() + " vs " + carried.useRslora());
        }
        if (!wanted.targetModules().isEmpty() && !wanted.targetModules().equals(carried.targetModules())) {
            out.add("lora_target_modules " + wanted.targetModules() + " vs "
                    + (carried.targetRegex() != null ? carried.targetRegex() : carried.targetModules()));
        }
        if (!wanted.modulesToSave().equals(carried.modulesToSave())) {
            out.add("lora_modules_to_save " + wanted.modulesToSave() + " vs " + carried.modulesToSave());
        }
        return out;
    }
}
