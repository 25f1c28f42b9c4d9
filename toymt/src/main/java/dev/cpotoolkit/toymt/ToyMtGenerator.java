package dev.cpotoolkit.toymt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates the toy-mt corpus from a seed. Every random choice is drawn from
 * one {@link SplittableRandom} in a fixed order (SFT train, preference train,
 * dev, test), so a seed and the sizes determine every byte of the output.
 *
 * <pre>{@code
 * ToyMtDataset data = new ToyMtGenerator(ToyMtGenerator.DEFAULT_SEED, ToyMtGenerator.Sizes.DEFAULT).generate();
 * ToyMtFiles.write(data, Path.of("datasets/toy-mt"));
 * }</pre>
 */
public final class ToyMtGenerator {

    /** The seed of the committed {@code datasets/toy-mt} files. */
    public static final long DEFAULT_SEED = 2024;

    /** The text before the source sentence in every prompt. */
    public static final String PROMPT_PREFIX = "translate: ";
    /** The text after the source sentence; answers start with a space after it. */
    public static final String PROMPT_SUFFIX = " =>";

    /**
     * How many rows each split has.
     *
     * @param sftTrain        SFT pairs
     * @param preferenceTrain preference triplets for training
     * @param dev             dev triplets
     * @param test            test triplets
     */
    public record Sizes(int sftTrain, int preferenceTrain, int dev, int test) {

        /** The sizes of the committed files. */
        public static final Sizes DEFAULT = new Sizes(4000, 4000, 200, 500);

        /** Rejects negative sizes. */
        public Sizes {
            if (sftTrain < 0 || preferenceTrain < 0 || dev < 0 || test < 0) {
                throw new IllegalArgumentException("split sizes must be >= 0");
            }
        }
    }

    private final long seed;
    private final Sizes sizes;

    /**
     * @param seed  the seed of the one random source
     * @param sizes the split sizes
     */
    public ToyMtGenerator(long seed, Sizes sizes) {
        this.seed = seed;
        this.sizes = sizes;
    }

    /** The corpus for this seed and these sizes (the same every time). */
    public ToyMtDataset generate() {
        SplittableRandom random = new SplittableRandom(seed);
        Set<String> seen = new HashSet<>();
        List<ToyMtDataset.SftRow> sft = new ArrayList<>();
        for (int i = 0; i < sizes.sftTrain(); i++) {
            Clause clause = freshClause(random, seen);
            NoisyReferences.Reference reference = NoisyReferences.translate(clause, random);
            sft.add(new ToyMtDataset.SftRow(prompt(clause), answer(reference.words()), reference.error()));
        }
        List<ToyMtDataset.PreferenceRow> preference = triplets(sizes.preferenceTrain(), random, seen);
        List<ToyMtDataset.PreferenceRow> dev = triplets(sizes.dev(), random, seen);
        List<ToyMtDataset.PreferenceRow> test = triplets(sizes.test(), random, seen);
        return new ToyMtDataset(List.copyOf(sft), preference, dev, test);
    }

    private static List<ToyMtDataset.PreferenceRow> triplets(int count, SplittableRandom random, Set<String> seen) {
        List<ToyMtDataset.PreferenceRow> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Clause clause = freshClause(random, seen);
            List<TargetWord> correct = Toylang.translate(clause);
            ErrorKind kind = ErrorKind.NEAR_MISSES.get(random.nextInt(ErrorKind.NEAR_MISSES.size()));
            List<TargetWord> nearMiss = NearMisses.apply(kind, correct, random);
            rows.add(new ToyMtDataset.PreferenceRow(prompt(clause), answer(correct), answer(nearMiss), kind));
        }
        return List.copyOf(rows);
    }

    /** A clause whose source sentence no earlier row used, so splits never share a sentence. */
    private static Clause freshClause(SplittableRandom random, Set<String> seen) {
        while (true) {
            Clause clause = Grammar.sample(random);
            if (seen.add(English.render(clause))) {
                return clause;
            }
        }
    }

    /** The prompt for a source sentence. */
    public static String prompt(String source) {
        return PROMPT_PREFIX + source + PROMPT_SUFFIX;
    }

    private static String prompt(Clause clause) {
        return prompt(English.render(clause));
    }

    private static String answer(List<TargetWord> words) {
        // A leading space keeps the prompt/answer boundary on a word boundary for the tokenizer.
        return " " + Toylang.text(words);
    }
}
