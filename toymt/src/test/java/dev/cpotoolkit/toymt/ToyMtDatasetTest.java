package dev.cpotoolkit.toymt;

import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generator, the committed files and the tokenizer of toy-mt. */
class ToyMtDatasetTest {

    /** The committed dataset (tests run in toolkit/). */
    static final Path COMMITTED = Path.of("..", "datasets", "toy-mt");

    private static final ToyMtDataset DATA =
            new ToyMtGenerator(ToyMtGenerator.DEFAULT_SEED, ToyMtGenerator.Sizes.DEFAULT).generate();

    @Test
    void documentedSeedReproducesTheCommittedFilesByteForByte(@TempDir Path dir) throws Exception {
        ToyMtFiles.write(DATA, dir);
        for (String file : ToyMtFiles.GENERATED) {
            assertArrayEquals(Files.readAllBytes(COMMITTED.resolve(file)), Files.readAllBytes(dir.resolve(file)),
                    file + " differs from the committed copy; regenerate with: ./cpo datasets toy-mt --seed "
                            + ToyMtGenerator.DEFAULT_SEED + " --out datasets/toy-mt");
        }
        assertTrue(Files.isRegularFile(COMMITTED.resolve("README.md")), "dataset card");
    }

    @Test
    void sameSeedSameCorpusOtherSeedOtherCorpus() {
        ToyMtGenerator.Sizes small = new ToyMtGenerator.Sizes(50, 50, 10, 10);
        assertEquals(new ToyMtGenerator(7, small).generate(), new ToyMtGenerator(7, small).generate());
        assertNotEquals(new ToyMtGenerator(7, small).generate(), new ToyMtGenerator(8, small).generate());
    }

    @Test
    void filesReadBackAsGenerated(@TempDir Path dir) {
        ToyMtDataset small = new ToyMtGenerator(3, new ToyMtGenerator.Sizes(20, 20, 5, 5)).generate();
        assertEquals(small, ToyMtFiles.read(ToyMtFiles.write(small, dir)));
        assertEquals(20, ToyMtFiles.preferences(dir.resolve(ToyMtFiles.PREFERENCE_TRAIN)).size());
    }

    @Test
    void splitsShareNoSourceSentence() {
        Set<String> prompts = new HashSet<>();
        List<String> all = new ArrayList<>();
        DATA.sftTrain().forEach(r -> all.add(r.prompt()));
        for (List<ToyMtDataset.PreferenceRow> split : List.of(DATA.preferenceTrain(), DATA.dev(), DATA.test())) {
            split.forEach(r -> all.add(r.prompt()));
        }
        all.forEach(p -> assertTrue(prompts.add(p), "repeated prompt " + p));
        assertEquals(8700, prompts.size());
    }

    @Test
    void nearMissesAreOneMistakeOfTheirKind() {
        Set<ErrorKind> seen = new HashSet<>();
        for (ToyMtDataset.PreferenceRow row : DATA.preferenceTrain()) {
            String[] chosen = words(row.chosen());
            String[] rejected = words(row.rejected());
            assertNotEquals(row.chosen(), row.rejected());
            assertTrue(row.chosen().startsWith(" ") && row.rejected().startsWith(" "), "answers start with a space");
            seen.add(row.kind());
            switch (row.kind()) {
                case DROPPED_WORD -> assertEquals(chosen.length - 1, rejected.length, row.toString());
                case WRONG_ORDER -> assertEquals(sorted(chosen), sorted(rejected), row.toString());
                case WRONG_AGREEMENT, WRONG_WORD -> {
                    assertEquals(chosen.length, rejected.length, row.toString());
                    assertEquals(1, differences(chosen, rejected), row.toString());
                }
                default -> throw new AssertionError("unexpected kind " + row);
            }
        }
        assertEquals(Set.copyOf(ErrorKind.NEAR_MISSES), seen);
    }

    @Test
    void sftReferencesCarryTheStatedErrors() {
        long wrong = DATA.sftTrain().stream().filter(r -> r.error() != ErrorKind.NONE).count();
        double rate = (double) wrong / DATA.sftTrain().size();
        assertTrue(rate > 0.35 && rate < 0.5, "noisy fraction " + rate);
        // The two habits dominate: they are what makes the wrong form the majority in their contexts.
        long attraction = DATA.sftTrain().stream().filter(r -> r.error() == ErrorKind.VERB_ATTRACTION).count();
        long feminine = DATA.sftTrain().stream().filter(r -> r.error() == ErrorKind.FEMININE_PLURAL_ADJECTIVE).count();
        assertTrue(attraction > 1000 && feminine > 250, attraction + " verb attraction, " + feminine + " feminine");
        for (ToyMtDataset.SftRow row : DATA.sftTrain()) {
            assertTrue(row.completion().startsWith(" "), row.toString());
        }
    }

    @Test
    void tokenizerCoversEveryWordWithOneTokenEach() {
        try (PreferenceTokenizer tokenizer = PreferenceTokenizer.load(COMMITTED)) {
            assertEquals(ToyMtTokenizerFiles.vocabularySize(), tokenizer.vocabularySize());
            assertEquals(ToyMtTokenizerFiles.BOS_ID, tokenizer.bosTokenId().getAsInt());
            assertEquals(ToyMtTokenizerFiles.EOS_ID, tokenizer.eosTokenId().getAsInt());
            assertEquals(ToyMtTokenizerFiles.PAD_ID, tokenizer.padTokenId().getAsInt());
            for (ToyMtDataset.PreferenceRow row : DATA.test()) {
                String text = row.prompt() + row.chosen();
                int[] ids = tokenizer.encode(text);
                assertFalse(Arrays.stream(ids).anyMatch(id -> id == ToyMtTokenizerFiles.UNK_ID), text);
                // "translate", ":" and "=>" are their own tokens; every other token is one word.
                assertEquals(words(text).length + 1, ids.length, text);
                assertEquals(row.chosen().strip(), tokenizer.decode(tokenizer.encode(row.chosen()), true));
            }
        }
    }

    private static String[] words(String text) {
        return text.strip().split(" ");
    }

    private static List<String> sorted(String[] words) {
        return Arrays.stream(words).sorted().toList();
    }

    private static int differences(String[] a, String[] b) {
        int count = 0;
        for (int i = 0; i < a.length; i++) {
            count += a[i].equals(b[i]) ? 0 : 1;
        }
        return count;
    }
}
