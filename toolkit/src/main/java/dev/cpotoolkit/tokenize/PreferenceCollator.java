package dev.cpotoolkit.tokenize;

import java.util.Arrays;
import java.util.List;

/**
 * Stacks B tokenized pairs into one {@link PreferenceBatch} of 2B rows, the layout of TRL's
 * {@code concatenated_inputs}: chosen rows 0..B-1, then rejected rows B..2B-1, all right-padded
 * to the longest row of <em>both</em> halves (so one forward pass serves both). Padding: input
 * ids with the padding value, attention mask 0, labels the label pad id.
 */
public final class PreferenceCollator {

    private final int paddingValue;
    private final int labelPadTokenId;

    /**
     * @param paddingValue    id written into padded input positions
     * @param labelPadTokenId label of padded positions (and of prompt positions upstream)
     */
    public PreferenceCollator(int paddingValue, int labelPadTokenId) {
        this.paddingValue = paddingValue;
        this.labelPadTokenId = labelPadTokenId;
    }

    /**
     * The collator TRL would use: the tokenizer's pad id (else EOS) and the settings' label pad.
     *
     * @param tokenizer the tokenizer
     * @param settings  the tokenization settings
     * @return the collator
     */
    public static PreferenceCollator of(PreferenceTokenizer tokenizer,
            TokenizationSettings settings) {
        return new PreferenceCollator(tokenizer.paddingValue(), settings.labelPadTokenId());
    }

    /**
     * Pads and stacks the pairs.
     *
     * @param pairs one or more tokenized pairs
     * @return the 2B x T batch
     * @throws IllegalArgumentException if {@code pairs} is empty
     */
    public PreferenceBatch collate(List<TokenizedPair> pairs) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("Cannot collate an empty list of pairs");
        }
        int b = pairs.size();
        int t = 0;
        for (TokenizedPair p : pairs) {
            t = Math.max(t, Math.max(p.chosenLength(), p.rejectedLength()));
        }
        int[][] ids = new int[2 * b][];
        int[][] mask = new int[2 * b][];
        int[][] labels = new int[2 * b][];
        int[] indices = new int[b];
        for (int i = 0; i < b; i++) {
            TokenizedPair p = pairs.get(i);
            indices[i] = p.index();
            fill(i, p.chosenInputIds(), p.chosenLabels(), t, ids, mask, labels);
            fill(b + i, p.rejectedInputIds(), p.rejectedLabels(), t, ids, mask, labels);
        }
        return new PreferenceBatch(ids, mask, labels, indices);
    }

    private void fill(int row, int[] inputIds, int[] rowLabels, int t, int[][] ids, int[][] mask,
            int[][] labels) {
        int n = inputIds.length;
        ids[row] = Arrays.copyOf(inputIds, t);
        Arrays.fill(ids[row], n, t, paddingValue);
        mask[row] = new int[t];
        Arrays.fill(mask[row], 0, n, 1);
        labels[row] = Arrays.copyOf(rowLabels, t);
        Arrays.fill(labels[row], n, t, labelPadTokenId);
    }
}
