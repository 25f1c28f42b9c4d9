package dev.cpotoolkit.tokenize;

import java.util.Arrays;

/**
 * Splits the joint tokenizations {@code encode(prompt + chosen)} and
 * {@code encode(prompt + rejected)} into one shared prompt and two answers.
 *
 * <p>Usually {@code encode(prompt)} is a prefix of both joint tokenizations and the split is
 * simply there. A byte-level BPE (or SentencePiece) tokenizer can however merge the end of the
 * prompt with the start of the answer: prompt {@code "hello wor"} is {@code [hello, Ġwor]} alone
 * but {@code "hello world"} is {@code [hello, Ġworld]}. TRL's {@code build_tokenized_answer}
 * then moves the prompt's last id into that answer, separately for chosen and rejected, so the
 * two rows of one example can disagree on where the prompt ends.
 *
 * <p>The rule here, chosen so that no id is ever invented and the split is always explicit:
 * <ul>
 *   <li>each row's input ids are exactly the joint tokenization of its full text (what the model
 *       would see for that text), never a hand-stitched {@code encode(prompt) + encode(answer)};</li>
 *   <li>the prompt is the longest prefix of {@code encode(prompt)} that <em>both</em> joint
 *       tokenizations start with, so chosen and rejected are scored after identical context;</li>
 *   <li>the prompt ids that did not survive (the merged tail) are counted in
 *       {@link #mergedPromptTokens()} and surfaced in {@link TokenizedPair}; they reappear,
 *       merged, as the first answer tokens and are trained on (their text is partly prompt).</li>
 * </ul>
 * Without a merge this is exactly TRL's split (the fixtures never merge).
 */
final class BoundarySplit {

    private final int[] prompt;
    private final int[] chosenAnswer;
    private final int[] rejectedAnswer;
    private final int mergedPromptTokens;

    private BoundarySplit(int[] prompt, int[] chosenAnswer, int[] rejectedAnswer, int merged) {
        this.prompt = prompt;
        this.chosenAnswer = chosenAnswer;
        this.rejectedAnswer = rejectedAnswer;
        this.mergedPromptTokens = merged;
    }

    /**
     * @param promptIds     {@code encode(prompt)}, no special tokens
     * @param chosenJoint   {@code encode(prompt + chosen)}
     * @param rejectedJoint {@code encode(prompt + rejected)}
     * @return the shared prompt and the two answers
     */
    static BoundarySplit of(int[] promptIds, int[] chosenJoint, int[] rejectedJoint) {
        int shared = Math.min(commonPrefix(promptIds, chosenJoint),
                commonPrefix(promptIds, rejectedJoint));
        return new BoundarySplit(
                Arrays.copyOf(promptIds, shared),
                Arrays.copyOfRange(chosenJoint, shared, chosenJoint.length),
                Arrays.copyOfRange(rejectedJoint, shared, rejectedJoint.length),
                promptIds.length - shared);
    }

    private static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }

    /** The shared prompt ids (a prefix of {@code encode(prompt)} and of both joint encodings). */
    int[] prompt() {
        return prompt;
    }

    /** The rest of {@code encode(prompt + chosen)} after the shared prompt. */
    int[] chosenAnswer() {
        return chosenAnswer;
    }

    /** The rest of {@code encode(prompt + rejected)} after the shared prompt. */
    int[] rejectedAnswer() {
        return rejectedAnswer;
    }

    /** How many trailing ids of {@code encode(prompt)} were merged into the answers (0 normally). */
    int mergedPromptTokens() {
        return mergedPromptTokens;
    }
}
