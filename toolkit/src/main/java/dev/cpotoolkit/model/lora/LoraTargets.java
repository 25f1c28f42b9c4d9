package dev.cpotoolkit.model.lora;

import dev.cpotoolkit.model.layers.ModuleBlock;
import dev.cpotoolkit.model.layers.Projection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which modules of a model a {@link LoraConfig} adapts and which it trains in
 * full, found by PEFT's rules: a listed name matches a module whose full name
 * equals it or ends with {@code "." + name}; a regular expression must match
 * the whole name; {@code all-linear} means every linear layer but the output
 * head. Every failure names the setting, the name and what the model has.
 *
 * @param adapted    the projections to adapt, by full module name, in model order
 * @param saved      the modules trained in full ({@code modules_to_save}), by full name
 * @param targetList the target names as an adapter file records them (leaf names for
 *                   {@code all-linear}, as PEFT expands it), or null for a regex
 */
public record LoraTargets(Map<String, Projection> adapted, Map<String, ModuleBlock> saved, List<String> targetList) {

    /** The output head: PEFT's all-linear leaves it out, and the loss reads its weight directly. */
    static final String HEAD = "lm_head";

    /**
     * @param modules   every module of the model by full name ({@link ModuleBlock#collectModules})
     * @param modelType config.json's model_type, for the default targets
     * @param tied      whether the head is tied to the token embedding
     * @throws IllegalArgumentException naming the setting and the name that does not fit
     */
    public static LoraTargets resolve(Map<String, ModuleBlock> modules, LoraConfig config, String modelType, boolean tied) {
        Map<String, Projection> adapted = new LinkedHashMap<>();
        List<String> targetList;
        if (config.targetRegex() != null) {
            Pattern pattern = Pattern.compile(config.targetRegex());
            modules.forEach((name, module) -> {
                if (pattern.matcher(name).matches()) {
                    adapted.put(name, projection("lora_target_modules", config.targetRegex(), name, module, modelType, modules));
                }
            });
            if (adapted.isEmpty()) {
                throw new IllegalArgumentException("lora_target_modules: the pattern '" + config.targetRegex()
                        + "' matches no module of this " + modelType + " model; its linear layers are "
                        + linearLeaves(modules));
            }
            targetList = null;
        } else if (config.targetModules().size() == 1 && config.targetModules().get(0).equals(LoraConfig.ALL_LINEAR)) {
            modules.forEach((name, module) -> {
                if (module instanceof Projection p && !name.equals(HEAD)) {
                    adapted.put(name, p);
                }
            });
            targetList = List.copyOf(new TreeSet<>(adapted.keySet().stream().map(LoraTargets::leaf).toList()));
        } else {
            targetList = config.targetsFor(modelType);
            for (String target : targetList) {
                if (target.equals(LoraConfig.ALL_LINEAR)) {
                    throw new IllegalArgumentException("lora_target_modules: all-linear stands alone, not in a list"
                            + " with other names");
                }
                boolean found = false;
                for (Map.Entry<String, ModuleBlock> module : modules.entrySet()) {
                    if (matches(module.getKey(), target)) {
                        adapted.put(module.getKey(),
                                projection("lora_target_modules", target, module.getKey(), module.getValue(), modelType,
                                        modules));
                        found = true;
                    }
                }
                if (!found) {
                    throw new IllegalArgumentException("lora_target_modules: '" + target + "' matches no module of"
                            + " this " + modelType + " model; its linear layers are " + linearLeaves(modules));
                }
            }
            // Model order, whatever order the targets were listed in.
            Map<String, Projection> ordered = new LinkedHashMap<>();
            modules.forEach((name, module) -> {
                if (adapted.containsKey(name)) {
                    ordered.put(name, adapted.get(name));
                }
            });
            adapted.clear();
            adapted.putAll(ordered);
        }
        return new LoraTargets(adapted, saved(modules, config, modelType, tied, adapted), targetList);
    }

    private static Map<String, ModuleBlock> saved(Map<String, ModuleBlock> modules, LoraConfig config, String modelType,
                                                  boolean tied, Map<String, Projection> adapted) {
        Map<String, ModuleBlock> saved = new LinkedHashMap<>();
        for (String wanted : config.modulesToSave()) {
            boolean found = false;
            for (Map.Entry<String, ModuleBlock> module : modules.entrySet()) {
                if (matches(module.getKey(), wanted)) {
                    if (adapted.containsKey(module.getKey())) {
                        throw new IllegalArgumentException("lora_modules_to_save: '" + module.getKey() + "' is also a"
                                + " LoRA target; a module is either adapted or trained in full");
                    }
                    saved.put(module.getKey(), module.getValue());
                    found = true;
                }
            }
            if (!found) {
                String why = wanted.equals(HEAD) && tied
                        ? "; this model ties lm_head to the token embedding (tie_word_embeddings), so list the"
                        + " embedding (" + (modelType.equals("gpt2") ? "wte" : "embed_tokens") + ") to train both"
                        : "";
                throw new IllegalArgumentException("lora_modules_to_save: '" + wanted + "' matches no module of this "
                        + modelType + " model" + why);
            }
        }
        return saved;
    }

    /** PEFT's rule for a listed name: the full name, or its last dotted segments. */
    public static boolean matches(String moduleName, String target) {
        return moduleName.equals(target) || moduleName.endsWith("." + target);
    }

    private static Projection projection(String setting, String target, String name, ModuleBlock module,
                                         String modelType, Map<String, ModuleBlock> modules) {
        if (name.equals(HEAD)) {
            throw new IllegalArgumentException(setting + ": '" + target + "' selects lm_head, which LoRA does not adapt"
                    + " here (the loss reads the head's weight directly); list it in lora_modules_to_save to train it"
                    + " in full");
        }
        if (!(module instanceof Projection projection)) {
            throw new IllegalArgumentException(setting + ": '" + target + "' selects " + name + ", a "
                    + module.getClass().getSimpleName() + "; LoRA adapts linear layers only, and this " + modelType
                    + " model's are " + linearLeaves(modules));
        }
        return projection;
    }

    private static String leaf(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String linearLeaves(Map<String, ModuleBlock> modules) {
        List<String> leaves = new ArrayList<>(new TreeSet<>(modules.entrySet().stream()
                .filter(e -> e.getValue() instanceof Projection && !e.getKey().equals(HEAD))
                .map(e -> leaf(e.getKey())).toList()));
        return String.join(", ", leaves) + " (or all-linear)";
    }
}
