package dev.cpotoolkit.data.chat;

/**
 * A chat template could not be read or rendered: a Jinja syntax error, an unknown filter, a
 * missing {@code chat_template} in a tokenizer config, or the template itself calling
 * {@code raise_exception(...)} (then {@link #raisedByTemplate()} is true and the message holds
 * the template's own words).
 */
public class ChatTemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Whether the template called {@code raise_exception}. */
    private final boolean raisedByTemplate;

    /**
     * Creates the exception.
     *
     * @param message          what went wrong, for the notebook reader
     * @param raisedByTemplate whether the template called {@code raise_exception}
     * @param cause            the underlying error, or null
     */
    public ChatTemplateException(String message, boolean raisedByTemplate, Throwable cause) {
        super(message, cause);
        this.raisedByTemplate = raisedByTemplate;
    }

    /**
     * Creates an exception for a problem outside the template's own logic.
     *
     * @param message what went wrong
     */
    public ChatTemplateException(String message) {
        this(message, false, null);
    }

    /**
     * Whether the template itself rejected the conversation through {@code raise_exception}.
     *
     * @return true when the template raised
     */
    public boolean raisedByTemplate() {
        return raisedByTemplate;
    }
}
