package dev.cpotoolkit.hub;

/**
 * A Hugging Face Hub download that failed: access denied, repository or
 * revision not found, no connection, or a cache miss while offline. The message
 * names the repository and the endpoint or cache folder involved, and never the
 * access token. Unchecked, so notebook cells stay short.
 */
public class HubException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public HubException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public HubException(String message, Throwable cause) {
        super(message, cause);
    }
}
