package dev.cpotoolkit.data;

import java.util.Objects;

/**
 * One preference triplet, as TRL's CPO and DPO trainers expect it: a prompt, the
 * answer a judge preferred ({@code chosen}) and the one it did not
 * ({@code rejected}). All three are plain text; conversational rows are rendered
 * to text with a chat template before they become examples.
 *
 * @param prompt   the context the model continues (may be empty only when the
 *                 dataset is implicit-prompt and the answers share nothing)
 * @param chosen   the preferred continuation, never empty
 * @param rejected the dispreferred continuation, never empty
 */
public record PreferenceExample(String prompt, String chosen, String rejected) {

    /**
     * Rejects nulls; emptiness rules are the dataset loaders' job, where file and row are known.
     *
     * @param prompt   the context
     * @param chosen   the preferred continuation
     * @param rejected the dispreferred continuation
     */
    public PreferenceExample {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(rejected, "rejected");
    }
}
