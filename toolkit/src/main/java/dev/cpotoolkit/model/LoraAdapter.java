package dev.cpotoolkit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.cpotoolkit.model.checkpoint.CheckpointException;
import dev.cpotoolkit.model.checkpoint.FloatTensor;
import dev.cpotoolkit.model.checkpoint.SafetensorsFile;
import dev.cpotoolkit.model.checkpoint.SafetensorsWriter;
import dev.cpotoolkit.model.checkpoint.TensorInfo;
import dev.cpotoolkit.model.layers.LoraLayer;
import dev.cpotoolkit.model.layers.ModuleBlock;
import dev.cpotoolkit.model.layers.Projection;
import dev.cpotoolkit.model.lora.AdapterConfigFile;
import dev.cpotoolkit.model.lora.LoraConfig;
import dev.cpotoolkit.model.lora.LoraTargets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A LoRA adapter attached to a {@link CausalLM}, as PEFT's {@code PeftModel}
 * holds one: the adapted projections carry {@code lora_A}/{@code lora_B},
 * every base weight is frozen (no gradient, no optimizer state) except those
 * of {@code modules_to_save}, which train in full.
 *
 * <p>On disk it is a PEFT adapter folder: {@code adapter_config.json} and
 * {@code adapter_model.safetensors}, tensors named
 * {@code base_model.model.<module>.lora_A.weight} (r, in) and
 * {@code .lora_B.weight} (out, r), and
 * {@code base_model.model.<module>.<parameter>} for modules trained in full.
 * PEFT loads such a folder with {@code PeftModel.from_pretrained(base, folder)}.
 *
 * <pre>{@code
 * CausalLM model = CausalLM.load(Path.of("models/Qwen2.5-0.5B"));
 * LoraAdapter lora = model.addLora(LoraConfig.builder().r(16).targetModules("all-linear").build(), 42);
 * ... train ...
 * lora.save(Path.of("runs/lora/final"));          // the adapter alone: a few MB
 * model.mergeAdapter().save(Path.of("merged"));    // or a plain model with the update folded in
 * }</pre>
 */
public final class LoraAdapter {

    /** The weights file of an adapter folder. */
    public static final String WEIGHTS_FILE = "adapter_model.safetensors";

    /** PEFT's prefix on every tensor name: the PeftModel's base_model, then the LoRA model's model. */
    static final String PREFIX = "base_model.model.";

    private final LoraConfig config;
    private final LoraTargets targets;
    private final String modelType;
    private final Map<String, Parameter> parameters;
    private final Set<String> savedParameterNames;
    private String baseModelNameOrPath;

    private LoraAdapter(LoraConfig config, LoraTargets targets, String modelType, Map<String, Parameter> parameters,
                        Set<String> savedParameterNames, String baseModelNameOrPath) {
        this.config = config;
        this.targets = targets;
        this.modelType = modelType;
        this.parameters = Collections.unmodifiableMap(parameters);
        this.savedParameterNames = Set.copyOf(savedParameterNames);
        this.baseModelNameOrPath = baseModelNameOrPath;
    }

    // ----------------------------------------------------------------- creation

    /** A fresh adapter: A Kaiming-uniform (seeded by {@code seed} and each tensor's name), B zero. */
    static LoraAdapter attach(CausalLM model, LoraConfig config, long seed) {
        LoraTargets targets = resolve(model, config, null);
        ModuleBlock.Initializer init = ModuleBlock.Initializer.seeded(seed, 0.02);
        return install(model, config, targets, model.sourceFolder().map(Path::toString).orElse(null), init);
    }

    /**
     * The adapter in {@code folder}, on this model, every name and shape
     * checked before anything is attached.
     */
    static LoraAdapter load(CausalLM model, Path folder) {
        AdapterConfigFile.Contents contents = AdapterConfigFile.read(folder);
        LoraTargets targets = resolve(model, contents.config(), folder.resolve(AdapterConfigFile.FILE_NAME));
        Path weightsFile = weightsFile(folder);
        try (SafetensorsFile weights = SafetensorsFile.open(weightsFile)) {
            Map<String, Shape> expected = expectedTensors(model, contents.config(), targets);
            check(weightsFile, weights, expected, contents.config(), model.config().modelType());
            ModuleBlock.Initializer fromFile = (name, shape, init) -> weights.readFloats(PREFIX + name);
            LoraAdapter adapter = install(model, contents.config(), targets, contents.baseModelNameOrPath(), fromFile);
            // Modules trained in full start from the adapter's copy, as PEFT's modules_to_save do.
            Map<String, Parameter> saved = new LinkedHashMap<>(adapter.parameters);
            saved.keySet().retainAll(adapter.savedParameterNames);
            copyInto(saved, weights);
            return adapter;
        }
    }

