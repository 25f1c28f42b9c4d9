package dev.cpotoolkit.bench;

import dev.cpotoolkit.tokenize.PreferenceBatch;
import dev.cpotoolkit.tokenize.PreferenceCollator;
import dev.cpotoolkit.tokenize.TokenizedPair;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random preference pairs of fixed shape, already tokenized: a prompt
 * of {@code promptLength} ids, a chosen answer of {@code answerLength} ids and
 * a rejected answer three quarters as long (so the batch has some padding, as
 * real ones do). Labels are TRL's: -100 on the prompt.
 */
public final class SyntheticPairs {

    private SyntheticPairs() {}

    /**
     * @param pairs        preference pairs
     * @param promptLength prompt ids per pair
     * @param answerLength chosen answer ids (the rejected answer has {@code max(1, 3/4)} of them)
     * @param vocabSize    ids are drawn from {@code [0, vocabSize - 1)} (the last id is EOS/pad)
     * @param seed         the same seed gives the same pairs
     */
    public static List<TokenizedPair> make(int pairs, int promptLength, int answerLength, int vocabSize, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<TokenizedPair> list = new ArrayList<>(pairs);
        int rejectedLength = Math.max(1, answerLength * 3 / 4);
        for (int i = 0; i < pairs; i++) {
            int[] prompt = random.ints(promptLength, 0, vocabSize - 1).toArray();
            int[] chosen = concat(prompt, random.ints(answerLength, 0, vocabSize - 1).toArray());
            int[] rejected = concat(prompt, random.ints(rejectedLength, 0, vocabSize - 1).toArray());
            list.add(new TokenizedPair(i, prompt, chosen, labels(chosen, promptLength), rejected,
                    labels(rejected, promptLength), 0));
        }
        return list;
    }

    /** The 2B-row batch a benchmark run measures: its pairs, padded with the model's last id. */
    public static PreferenceBatch batch(BenchSettings settings, dev.cpotoolkit.model.ModelConfig config) {
        return batch(make(settings.batchSize(), settings.promptLength(), settings.answerLength(), config.vocabSize(),
                settings.seed()), config.vocabSize() - 1);
    }

    /** The 2B-row batch of these pairs, padded with {@code padId}. */
    public static PreferenceBatch batch(List<TokenizedPair> pairs, int padId) {
        return new PreferenceCollator(padId, -100).collate(pairs);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] labels(int[] ids, int promptLength) {
        int[] labels = ids.clone();
        Arrays.fill(labels, 0, promptLength, -100);
        return labels;
    }
}
