package dev.cpotoolkit.tokenize;

import java.util.Arrays;

/**
 * One preference example as TRL's {@code tokenize_row} returns it: unpadded ids and labels of
 * the chosen and rejected rows. Labels equal the input ids except at prompt positions, which hold
 * the label pad id (-100 by default). Arrays are shared, not copied: do not modify them.
 * Equality compares array contents.
 *
 * @param index              0-based index of the example in its input list
 * @param promptIds          the (truncated) prompt, BOS included if kept
 * @param chosenInputIds     prompt + chosen answer (EOS included if kept)
 * @param chosenLabels       chosen input ids with prompt positions masked
 * @param rejectedInputIds   prompt + rejected answer
 * @param rejectedLabels     rejected input ids with prompt positions masked
 * @param mergedPromptTokens how many trailing ids of {@code encode(prompt)} the tokenizer merged
 *                           into the answers' first token (0 unless the prompt/answer boundary
 *                           falls inside a token; see the package documentation)
 * @param truncated          whether {@link TruncationPolicy} cut the prompt or an answer
 */
public record TokenizedPair(int index, int[] promptIds, int[] chosenInputIds, int[] chosenLabels,
        int[] rejectedInputIds, int[] rejectedLabels, int mergedPromptTokens, boolean truncated) {

    /**
     * A pair that was not truncated (tests, synthetic data).
     *
     * @param index              0-based index of the example
     * @param promptIds          the prompt ids
     * @param chosenInputIds     prompt + chosen answer
     * @param chosenLabels       chosen labels
     * @param rejectedInputIds   prompt + rejected answer
     * @param rejectedLabels     rejected labels
     * @param mergedPromptTokens prompt ids merged into the answers' first token
     */
    public TokenizedPair(int index, int[] promptIds, int[] chosenInputIds, int[] chosenLabels,
            int[] rejectedInputIds, int[] rejectedLabels, int mergedPromptTokens) {
        this(index, promptIds, chosenInputIds, chosenLabels, rejectedInputIds, rejectedLabels,
                mergedPromptTokens, false);
    }

    /** Length of the chosen row. */
    public int chosenLength() {
        return chosenInputIds.length;
    }

    /** Length of the rejected row. */
    public int rejectedLength() {
        return rejectedInputIds.length;
    }

    /** {@inheritDoc} Compares array contents. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TokenizedPair p && index == p.index
                && mergedPromptTokens == p.mergedPromptTokens && truncated == p.truncated
                && Arrays.equals(promptIds, p.promptIds)
                && Arrays.equals(chosenInputIds, p.chosenInputIds)
                && Arrays.equals(chosenLabels, p.chosenLabels)
                && Arrays.equals(rejectedInputIds, p.rejectedInputIds)
                && Arrays.equals(rejectedLabels, p.rejectedLabels);
    }

    /** {@inheritDoc} Hashes array contents. */
    @Override
    public int hashCode() {
        int h = Integer.hashCode(index) * 31 + mergedPromptTokens;
        for (int[] a : new int[][] {promptIds, chosenInputIds, chosenLabels, rejectedInputIds,
                rejectedLabels}) {
            h = h * 31 + Arrays.hashCode(a);
        }
        return h;
    }

    /** {@inheritDoc} Shows array contents. */
    @Override
    public String toString() {
        return "TokenizedPair[index=" + index + ", prompt=" + Arrays.toString(promptIds)
                + ", chosen=" + Arrays.toString(chosenInputIds) + ", chosenLabels="
                + Arrays.toString(chosenLabels) + ", rejected=" + Arrays.toString(rejectedInputIds)
                + ", rejectedLabels=" + Arrays.toString(rejectedLabels) + ", mergedPromptTokens="
                + mergedPromptTokens + ", truncated=" + truncated + "]";
    }
}
