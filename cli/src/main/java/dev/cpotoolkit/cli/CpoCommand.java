package dev.cpotoolkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;


/**
 * The {@code cpo} command: {@code train}, {@code evaluate} and {@code generate}
 * subcommands over the toolkit, with TRL's names for every setting, plus
 * {@code merge} (a LoRA adapter folded into its base model),
 * {@code datasets} (synthetic data generators), {@code demo} and {@code bench}
 * (benchmarks) and {@code compare} (charts of several runs).
 * {@code ./cpo} at the repository root builds the jar and runs this class.
 */
@Command(name = "cpo", mixinStandardHelpOptions = true, versionProvider = CpoCommand.Version.class,
        description = "Contrastive Preference Optimization (TRL's CPOTrainer) for causal language models.",
        footer = {"", "Run 'cpo train' with no arguments for a quick demo: a tiny model learns a bundled dataset."})
public final class CpoCommand extends CommandGroup {

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error.")
    boolean verbose;


    /**
     * Runs the CLI and exits with its exit code: 0 success, 2 usage or input error, 1 other failure.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /**
     * A fresh command line with every subcommand and the error handling of
     * {@link #main}; tests and embedding code call {@link CommandLine#execute} on it.
     *
     * @return the command line, ready to execute once
     */
    public static CommandLine newCommandLine() {
        CommandLine cpo = new CommandLine(new CpoCommand());
        TrainCommand train = new TrainCommand();
        cpo.addSubcommand("train", withConfigOptions(new CommandLine(train), train.configOptions()));
        EvaluateCommand evaluate = new EvaluateCommand();
        cpo.addSubcommand("evaluate", withConfigOptions(new CommandLine(evaluate), evaluate.configOptions()));
        cpo.addSubcommand("generate", new CommandLine(new GenerateCommand()));
        cpo.addSubcommand("merge", new CommandLine(new MergeCommand()));
        cpo.addSubcommand("datasets", new CommandLine(new DatasetsCommand()));
        cpo.addSubcommand("demo", new CommandLine(new DemoCommand()));
        BenchCommand bench = new BenchCommand();
        cpo.addSubcommand("bench", withConfigOptions(new CommandLine(bench), bench.configOptions()));
        cpo.addSubcommand("compare", new CommandLine(new CompareCommand()));
        CliErrors errors = new CliErrors();
        cpo.setParameterExceptionHandler(errors);
        cpo.setExecutionExceptionHandler(errors);
        return cpo;
    }

    private static CommandLine withConfigOptions(CommandLine command, ConfigOptions options) {
        options.addTo(command.getCommandSpec());
        return command;
    }

    /** The toolkit version from the jar's manifest ("development" when run from classes). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = CpoCommand.class.getPackage().getImplementationVersion();
            return new String[] {
                    "cpo (CPO Toolkit) " + (version == null ? "development build" : version),
                    "Java " + System.getProperty("java.version") + ", DJL PyTorch engine"};
        }
    }
}
