package dev.cpotoolkit.model.generate;

import java.util.Arrays;

/**
 * The continuation of one text prompt.
 *
 * @param prompt       the prompt as given
 * @param completion   the new tokens decoded to text, special tokens (such as the final EOS) left out
 * @param tokenIds     the new token ids, EOS included when the row stopped at one
 * @param finishReason why generation of this row stopped
 */
public record TextGeneration(String prompt, String completion, long[] tokenIds, FinishReason finishReason) {

    /** Defensive copy, so the record is immutable. */
    public TextGeneration {
        tokenIds = tokenIds.clone();
    }

    /** The new token ids (a copy). */
    @Override
    public long[] tokenIds() {
        return tokenIds.clone();
    }

    /** Value equality over the token ids, not array identity. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TextGeneration g && prompt.equals(g.prompt) && completion.equals(g.completion)
                && Arrays.equals(tokenIds, g.tokenIds) && finishReason == g.finishReason;
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return ((prompt.hashCode() * 31 + completion.hashCode()) * 31 + Arrays.hashCode(tokenIds)) * 31
                + finishReason.hashCode();
    }

    /** Prompt, completion, ids and reason, readable. */
    @Override
    public String toString() {
        return "TextGeneration[prompt=" + prompt + ", completion=" + completion + ", tokenIds="
                + Arrays.toString(tokenIds) + ", " + finishReason + "]";
    }
}
