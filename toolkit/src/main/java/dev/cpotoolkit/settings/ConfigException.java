package dev.cpotoolkit.settings;

/**
 * An invalid setting value or config file. The message names the
 * field (TRL's snake_case name), the value and, for files, the file.
 */
public class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the field */
    public ConfigException(String message) {
        super(message);
    }

    /** @param message what is wrong, naming the field; @param cause the underlying failure */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
