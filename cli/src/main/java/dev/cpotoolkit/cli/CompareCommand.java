package dev.cpotoolkit.cli;

import dev.cpotoolkit.plot.RunComparison;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code cpo compare RUN...}: charts and a table of several runs from their
 * folders ({@link RunComparison}): a PNG per metric with a line per run, and
 * {@code summary.csv} with each run's last values, also printed.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compare training runs from their folders: a chart per metric (a line per run) and a table of"
                + " their last values.")
final class CompareCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run folders (each holds metrics.csv).")
    List<Path> runs;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Where the PNGs and summary.csv go. Default: runs/comparison-<time>.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        RunComparison comparison;
        try {
            comparison = RunComparison.of(runs);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, e.getMessage());
        }
        Path folder = output != null ? output : Path.of("runs",
                "comparison-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        OutputPaths.requireWritableFolder(commandLine, folder, "--output");
        List<Path> files = comparison.save(folder);
        PrintWriter out = commandLine.getOut();
        out.println(comparison.summary().print());
        out.println();
        out.println("Wrote " + files.size() + " files to " + folder + ":");
        files.forEach(file -> out.println("  " + file.getFileName()));
        out.flush();
        return 0;
    }
}
