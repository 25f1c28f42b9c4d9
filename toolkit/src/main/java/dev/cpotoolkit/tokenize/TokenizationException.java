package dev.cpotoolkit.tokenize;

/**
 * A tokenization problem the user can fix: a missing or malformed tokenizer file, invalid
 * truncation settings, or an example that cannot be turned into training rows. Unchecked, so
 * notebook cells stay short; the message always names the file, setting or example concerned.
 */
public class TokenizationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and where (file path, setting name or example index)
     */
    public TokenizationException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and where
     * @param cause   the underlying I/O or parse error
     */
    public TokenizationException(String message, Throwable cause) {
        super(message, cause);
    }
}
