package dev.cpotoolkit.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.cpotoolkit.model.checkpoint.CheckpointException;
import dev.cpotoolkit.model.checkpoint.SafetensorsDType;
import dev.cpotoolkit.model.checkpoint.ShardedSafetensorsWriter;
import dev.cpotoolkit.model.checkpoint.WeightSource;
import dev.cpotoolkit.model.gpt2.Gpt2LMHeadModel;
import dev.cpotoolkit.model.layers.ForwardContext;
import dev.cpotoolkit.model.layers.KvCache;
import dev.cpotoolkit.model.layers.LayerCheckpoints;
import dev.cpotoolkit.model.layers.ModuleBlock;
import dev.cpotoolkit.model.llama.LlamaForCausalLM;
import dev.cpotoolkit.model.lora.LoraConfig;
import dev.cpotoolkit.runtime.TorchRuntime;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A causal language model: token ids and an attention mask in, next-token
 * logits out. Wraps one architecture's DJL block ({@link #block()}) together
 * with the manager that owns its weights, its device, and its train/eval mode.
 *
 * <p>Arrays: the weights live in this model's manager. Every array a forward
 * pass creates attaches to the manager of the input ids, so create inputs in a
 * per-step sub-manager and close it after the step; nothing accumulates in the
 * model's manager.
 *
 * <p>Gradients: {@link #forward(ForwardInput)} records the graph when the
 * calling thread's grad mode is on (a DJL {@code GradientCollector} opened on
 * this thread turns it on); {@link #forwardNoGrad(ForwardInput)} turns it off
 * for the call, whatever the thread was left with.
 *
 * <pre>{@code
 * try (CausalLM model = CausalLM.load(Path.of("models/SmolLM-135M"));
 *      NDManager step = model.manager().newSubManager()) {
 *     NDArray ids = step.create(new long[][] {{1, 22, 333}});
 *     NDArray logits = model.forwardNoGrad(ForwardInput.of(ids, ids.onesLike()));
 * }
 * }</pre>
 */
public final class CausalLM implements AutoCloseable {

    private final CausalLMBlock block;
    private final NDManager manager;
    private final Device device;
    private final Map<String, Parameter> baseParameters;
    private volatile Map<String, Parameter> namedParameters;
    private final Path sourceFolder;
    private LoraAdapter adapter;
    private volatile boolean training;
    private volatile boolean dropoutDisabled;
    /** The tape of the micro-batch being checkpointed, or null (see {@link #checkpointLayers()}). */
    private LayerCheckpoints checkpoints;

    CausalLM(CausalLMBlock block, NDManager manager, Device device, Path sourceFolder) {
        this.block = block;
        this.manager = manager;
        this.device = device;
        this.sourceFolder = sourceFolder;
        Map<String, ModuleBlock.Declared> declared = new LinkedHashMap<>();
        block.collectParameters("", declared);
        Map<String, Parameter> named = new LinkedHashMap<>();
        declared.forEach((name, d) -> named.put(name, d.parameter()));
        this.baseParameters = Collections.unmodifiableMap(named);
        this.namedParameters = baseParameters;
    }

    // ---------------------------------------------------------------- creation

    /** Builds the architecture named by {@code config.modelType()}, without weights. */
    static CausalLMBlock newBlock(ModelConfig config) {
        if (config instanceof Gpt2Config gpt2) {
            return new Gpt2LMHeadModel(gpt2);
        }
        return new LlamaForCausalLM((LlamaConfig) config);
    }

    /**
     * A freshly initialised model: matrices N(0, {@code initializer_range},
     * default 0.02), biases 0, norm gains 1. Deterministic: the same config and
     * seed give bit-identical weights on any machine, because each parameter
     * is drawn from its own Java generator seeded by {@code seed} and its name.
     */
    public static CausalLM fromConfig(ModelConfig config, long seed, Device device) {
        double std = config.toJson().has("initializer_range")
                ? config.toJson().get("initializer_range").getAsDouble() : 0.02;
        return ModelCheckpoints.build(config, device, null, ModelCheckpoints.seeded(seed, std));
    }

    /** {@link #fromConfig(ModelConfig, long, Device)} on the engine's default device. */
    public static CausalLM fromConfig(ModelConfig config, long seed) {
        return fromConfig(config, seed, TorchRuntime.engine().defaultDevice());
    }

    /**
     * Loads a Hugging Face model folder: {@code config.json} and
     * {@code model.safetensors} (or the sharded index). Weights stored as
     * BF16/F16 are widened to float32.
     *
     * @throws CheckpointException naming the file (and tensor) when the config is
     *     unsupported, a tensor is missing, unexpected, or has the wrong shape
     */
    public static CausalLM load(Path folder, Device device) {
        return ModelCheckpoints.load(folder, device);
    }

    /** {@link #load(Path, Device)} on the engine's default device. */
    public static CausalLM load(Path folder) {
        return load(folder, TorchRuntime.engine().defaultDevice());
    }

    /**
     * Saves a Hugging Face model folder: {@code config.json}, float32
     * {@code model.safetensors} (no {@code lm_head.weight} when tied), and the
     * tokenizer files of the folder this model was loaded from, if any. The
     * result loads back here and in Python {@code transformers}. With a LoRA
     * adapter attached the weights are written merged (the model stays as it
     * is): a plain model with this one's outputs; {@link #saveAdapter} writes
     * the adapter alone. {@link #save(Path, Path, SafetensorsDType)} writes
     * bfloat16 instead.
     */
    public void save(Path folder) {
        save(folder, null);
    }

    /**
     * Saves like {@link #save(Path)}, then copies the tokenizer files found in
     * {@code tokenizerFolder} (for a model built from a preset, which has no
     * source folder, next to a tokenizer loaded from elsewhere).
     */
    public void save(Path folder, Path tokenizerFolder) {
        save(folder, tokenizerFolder, ShardedSafetensorsWriter.DEFAULT_MAX_SHARD_BYTES);
    }

    /**
     * Saves with weights split into shards of at most {@code maxShardBytes}
     * ({@code model-00001-of-0000N.safetensors} plus
     * {@code model.safetensors.index.json}, as {@code transformers} does); one
     * {@code model.safetensors} when everything fits. The other overloads use
     * transformers' 5 GB default.
     */
    public void save(Path folder, Path tokenizerFolder, long maxShardBytes) {
        save(folder, tokenizerFolder, SafetensorsDType.F32, maxShardBytes);
    }

    /**
     * Saves like {@link #save(Path, Path)} with the weights stored as
     * {@code dtype}: {@link SafetensorsDType#BF16} (as Hub checkpoints usually
     * are, half the size of float32) or {@link SafetensorsDType#F16}, rounded to
     * nearest even bit for bit as PyTorch's {@code tensor.to(torch.bfloat16)}
     * rounds; {@code config.json} then says {@code "torch_dtype": "bfloat16"}
     * (or {@code "float16"}). The model in memory stays float32; loading the
     * folder back widens the rounded weights to float32. With a LoRA adapter
     * attached the merged weights are rounded, once.
     *
     * <pre>{@code
     * model.save(Path.of("out/merged"), null, SafetensorsDType.BF16);
     * }</pre>
     *
     * @param tokenizerFolder where to copy tokenizer files from, or null
     * @param dtype           F32, BF16 or F16
     * @throws IllegalArgumentException for any other {@code dtype}
     */
    public void save(Path folder, Path tokenizerFolder, SafetensorsDType dtype) {
        save(folder, tokenizerFolder, dtype, ShardedSafetensorsWriter.DEFAULT_MAX_SHARD_BYTES);
    }

    /**
     * Saves as {@code dtype} (see {@link #save(Path, Path, SafetensorsDType)})
     * in shards of at most {@code maxShardBytes} bytes of stored weights: BF16
     * and F16 take two bytes an element, so a model needs half the shards.
     */
    public void save(Path folder, Path tokenizerFolder, SafetensorsDType dtype, long maxShardBytes) {
        ModelCheckpoints.save(this, folder, maxShardBytes, dtype);
        if (tokenizerFolder != null) {
            ModelCheckpoints.copySideFiles(tokenizerFolder, folder);
        }
    }

    /**
     * Copies weights from {@code weights} into this model's parameters, in
     * place. All names and shapes are checked before anything is copied.
     *
     * @throws CheckpointException on a missing, unexpected or mis-shaped tensor
     */
    public void loadWeights(WeightSource weights) {
        ModelCheckpoints.copyInto(this, weights);
    }

    // -------------------------------------------------------------------- LoRA

    /**
     * Attaches a fresh LoRA adapter (PEFT's {@code get_peft_model}): the
     * targeted projections get {@code lora_A} (Kaiming-uniform, drawn from
     * {@code seed} and each tensor's name) and {@code lora_B} (zero), so the
     * model's output is unchanged until training moves B; every base weight is
     * frozen except those of {@code modules_to_save}.
     *
     * @throws IllegalArgumentException when a target or module to save does not fit this model
     * @throws IllegalStateException when an adapter is already attached
     */
    public LoraAdapter addLora(LoraConfig config, long seed) {
        requireNoAdapter();
        return installed(LoraAdapter.attach(this, config, seed));
    }

    /**
     * Attaches the PEFT adapter saved in {@code folder}
     * ({@code adapter_config.json}, {@code adapter_model.safetensors}), to
     * evaluate, generate or keep training it (PEFT's
     * {@code PeftModel.from_pretrained(base, folder, is_trainable=True)}).
     *
     * @throws CheckpointException naming the file (and tensor) for an adapter that does not fit
     *     this model or is not plain LoRA
     */
    public LoraAdapter loadAdapter(Path folder) {
        requireNoAdapter();
        return installed(LoraAdapter.load(this, folder));
    }

    /** The attached adapter, if any. */
    public Optional<LoraAdapter> adapter() {
        return Optional.ofNullable(adapter);
    }

    /**
     * Folds the adapter into the base weights ({@code W + scaling · B A}, PEFT's
     * {@code merge_and_unload}) and detaches it: the model is a plain model
     * again, all of it trainable, with the adapted model's outputs.
     *
     * @return this model
     * @throws IllegalStateException when no adapter is attached
     */
    public CausalLM mergeAdapter() {
        if (adapter == null) {
            throw new IllegalStateException("no LoRA adapter to merge: addLora or loadAdapter first");
        }
        adapter.merge(this);
        adapter = null;
        namedParameters = baseParameters;
        return this;
    }

    /**
     * Writes the attached adapter as a PEFT adapter folder, with the tokenizer
     * files of {@code tokenizerFolder} (or of the folder this model came
     * from) beside it, as PEFT's trainers do.
     *
     * @throws IllegalStateException when no adapter is attached
     */
    public void saveAdapter(Path folder, Path tokenizerFolder) {
        if (adapter == null) {
            throw new IllegalStateException("no LoRA adapter to save: addLora or loadAdapter first");
        }
        adapter.save(folder);
        Path side = tokenizerFolder != null ? tokenizerFolder : sourceFolder;
        if (side != null) {
            ModelCheckpoints.copySideFiles(side, folder);
        }
    }

    private void requireNoAdapter() {
        if (adapter != null) {
            throw new IllegalStateException("this model already has a LoRA adapter (" + adapter
                    + "); merge it (mergeAdapter) before adding another");
        }
    }

    private LoraAdapter installed(LoraAdapter attached) {
        adapter = attached;
        Map<String, Parameter> all = new LinkedHashMap<>(baseParameters);
        all.putAll(attached.parameters());
        namedParameters = Collections.unmodifiableMap(all);
        return attached;
    }

    // ----------------------------------------------------------------- forward

    /**
     * Logits for a right- (or left-) padded batch with default positions.
     *
     * @param inputIds      (B, T) INT64 token ids
     * @param attentionMask (B, T) 0/1, 1 for real tokens; null means no padding
     * @return (B, T, vocab_size) float32 logits, in {@code inputIds}' manager
     */
    public NDArray forward(NDArray inputIds, NDArray attentionMask) {
        return forward(ForwardInput.of(inputIds, attentionMask));
    }

    /**
     * Logits for a general input (explicit positions, full attention matrices).
     * Dropout is active in training mode unless disabled. The graph is recorded
     * iff this thread's grad mode is on.
     *
     * @return (B, T, vocab_size) float32 logits, in the input ids' manager
     */
    public NDArray forward(ForwardInput input) {
        Placed in = place(input);
        return block.forward(in.ctx(), in.ids(), in.positions(), in.allowed());
    }

    /**
     * The final hidden states for a general input, before the LM head: with
     * {@link #lmHeadWeight()} a loss can compute logits only where it needs
     * them, or in chunks ({@link LeanLogProbs}). Same rules as
     * {@link #forward(ForwardInput)}.
     *
     * @return (B, T, hidden_size) float32, in the input ids' manager
     */
    public NDArray hiddenStates(ForwardInput input) {
        Placed in = place(input);
        return block.hiddenStates(in.ctx(), in.ids(), in.positions(), in.allowed());
    }

    /**
     * Checkpoints the decoder layers of the forward passes that follow, until
     * the returned tape is closed (Hugging Face's {@code gradient_checkpointing}):
     * passes that record gradients keep each layer's input only, and
     * {@link LayerCheckpoints#backward} recomputes the layers after the loss's
     * own backward. Passes without gradients are unaffected.
     *
     * <pre>{@code
     * try (GradientCollector collector = engine.newGradientCollector();
     *      LayerCheckpoints tape = model.checkpointLayers()) {
     *     NDArray loss = ...;               // forward through the model
     *     collector.backward(loss);         // reaches the last layer's output
     *     tape.backward(collector);         // recomputes each layer, last first
     * }
     * }</pre>
     */
    public LayerCheckpoints checkpointLayers() {
        return checkpointLayers(false);
    }

    /** {@link #checkpointLayers()}, optionally checking that each recomputation replays its forward exactly. */
    public LayerCheckpoints checkpointLayers(boolean verifyReplay) {
        if (checkpoints != null) {
            throw new IllegalStateException("this model's layers are already being checkpointed");
        }
        checkpoints = new LayerCheckpoints(verifyReplay, () -> checkpoints = null);
        return checkpoints;
    }

    /** An uncached input moved to the model's device, checked, with positions and the attention matrix resolved. */
    private record Placed(ForwardContext ctx, NDArray ids, NDArray positions, NDArray allowed) {}

    private Placed place(ForwardInput input) {
        NDArray ids = onDevice(input.inputIds());
        if (!ids.getDataType().isInteger()) {
            throw new IllegalArgumentException("inputIds must be an integer array, got " + ids.getDataType());
        }
        ids = ids.toType(DataType.INT64, false);
        ForwardInput placed = new ForwardInput(ids, onDevice(input.attentionMask()), onDevice(input.positionIds()));
        ForwardContext ctx = new ForwardContext(ids.getManager(), device, isDropoutActive(), null, checkpoints);
        return new Placed(ctx, ids, placed.positionIdsOrDefault(), placed.allowedMatrix());
    }

    /**
     * The LM head's weight, (vocab_size, hidden_size): {@code logits = h W^T}.
     * A live parameter array of the model: do not close it.
     */
    public NDArray lmHeadWeight() {
        return block.lmHeadWeight();
    }

    /** {@link #forward(ForwardInput)} with gradient recording off on this thread for the call. */
    public NDArray forwardNoGrad(ForwardInput input) {
        try (GradMode.Scope ignored = GradMode.set(false)) {
            return forward(input);
        }
    }

    /**
     * An empty KV cache for this model, for {@link #forward(ForwardInput, KvCache)}.
     * Its arrays live in a sub-manager of {@link #manager()}: close it when the
     * generation is over.
     */
    public KvCache newKvCache() {
        return new KvCache(manager, config().numLayers());
    }

    /**
     * One step of incremental decoding: runs only the new tokens, attending
     * over the keys and values already in {@code cache} plus their own, and
     * appends theirs to the cache. Feeding a sequence in pieces gives the
     * logits of feeding it whole (to float rounding).
     *
     * <ul>
     *   <li>{@code inputIds}: (B, T) the new tokens; B must stay the same for
     *       the life of the cache.</li>
     *   <li>{@code attentionMask}: (B, T) 0/1 padding mask of the new tokens
     *       only (null = all real); the cache remembers which past keys were
     *       padding, so a key masked once stays masked. New query i may attend
     *       key j iff {@code j <= cache.length() + i} and key j is real.
     *       Full (B, T, T) matrices are not accepted here.</li>
     *   <li>{@code positionIds}: (B, T), or null for
     *       {@code arange(cache.length(), cache.length() + T)}: right for
     *       unpadded rows; left-padded rows need explicit positions (each real
     *       token's index among its row's real tokens).</li>
     * </ul>
     *
     * <p>If the pass fails, the cache is left as it was. The graph is recorded
     * iff this thread's grad mode is on; generation wants
     * {@link #forwardNoGrad(ForwardInput, KvCache)}.
     *
     * @param cache the cache to read and extend; null runs {@link #forward(ForwardInput)}
     * @return (B, T, vocab_size) float32 logits, in the input ids' manager
     */
    public NDArray forward(ForwardInput input, KvCache cache) {
        if (cache == null) {
            return forward(input);
        }
        if (input.attentionMask() != null && input.attentionMask().getShape().dimension() != 2) {
            throw new IllegalArgumentException("with a KV cache the attention mask must be the (B, T) padding mask "
                    + "of the new tokens, got " + input.attentionMask().getShape());
        }
        NDArray ids = onDevice(input.inputIds());
        if (!ids.getDataType().isInteger()) {
            throw new IllegalArgumentException("inputIds must be an integer array, got " + ids.getDataType());
        }
        ids = ids.toType(DataType.INT64, false);
        NDArray newMask = input.attentionMask() == null ? ids.onesLike() : onDevice(input.attentionMask());
        NDArray positions = new ForwardInput(ids, null, onDevice(input.positionIds()))
                .positionIdsOrDefault(cache.length());
        ForwardContext ctx = new ForwardContext(ids.getManager(), device, isDropoutActive(), cache);
        try {
            NDArray allowed = cache.beginStep(ctx, newMask);
            NDArray logits = block.forward(ctx, ids, positions, allowed);
            cache.commitStep();
            return logits;
        } catch (RuntimeException | Error e) {
            cache.abortStep();
            throw e;
        }
    }

    /** {@link #forward(ForwardInput, KvCache)} with gradient recording off on this thread for the call. */
    public NDArray forwardNoGrad(ForwardInput input, KvCache cache) {
        try (GradMode.Scope ignored = GradMode.set(false)) {
            return forward(input, cache);
        }
    }

    private NDArray onDevice(NDArray array) {
        return array == null ? null : array.toDevice(device, false);
    }

    // ------------------------------------------------------------------- state

    /** Training mode: dropout (from the config's pdrop fields) is active unless disabled. */
    public CausalLM train() {
        training = true;
        return this;
    }

    /** Evaluation mode (the default after loading): no dropout. */
    public CausalLM eval() {
        training = false;
        return this;
    }

    /** True in training mode. */
    public boolean isTraining() {
        return training;
    }

    /**
     * Evaluation mode until the returned scope is closed, then the mode the
     * model had before (so a scoring call inside a training loop leaves it
     * training):
     *
     * <pre>{@code
     * try (CausalLM.ModeScope scope = model.evalMode()) {
     *     ... // no dropout here
     * }
     * }</pre>
     */
    public ModeScope evalMode() {
        return mode(false);
    }

    /** Training mode until the returned scope is closed; see {@link #evalMode()}. */
    public ModeScope trainMode() {
        return mode(true);
    }

    private ModeScope mode(boolean trainingNow) {
        boolean previous = training;
        training = trainingNow;
        return new ModeScope(this, previous);
    }

    /** Restores the model's previous training/evaluation mode when closed. */
    public static final class ModeScope implements AutoCloseable {
        private final CausalLM model;
        private final boolean wasTraining;

        private ModeScope(CausalLM model, boolean wasTraining) {
            this.model = model;
            this.wasTraining = wasTraining;
        }

        /** Puts the model back in the mode it had when the scope opened. */
        @Override
        public void close() {
            model.training = wasTraining;
        }
    }

    /** Turns dropout off even in training mode (TRL's {@code disable_dropout}, on by default there). */
    public CausalLM setDisableDropout(boolean disable) {
        dropoutDisabled = disable;
        return this;
    }

    /** True when dropout is switched off regardless of mode. */
    public boolean isDropoutDisabled() {
        return dropoutDisabled;
    }

    /** True when a forward pass now would apply dropout. */
    public boolean isDropoutActive() {
        return training && !dropoutDisabled;
    }

    /** The parsed {@code config.json}. */
    public ModelConfig config() {
        return block.config();
    }

    /**
     * Every parameter by Hugging Face name, in {@code named_parameters()}
     * order (a tied LM head is not listed separately), then an attached
     * adapter's LoRA matrices ({@code <module>.lora_A.weight}).
     */
    public Map<String, Parameter> namedParameters() {
        return namedParameters;
    }

    /**
     * The parameters training updates: all of them, or with a LoRA adapter
     * only its matrices and the modules it trains in full (the base is frozen).
     */
    public Map<String, Parameter> trainableParameters() {
        return adapter == null ? namedParameters : adapter.parameters();
    }

    /** The architecture's own parameters, without an adapter's. */
    Map<String, Parameter> baseParameters() {
        return baseParameters;
    }

    /** Number of scalars, an adapter's included (tied weights counted once). */
    public long parameterCount() {
        return count(namedParameters);
    }

    /** Number of scalars training updates (see {@link #trainableParameters()}). */
    public long trainableParameterCount() {
        return count(trainableParameters());
    }

    private static long count(Map<String, Parameter> parameters) {
        long total = 0;
        for (Parameter p : parameters.values()) {
            total += p.getArray().getShape().size();
        }
        return total;
    }

    /** The architecture's root DJL block (for {@code Model.setBlock} or a DJL {@code Trainer}). */
    public Block block() {
        return block;
    }

    /** The device the weights live on. */
    public Device device() {
        return device;
    }

    /** The manager that owns the weights; make per-step sub-managers from it. */
    public NDManager manager() {
        return manager;
    }

    /** The folder this model was loaded from, whose tokenizer files {@link #save} copies. */
    public Optional<Path> sourceFolder() {
        return Optional.ofNullable(sourceFolder);
    }

    /** Frees the weights and everything else in this model's manager. */
    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "CausalLM[" + config() + ", " + parameterCount() + " parameters, " + device
                + (adapter != null ? ", " + adapter : "")
                + (training ? ", train" : ", eval") + "]";
    }
}
