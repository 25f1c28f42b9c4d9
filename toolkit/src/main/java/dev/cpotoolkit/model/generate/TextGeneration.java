package dev.cpotoolkit.model.generate;

/**
 * The continuation of one text prompt: the generated ids (with why they stopped)
 * and their decoded text.
 *
 * @param prompt     the prompt as given
 * @param completion the new tokens decoded to text, special tokens (such as the final EOS) left out
 * @param sequence   the new token ids, EOS included when the row stopped at one, and the finish reason
 */
public record TextGeneration(String prompt, String completion, GeneratedSequence sequence) {

    /** The new token ids (a copy), EOS included when the row stopped at one. */
    public long[] tokenIds() {
        return sequence.tokenIds();
    }

    /** Why generation of this row stopped. */
    public FinishReason finishReason() {
        return sequence.finishReason();
    }
}
