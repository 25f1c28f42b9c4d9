package dev.cpotoolkit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.loss.PreferenceLoss;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.GradMode;
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
import dev.cpotoolkit.train.optim.AdamW;
import dev.cpotoolkit.train.optim.AdamWSettings;
import dev.cpotoolkit.train.sampling.BatchSampler;
import dev.cpotoolkit.train.sampling.EpochSampler;
import dev.cpotoolkit.train.optim.GradientClipping;
import dev.cpotoolkit.train.optim.LearningRateSchedule;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * TRL's {@code CPOTrainer} in Java: trains a causal LM on preference pairs with
 * the CPO objective, AdamW, a learning-rate schedule, gradient accumulation and
 * global-norm clipping, logging TRL's metrics.
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
 * }</pre>
 *
 * <p>Safe in notebooks: each call sets the thread's gradient mode itself (cells
 * run on pool threads); an interrupt (the stop button) ends {@link #train()} at
 * the next step boundary with consistent state, and a call made meanwhile from
 * another cell waits for that boundary instead of running alongside; a NaN or infinite loss or
 * gradient throws {@link TrainingDivergedException} before the bad update is
 * applied. Every step's arrays live in a sub-manager closed at the step's end,
 * so memory stays flat.
 */
public final class CPOTrainer {

    private static final String OPTIMIZER_FILE = "optimizer.safetensors";
    private static final String CONFIG_FILE = "cpo_config.json";
    private static final String GENERATIONS_FILE = "generations.jsonl";
    private static final int GENERATION_SAMPLES = 4;
    private static final com.google.gson.Gson GSON = new com.google.gson.GsonBuilder().disableHtmlEscaping().create();

    private final CausalLM model;
    private final PreferenceTokenizer tokenizer;
    private final CPOConfig config;
    private final TrainingObjective objective;
    private final TokenizedDataset train;
    private final TokenizedDataset eval;
    private final List<TrainingListener> listeners;
    private final Path outputDir;
    private final CheckpointStore checkpoints;
    private final AdamW optimizer;
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

    private CPOTrainer(Builder builder) {
        TorchRuntime.ensureConfigured();
        this.model = Objects.requireNonNull(builder.model, "model");
        this.tokenizer = Objects.requireNonNull(builder.tokenizer, "tokenizer");
        this.config = builder.config != null ? builder.config : CPOConfig.defaults();
        Objects.requireNonNull(builder.trainDataset, "trainDataset");
        this.objective = builder.sft ? new SftObjective(config.labelPadTokenId())
                : CpoObjective.of(config, builder.loss);
        this.train = TokenizedDataset.of(builder.trainDataset, tokenizer, config);
        this.eval = builder.evalDataset == null ? null : TokenizedDataset.of(builder.evalDataset, tokenizer, config);
        List<TrainingListener> listening = new ArrayList<>(builder.listeners);
        if (builder.notebookProgress) {
            // In a notebook, one live progress display instead of nothing (or a wall of log lines).
            dev.cpotoolkit.notebook.Notebook.progressListener().ifPresent(listening::add);
        }
        this.listeners = List.copyOf(listening);
        this.outputDir = config.outputDir() != null ? Path.of(config.outputDir())
                : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        this.checkpoints = new CheckpointStore(outputDir, config.saveTotalLimit());
        this.sampler = BatchSampler.forTraining(train.lengths(), config.perDeviceTrainBatchSize(),
                config.groupByLength(), config.seed());
        this.stepsPerEpoch = Math.max(1,
                (sampler.batchesPerEpoch() + config.gradientAccumulationSteps() - 1) / config.gradientAccumulationSteps());
        this.totalSteps = config.maxSteps() > 0 ? config.maxSteps()
                : (int) Math.ceil(config.numTrainEpochs() * stepsPerEpoch);
        int warmup = LearningRateSchedule.warmupSteps(config.warmupSteps(), config.warmupRatio(), totalSteps);
        this.schedule = LearningRateSchedule.of(config.lrSchedulerType(), config.learningRate(), warmup, totalSteps);
        this.optimizer = new AdamW(model.namedParameters(), AdamWSettings.fromConfig(config));
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

    private TrainResult trainSteps(int steps) {
        long start = System.nanoTime();
        int taken = 0;
        boolean interrupted = false;
        boolean wasTraining = model.isTraining();
        model.setDisableDropout(config.disableDropout()).train();
        listeners.forEach(l -> l.onTrainBegin(progress(start, 0)));
        try {
            while (globalStep < totalSteps && taken < steps) {
                if (Thread.interrupted()) {
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
            if (!wasTraining) {
                model.eval();
            }
            TrainingProgress end = progress(start, taken);
            listeners.forEach(l -> l.onTrainEnd(end));
        }
        Map<String, Double> last = log.lastWith("loss");
        return new TrainResult(globalStep, totalSteps, taken, interrupted, (System.nanoTime() - start) / 1e9,
                last == null ? Map.of() : last, outputDir);
    }

    private Map<String, Double> trainOneStep() {
        List<PreferenceBatch> group = nextGroup();
        CpoObjective.GroupSize size = objective.sizeOf(group);
        if (model.isDropoutActive()) {
            // Dropout masks depend only on the step: a resumed run draws the same ones.
            Engine.getEngine(TorchRuntime.ENGINE_NAME).setRandomSeed((int) (config.seed() * 31 + globalStep));
        }
        List<BatchOutcome> outcomes = new ArrayList<>(group.size());
        double loss = 0;
        for (PreferenceBatch batch : group) {
            try (NDManager step = model.manager().newSubManager();
                 GradientCollector collector = Engine.getEngine(TorchRuntime.ENGINE_NAME).newGradientCollector()) {
                CpoObjective.Step result = objective.compute(model, batch, step, size);
                loss += result.objective().getFloat();
                collector.backward(result.objective());
                outcomes.add(result.outcome());
            }
        }
        // Clipping's scale is applied inside the optimizer's pass over each gradient.
        GradientClipping.Norm clip = GradientClipping.measure(parameters(), config.maxGradNorm());
        double gradNorm = clip.norm();
        if (!Double.isFinite(loss) || !Double.isFinite(gradNorm)) {
            optimizer.releaseGradients();
            throw new TrainingDivergedException(globalStep + 1, loss, gradNorm);
        }
        double learningRate = schedule.at(globalStep);
        optimizer.step(learningRate, clip.scale());
        globalStep++;

        Map<String, Double> metrics = BatchOutcome.concat(outcomes).metrics("");
        metrics.put("loss", loss);
        metrics.put("learning_rate", learningRate);
        metrics.put("grad_norm", gradNorm);
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
        if (config.saveSteps() > 0 && globalStep % config.saveSteps() == 0 && globalStep < totalSteps) {
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
                .map(dev.cpotoolkit.data.PreferenceExample::prompt).toList();
        int maxNew = config.maxCompletionLength() != null ? config.maxCompletionLength()
                : config.maxLength() - config.maxPromptLength();
        var settings = GenerationConfig.greedy(Math.max(1, maxNew), List.of());
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
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
        } finally {
            if (wasTraining) {
                model.train();
            }
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

    private List<Parameter> parameters() {
        return new ArrayList<>(model.namedParameters().values());
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
        return exclusive.run("evaluate()", () -> evaluate(TokenizedDataset.of(dataset, tokenizer, config)));
    }

    private Map<String, Double> evaluate(TokenizedDataset data) {
        return outcomes(data).metrics("eval_");
    }

    /**
     * One row per example of {@code dataset}: prompt, chosen, rejected, the
     * log-probs the loss uses, rewards, margin, loss and the chosen answer's
     * token-mean NLL, under the current weights.
     */
    public Table inspect(PreferenceDataset dataset) {
        return exclusive.run("inspect()", () ->
                ExampleTable.of(dataset, outcomes(TokenizedDataset.of(dataset, tokenizer, config))));
    }

    /**
     * The per-example table and the {@code eval_} metrics of {@code dataset}
     * from one pass of the model (what {@code ./cpo evaluate} prints).
     */
    public DatasetScores score(PreferenceDataset dataset) {
        return exclusive.run("score()", () -> {
            BatchOutcome outcome = outcomes(TokenizedDataset.of(dataset, tokenizer, config));
            return new DatasetScores(ExampleTable.of(dataset, outcome), outcome.metrics("eval_"));
        });
    }

    /**
     * A dataset scored under the current weights.
     *
     * @param examples one row per example (see {@link #inspect})
     * @param metrics  TRL's metrics over the whole dataset, prefixed {@code eval_}
     */
    public record DatasetScores(Table examples, Map<String, Double> metrics) {}

    /** The outcome of the whole dataset in eval mode, without gradients, in dataset order. */
    private BatchOutcome outcomes(TokenizedDataset data) {
        boolean wasTraining = model.isTraining();
        model.eval();
        EpochSampler order = new EpochSampler(data.size(), config.perDeviceEvalBatchSize(), false, config.seed());
        List<BatchOutcome> parts = new ArrayList<>();
        try (GradMode.Scope noGrad = GradMode.set(false)) {
            for (int b = 0; b < order.batchesPerEpoch(); b++) {
                PreferenceBatch batch = data.batch(order.batch(0, b));
                try (NDManager step = model.manager().newSubManager()) {
                    parts.add(objective.compute(model, batch, step, objective.sizeOf(batch)).outcome());
                }
            }
        } finally {
            if (wasTraining) {
                model.train();
            }
        }
        return BatchOutcome.concat(parts);
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
        model.save(folder, tokenizerFolder());
        Map<String, FloatTensor> moments = new LinkedHashMap<>(optimizer.stateTensors());
        SafetensorsWriter.write(folder.resolve(OPTIMIZER_FILE), moments, Map.of("format", "pt"));
        state().write(folder.resolve(TrainerState.FILE_NAME));
        config.save(folder.resolve(CONFIG_FILE));
    }

    private void saveFinal() {
        Path folder = outputDir.resolve("final");
        try {
            CheckpointStore.deleteRecursively(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        model.save(folder, tokenizerFolder());
        config.save(outputDir.resolve(CONFIG_FILE));
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
        TrainerState saved = TrainerState.read(checkpoint.resolve(TrainerState.FILE_NAME));
        if (saved.totalSteps() != totalSteps || saved.seed() != config.seed()) {
            throw new IllegalArgumentException(checkpoint + ": saved for a run of " + saved.totalSteps()
                    + " steps with seed " + saved.seed() + ", but this trainer plans " + totalSteps
                    + " steps with seed " + config.seed() + "; resume with the checkpoint's " + CONFIG_FILE);
        }
        try (WeightSource weights = WeightSource.open(checkpoint)) {
            model.loadWeights(weights);
        }
        try (SafetensorsFile moments = SafetensorsFile.open(checkpoint.resolve(OPTIMIZER_FILE))) {
            Map<String, FloatTensor> state = new LinkedHashMap<>();
            for (String name : moments.names()) {
                state.put(name, new FloatTensor(moments.info(name).shape(), moments.readFloats(name)));
            }
            optimizer.loadState(state);
        }
        globalStep = saved.globalStep();
        epoch = saved.epoch();
        microBatchOffset = saved.microBatchOffset();
        log.replaceWith(saved.logHistory());
        window.reset();
        return this;
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
        return objective.loss();
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
        private boolean notebookProgress = true;

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
        /** Whether to add the live progress display when running in a notebook (default true). */
        public Builder notebookProgress(boolean value) { notebookProgress = value; return this; }

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
