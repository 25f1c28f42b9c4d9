package dev.cpotoolkit.tokenize;

/**
 * Why one example was left out of the tokenized data (with {@code skipTooLong}) or why it was
 * rejected (the {@link InvalidExampleException} message). Lengths are in tokens, after TRL's
 * truncation rules, BOS and EOS included.
 *
 * @param index            0-based index of the example in its input list
 * @param source           where the example came from (file name, data set name), or null
 * @param reason           one sentence saying what is wrong
 * @param promptLength     prompt ids after truncation
 * @param chosenLength     chosen answer ids after truncation
 * @param rejectedLength   rejected answer ids after truncation
 * @param maxLength        the {@code maxLength} setting in force
 */
public record SkippedExample(int index, String source, String reason, int promptLength,
        int chosenLength, int rejectedLength, int maxLength) {

    /** A one-line, human-readable description naming the example, its source and its lengths. */
    public String describe() {
        String where = source == null ? "" : " of " + source;
        return "Example " + index + where + ": " + reason + " (prompt " + promptLength
                + " tokens, chosen answer " + chosenLength + ", rejected answer " + rejectedLength
                + ", maxLength " + maxLength + ")";
    }
}
