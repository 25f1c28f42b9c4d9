package dev.cpotoolkit.train;

import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.tokenize.InvalidExampleException;
import dev.cpotoolkit.tokenize.PreferenceCollator;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import dev.cpotoolkit.tokenize.RowTokenizer;
import dev.cpotoolkit.tokenize.TokenizationSettings;
import dev.cpotoolkit.tokenize.TokenizedPair;

import java.util.ArrayList;
import java.util.List;

/**
 * A preference dataset tokenized once with TRL's rules, ready to be cut into
 * padded batches in any order. Tokenizing up front means a bad example fails
 * before the first step, naming its file and row, not halfway through a run.
 */
public final class TokenizedDataset {

    private final PreferenceDataset source;
    private final List<TokenizedPair> pairs;
    private final PreferenceCollator collator;

    private TokenizedDataset(PreferenceDataset source, List<TokenizedPair> pairs, PreferenceCollator collator) {
        this.source = source;
        this.pairs = pairs;
        this.collator = collator;
    }

    /**
     * Tokenizes every example.
     *
     * @throws InvalidExampleException for an example that cannot fit, naming its source row
     */
    public static TokenizedDataset of(PreferenceDataset dataset, PreferenceTokenizer tokenizer, CPOConfig config) {
        TokenizationSettings settings = config.tokenizationSettings();
        RowTokenizer rows = new RowTokenizer(tokenizer, settings);
        List<TokenizedPair> pairs = new ArrayList<>(dataset.size());
        for (int i = 0; i < dataset.size(); i++) {
            pairs.add(rows.tokenize(dataset.get(i), i, dataset.sourceOf(i).describe()));
        }
        int padding = config.paddingValue() != null ? config.paddingValue() : tokenizer.paddingValue();
        return new TokenizedDataset(dataset, List.copyOf(pairs),
                new PreferenceCollator(padding, config.labelPadTokenId()));
    }

    /** Number of examples. */
    public int size() {
        return pairs.size();
    }

    /** The dataset this was made from. */
    public PreferenceDataset source() {
        return source;
    }

    /** The tokenized example at {@code index}. */
    public TokenizedPair pair(int index) {
        return pairs.get(index);
    }

    /** A padded batch of the examples at {@code indices}, in that order. */
    public dev.cpotoolkit.tokenize.PreferenceBatch batch(int[] indices) {
        List<TokenizedPair> chosen = new ArrayList<>(indices.length);
        for (int index : indices) {
            chosen.add(pairs.get(index));
        }
        return collator.collate(chosen);
    }

    /** Each pair's length for length grouping: its longer row (prompt + answer), in dataset order. */
    public int[] lengths() {
        int[] lengths = new int[pairs.size()];
        for (int i = 0; i < lengths.length; i++) {
            TokenizedPair pair = pairs.get(i);
            lengths[i] = Math.max(pair.chosenLength(), pair.rejectedLength());
        }
        return lengths;
    }
}
