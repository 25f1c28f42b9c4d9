package dev.cpotoolkit.tokenize;

import dev.cpotoolkit.data.PreferenceExample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Turns preference examples into {@link TokenizedPair}s with the rules of TRL's classic
 * {@code CPOTrainer.tokenize_row} (decoder-only models), then checks what TRL does not:
 * <ol>
 *   <li>prompt ids = {@code encode(prompt)}; each answer = {@code encode(prompt + answer)} after
 *       the prompt ({@link BoundarySplit} explains the rare boundary merge);</li>
 *   <li>BOS is prepended to the prompt if the tokenizer has one and it is not already first;</li>
 *   <li>EOS is appended to each answer unless it is already last;</li>
 *   <li>{@link TruncationPolicy} cuts the prompt, then the answers;</li>
 *   <li>input ids = prompt + answer; labels = input ids with prompt positions set to
 *       {@code labelPadTokenId};</li>
 *   <li>every row must fit in {@code maxLength} and each answer must keep at least one label token
 *       <em>after the causal shift</em> (a token at position 0 has no predictor). Otherwise the
 *       example is rejected with an {@link InvalidExampleException} naming its index, source and
 *       lengths, or, with {@code skipTooLong}, left out and listed in the result. TRL instead
 *       trains on such rows and its length-normalised losses turn NaN.</li>
 * </ol>
 */
public final class RowTokenizer {

    private final PreferenceTokenizer tokenizer;
    private final TokenizationSettings settings;
    private final TruncationPolicy truncation;

    /**
     * @param tokenizer the tokenizer (not closed by this class)
     * @param settings  lengths, mode, label pad id and the skip opt-in
     */
    public RowTokenizer(PreferenceTokenizer tokenizer, TokenizationSettings settings) {
        this.tokenizer = tokenizer;
        this.settings = settings;
        this.truncation = new TruncationPolicy(settings);
    }

    /** The settings in force. */
    public TokenizationSettings settings() {
        return settings;
    }

    /**
     * Tokenizes one example.
     *
     * @param example the example
     * @param index   its 0-based index, carried into the result and error messages
     * @return the tokenized pair
     * @throws InvalidExampleException if the example cannot be made valid (regardless of
     *                                 {@code skipTooLong}; only {@link #tokenizeAll} skips)
     */
    public TokenizedPair tokenize(PreferenceExample example, int index) {
        return tokenize(example, index, null);
    }

    /**
     * Tokenizes one example.
     *
     * @param example the example
     * @param index   its 0-based index
     * @param source  where it came from, for error messages (may be null)
     * @return the tokenized pair
     * @throws InvalidExampleException if the example cannot be made valid
     */
    public TokenizedPair tokenize(PreferenceExample example, int index, String source) {
        String prompt = example.prompt();
        BoundarySplit split = BoundarySplit.of(
                tokenizer.encode(prompt),
                tokenizer.encode(prompt + example.chosen()),
                tokenizer.encode(prompt + example.rejected()));

        int[] promptIds = withBos(split.prompt());
        TruncationPolicy.Truncated cut = truncation.apply(
                promptIds, withEos(split.chosenAnswer()), withEos(split.rejectedAnswer()));

        Optional<SkippedExample> problem = check(index, source, cut.prompt().length,
                cut.chosen().length, cut.rejected().length, settings.maxLength());
        if (problem.isPresent()) {
            throw new InvalidExampleException(problem.get());
        }
        int[] chosenIds = concat(cut.prompt(), cut.chosen());
        int[] rejectedIds = concat(cut.prompt(), cut.rejected());
        return new TokenizedPair(index, cut.prompt(),
                chosenIds, labels(chosenIds, cut.prompt().length),
                rejectedIds, labels(rejectedIds, cut.prompt().length),
                split.mergedPromptTokens(), cut.truncated());
    }

    /**
     * Tokenizes a list of examples. With {@code skipTooLong} the invalid ones are left out and
     * reported; without it the first invalid one throws.
     *
     * @param examples the examples; indices are positions in this list
     * @param source   where they came from, for messages (may be null)
     * @return the pairs and the skipped examples
     * @throws InvalidExampleException for the first invalid example unless skipping
     */
    public TokenizationResult tokenizeAll(List<PreferenceExample> examples, String source) {
        List<TokenizedPair> pairs = new ArrayList<>(examples.size());
        List<SkippedExample> skipped = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            try {
                pairs.add(tokenize(examples.get(i), i, source));
            } catch (InvalidExampleException e) {
                if (!settings.skipTooLong()) {
                    throw e;
                }
                skipped.add(e.details());
            }
        }
        return new TokenizationResult(pairs, skipped);
    }

    /**
     * Tokenizes a list of examples with no source name.
     *
     * @param examples the examples
     * @return the pairs and the skipped examples
     */
    public TokenizationResult tokenizeAll(List<PreferenceExample> examples) {
        return tokenizeAll(examples, null);
    }

    /**
     * The validity rule, separate so it can be tested for lengths the public path cannot reach
     * with valid settings (the too-long branch is a guard against future rule changes).
     */
    static Optional<SkippedExample> check(int index, String source, int promptLength,
            int chosenLength, int rejectedLength, int maxLength) {
        String reason = null;
        int longest = promptLength + Math.max(chosenLength, rejectedLength);
        if (longest > maxLength) {
            reason = "a sequence has " + longest + " tokens after truncation, more than maxLength";
        } else if (labelTokensAfterShift(promptLength, chosenLength) == 0) {
            reason = "the chosen answer has no label token left to train on";
        } else if (labelTokensAfterShift(promptLength, rejectedLength) == 0) {
            reason = "the rejected answer has no label token left to train on";
        }
        return reason == null ? Optional.empty() : Optional.of(new SkippedExample(index, source,
                reason, promptLength, chosenLength, rejectedLength, maxLength));
    }

    /** Answer tokens that a logit predicts: the one at position 0 has no position -1 before it. */
    private static int labelTokensAfterShift(int promptLength, int answerLength) {
        return promptLength == 0 ? Math.max(0, answerLength - 1) : answerLength;
    }

    private int[] withBos(int[] prompt) {
        if (!tokenizer.hasBos()) {
            return prompt;
        }
        int bos = tokenizer.bosTokenId().getAsInt();
        if (prompt.length > 0 && prompt[0] == bos) {
            return prompt; // the text already began with the BOS string
        }
        int[] out = new int[prompt.length + 1];
        out[0] = bos;
        System.arraycopy(prompt, 0, out, 1, prompt.length);
        return out;
    }

    private int[] withEos(int[] answer) {
        if (!tokenizer.hasEos()) {
            return answer; // no EOS to teach; TRL would fail here, we keep the answer as is
        }
        int eos = tokenizer.eosTokenId().getAsInt();
        if (answer.length > 0 && answer[answer.length - 1] == eos) {
            return answer;
        }
        int[] out = Arrays.copyOf(answer, answer.length + 1);
        out[answer.length] = eos;
        return out;
    }

    private int[] labels(int[] inputIds, int promptLength) {
        int[] labels = inputIds.clone();
        Arrays.fill(labels, 0, promptLength, settings.labelPadTokenId());
        return labels;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
