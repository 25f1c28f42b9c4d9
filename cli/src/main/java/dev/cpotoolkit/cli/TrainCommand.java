package dev.cpotoolkit.cli;

import dev.cpotoolkit.data.PreferenceDataset;
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
 * checkpoints and {@code final/} (a Hugging Face model folder).
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


    @Option(names = "--model", paramLabel = "DIR|PRESET|HUB_ID", defaultValue = ModelSource.TINY,
            description = "Model folder, preset name (tiny) or Hugging Face repo id. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--dataset", paramLabel = "PATH",
            description = "Training pairs: .jsonl, .json, .csv or a folder. Default: the bundled seed-chat set.")
    Path dataset;

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

    private final ConfigOptions configOptions = ConfigOptions.all();

    ConfigOptions configOptions() {
        return configOptions;
    }

    @Override
    public Integer call() throws IOException {
        CommandLine commandLine = spec.commandLine();
        boolean bundled = dataset == null;
        requireFile(configFile, "--config");
        requireFile(dataset, "--dataset");
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
            return train(config, runFolder, bundled);
        }
    }

    private RunFolderLock lockRunFolder(Path runFolder) {
        try {
            return RunFolderLock.acquire(runFolder, "cpo train " + String.join(" ", ownArgs(spec.commandLine())));
        } catch (IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private int train(CPOConfig config, Path runFolder, boolean bundled) throws IOException {
        CommandLine commandLine = spec.commandLine();
        PrintWriter out = commandLine.getOut();
        Files.createDirectories(runFolder);

        Path modelFolder = ModelSource.resolve(model, runFolder.resolve("initial-model"),
                seedModel != null ? seedModel : config.seed());
        Path trainPath = bundled ? BundledDatasets.extract(BundledDatasets.SEED_CHAT, runFolder.resolve("data"))
                : dataset;
        // Conversational rows are rendered with the model's own chat template (plain text without one).
        PreferenceLoader loader = PreferenceDataset.loader().maxFieldChars(maxFieldChars)
                .chatTemplate(HfTokenizerConfig.readFromDirectory(modelFolder).chatTemplateOrPlain());
        PreferenceDataset train = loader.load(trainPath);
        PreferenceDataset eval = evalDataset != null ? loader.load(evalDataset) : bundled ? train : null;
        config.save(runFolder.resolve("cpo_config.json"));

        try (CausalLM lm = CausalLM.load(modelFolder, Devices.parse(config.device()));
             PreferenceTokenizer tokenizer = PreferenceTokenizer.load(modelFolder)) {
            CPOTrainer.Builder trainerBuilder = CPOTrainer.builder().model(lm).tokenizer(tokenizer).config(config)
                    .trainDataset(train).evalDataset(eval);
            if (!noProgress) {
                trainerBuilder.listener(ProgressBarListener.forStandardError(System.err));
            }
            try (CPOTrainer trainer = trainerBuilder.build()) {
                resume(trainer, commandLine);
                out.printf(Locale.ROOT, "Training %s (%,d parameters, %s) on %s (%d pairs) for %d steps, loss %s%n",
                        model, lm.parameterCount(), lm.device(), trainPath, train.size(), trainer.totalSteps(),
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
                    out.print(nextCommands(runFolder, trainPath, train.get(0).prompt()));
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
        CPOConfig.Builder builder = dataset == null ? QuickStart.config() : CPOConfig.builder();
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

    /** The commands that use this run's model, spelled out for this run (no glob to go stale). */
    static String nextCommands(Path runFolder, Path trainPath, String prompt) {
        Path model = runFolder.resolve("final");
        // The launcher says how it was called (./cpo, or a path from elsewhere); run without it, ./cpo.
        String cpo = shellWord(System.getenv().getOrDefault("CPO_COMMAND", "./cpo"));
        return String.format(Locale.ROOT, "%nTry the trained model:%n  %s generate --model %s --prompt %s%n"
                        + "  %s evaluate --model %s --dataset %s --config %s --output %s%n",
                cpo, shellWord(model.toString()), shellWord(prompt), cpo, shellWord(model.toString()),
                shellWord(trainPath.toString()), shellWord(runFolder.resolve("cpo_config.json").toString()),
                shellWord(runFolder.resolve("examples.csv").toString()));
    }

    /** {@code text} as one POSIX shell word: unchanged when plain, else single-quoted. */
    static String shellWord(String text) {
        return text.matches("[A-Za-z0-9_./:=@%+-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }
}
