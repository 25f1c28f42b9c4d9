package dev.cpotoolkit.cli;

import dev.cpotoolkit.toymt.ErrorKind;
import dev.cpotoolkit.toymt.ToyMtDataset;
import dev.cpotoolkit.toymt.ToyMtFiles;
import dev.cpotoolkit.toymt.ToyMtGenerator;
import dev.cpotoolkit.toymt.ToyMtTokenizerFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cpo datasets}: generators of the bundled synthetic datasets. Its one
 * subcommand, {@code toy-mt}, writes the toy translation corpus; the same seed
 * reproduces the committed {@code datasets/toy-mt} files byte for byte.
 */
@Command(name = "datasets", mixinStandardHelpOptions = true, subcommands = DatasetsCommand.ToyMt.class,
        description = "Generate the bundled synthetic datasets.")
final class DatasetsCommand extends CommandGroup {


    /** {@code cpo datasets toy-mt --seed S --out DIR}. */
    @Command(name = "toy-mt", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Write the toy translation corpus (SFT pairs with noisy references, preference "
                    + "triplets, dev and test splits, WordLevel tokenizer).",
                    "The default seed reproduces datasets/toy-mt byte for byte (its README.md card is not written)."})
    static final class ToyMt implements Callable<Integer> {

        @Option(names = "--seed", paramLabel = "S", defaultValue = "" + ToyMtGenerator.DEFAULT_SEED,
                description = "Generator seed. Default: ${DEFAULT-VALUE} (the committed files).")
        long seed;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "datasets/toy-mt",
                description = "Output folder (created if needed). Default: ${DEFAULT-VALUE}.")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ToyMtDataset data = new ToyMtGenerator(seed, ToyMtGenerator.Sizes.DEFAULT).generate();
            ToyMtFiles.write(data, out);
            PrintWriter writer = spec.commandLine().getOut();
            writer.printf(Locale.ROOT, "Wrote toy-mt (seed %d) to %s: %d SFT pairs, %d preference triplets, "
                            + "%d dev, %d test; vocabulary %d tokens.%n", seed, out, data.sftTrain().size(),
                    data.preferenceTrain().size(), data.dev().size(), data.test().size(),
                    ToyMtTokenizerFiles.vocabularySize());
            Map<ErrorKind, Integer> errors = new EnumMap<>(ErrorKind.class);
            data.sftTrain().forEach(r -> errors.merge(r.error(), 1, Integer::sum));
            writer.printf(Locale.ROOT, "SFT references by error: %s%n", percentages(errors, data.sftTrain().size()));
            Map<ErrorKind, Integer> kinds = new EnumMap<>(ErrorKind.class);
            data.preferenceTrain().forEach(r -> kinds.merge(r.kind(), 1, Integer::sum));
            writer.printf(Locale.ROOT, "Preference near misses by kind: %s%n",
                    percentages(kinds, data.preferenceTrain().size()));
            writer.flush();
            return 0;
        }

        private static String percentages(Map<ErrorKind, Integer> counts, int total) {
            StringBuilder out = new StringBuilder();
            counts.forEach((kind, count) -> out.append(out.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %d (%.1f%%)", kind.label(), count, 100.0 * count / total)));
            return out.toString();
        }
    }
}
