package dev.cpotoolkit.tokenize;

/**
 * The CPOConfig fields that shape tokenized rows, validated on construction. Names and
 * defaults follow TRL's {@code CPOConfig}: {@code maxLength} 1024, {@code maxPromptLength} 512,
 * {@code maxCompletionLength} none, {@code truncationMode} keep_end, {@code labelPadTokenId}
 * -100.
 *
 * @param maxLength           upper bound on prompt + answer ids of every row (BOS/EOS included)
 * @param maxPromptLength     prompt ids kept when a row is too long; must be below
 *                            {@code maxLength} so every answer keeps at least one id
 * @param maxCompletionLength if not null, each answer (EOS included) is first cut to this many
 *                            ids, before the length rules; null = no separate answer limit
 * @param truncationMode      which end of a long prompt to keep
 * @param labelPadTokenId     the label of positions that carry no loss (prompt and padding)
 * @param skipTooLong         false (default): an example that cannot be made valid is an error;
 *                            true: it is dropped and reported in {@link TokenizationResult}
 */
public record TokenizationSettings(int maxLength, int maxPromptLength, Integer maxCompletionLength,
        TruncationMode truncationMode, int labelPadTokenId, boolean skipTooLong) {

    /** TRL's {@code max_length} default. */
    public static final int DEFAULT_MAX_LENGTH = 1024;
    /** TRL's {@code max_prompt_length} default. */
    public static final int DEFAULT_MAX_PROMPT_LENGTH = 512;
    /** TRL's {@code label_pad_token_id} default (ignored by cross entropy). */
    public static final int DEFAULT_LABEL_PAD_TOKEN_ID = -100;

    /**
     * Validates the settings.
     *
     * @throws TokenizationException naming the offending setting
     */
    public TokenizationSettings {
        if (maxLength <= 0) {
            throw new TokenizationException("maxLength must be positive, got " + maxLength);
        }
        if (maxPromptLength <= 0) {
            throw new TokenizationException("maxPromptLength must be positive, got "
                    + maxPromptLength);
        }
        if (maxPromptLength >= maxLength) {
            // With P >= L TRL's answer cut keeps L - P <= 0 ids: empty answers, NaN losses.
            throw new TokenizationException("maxPromptLength (" + maxPromptLength
                    + ") must be smaller than maxLength (" + maxLength
                    + ") so that truncated answers keep at least one token");
        }
        if (maxCompletionLength != null && maxCompletionLength <= 0) {
            throw new TokenizationException("maxCompletionLength must be positive or null, got "
                    + maxCompletionLength);
        }
        if (truncationMode == null) {
            throw new TokenizationException("truncationMode must be keep_end or keep_start, got null");
        }
        if (labelPadTokenId >= 0) {
            // A non-negative value could be a real token id and would be trained on.
            throw new TokenizationException("labelPadTokenId must be negative, got "
                    + labelPadTokenId);
        }
    }

    /** TRL's defaults: 1024 / 512 / no completion limit / keep_end / -100 / errors on bad rows. */
    public static TokenizationSettings defaults() {
        return new TokenizationSettings(DEFAULT_MAX_LENGTH, DEFAULT_MAX_PROMPT_LENGTH, null,
                TruncationMode.KEEP_END, DEFAULT_LABEL_PAD_TOKEN_ID, false);
    }

    /**
     * The three settings the fixtures vary, other fields at their defaults.
     *
     * @param maxLength       see {@link #maxLength()}
     * @param maxPromptLength see {@link #maxPromptLength()}
     * @param mode            see {@link #truncationMode()}
     * @return validated settings
     */
    public static TokenizationSettings of(int maxLength, int maxPromptLength, TruncationMode mode) {
        return new TokenizationSettings(maxLength, maxPromptLength, null, mode,
                DEFAULT_LABEL_PAD_TOKEN_ID, false);
    }

    /** A copy with another {@code maxLength}. @param value the new value @return the copy */
    public TokenizationSettings withMaxLength(int value) {
        return new TokenizationSettings(value, maxPromptLength, maxCompletionLength,
                truncationMode, labelPadTokenId, skipTooLong);
    }

    /** A copy with another {@code maxPromptLength}. @param value the new value @return the copy */
    public TokenizationSettings withMaxPromptLength(int value) {
        return new TokenizationSettings(maxLength, value, maxCompletionLength, truncationMode,
                labelPadTokenId, skipTooLong);
    }

    /** A copy with another {@code maxCompletionLength} (null = none). @param value the new value @return the copy */
    public TokenizationSettings withMaxCompletionLength(Integer value) {
        return new TokenizationSettings(maxLength, maxPromptLength, value, truncationMode,
                labelPadTokenId, skipTooLong);
    }

    /** A copy with another truncation mode. @param value the new value @return the copy */
    public TokenizationSettings withTruncationMode(TruncationMode value) {
        return new TokenizationSettings(maxLength, maxPromptLength, maxCompletionLength, value,
                labelPadTokenId, skipTooLong);
    }

    /** A copy with another label pad id. @param value the new value @return the copy */
    public TokenizationSettings withLabelPadTokenId(int value) {
        return new TokenizationSettings(maxLength, maxPromptLength, maxCompletionLength,
                truncationMode, value, skipTooLong);
    }

    /** A copy that skips (true) or rejects (false) invalid examples. @param value the new value @return the copy */
    public TokenizationSettings withSkipTooLong(boolean value) {
        return new TokenizationSettings(maxLength, maxPromptLength, maxCompletionLength,
                truncationMode, labelPadTokenId, value);
    }
}
