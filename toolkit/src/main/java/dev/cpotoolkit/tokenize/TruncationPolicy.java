package dev.cpotoolkit.tokenize;

import java.util.Arrays;

/**
 * TRL's classic CPO truncation (trl v0.22 to v0.27 {@code tokenize_row}), on ids that already
 * carry BOS and EOS. Pure array work, no tokenizer.
 *
 * <p>With L = maxLength, P = maxPromptLength and A = the longer answer's length:
 * <ol>
 *   <li>(toolkit extension) if {@code maxCompletionLength} is set, each answer is first cut to
 *       its first {@code maxCompletionLength} ids; A is measured after that cut;</li>
 *   <li>if prompt + A &gt; L, the prompt keeps its last P ids (keep_end; this can drop BOS) or
 *       its first P ids (keep_start);</li>
 *   <li>if prompt + A is <em>still</em> &gt; L, with A not recomputed, both answers keep their
 *       first L − P ids (this can cut EOS off, and cuts an answer to L − P even if its prompt is
 *       shorter than P).</li>
 * </ol>
 * Because P &lt; L is enforced by {@link TokenizationSettings}, the result always fits in L and
 * never empties a non-empty answer; {@link RowTokenizer} still checks both.
 */
public final class TruncationPolicy {

    private final TokenizationSettings settings;

    /**
     * @param settings validated lengths and mode
     */
    public TruncationPolicy(TokenizationSettings settings) {
        this.settings = settings;
    }

    /**
     * The three id lists of one example after truncation.
     *
     * @param prompt   prompt ids (BOS included if kept)
     * @param chosen   chosen answer ids (EOS included if kept)
     * @param rejected rejected answer ids (EOS included if kept)
     * @param truncated whether any of the three lost ids, so a run can say how many pairs it cut
     */
    public record Truncated(int[] prompt, int[] chosen, int[] rejected, boolean truncated) {}

    /**
     * Applies the rules above. Inputs are not modified.
     *
     * @param prompt   prompt ids, BOS already prepended
     * @param chosen   chosen answer ids, EOS already appended
     * @param rejected rejected answer ids, EOS already appended
     * @return the truncated ids
     */
    public Truncated apply(int[] prompt, int[] chosen, int[] rejected) {
        int before = prompt.length + chosen.length + rejected.length;
        Integer completionLimit = settings.maxCompletionLength();
        if (completionLimit != null) {
            chosen = head(chosen, completionLimit);
            rejected = head(rejected, completionLimit);
        }
        int maxLength = settings.maxLength();
        int maxPrompt = settings.maxPromptLength();
        // A is fixed here and deliberately not recomputed after the prompt cut (TRL's rule).
        int longerAnswer = Math.max(chosen.length, rejected.length);
        if (prompt.length + longerAnswer > maxLength) {
            prompt = settings.truncationMode() == TruncationMode.KEEP_END
                    ? tail(prompt, maxPrompt) : head(prompt, maxPrompt);
        }
        if (prompt.length + longerAnswer > maxLength) {
            chosen = head(chosen, maxLength - maxPrompt);
            rejected = head(rejected, maxLength - maxPrompt);
        }
        // The rules only ever shorten, so a smaller total means something was cut.
        boolean cut = prompt.length + chosen.length + rejected.length < before;
        return new Truncated(prompt, chosen, rejected, cut);
    }

    private static int[] head(int[] ids, int n) {
        return ids.length <= n ? ids : Arrays.copyOf(ids, n);
    }

    private static int[] tail(int[] ids, int n) {
        return ids.length <= n ? ids : Arrays.copyOfRange(ids, ids.length - n, ids.length);
    }
}
