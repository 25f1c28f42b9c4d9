package dev.cpotoolkit.cli;

import dev.cpotoolkit.bench.BenchModels;
import dev.cpotoolkit.bench.BenchSettings;
import dev.cpotoolkit.bench.CpoBenchmark;
import dev.cpotoolkit.bench.LogProbsMemory;
import dev.cpotoolkit.bench.MemoryFlatness;
import dev.cpotoolkit.bench.PaddingReport;
import dev.cpotoolkit.bench.PythonBaseline;
import dev.cpotoolkit.bench.StepProfile;
import dev.cpotoolkit.train.CPOConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code cpo bench}: throughput, time split and peak memory of full CPO
 * training steps on a random-weight model, optionally alternated with the same
 * step in Python PyTorch eager mode. Prints a Markdown table.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure CPO training steps (forward+loss, backward, optimizer), optionally against PyTorch eager.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "gpt2-small",
            description = "tiny, gpt2-small (124M), gpt2-tiny, qwen2.5-0.5b or llama-3.2-1b (shapes, random"
                    + " weights). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--vocab-size", paramLabel = "V", defaultValue = "0",
            description = "Vocabulary override (0: the model's own). Default: ${DEFAULT-VALUE}.")
    int vocabSize;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "2", description = "Pairs per step. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--prompt-len", paramLabel = "P", defaultValue = "64", description = "Prompt tokens. Default: ${DEFAULT-VALUE}.")
    int promptLength;

    @Option(names = "--answer-len", paramLabel = "A", defaultValue = "64",
            description = "Chosen-answer tokens; rejected answers get 3/4. Default: ${DEFAULT-VALUE}.")
    int answerLength;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "3", description = "Timed steps per round and side. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "1", description = "Untimed steps per side. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "3", description = "Alternated rounds. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--variants", paramLabel = "LIST", split = ",", defaultValue = "plain",
            description = "Toolkit steps: plain, prefix (prefix sharing), checkpointed, prefix-checkpointed"
                    + " (with gradient checkpointing), bf16, prefix-bf16 (bf16 mixed precision; with --baseline"
                    + " python PyTorch also runs under torch.autocast bf16); a list times several."
                    + " Default: ${DEFAULT-VALUE}.")
    List<String> variants;

    @Option(names = "--baseline", paramLabel = "python|none", defaultValue = "none",
            description = "python: alternate with the same step in PyTorch eager. Default: ${DEFAULT-VALUE}.")
    String baseline;

    @Option(names = "--baseline-tunables", paramLabel = "default|same", defaultValue = "default",
            description = "Allocator settings of the PyTorch child: default (PyTorch as users run it) or same "
                    + "(this process's GLIBC_TUNABLES, i.e. the launcher's). Default: ${DEFAULT-VALUE}.")
    String baselineTunables;

    @Option(names = "--python", paramLabel = "EXE", defaultValue = PythonBaseline.DEFAULT_PYTHON,
            description = "Interpreter with torch. Default: ${DEFAULT-VALUE}.")
    String python;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--rss-steps", paramLabel = "N", defaultValue = "0",
            description = "Instead of timing: run N toolkit steps and compare resident memory at step 100 and N.")
    int rssSteps;

    @Option(names = "--logprobs-memory", paramLabel = "full|lean",
            description = "Instead of timing: peak memory of forward+backward of the log-probs, the full-logits way or the lean way.")
    String logProbsMemory;

    @Option(names = "--padding-report", paramLabel = "PAIRS", defaultValue = "0",
            description = "Instead of timing: padding share of an epoch of PAIRS synthetic pairs, shuffled vs grouped by length.")
    int paddingPairs;

    @Option(names = "--profile", paramLabel = "TRACE.json",
            description = "Instead of timing: one step of the first variant under libtorch's profiler; writes a Chrome trace and prints the ops with the most self time.")
    Path profile;

    @Option(names = "--output", paramLabel = "FILE.md", description = "Also append the table to this Markdown file.")
    Path output;

    @Spec
    CommandSpec spec;

    /**
     * The training settings {@code bench} does not own ({@code --seed} and
     * {@code --output} are its own), as {@code cpo train} declares them: a
     * setting added to the toolkit ({@code --gradient-checkpointing},
     * {@code --use-peft}, {@code --bf16}) is a bench flag without a bench copy.
     */
    private final ConfigOptions configOptions = ConfigOptions.allExcept(Set.of("seed", "output_dir"));

    ConfigOptions configOptions() {
        return configOptions;
    }

    @Override
    public Integer call() {
        if (!BenchModels.NAMES.contains(model)) {
            throw new IllegalArgumentException("--model must be one of " + BenchModels.NAMES + ", got " + model);
        }
        if (!baselineTunables.equals("default") && !baselineTunables.equals("same")) {
            throw new IllegalArgumentException("--baseline-tunables must be default or same, got " + baselineTunables);
        }
        if (!baseline.equals("python") && !baseline.equals("none")) {
            throw new IllegalArgumentException("--baseline must be python or none, got " + baseline);
        }
        CommandLine commandLine = spec.commandLine();
        CPOConfig.Builder training = BenchSettings.defaults();
        configOptions.apply(training, commandLine.getParseResult(), commandLine);
        BenchSettings settings = new BenchSettings(model, vocabSize, batchSize, promptLength, answerLength, steps,
                warmup, rounds, variants, baseline.equals("python") ? python : null, 2, seed,
                baselineTunables.equals("same"), configOptions.build(training, commandLine.getParseResult(), commandLine));
        PrintWriter out = spec.commandLine().getOut();
        if (paddingPairs > 0) {
            PaddingReport.run(paddingPairs, batchSize, seed, out);
            return 0;
        }
        if (logProbsMemory != null) {
            LogProbsMemory.run(settings, logProbsMemory, out);
            return 0;
        }
        if (profile != null) {
            StepProfile.run(settings, profile, 30, out);
            return 0;
        }
        if (rssSteps > 0) {
            MemoryFlatness.run(settings, rssSteps, out);
            return 0;
        }
        Path work;
        try {
            work = Files.createTempDirectory("cpo-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String table;
        try {
            table = CpoBenchmark.run(settings, work, out).markdown();
        } finally {
            deleteQuietly(work);
        }
        if (output != null) {
            CpoBenchmark.append(output, table);
        }
        return 0;
    }

    /** Removes the scratch folder (a 124M model export is 500 MB). */
    private static void deleteQuietly(Path folder) {
        try (java.util.stream.Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover temp folder is not worth failing a benchmark for.
        }
    }
}
