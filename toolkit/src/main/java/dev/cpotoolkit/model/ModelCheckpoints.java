package dev.cpotoolkit.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.cpotoolkit.model.checkpoint.AtomicFiles;
import dev.cpotoolkit.model.checkpoint.CheckpointException;
import dev.cpotoolkit.model.checkpoint.FloatTensor;
import dev.cpotoolkit.model.checkpoint.SafetensorsDType;
import dev.cpotoolkit.model.checkpoint.ShardedSafetensorsWriter;
import dev.cpotoolkit.model.checkpoint.TensorInfo;
import dev.cpotoolkit.model.checkpoint.WeightSource;
import dev.cpotoolkit.model.layers.ModuleBlock;
import dev.cpotoolkit.runtime.TorchRuntime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading and writing Hugging Face model folders. Every check (names, shapes)
 * runs in Java against the safetensors headers before any native memory is
 * allocated, so a bad checkpoint is a {@link CheckpointException}, never a
 * crashed JVM.
 */
final class ModelCheckpoints {

    /** Tokenizer and generation files copied alongside the weights when saving. */
    static final List<String> SIDE_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "added_tokens.json", "vocab.json", "merges.txt", "tokenizer.model",
            "generation_config.json", "chat_template.jinja", "chat_template.json");

    /** The folder of named chat templates ({@code <name>.jinja}) beside {@code chat_template.jinja}. */
    static final String ADDITIONAL_CHAT_TEMPLATES = "additional_chat_templates";

    private ModelCheckpoints() {}

    static CausalLM load(Path folder, Device device) {
        ModelConfig config = ModelConfig.load(folder.resolve("config.json"));
        try (WeightSource weights = WeightSource.open(folder)) {
            // Before building: the block follows the config's sizes however absurd they are.
            ModelSizeCheck.againstWeights(config, weights, name -> ignorable(name, config));
            CausalLMBlock block = CausalLM.newBlock(config);
            Map<String, String> names = resolve(block, weights);
            return build(block, device, folder, (name, shape, init) -> weights.readFloats(names.get(name)));
        }
    }

    /** Builds a model with weights from {@code init} rather than a file, within the size bound. */
    static CausalLM build(ModelConfig config, Device device, Path source, ModuleBlock.Initializer init) {
        ModelSizeCheck.withoutWeights(config);
        return build(CausalLM.newBlock(config), device, source, init);
    }

    private static CausalLM build(CausalLMBlock block, Device device, Path source, ModuleBlock.Initializer init) {
        TorchRuntime.checkDevice(device);
        NDManager manager = TorchRuntime.engine().newBaseManager(device);
        try (GradMode.Scope ignored = GradMode.set(false)) {
            block.materialize(manager, init);
            return new CausalLM(block, manager, device, source);
        } catch (RuntimeException failure) {
            manager.close();
            throw failure;
        }
    }

    static void copyInto(CausalLM model, WeightSource weights) {
        Map<String, String> names = resolve((CausalLMBlock) model.block(), weights, model.baseParameters().keySet());
        // Writing into leaves that require gradients is only allowed with recording off.
        try (GradMode.Scope ignored = GradMode.set(false)) {
            for (Map.Entry<String, Parameter> entry : model.baseParameters().entrySet()) {
                NDArray weight = entry.getValue().getArray();
                // Copy into the parameter's own storage: NDArray.set(float[]) would instead repoint it at
                // a Java direct buffer that only this handle keeps alive (see ModuleBlock.materialize).
                try (NDArray loaded = weight.getManager().create(weights.readFloats(names.get(entry.getKey())),
                        weight.getShape())) {
                    weight.set(new NDIndex("..."), loaded);
                }
            }
        }
    }

    /**
     * Maps each parameter name to the tensor name in the checkpoint, checking
     * that every parameter is present with its shape and nothing else is.
     * Accepts the two variants real checkpoints have: names without the base
     * model prefix ({@code h.0.attn...} for {@code transformer.h.0.attn...},
     * as GPT-2 on the Hub is stored), and persistent copies of buffers that
     * are recomputed here (GPT-2's {@code attn.bias}/{@code attn.masked_bias},
     * rotary {@code inv_freq}), plus a stored {@code lm_head.weight} in a tied
     * model, which Hugging Face also ignores.
     */
    static Map<String, String> resolve(CausalLMBlock block, WeightSource weights) {
        return resolve(block, weights, null);
    }

    /**
     * {@link #resolve(CausalLMBlock, WeightSource)} for the parameters named in
     * {@code base} only (null: all): an attached LoRA adapter's matrices are not
     * the base checkpoint's business.
     */
    static Map<String, String> resolve(CausalLMBlock block, WeightSource weights, java.util.Set<String> base) {
        Map<String, ModuleBlock.Declared> declared = new LinkedHashMap<>();
        block.collectParameters("", declared);
        if (base != null) {
            declared.keySet().retainAll(base);
        }
        String prefix = block.config().modelType().equals("gpt2") ? "transformer." : "model.";
        Path file = describe(weights);
        Map<String, String> resolved = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, ModuleBlock.Declared> entry : declared.entrySet()) {
            String name = entry.getKey();
            String stored = weights.contains(name) ? name
                    : name.startsWith(prefix) && weights.contains(name.substring(prefix.length()))
                    ? name.substring(prefix.length()) : null;
            if (stored == null) {
                missing.add(name + " " + entry.getValue().shape());
                continue;
            }
            TensorInfo info = weights.info(stored);
            Shape expected = entry.getValue().shape();
            if (!Arrays.equals(info.shape(), expected.getShape())) {
                throw new CheckpointException(file, "tensor '" + stored + "' has shape " + Arrays.toString(info.shape())
                        + " but " + block.config().modelType() + " config expects " + expected);
            }
            if (!info.dtype().isFloating()) {
                throw new CheckpointException(file, "tensor '" + stored + "' is " + info.dtype()
                        + ", not a floating type");
            }
            resolved.put(name, stored);
        }
        if (!missing.isEmpty()) {
            throw new CheckpointException(file, "missing tensor" + (missing.size() > 1 ? "s " : " ")
                    + ModelSizeCheck.capped(missing));
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : weights.names()) {
            if (!resolved.containsValue(name) && !ignorable(name, block.config())) {
                unexpected.add(name);
            }
        }
        if (!unexpected.isEmpty()) {
            throw new CheckpointException(file, "unexpected tensor" + (unexpected.size() > 1 ? "s " : " ")
                    + ModelSizeCheck.capped(unexpected) + " (not a parameter of this " + block.config().modelType()
                    + " model)");
        }
        return resolved;
    }

    private static boolean ignorable(String name, ModelConfig config) {
        return name.endsWith(".attn.bias") && config.modelType().equals("gpt2")
                || name.endsWith(".attn.masked_bias")
                || name.endsWith("rotary_emb.inv_freq")
                || name.equals("lm_head.weight") && config.tieWordEmbeddings();
    }

    private static Path describe(WeightSource weights) {
        return weights.files().size() == 1 ? weights.files().get(0)
                : weights.folder().resolve(WeightSource.INDEX_FILE);
    }

    static void save(CausalLM model, Path folder, long maxShardBytes, SafetensorsDType dtype) {
        if (dtype == null || !dtype.isWritable()) {
            // Checked before anything is written, so a bad choice leaves the folder as it was.
            throw new IllegalArgumentException("weights can be saved as F32, BF16 or F16, not " + dtype);
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException failure) {
            throw new CheckpointException(folder, "cannot create folder: " + failure.getMessage(), failure);
        }
        JsonObject json = model.config().toJson();
        // The type the weights are written in, whatever the source stored; transformers reads it
        // for torch_dtype="auto".
        json.add("torch_dtype", new JsonPrimitive(dtype.torchName()));
        String configText = ModelConfig.fromJson(json, null).toJsonString() + "\n";
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> entry : model.baseParameters().entrySet()) {
            NDArray array = entry.getValue().getArray();
            NDArray merged = model.adapter().map(a -> a.mergedWeight(entry.getKey(), entry.getValue())).orElse(null);
            if (merged != null) {
                try (merged) {
                    tensors.put(entry.getKey(), new FloatTensor(array.getShape().getShape(), merged.toFloatArray()));
                }
                continue;
            }
            tensors.put(entry.getKey(), new FloatTensor(array.getShape().getShape(), array.toFloatArray()));
        }
        // One model.safetensors when it fits, else transformers' shards plus model.safetensors.index.json.
        ShardedSafetensorsWriter.write(folder, tensors, maxShardBytes, Map.of("format", "pt"), dtype);
        Path configFile = folder.resolve("config.json");
        try {
            Path temp = AtomicFiles.createTempFile(folder, "config", ".json.tmp");
            Files.writeString(temp, configText, StandardCharsets.UTF_8);
            Files.move(temp, configFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException failure) {
            throw new CheckpointException(configFile, "cannot write: " + failure.getMessage(), failure);
        }
        model.sourceFolder().ifPresent(source -> copySideFiles(source, folder));
    }

    static void copySideFiles(Path source, Path target) {
        List<String> names = new java.util.ArrayList<>(SIDE_FILES);
        // Named chat templates transformers keeps beside chat_template.jinja.
        Path named = source.resolve(ADDITIONAL_CHAT_TEMPLATES);
        if (Files.isDirectory(named)) {
            try (var files = Files.list(named)) {
                files.filter(f -> f.getFileName().toString().endsWith(".jinja")).sorted()
                        .forEach(f -> names.add(ADDITIONAL_CHAT_TEMPLATES + "/" + f.getFileName()));
            } catch (IOException failure) {
                throw new CheckpointException(named, "cannot list: " + failure.getMessage(), failure);
            }
        }
        for (String name : names) {
            Path from = source.resolve(name);
            Path to = target.resolve(name);
            try {
                if (Files.isRegularFile(from) && !(Files.exists(to) && Files.isSameFile(from, to))) {
                    Files.createDirectories(to.getParent());
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException failure) {
                throw new CheckpointException(to, "cannot copy " + from + ": " + failure.getMessage(), failure);
            }
        }
    }

    /** Seeded initialisation; see {@link ModuleBlock.Initializer#seeded}. */
    static ModuleBlock.Initializer seeded(long seed, double std) {
        return ModuleBlock.Initializer.seeded(seed, std);
    }
}