    private static Path weightsFile(Path folder) {
        Path file = folder.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(file)) {
            boolean pickle = Files.isRegularFile(folder.resolve("adapter_model.bin"));
            throw new CheckpointException(folder, "no " + WEIGHTS_FILE + (pickle
                    ? "; adapter_model.bin is a Python pickle, which is not read here: save the adapter with"
                    + " safe_serialization=True (PEFT's default) or convert it to safetensors"
                    : ""));
        }
        return file;
    }

    private static LoraTargets resolve(CausalLM model, LoraConfig config, Path configFile) {
        Map<String, ModuleBlock> modules = new LinkedHashMap<>();
        ((ModuleBlock) model.block()).collectModules("", modules);
        try {
            return LoraTargets.resolve(modules, config, model.config().modelType(), model.config().tieWordEmbeddings());
        } catch (IllegalArgumentException bad) {
            if (configFile == null) {
                throw bad;
            }
            throw new CheckpointException(configFile, bad.getMessage().replace("lora_target_modules", "'target_modules'")
                    .replace("lora_modules_to_save", "'modules_to_save'"), bad);
        }
    }

    /** Every tensor an adapter file must hold for these targets, by name without PEFT's prefix. */
    private static Map<String, Shape> expectedTensors(CausalLM model, LoraConfig config, LoraTargets targets) {
        Map<String, Shape> expected = new LinkedHashMap<>();
        targets.adapted().forEach((name, projection) -> {
            expected.put(name + ".lora_A.weight", new Shape(config.r(), projection.inFeatures()));
            expected.put(name + ".lora_B.weight", new Shape(projection.outFeatures(), config.r()));
        });
        for (String module : targets.saved().keySet()) {
            model.baseParameters().forEach((name, parameter) -> {
                if (name.startsWith(module + ".")) {
                    expected.put(name, parameter.getArray().getShape());
                }
            });
        }
        return expected;
    }

    private static void check(Path file, SafetensorsFile weights, Map<String, Shape> expected, LoraConfig config,
                              String modelType) {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Shape> entry : expected.entrySet()) {
            String stored = PREFIX + entry.getKey();
            if (!weights.contains(stored)) {
                missing.add(stored);
                continue;
            }
            TensorInfo info = weights.info(stored);
            if (!Arrays.equals(info.shape(), entry.getValue().getShape())) {
                throw new CheckpointException(file, "tensor '" + stored + "' has shape " + Arrays.toString(info.shape())
                        + ", but r=" + config.r() + " on this " + modelType + " model needs " + entry.getValue());
            }
            if (!info.dtype().isFloating()) {
                throw new CheckpointException(file, "tensor '" + stored + "' is " + info.dtype() + ", not a floating type");
            }
        }
        if (!missing.isEmpty()) {
            throw new CheckpointException(file, "missing tensor" + (missing.size() > 1 ? "s " : " ")
                    + ModelSizeCheck.capped(missing) + " (adapter_config.json lists these modules)");
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : weights.names()) {
            if (!name.startsWith(PREFIX) || !expected.containsKey(name.substring(PREFIX.length()))) {
                unexpected.add(name);
            }
        }
        if (!unexpected.isEmpty()) {
            String hint = unexpected.stream().anyMatch(n -> n.contains("lora_magnitude_vector"))
                    ? " (a DoRA magnitude vector: DoRA is not supported)"
                    : unexpected.stream().anyMatch(n -> n.contains("lora_embedding_"))
                    ? " (LoRA on an embedding: not supported)"
                    : " (not a LoRA matrix of a module adapter_config.json targets)";
            throw new CheckpointException(file, "unexpected tensor" + (unexpected.size() > 1 ? "s " : " ")
                    + ModelSizeCheck.capped(unexpected) + hint);
        }
    }

    /** Attaches the matrices, fills them from {@code values} (names without prefix), freezes the base. */
    private static LoraAdapter install(CausalLM model, LoraConfig config, LoraTargets targets, String baseName,
                                       ModuleBlock.Initializer values) {
        Map<String, Parameter> trainable = new LinkedHashMap<>();
        List<Projection> attached = new ArrayList<>();
        try (GradMode.Scope ignored = GradMode.set(false)) {
            for (Map.Entry<String, Projection> target : targets.adapted().entrySet()) {
                String module = target.getKey();
                LoraLayer layer = target.getValue().attachLora(config.r(), config.scaling(), config.dropout());
                attached.add(target.getValue());
                layer.materialize(model.manager(), (name, shape, init) -> values.values(module + "." + name, shape, init));
                trainable.put(module + ".lora_A.weight", layer.loraA().weight());
                trainable.put(module + ".lora_B.weight", layer.loraB().weight());
            }
        } catch (RuntimeException | Error failure) {
            attached.forEach(LoraAdapter::detach);
            throw failure;
        }
        Set<String> saved = new LinkedHashSet<>();
        model.baseParameters().forEach((name, parameter) -> {
            boolean full = targets.saved().keySet().stream().anyMatch(module -> name.startsWith(module + "."));
            parameter.freeze(!full);
            if (full) {
                trainable.put(name, parameter);
                saved.add(name);
            }
        });
        return new LoraAdapter(config, targets, model.config().modelType(), trainable, saved, baseName);
    }

    /**
     * Copies each of {@code parameters} from {@code weights} (under PEFT's
     * prefix) into the parameter's own storage, names and shapes already checked.
     */
    private static void copyInto(Map<String, Parameter> parameters, SafetensorsFile weights) {
        try (GradMode.Scope ignored = GradMode.set(false)) {
            for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
                NDArray weight = entry.getValue().getArray();
                try (NDArray loaded = weight.getManager().create(weights.readFloats(PREFIX + entry.getKey()),
                        weight.getShape())) {
                    weight.set(new ai.djl.ndarray.index.NDIndex("..."), loaded);
                }
            }
        }
    }

    // ------------------------------------------------------------------ reading

    /** The LoRA shape: rank, alpha, dropout, targets, modules trained in full. */
    public LoraConfig config() {
        return config;
    }

    /** The adapted projections' full module names, in model order. */
    public List<String> adaptedModules() {
        return List.copyOf(targets.adapted().keySet());
    }

    /** The modules trained in full ({@code modules_to_save}), by full name. */
    public List<String> modulesToSave() {
        return List.copyOf(targets.saved().keySet());
    }

    /** The trainable parameters (LoRA matrices, then modules trained in full) by Hugging Face name. */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** Trainable scalars: what the optimizer updates and the adapter file holds. */
    public long parameterCount() {
        long total = 0;
        for (Parameter parameter : parameters.values()) {
            total += parameter.getArray().getShape().size();
        }
        return total;
    }

    /** The base model recorded in {@code adapter_config.json} ({@code base_model_name_or_path}), or null. */
    public String baseModelNameOrPath() {
        return baseModelNameOrPath;
    }

    /** Sets what {@link #save} records as {@code base_model_name_or_path} (a Hub id, say). */
    public LoraAdapter baseModelNameOrPath(String nameOrPath) {
        this.baseModelNameOrPath = nameOrPath;
        return this;
    }

    // ------------------------------------------------------------------ writing

    /** Writes the adapter folder: {@code adapter_config.json} and {@code adapter_model.safetensors}, PEFT's names. */
    public void save(Path folder) {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        parameters.forEach((name, parameter) -> {
            NDArray array = parameter.getArray();
            tensors.put(PREFIX + name, new FloatTensor(array.getShape().getShape(), array.toFloatArray()));
        });
        SafetensorsWriter.write(folder.resolve(WEIGHTS_FILE), tensors, Map.of("format", "pt"));
        AdapterConfigFile.write(folder, config, targets.targetList(), baseModelNameOrPath, modelType.equals("gpt2"));
    }

    /**
     * Copies the weights of another folder of this same adapter into this one
     * (resuming a run): every name and shape is checked first.
     *
     * @throws CheckpointException naming the file and tensor when the folder holds another adapter
     */
    public void loadWeights(Path folder) {
        Path file = weightsFile(folder);
        try (SafetensorsFile weights = SafetensorsFile.open(file)) {
            Map<String, Shape> expected = new LinkedHashMap<>();
            parameters.forEach((name, parameter) -> expected.put(name, parameter.getArray().getShape()));
            check(file, weights, expected, config, modelType);
            copyInto(parameters, weights);
        }
    }

    /**
     * The merged value of a base parameter: {@code W + scaling · B A} for an
     * adapted projection's weight, null for any other (caller closes the result).
     */
    NDArray mergedWeight(String parameterName, Parameter parameter) {
        if (!parameterName.endsWith(".weight")) {
            return null;
        }
        Projection projection = targets.adapted().get(parameterName.substring(0, parameterName.length() - 7));
        if (projection == null || projection.weight() != parameter) {
            return null;
        }
        try (GradMode.Scope ignored = GradMode.set(false); NDArray delta = projection.lora().orElseThrow().delta()) {
            return parameter.getArray().add(delta);
        }
    }

    /** Folds every update into its base weight, detaches the matrices and unfreezes the base. */
    void merge(CausalLM model) {
        try (GradMode.Scope ignored = GradMode.set(false)) {
            for (Projection projection : targets.adapted().values()) {
                try (NDArray delta = projection.lora().orElseThrow().delta()) {
                    projection.weight().getArray().addi(delta);
                }
                detach(projection);
            }
        }
        model.baseParameters().values().forEach(p -> p.freeze(false));
    }

    private static void detach(Projection projection) {
        projection.lora().ifPresent(layer -> {
            projection.detachLora();
            for (Parameter parameter : List.of(layer.loraA().weight(), layer.loraB().weight())) {
                if (parameter.isInitialized()) {
                    parameter.getArray().close();
                }
            }
        });
    }

    @Override
    public String toString() {
        return "LoraAdapter[r=" + config.r() + ", alpha=" + config.alpha() + ", " + targets.adapted().size()
                + " modules, " + parameterCount() + " trainable parameters]";
    }
}
