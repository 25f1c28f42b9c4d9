package dev.cpotoolkit.train;

import ai.djl.engine.Engine;
import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.data.PreferenceExample;
import dev.cpotoolkit.loss.PreferenceLoss;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.checkpoint.FloatTensor;
import dev.cpotoolkit.model.checkpoint.SafetensorsFile;
import dev.cpotoolkit.model.checkpoint.SafetensorsWriter;
import dev.cpotoolkit.model.checkpoint.WeightSource;
import dev.cpotoolkit.model.generate.GenerationConfig;
import dev.cpotoolkit.model.generate.Generator;
import dev.cpotoolkit.model.generate.TextGeneration;
import dev.cpotoolkit.runtime.TorchRuntime;
import dev.cpotoolkit.tokenize.PreferenceBatch;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import dev.cpotoolkit.train.sampling.BatchSampler;
import dev.cpotoolkit.train.optim.LearningRateSchedule;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * TRL's {@code CPOTrainer} in Java: trains a causal LM on preference pairs with
 * the CPO objective, AdamW, a learning-rate schedule, gradient accumulation and
 * global-norm clipping, logging TRL's metrics. The trainer owns the loop: data
 * order, schedule, logging, evaluation and checkpoints; one optimizer step is a
 * {@link TrainingStep} and scoring is a {@link PreferenceScorer}.
 *
 * <pre>{@code
 * CPOTrainer trainer = CPOTrainer.builder()
 *         .model(model).tokenizer(tokenizer)
 *         .config(CPOConfig.builder().learningRate(5e-4).maxSteps(50).build())
 *         .trainDataset(train).evalDataset(test)
 *         .build();
 * trainer.train(20);          // 20 steps; look at trainer.metrics() ...
 * trainer.train();            // ... then the rest of the planned steps
 * Table perExample = trainer.inspect(test);
 * trainer.close();            // frees the optimizer state (the model stays yours)
 * }</pre>
 *
 * <p>LoRA: with {@code use_peft} the trainer attaches a fresh adapter to the
 * model when it is built (a model that already carries one, from
 * {@link CausalLM#loadAdapter}, keeps training that one), only the adapter
 * trains, and checkpoints and {@code final/} are PEFT adapter folders.
 *
 * <p>The optimizer state (two buffers the size of the trained parameters, in
 * native memory) is freed by {@link #close()}; a trainer dropped without closing (a notebook
 * cell run again) is freed when it is garbage-collected, which building the
 * next trainer for the same model prompts.
 *
 * <p>Safe in notebooks: each call sets the thread's gradient mode itself (cells
 * run on pool threads); an interrupt (the stop button) ends {@link #train()} at
 * the next step boundary with consistent state, and a call made meanwhile from
 * another cell waits for that boundary instead of running alongside; a NaN or infinite loss or
 * gradient throws {@link TrainingDivergedException} before the bad update is
 * applied. Every step's arrays live in a sub-manager closed at the step's end,
 * so memory stays flat.
 */
public final class CPOTrainer implements AutoCloseable {

    private static final String OPTIMIZER_FILE = "optimizer.safetensors";
    private static final String CONFIG_FILE = "cpo_config.json";
    private static final String GENERATIONS_FILE = "generations.jsonl";
    private static final int GENERATION_SAMPLES = 4;
    private static final com.google.gson.Gson GSON = new com.google.gson.GsonBuilder().disableHtmlEscaping().create();

    private final CausalLM model;
    private final PreferenceTokenizer tokenizer;
    private final CPOConfig config;
    private final TrainingStep step;
    private final PreferenceScorer scorer;
    private final TokenizedDataset train;
    private final TokenizedDataset eval;
    private final List<TrainingListener> listeners;
    private final Path outputDir;
    private final CheckpointStore checkpoints;
    private final BatchSampler sampler;
    private final int stepsPerEpoch;
    private final int totalSteps;
    private final LearningRateSchedule schedule;
    private final TrainingLog log = new TrainingLog();
    private final MetricsWindow window = new MetricsWindow();
    private final ExclusiveCalls exclusive = new ExclusiveCalls();

    private int globalStep;
    private int epoch;
    private int microBatchOffset;
    private boolean closed;
    private Resumed resumed;
    private boolean started;
    private volatile boolean stopRequested;
    private final RunIdentity identity;
    private final boolean customLoss;

    private CPOTrainer(Builder builder) {
        TorchRuntime.ensureConfigured();
        this.model = Objects.requireNonNull(builder.model, "model");
        this.tokenizer = Objects.requireNonNull(builder.tokenizer, "tokenizer");
        Objects.requireNonNull(builder.trainDataset, "trainDataset");
        // use_peft attaches the adapter here, before the run's identity and optimizer are taken.
        this.config = LoraSetup.prepare(model, builder.config != null ? builder.config : CPOConfig.defaults());
        TrainingObjective objective = TrainingObjective.of(config, builder.loss, builder.sft);
        this.customLoss = builder.loss != null && !builder.sft;
        this.train = TokenizedDataset.of(builder.trainDataset, tokenizer, config);
        this.identity = RunIdentity.of(model, builder.trainDataset, builder.evalDataset, config,
                customLoss ? objective.loss().name() : null);
        // The same pairs for both (the quick start evaluates on its training set): tokenized, and warned about, once.
        this.eval = builder.evalDataset == null ? null : builder.evalDataset == builder.trainDataset ? train
                : TokenizedDataset.of(builder.evalDataset, tokenizer, config);
        List<TrainingListener> listening = new ArrayList<>(builder.listeners);
        if (builder.discoveredListeners) {
            // Such as a notebook's live progress display, when a kernel is running.
            listening.addAll(TrainingListener.Provider.discovered());
        }
        this.outputDir = config.outputDir() != null ? Path.of(config.outputDir()) : RunFolder.next();
        if (TensorBoardLogger.wanted(config.reportTo())) {
            // Hugging Face's report_to: TensorBoard event files beside metrics.csv.
            listening.add(new TensorBoardLogger(TensorBoardLogger.logDir(config.loggingDir(), System.getenv(),
                    outputDir)));
        }
        this.listeners = List.copyOf(listening);
        this.checkpoints = new CheckpointStore(outputDir, config.saveTotalLimit());
        this.sampler = BatchSampler.forTraining(train.lengths(), config.perDeviceTrainBatchSize(),
                config.groupByLength(), config.seed());
        this.stepsPerEpoch = Math.max(1,
                (sampler.batchesPerEpoch() + config.gradientAccumulationSteps() - 1) / config.gradientAccumulationSteps());
        this.totalSteps = config.maxSteps() > 0 ? config.maxSteps()
                : (int) Math.ceil(config.numTrainEpochs() * stepsPerEpoch);
        int warmup = LearningRateSchedule.warmupSteps(config.warmupSteps(), config.warmupRatio(), totalSteps);
        this.schedule = LearningRateSchedule.of(config.lrSchedulerType(), config.learningRate(), warmup, totalSteps);
        this.scorer = new PreferenceScorer(model, tokenizer, config, objective);
        this.step = TrainingStep.of(model, objective, config);
    }

    /** A builder; model, tokenizer and train dataset are required. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ training

    /** Trains until every planned step is done (or the thread is interrupted). */
    public TrainResult train() {
        return train(Integer.MAX_VALUE);
    }

    /**
     * Trains at most {@code steps} more optimizer steps, never past the planned
     * total; call again to continue. State (weights, optimizer, data position,
     * metrics) carries over between calls.
     */
    public TrainResult train(int steps) {
        return exclusive.run("train()", () -> trainSteps(steps));
    }

    /**
     * Asks a running {@link #train()} to stop at the next step boundary, from
     * any thread (a signal handler, a notebook's stop button); the state stays
     * consistent, and {@link #saveCheckpoint()} can then save it.
     */
    public void requestStop() {
        stopRequested = true;
    }

    private TrainResult trainSteps(int steps) {
        ensureOpen("train()");
        try (RunFolderLock lock = RunFolderLock.acquire(outputDir, "CPOTrainer.train()")) {
            if (!started && globalStep == 0 && resumed == null) {
                RunFolder.prepareForNewRun(outputDir, config.overwriteOutputDir());
            }
            started = true;
            return trainLocked(steps);
        } finally {
            stopRequested = false;
        }
    }

    private TrainResult trainLocked(int steps) {
        long start = System.nanoTime();
        int taken = 0;
        boolean interrupted = false;
        model.setDisableDropout(config.disableDropout());
        listeners.forEach(l -> l.onTrainBegin(progress(start, 0)));
        try (CausalLM.ModeScope training = model.trainMode()) {
            while (globalStep < totalSteps && taken < steps) {
                if (Thread.interrupted() || stopRequested) {
                    // The notebook's stop button: stop between steps, state consistent.
                    interrupted = true;
                    break;
                }
                Map<String, Double> stepMetrics = trainOneStep();
                taken++;
                TrainingProgress now = progress(start, taken);
                for (TrainingListener listener : listeners) {
                    listener.onStepEnd(now, stepMetrics);
                }
                afterStep();
            }
            if (globalStep >= totalSteps && taken > 0) {
                flushLog();
                saveFinal();
            }
        } finally {
            TrainingProgress end = progress(start, taken);
            listeners.forEach(l -> l.onTrainEnd(end));
        }
        Map<String, Double> last = log.lastWith("loss");
        return new TrainResult(globalStep, totalSteps, taken, interrupted, (System.nanoTime() - start) / 1e9,
                last == null ? Map.of() : last, outputDir);
    }

    private Map<String, Double> trainOneStep() {
        List<PreferenceBatch> group = nextGroup();
        if (model.isDropoutActive()) {
            // Dropout masks depend only on the step: a resumed run draws the same ones.
            Engine.getEngine(TorchRuntime.ENGINE_NAME).setRandomSeed((int) (config.seed() * 31 + globalStep));
        }
        double learningRate = schedule.at(globalStep);
        TrainingStep.Result result = step.run(group, learningRate, globalStep + 1);
        globalStep++;
        Map<String, Double> metrics = result.metrics();
        metrics.put("learning_rate", learningRate);
        window.add(metrics);
        return metrics;
    }

    /** The next gradient-accumulation group: up to that many micro-batches, never across an epoch end. */
    private List<PreferenceBatch> nextGroup() {
        if (microBatchOffset >= sampler.batchesPerEpoch()) {
            epoch++;
            microBatchOffset = 0;
        }
        List<PreferenceBatch> group = new ArrayList<>();
        while (group.size() < config.gradientAccumulationSteps() && microBatchOffset < sampler.batchesPerEpoch()) {
            group.add(train.batch(sampler.batch(epoch, microBatchOffset)));
            microBatchOffset++;
        }
        return group;
    }

    private void afterStep() {
        if (globalStep % config.loggingSteps() == 0) {
            flushLog();
        }
        if (eval != null && globalStep % config.effectiveEvalSteps() == 0) {
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("step", (double) globalStep);
            row.put("epoch", epochProgress());
            row.putAll(evaluate(eval));
            log.add(row);
            writeMetrics();
            listeners.forEach(l -> l.onLog(row));
            if (config.generateDuringEval()) {
                sampleGenerations();
            }
        }
        // Also at the last step (as Hugging Face's Trainer does): a finished run can then be extended.
        if (config.saveSteps() > 0 && (globalStep % config.saveSteps() == 0 || globalStep == totalSteps)) {
            saveCheckpoint();
        }
    }

    /**
     * TRL's {@code generate_during_eval}: greedy completions of the first few
     * eval prompts under the current weights, appended to
     * {@code generations.jsonl} (step, prompt, completion) so a run shows what
     * the model says, not only its numbers.
     */
    private void sampleGenerations() {
        List<String> prompts = eval.source().stream().limit(GENERATION_SAMPLES)
                .map(PreferenceExample::prompt).toList();
        int maxNew = config.maxCompletionLength() != null ? config.maxCompletionLength()
                : config.maxLength() - config.maxPromptLength();
        var settings = GenerationConfig.greedy(Math.max(1, maxNew), List.of());
        try (CausalLM.ModeScope evaluation = model.evalMode()) {
            StringBuilder lines = new StringBuilder();
            for (TextGeneration generation : Generator.generateText(model, tokenizer, prompts, settings)) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("step", globalStep);
                line.put("prompt", generation.prompt());
                line.put("completion", generation.completion());
                lines.append(GSON.toJson(line)).append('\n');
            }
            Files.createDirectories(outputDir);
            Files.writeString(outputDir.resolve(GENERATIONS_FILE), lines, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + outputDir.resolve(GENERATIONS_FILE), e);
        }
    }

    private void flushLog() {
        if (window.isEmpty()) {
            return;
        }
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("step", (double) globalStep);
        row.put("epoch", epochProgress());
        row.putAll(window.meansAndReset());
        log.add(row);
        writeMetrics();
        listeners.forEach(l -> l.onLog(row));
    }

    private void writeMetrics() {
        log.writeCsv(outputDir.resolve("metrics.csv"));
    }

    private double epochProgress() {
        return epoch + (double) microBatchOffset / sampler.batchesPerEpoch();
    }

    private TrainingProgress progress(long startNanos, int taken) {
        return new TrainingProgress(globalStep, totalSteps, epochProgress(), (System.nanoTime() - startNanos) / 1e9,
                taken);
    }

    // ------------------------------------------------------------------ evaluation and inspection

    /** TRL's metrics over the eval dataset, prefixed {@code eval_}. */
    public Map<String, Double> evaluate() {
        if (eval == null) {
            throw new IllegalStateException("no eval dataset was given to the trainer");
        }
        return evaluate(eval);
    }

    /** TRL's metrics over any dataset, prefixed {@code eval_}; computed over the whole set at once. */
    public Map<String, Double> evaluate(PreferenceDataset dataset) {
        return exclusive.run("evaluate()", () -> scorer.metrics(dataset));
    }

    private Map<String, Double> evaluate(TokenizedDataset data) {
        return scorer.metrics(data);
    }

    /**
     * One row per example of {@code dataset}: prompt, chosen, rejected, the
     * log-probs the loss uses, rewards, margin, loss and the chosen answer's
     * token-mean NLL, under the current weights.
     */
    public Table inspect(PreferenceDataset dataset) {
        return exclusive.run("inspect()", () -> scorer.inspect(dataset));
    }

    /**
     * The per-example table and the {@code eval_} metrics of {@code dataset}
     * from one pass of the model (what {@code ./cpo evaluate} prints).
     */
    public PreferenceScorer.Scores score(PreferenceDataset dataset) {
        return exclusive.run("score()", () -> scorer.score(dataset));
    }

    /** The scorer this trainer evaluates with: same model, objective and tokenization. */
    public PreferenceScorer scorer() {
        return scorer;
    }

    // ------------------------------------------------------------------ checkpoints

    /** Writes {@code checkpoint-<step>} now: model folder, optimizer moments, trainer state, config. */
    public Path saveCheckpoint() {
        return exclusive.run("saveCheckpoint()", () -> {
            flushLog();
            Path folder = checkpoints.write(globalStep, this::writeCheckpointFiles);
            listeners.forEach(l -> l.onCheckpoint(folder));
            return folder;
        });
    }

    private void writeCheckpointFiles(Path folder) throws IOException {
        saveModel(folder);
        Map<String, FloatTensor> moments = new LinkedHashMap<>(step.optimizerState());
        SafetensorsWriter.write(folder.resolve(OPTIMIZER_FILE), moments, Map.of("format", "pt"));
        state().write(folder.resolve(TrainerState.FILE_NAME), config, epochProgress());
        saveConfig(folder.resolve(CONFIG_FILE));
        identity.write(folder.resolve(RunIdentity.FILE_NAME));
    }

    private void saveFinal() {
        Path folder = outputDir.resolve("final");
        try {
            CheckpointStore.deleteRecursively(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        saveModel(folder);
        saveConfig(outputDir.resolve(CONFIG_FILE));
        // As Hugging Face's trainer.save_state(): the run's whole log history beside its config.
        try {
            state().write(outputDir.resolve(TrainerState.FILE_NAME), config, epochProgress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + outputDir.resolve(TrainerState.FILE_NAME), e);
        }
    }

    /** The weights: a Hugging Face model folder, or for a LoRA run a PEFT adapter folder; tokenizer files beside. */
    private void saveModel(Path folder) {
        if (model.adapter().isPresent()) {
            model.saveAdapter(folder, tokenizerFolder());
        } else {
            model.save(folder, tokenizerFolder());
        }
    }

    /** The run's config file; a custom loss is named in it, since its settings alone do not replay the run. */
    private void saveConfig(Path file) {
        ConfigFiles.writeForRun(config, customLoss ? loss().name() : null, file);
    }

    /**
     * Restores a checkpoint written by this trainer class: weights into the
     * model, optimizer moments, step, data position and metrics history. The
     * next {@link #train()} continues exactly as the uninterrupted run would.
     */
    public CPOTrainer resumeFrom(Path checkpoint) {
        return exclusive.run("resumeFrom()", () -> restore(checkpoint));
    }

    private CPOTrainer restore(Path checkpoint) {
        ensureOpen("resumeFrom()");
        TrainerState saved = TrainerState.read(checkpoint.resolve(TrainerState.FILE_NAME));
        List<String> differences = identity.differencesFrom(checkpoint);
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException(checkpoint + " belongs to another run; it differs from this one in: "
                    + String.join("; ", differences.size() > 12 ? differences.subList(0, 12) : differences)
                    + (differences.size() > 12 ? "; and " + (differences.size() - 12) + " more" : "")
                    + ". Resume with the checkpoint's own " + CONFIG_FILE + " and data, or start a new run");
        }
        if (saved.seed() != config.seed()) {
            throw new IllegalArgumentException(checkpoint + ": saved by a run with seed " + saved.seed()
                    + ", but this trainer has seed " + config.seed() + "; resume with the checkpoint's " + CONFIG_FILE);
        }
        Path stateFile = checkpoint.resolve(TrainerState.FILE_NAME);
        // checkpoint-N is written at step N; a state saying otherwise was copied or edited, and
        // resuming from it would restart the schedule and data order at the wrong place.
        java.util.Optional<Integer> folderStep = CheckpointStore.step(checkpoint.toAbsolutePath().normalize());
        if (folderStep.isPresent() && folderStep.get() != saved.globalStep()) {
            throw new IllegalArgumentException(stateFile + ": 'global_step' is " + saved.globalStep()
                    + ", but the folder " + checkpoint.getFileName() + " was saved at step " + folderStep.get()
                    + "; this state belongs to another checkpoint or was edited");
        }
        if (saved.microBatchOffset() > sampler.batchesPerEpoch()) {
            throw new IllegalArgumentException(stateFile + ": 'micro_batch_offset' is " + saved.microBatchOffset()
                    + ", but an epoch of this dataset has " + sampler.batchesPerEpoch() + " micro-batches;"
                    + " resume with the run's own dataset and per_device_train_batch_size");
        }
        if (saved.globalStep() > totalSteps) {
            throw new IllegalArgumentException(stateFile + ": saved at step " + saved.globalStep()
                    + " ('global_step'), past the " + totalSteps + " steps this trainer plans; raise max_steps (--max-steps)"
                    + " to at least " + saved.globalStep() + " to continue or extend that run");
        }
        if (model.adapter().isPresent()) {
            // A LoRA run's checkpoint holds the adapter; the frozen base is the model's own.
            model.adapter().get().loadWeights(checkpoint);
        } else {
            try (WeightSource weights = WeightSource.open(checkpoint)) {
                model.loadWeights(weights);
            }
        }
        try (SafetensorsFile moments = SafetensorsFile.open(checkpoint.resolve(OPTIMIZER_FILE))) {
            Map<String, FloatTensor> state = new LinkedHashMap<>();
            for (String name : moments.names()) {
                state.put(name, new FloatTensor(moments.info(name).shape(), moments.readFloats(name)));
            }
            step.loadOptimizerState(state);
        }
        globalStep = saved.globalStep();
        epoch = saved.epoch();
        microBatchOffset = saved.microBatchOffset();
        log.replaceWith(saved.logHistory());
        window.reset();
        resumed = new Resumed(checkpoint, saved.globalStep(), saved.totalSteps(), totalSteps);
        return this;
    }

    /**
     * Where the last {@link #resumeFrom} continued.
     *
     * @param checkpoint   the checkpoint folder
     * @param step         the optimizer step it was saved at
     * @param plannedSteps the steps the saved run planned
     * @param totalSteps   the steps this trainer plans; when more, the run is extended as Hugging
     *                     Face's Trainer extends one: the learning-rate schedule is this trainer's,
     *                     computed for the new total
     */
    public record Resumed(Path checkpoint, int step, int plannedSteps, int totalSteps) {

        /** Whether this trainer plans another number of steps than the saved run did. */
        public boolean changesTheSchedule() {
            return plannedSteps != totalSteps;
        }
    }

    /** Where the last {@link #resumeFrom} continued, if this trainer resumed. */
    public java.util.Optional<Resumed> resumed() {
        return java.util.Optional.ofNullable(resumed);
    }

    /** The newest checkpoint of this run's output folder, if any. */
    public java.util.Optional<Path> latestCheckpoint() {
        return checkpoints.latest();
    }

    // ------------------------------------------------------------------ state

    /** The run's position, for inspection between {@code train} calls and for checkpoints. */
    public TrainerState state() {
        return new TrainerState(globalStep, epoch, microBatchOffset, totalSteps, config.seed(), log.rows());
    }

    /** The logged metrics as a table (TRL names; eval rows have {@code eval_} columns). */
    public Table metrics() {
        return log.table();
    }

    /** The logged metrics. */
    public TrainingLog log() {
        return log;
    }

    /** Optimizer steps done. */
    public int globalStep() {
        return globalStep;
    }

    /** Optimizer steps planned (maxSteps, or epochs times steps per epoch). */
    public int totalSteps() {
        return totalSteps;
    }

    /** The run folder (metrics.csv, checkpoints, final/). */
    public Path outputDir() {
        return outputDir;
    }

    /** The settings of this run. */
    public CPOConfig config() {
        return config;
    }

    /** The model being trained. */
    public CausalLM model() {
        return model;
    }

    /** The preference loss in use (built-in or custom); null in SFT mode. */
    public PreferenceLoss loss() {
        return step.objective().loss();
    }

    /**
     * Frees the optimizer state. The model, its weights and this trainer's
     * metrics stay usable; {@link #train()} and {@link #resumeFrom} refuse to
     * run afterwards. Idempotent; waits for a running call to finish.
     */
    @Override
    public void close() {
        exclusive.run("close()", () -> {
            if (!closed) {
                closed = true;
                step.close();
            }
            return null;
        });
    }

    private void ensureOpen(String call) {
        if (closed) {
            throw new IllegalStateException(call + ": this trainer was closed, and its optimizer state with it;"
                    + " build a new trainer (the model keeps its trained weights)");
        }
    }

    private Path tokenizerFolder() {
        Path source = tokenizer.source();
        return Files.isDirectory(source) ? source : source.toAbsolutePath().getParent();
    }

    /** Builds a {@link CPOTrainer}. */
    public static final class Builder {
        private CausalLM model;
        private PreferenceTokenizer tokenizer;
        private CPOConfig config;
        private PreferenceDataset trainDataset;
        private PreferenceDataset evalDataset;
        private PreferenceLoss loss;
        private boolean sft;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private boolean discoveredListeners = true;

        private Builder() {}

        /** The model to train (its weights change in place). */
        public Builder model(CausalLM value) { model = value; return this; }
        /** The tokenizer matching the model. */
        public Builder tokenizer(PreferenceTokenizer value) { tokenizer = value; return this; }
        /** The settings; TRL's defaults when not given. */
        public Builder config(CPOConfig value) { config = value; return this; }
        /** The training pairs. */
        public Builder trainDataset(PreferenceDataset value) { trainDataset = value; return this; }
        /** Pairs evaluated every {@code evalSteps} (optional). */
        public Builder evalDataset(PreferenceDataset value) { evalDataset = value; return this; }
        /** A custom preference loss replacing the config's {@code lossType}. */
        public Builder loss(PreferenceLoss value) { loss = value; return this; }
        /**
         * SFT mode: train on the NLL of the chosen answers only (TRL's SFT loss on
         * completions), with the same loop, optimizer and schedule as CPO. Rejected
         * answers are never run through the model; {@code beta}, {@code cpoAlpha},
         * the loss type and a custom loss are ignored.
         */
        public Builder sft(boolean value) { sft = value; return this; }
        /** A progress or logging callback (several may be added). */
        public Builder listener(TrainingListener value) { listeners.add(value); return this; }
        /**
         * Whether to add the listeners of every {@link TrainingListener.Provider} on the class path, such
         * as a notebook's live progress display while a kernel runs (default true).
         */
        public Builder discoveredListeners(boolean value) { discoveredListeners = value; return this; }

        /**
         * Tokenizes the datasets and prepares the optimizer.
         *
         * @throws dev.cpotoolkit.tokenize.InvalidExampleException for an example that cannot fit
         */
        public CPOTrainer build() {
            return new CPOTrainer(this);
        }
    }
}
