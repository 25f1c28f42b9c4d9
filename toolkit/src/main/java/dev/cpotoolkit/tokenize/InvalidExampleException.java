package dev.cpotoolkit.tokenize;

/**
 * One preference example that cannot become valid training rows: after TRL's truncation a
 * sequence is longer than {@code maxLength}, or an answer has no label token left (which would
 * make length-normalised losses divide by zero). Carries the structured reason so callers can
 * report it without parsing the message.
 */
public final class InvalidExampleException extends TokenizationException {

    private static final long serialVersionUID = 1L;

    private final transient SkippedExample details;

    /**
     * @param details the example index, source and lengths that explain the failure
     */
    public InvalidExampleException(SkippedExample details) {
        super(details.describe()
                + " (pass skipTooLong=true to drop such examples and get a report instead)");
        this.details = details;
    }

    /** The example index, source, reason and lengths behind this error. */
    public SkippedExample details() {
        return details;
    }
}
