package dev.cpotoolkit.cli;

import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.data.ScoredCandidates;
import dev.cpotoolkit.data.hub.HubDatasetId;
import dev.cpotoolkit.data.PreferenceLoader;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.plot.TrainingCharts;
import dev.cpotoolkit.tokenize.HfTokenizerConfig;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import dev.cpotoolkit.train.CPOConfig;
import dev.cpotoolkit.train.ConfigFiles;
import dev.cpotoolkit.train.CPOTrainer;
import dev.cpotoolkit.train.RunFolder;
import dev.cpotoolkit.train.RunFolderLock;
import dev.cpotoolkit.train.TrainResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;

/**
 * {@code cpo train}: trains a model with CPO and leaves a run folder holding
 * {@code cpo_config.json}, {@code metrics.csv}, {@code charts/*.png},
 * checkpoints and {@code final/} (a Hugging Face model folder; for a LoRA run,
 * {@code --use-peft} or {@code --adapter}, a PEFT adapter folder whose
 * {@code adapter_config.json} names the base as {@code --model} did).
 *
 * <p>Settings are layered: defaults, then {@code --config FILE}, then explicit
 * flags. The defaults are TRL's, except when no {@code --dataset} is given:
 * then the bundled seed-chat set is used with {@link QuickStart}'s defaults and
 * evaluated on itself.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = {"Train a causal LM on preference pairs with CPO.",
                "With no arguments: the tiny preset learns the bundled seed-chat dataset in about a minute."})
final class TrainCommand implements Callable<Integer> {


    // No picocli default: without --model, an --adapter's recorded base is used before the preset.
    @Option(names = "--model", paramLabel = "DIR|PRESET|HUB_ID",
            description = "Model folder, preset name (tiny) or Hugging Face repo id; with --adapter, the base model."
                    + " Default: tiny, or with --adapter the base its adapter_config.json records.")
    String model;

    @Option(names = "--adapter", paramLabel = "DIR|HUB_ID",
            description = "Continue training this PEFT LoRA adapter folder (adapter_config.json,"
                    + " adapter_model.safetensors; a --use-peft run's final/) or Hugging Face repo id, put on --model:"
                    + " ALMA-R's workflow."
                    + " The run trains the adapter as it is (rank, targets); --use-peft is not needed.")
    Path adapter;

    @Option(names = "--dataset", paramLabel = "PATH|OWNER/NAME[:CONFIG][@SPLIT]",
            description = "Training pairs: .jsonl, .json, .csv, .parquet or a folder, or a Hugging Face Hub dataset"
                    + " (downloaded into the Hugging Face cache). Default: the bundled seed-chat set.")
    String dataset;

    @Option(names = {"--dataset-name", "--dataset_name"}, paramLabel = "OWNER/NAME",
            description = "Hub dataset to train on (TRL's dataset_name); like --dataset OWNER/NAME.")
    String datasetName;

    @Option(names = {"--dataset-config", "--dataset_config"}, paramLabel = "NAME",
            description = "Configuration (subset) of the Hub dataset (TRL's dataset_config). Default: its default.")
    String datasetConfig;

    @Option(names = {"--dataset-train-split", "--dataset_train_split"}, paramLabel = "SPLIT",
            description = "Split trained on (TRL's dataset_train_split). Default: train.")
    String datasetTrainSplit;

    @Option(names = {"--dataset-test-split", "--dataset_test_split"}, paramLabel = "SPLIT",
            description = "Split evaluated every eval_steps when eval_steps is set (TRL's dataset_test_split)."
                    + " Default: test.")
    String datasetTestSplit;

    @Option(names = "--dataset-revision", paramLabel = "REV",
            description = "Branch, tag or commit of the Hub dataset. Default: main.")
    String datasetRevision;

    @Option(names = {"--prompt-key", "--prompt_key"}, paramLabel = "COLUMN",
            description = "Column holding the prompt, for datasets that name it otherwise. Default: prompt.")
    String promptKey;

    @Option(names = {"--chosen-key", "--chosen_key"}, paramLabel = "COLUMN",
            description = "Column holding the chosen answer. Default: chosen.")
    String chosenKey;

    @Option(names = {"--rejected-key", "--rejected_key"}, paramLabel = "COLUMN",
            description = "Column holding the rejected answer. Default: rejected.")
    String rejectedKey;

    @Option(names = "--scored-candidates", paramLabel = "alma-r:DIRECTIONS[:SCORER]",
            description = "Build each pair from scored candidate translations as the CPO paper did"
                    + " (haoranxu/ALMA-R-Preference): highest score chosen, lowest rejected; e.g. alma-r:de-en,en-de"
                    + " or alma-r:de-en:xcomet (scorer kiwi, xcomet or kiwi_xcomet; default kiwi_xcomet).")
    String scoredCandidates;

    @Option(names = "--eval-dataset", paramLabel = "PATH",
            description = "Pairs evaluated every eval_steps. Default: none (seed-chat itself for the bundled set).")
    Path evalDataset;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON or YAML file of CPOConfig settings.")
    Path configFile;

    @Option(names = "--preset", paramLabel = "cpo|simpo|alphapo",
            description = "A paper's settings (CPOConfig.preset), applied before --config and the flags, which"
                    + " override them.")
    String preset;

    @Option(names = "--resume-from", paramLabel = "CHECKPOINT|latest",
            description = "Continue from a checkpoint folder of this run, or the newest one.")
    String resumeFrom;

    @Option(names = "--seed-model", paramLabel = "N",
            description = "Seed of a preset's random initial weights. Default: the seed setting.")
    Long seedModel;

    @Option(names = "--max-field-chars", paramLabel = "N",
            description = "Longest prompt, chosen or rejected text accepted, in characters after the chat template"
                    + " (longer rows are refused, never sent to the tokenizer). Default: ${DEFAULT-VALUE}.")
    int maxFieldChars = PreferenceLoader.DEFAULT_MAX_FIELD_CHARS;

    @Option(names = "--no-progress", description = "No progress bar (for logs and scripts).")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    /** True when the base model came from the adapter's adapter_config.json rather than --model. */
    private boolean modelFromAdapter;

    private final ConfigOptions configOptions = ConfigOptions.all();

    ConfigOptions configOptions() {
        return configOptions;
    }

    @Override
    public Integer call() throws IOException {
        CommandLine commandLine = spec.commandLine();
        // Resolved here, once: the checks below, the run and its printed commands all use the same name.
        adapter = AdapterOption.resolve(commandLine, adapter);
        modelFromAdapter = model == null && adapter != null;
        model = adapter != null ? AdapterOption.baseModel(commandLine, model, adapter)
                : model != null ? model : ModelSource.TINY;
        DatasetSource source = datasetSource(commandLine);
        boolean bundled = source == null;
        requireFile(configFile, "--config");
        if (source != null && !source.isHub()) {
            requireFile(source.local(), "--dataset");
        }
        requireFile(evalDataset, "--eval-dataset");
        if (seedModel != null && !ModelSource.isPreset(model)) {
            throw new ParameterException(commandLine, "--seed-model applies only to a preset model (--model tiny)");
        }

        CPOConfig config = resolveConfig();
        Path runFolder = config.outputDir() != null ? Path.of(config.outputDir()) : RunFolder.next(bundled ? "quickstart-" : "");
        config = config.toBuilder().outputDir(runFolder.toString()).build();
        // Checked before anything is created or locked there.
        OutputPaths.requireWritableFolder(commandLine, runFolder, "--output");
        try (RunFolderLock lock = lockRunFolder(runFolder)) {
            if (resumeFrom == null) {
                try {
                    RunFolder.prepareForNewRun(runFolder, config.overwriteOutputDir());
                } catch (IllegalStateException e) {
                    throw new ParameterException(commandLine, e.getMessage(), e);
                }
            }
            return train(config, runFolder, source);
        }
    }

    private RunFolderLock lockRunFolder(Path runFolder) {
        try {
            return RunFolderLock.acquire(runFolder, "cpo train " + String.join(" ", ownArgs(spec.commandLine())));
        } catch (IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /**
     * The training set named by {@code --dataset} or {@code --dataset-name} and its companions, or
     * null for the bundled quick-start set.
     */
    private DatasetSource datasetSource(CommandLine commandLine) {
        if (dataset != null && datasetName != null) {
            throw new ParameterException(commandLine, "--dataset and --dataset-name name the same thing; give one");
        }
        DatasetSource source = datasetName != null ? DatasetSource.parse(datasetName) : dataset != null ? DatasetSource.parse(dataset) : null;
        if (datasetName != null && !source.isHub()) {
            throw new ParameterException(commandLine, "--dataset-name: not a Hub dataset id (owner/name): "
                    + datasetName);
        }
        boolean hubOptions = datasetConfig != null || datasetTrainSplit != null || datasetRevision != null
                || datasetTestSplit != null;
        if (hubOptions && (source == null || !source.isHub())) {
            throw new ParameterException(commandLine, "--dataset-config, --dataset-train-split, --dataset-test-split"
                    + " and --dataset-revision apply to a Hub dataset (--dataset owner/name)");
        }
        if (source != null && source.isHub()) {
            HubDatasetId id = source.hub();
            if (datasetConfig != null) {
                id = id.withConfig(datasetConfig);
            }
            if (datasetTrainSplit != null) {
                id = id.withSplit(datasetTrainSplit);
            }
            if (datasetRevision != null) {
                id = id.withRevision(datasetRevision);
            }
            source = DatasetSource.hub(id);
        }
        return source;
    }

    /** {@code alma-r:de-en,en-de[:scorer]}. */
    private ScoredCandidates parseScoredCandidates(CommandLine commandLine) {
        String[] parts = scoredCandidates.split(":");
        if (parts.length < 2 || parts.length > 3 || !parts[0].equals("alma-r")) {
            throw new ParameterException(commandLine, "--scored-candidates: expected alma-r:DIRECTIONS[:SCORER],"
                    + " e.g. alma-r:de-en,en-de, was '" + scoredCandidates + "'");
        }
        try {
            return ScoredCandidates.almaR(List.of(parts[1].split(",")), parts.length == 3 ? parts[2] : "kiwi_xcomet");
        } catch (IllegalArgumentException bad) {
            throw new ParameterException(commandLine, "--scored-candidates: " + bad.getMessage(), bad);
        }
    }

    private int train(CPOConfig config, Path runFolder, DatasetSource source) throws IOException {
        boolean bundled = source == null;
        CommandLine commandLine = spec.commandLine();
        PrintWriter out = commandLine.getOut();
        Files.createDirectories(runFolder);

        Path modelFolder = modelFromAdapter ? AdapterOption.baseFolder(commandLine, null, adapter)
                : ModelSource.resolve(model, runFolder.resolve("initial-model"),
                        seedModel != null ? seedModel : config.seed());
        // What a LoRA run's adapter_config.json records as its base: the user's own words (a Hub id stays
        // an id), or for a preset the folder its weights were written to, the only place they exist.
        String baseName = ModelSource.isPreset(model) && !modelFromAdapter ? modelFolder.toString() : model;
        DatasetSource trainSource = bundled ? new DatasetSource(BundledDatasets.extract(BundledDatasets.SEED_CHAT,
                runFolder.resolve("data")), null) : source;
        // Conversational rows are rendered with the model's own chat template (plain text without one).
        PreferenceLoader loader = PreferenceDataset.loader().maxFieldChars(maxFieldChars)
                .chatTemplate(HfTokenizerConfig.readFromDirectory(modelFolder).chatTemplateOrPlain());
        if (promptKey != null) {
            loader = loader.promptKey(promptKey);
        }
        if (chosenKey != null) {
            loader = loader.chosenKey(chosenKey);
        }
        if (rejectedKey != null) {
            loader = loader.rejectedKey(rejectedKey);
        }
        if (scoredCandidates != null) {
            loader = loader.scoredCandidates(parseScoredCandidates(commandLine));
        }
        PreferenceDataset train = trainSource.load(loader);
        PreferenceDataset eval;
        if (evalDataset != null) {
            eval = loader.load(evalDataset);
        } else if (trainSource.isHub() && config.evalSteps() != null) {
            // As TRL's scripts: the dataset's test split is the evaluation set when evaluation is on.
            HubDatasetId test = trainSource.hub().withSplit(datasetTestSplit != null ? datasetTestSplit
                    : "test");
            eval = DatasetSource.hub(test).load(loader);
        } else {
            eval = bundled ? train : null;
        }
        String trainPath = trainSource.toString();
        config.save(runFolder.resolve("cpo_config.json"));

        try (CausalLM lm = CausalLM.load(modelFolder, Devices.parse(config.device()));
             PreferenceTokenizer tokenizer = PreferenceTokenizer.load(modelFolder)) {
            if (adapter != null) {
                lm.loadAdapter(adapter);
            }
            CPOTrainer.Builder trainerBuilder = CPOTrainer.builder().model(lm).tokenizer(tokenizer).config(config)
                    .trainDataset(train).evalDataset(eval);
            if (!noProgress) {
                trainerBuilder.listener(ProgressBarListener.forStandardError(System.err));
            }
            try (CPOTrainer trainer = trainerBuilder.build()) {
                // The trainer has now put on the adapter it trains (a fresh one with use_peft, else --adapter's).
                lm.adapter().ifPresent(lora -> lora.baseModelNameOrPath(baseName));
                if (adapter != null) {
                    // The trainer's settings describe the adapter it continues (use_peft, lora_r, ...).
                    trainer.config().save(runFolder.resolve("cpo_config.json"));
                }
                resume(trainer, commandLine);
                out.printf(Locale.ROOT, "Training %s (%s, %s) on %s (%d pairs) for %d steps, loss %s%n",
                        model, describeParameters(lm), lm.device(), trainPath, train.size(), trainer.totalSteps(),
                        config.lossType());
                out.flush();
                TrainResult result;
                try (StopSignals signals = StopSignals.install(trainer::requestStop, commandLine.getErr())) {
                    result = trainer.train();
                    if (signals.received() != null) {
                        return stopped(trainer, result, signals, runFolder, commandLine);
                    }
                }
                TrainingCharts.saveStandard(trainer.metrics(), runFolder.resolve("charts"));
                out.printf(Locale.ROOT, "%nFinished %d/%d steps in %.1f s.%n%n", result.globalStep(),
                        result.totalSteps(), result.seconds());
                out.print(MetricsSummary.format(trainer.log()));
                LearningCheck.hint(trainer.log(), config).ifPresent(hint -> out.printf("%n%s%n", hint));
                out.printf("%nRun folder: %s%n", runFolder.toAbsolutePath().normalize());
                out.printf("  %s%n", MetricsSummary.runFiles(runFolder));
                if (result.globalStep() == result.totalSteps() && Files.isDirectory(runFolder.resolve("final"))) {
                    out.print(nextCommands(runFolder, trainPath, train.get(0).prompt(),
                            lm.adapter().isPresent() ? baseName : null));
                }
                out.flush();
            }
        }
        return 0;
    }

    /** The arguments given to this command, without the command's own name. */
    private static List<String> ownArgs(CommandLine commandLine) {
        List<String> args = new ArrayList<>(commandLine.getParseResult().originalArgs());
        if (!args.isEmpty() && args.get(0).equals(commandLine.getCommandName())) {
            args.remove(0);
        }
        return args;
    }

    /** After a stop signal: a checkpoint of the step reached, and the command that continues from it. */
    private int stopped(CPOTrainer trainer, TrainResult result, StopSignals signals, Path runFolder,
                        CommandLine commandLine) {
        PrintWriter err = commandLine.getErr();
        Path checkpoint = trainer.saveCheckpoint();
        List<String> args = ownArgs(commandLine);
        if (commandLine.getParseResult().matchedOption("--output-dir") == null) {
            args.add("--output");
            args.add(runFolder.toString());
        }
        if (resumeFrom == null) {
            args.add("--resume-from");
            args.add("latest");
        }
        String cpo = System.getenv().getOrDefault("CPO_COMMAND", "./cpo");
        err.printf(Locale.ROOT, "%nStopped by %s at step %d of %d; saved %s%nContinue with:%n  %s train %s%n",
                signals.received(), result.globalStep(), result.totalSteps(), checkpoint.toAbsolutePath().normalize(),
                shellWord(cpo), args.stream().map(TrainCommand::shellWord).collect(Collectors.joining(" ")));
        err.flush();
        return signals.exitCode();
    }

    /**
     * The run's settings: the defaults (TRL's, or {@link QuickStart}'s without
     * {@code --dataset}), then {@code --preset}, then the {@code --config} file,
     * then explicit flags.
     *
     * @throws ParameterException naming the flag or file at fault
     */
    CPOConfig resolveConfig() {
        CommandLine commandLine = spec.commandLine();
        CPOConfig.Builder builder = dataset == null && datasetName == null ? QuickStart.config() : CPOConfig.builder();
        builder.origins().relabelCode("the quick start's default (cpo train without --dataset)");
        if (preset != null) {
            try {
                builder.applyPreset(preset);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(commandLine, "--preset: " + e.getMessage());
            }
        }
        if (configFile != null) {
            ConfigFiles.applyTo(configFile, builder);
        }
        configOptions.apply(builder, commandLine.getParseResult(), commandLine);
        return configOptions.build(builder, commandLine.getParseResult(), commandLine);
    }

    private void resume(CPOTrainer trainer, CommandLine commandLine) {
        if (resumeFrom == null) {
            return;
        }
        Path checkpoint = resumeFrom.equals("latest")
                ? trainer.latestCheckpoint().orElseThrow(() -> new ParameterException(commandLine,
                        "--resume-from latest: no checkpoint in " + trainer.outputDir()))
                : Path.of(resumeFrom);
        requireFile(checkpoint, "--resume-from");
        CPOTrainer.Resumed resumed = trainer.resumeFrom(checkpoint).resumed().orElseThrow();
        commandLine.getOut().printf(Locale.ROOT, "Resumed from %s at step %d of %d.%n",
                checkpoint.toAbsolutePath().normalize(), resumed.step(), resumed.totalSteps());
        if (resumed.changesTheSchedule()) {
            commandLine.getOut().printf(Locale.ROOT, "The run planned %d steps; it now runs to %d, with the"
                    + " learning-rate schedule computed for %d steps.%n", resumed.plannedSteps(),
                    resumed.totalSteps(), resumed.totalSteps());
        }
    }

    private void requireFile(Path path, String option) {
        if (path != null && !Files.exists(path)) {
            throw new ParameterException(spec.commandLine(), option + ": no such file or folder: " + path);
        }
    }

    /** "1,234 parameters", or for a LoRA run what the adapter trains of them. */
    private static String describeParameters(CausalLM lm) {
        return lm.adapter().map(lora -> String.format(Locale.ROOT, "LoRA r=%d on %d modules: %,d of %,d parameters"
                + " trained", lora.config().r(), lora.adaptedModules().size(), lora.parameterCount(),
                lm.parameterCount())).orElse(String.format(Locale.ROOT, "%,d parameters", lm.parameterCount()));
    }

    /**
     * The commands that use this run's model, spelled out for this run (no glob to go stale).
     *
     * @param baseModel for a LoRA run (final/ is an adapter folder), the base model the adapter goes on;
     *                  null for a run whose final/ is a whole model
     */
    static String nextCommands(Path runFolder, String trainPath, String prompt, String baseModel) {
        Path model = runFolder.resolve("final");
        // The launcher says how it was called (./cpo, or a path from elsewhere); run without it, ./cpo.
        String cpo = shellWord(System.getenv().getOrDefault("CPO_COMMAND", "./cpo"));
        String weights = baseModel == null ? "--model " + shellWord(model.toString())
                : "--model " + shellWord(baseModel) + " --adapter " + shellWord(model.toString());
        String text = String.format(Locale.ROOT, "%nTry the trained model:%n  %s generate %s --prompt %s%n"
                        + "  %s evaluate %s --dataset %s --config %s --output %s%n",
                cpo, weights, shellWord(prompt), cpo, weights,
                shellWord(trainPath), shellWord(runFolder.resolve("cpo_config.json").toString()),
                shellWord(runFolder.resolve("examples.csv").toString()));
        if (baseModel != null) {
            text += String.format(Locale.ROOT, "Merge the adapter into a plain model folder:%n  %s merge %s"
                    + " --output %s%n", cpo, weights, shellWord(runFolder.resolve("merged").toString()));
        }
        return text;
    }

    /** {@code text} as one POSIX shell word: unchanged when plain, else single-quoted. */
    static String shellWord(String text) {
        return text.matches("[A-Za-z0-9_./:=@%+-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }
}
