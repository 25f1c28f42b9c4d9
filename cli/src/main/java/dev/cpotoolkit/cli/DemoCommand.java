package dev.cpotoolkit.cli;

import dev.cpotoolkit.toymt.ComparisonResult;
import dev.cpotoolkit.toymt.ComparisonSettings;
import dev.cpotoolkit.toymt.CpoVsSft;
import dev.cpotoolkit.train.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code cpo demo}: demonstrations that train and compare models. Its one
 * subcommand, {@code cpo-vs-sft}, runs the toy translation benchmark.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, subcommands = DemoCommand.CpoVsSftDemo.class,
        description = "Demonstrations that train and compare models.")
final class DemoCommand extends CommandGroup {


    /** {@code cpo demo cpo-vs-sft}: SFT vs CPO vs SFT then CPO on toy-mt, as a table. */
    @Command(name = "cpo-vs-sft", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Train SFT (noisy references), CPO (preference pairs) and SFT then CPO from the same "
                    + "tiny initialisation on toy-mt, translate the test set greedily, and print exact match "
                    + "and token accuracy."})
    static final class CpoVsSftDemo implements Callable<Integer> {

        @Option(names = "--quick", description = "The notebook-sized run (fewer steps, 200 test sentences).")
        boolean quick;

        @Option(names = "--data", paramLabel = "DIR",
                description = "A toy-mt folder. Default: datasets/toy-mt when present, else generated from its seed.")
        Path data;

        @Option(names = "--output", paramLabel = "DIR",
                description = "Run folder. Default: runs/cpo-vs-sft-<time>.")
        Path output;

        @Option(names = "--sft-steps", paramLabel = "N", description = "Override the SFT step count.")
        Integer sftSteps;

        @Option(names = "--cpo-steps", paramLabel = "N", description = "Override the CPO step count.")
        Integer cpoSteps;

        @Option(names = "--sft-cpo-steps", paramLabel = "N", description = "Override the SFT -> CPO step count.")
        Integer sftThenCpoSteps;

        @Option(names = "--test-limit", paramLabel = "N", description = "Score only the first N test sentences.")
        Integer testLimit;

        @Option(names = "--no-progress", description = "No progress bars.")
        boolean noProgress;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path folder = output != null ? output : RunFolder.next("cpo-vs-sft-");
            ComparisonSettings settings = quick ? ComparisonSettings.quick(folder) : ComparisonSettings.full(folder);
            Path bundled = Path.of("datasets", "toy-mt");
            Path dataDir = data != null ? data : Files.isRegularFile(bundled.resolve("test.jsonl")) ? bundled : null;
            settings = settings.withDataDir(dataDir).withSteps(
                    sftSteps != null ? sftSteps : settings.sftSteps(),
                    cpoSteps != null ? cpoSteps : settings.cpoSteps(),
                    sftThenCpoSteps != null ? sftThenCpoSteps : settings.sftThenCpoSteps());
            if (testLimit != null) {
                settings = settings.withTestLimit(testLimit);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "CPO vs SFT on toy-mt (%s), run folder %s%n",
                    dataDir != null ? dataDir : "generated from seed " + settings.dataSeed(), folder);
            out.flush();
            ComparisonResult result = CpoVsSft.run(settings,
                    name -> noProgress ? null : ProgressBarListener.forStandardError(System.err));
            String report = report(result, quick);
            out.print(report);
            out.flush();
            write(folder.resolve("comparison.md"), report);
            return 0;
        }

        private static String report(ComparisonResult result, boolean quick) {
            StringBuilder text = new StringBuilder();
            text.append(String.format(Locale.ROOT, "%nToy-mt test set, %d sentences, greedy decoding:%n%n",
                    result.references().size()));
            text.append(result.markdown());
            text.append(String.format(Locale.ROOT,
                    "%nBest CPO system minus SFT: %+.1f exact-match points. Wall time: %.0f s (%.1f min).%n",
                    result.exactMatchGain(), result.totalSeconds(), result.totalSeconds() / 60));
            text.append(String.format(Locale.ROOT, "Reproduce: ./cpo datasets toy-mt --seed %d --out datasets/toy-mt"
                    + " && %s%s%n", result.settings().dataSeed(), CpoVsSft.reproduceCommand(), quick ? " --quick" : ""));
            return text.toString();
        }

        private static void write(Path file, String text) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }
}
