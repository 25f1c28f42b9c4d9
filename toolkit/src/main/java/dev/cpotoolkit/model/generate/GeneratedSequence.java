package dev.cpotoolkit.model.generate;

import java.util.Arrays;

/**
 * The continuation of one prompt, as token ids.
 *
 * @param tokenIds     the new tokens only (not the prompt); ends with the EOS id when
 *                     {@code finishReason} is {@link FinishReason#EOS}
 * @param finishReason why generation of this row stopped
 */
public record GeneratedSequence(long[] tokenIds, FinishReason finishReason) {

    /** Defensive copy, so the record is immutable. */
    public GeneratedSequence {
        tokenIds = tokenIds.clone();
    }

    /** The new tokens (a copy). */
    @Override
    public long[] tokenIds() {
        return tokenIds.clone();
    }

    /** Value equality over the token ids, not array identity. */
    @Override
    public boolean equals(Object other) {
        return other instanceof GeneratedSequence g && Arrays.equals(tokenIds, g.tokenIds)
                && finishReason == g.finishReason;
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(tokenIds) + finishReason.hashCode();
    }

    /** Token ids and reason, readable. */
    @Override
    public String toString() {
        return "GeneratedSequence[" + Arrays.toString(tokenIds) + ", " + finishReason + "]";
    }
}
