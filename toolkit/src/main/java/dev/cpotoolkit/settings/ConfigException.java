package dev.cpotoolkit.settings;

import java.util.List;

/**
 * An invalid setting value or config file. The message names the
 * field (TRL's snake_case name), the value and, for files, the file;
 * {@link #settings()} lists the settings at fault, so that a builder or the
 * command line can add where each value came from and which flag changes it.
 */
public class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> settings;

    /** @param message what is wrong, naming the field */
    public ConfigException(String message) {
        this(message, List.of(), null);
    }

    /** @param message what is wrong, naming the field; @param cause the underlying failure */
    public ConfigException(String message, Throwable cause) {
        this(message, cause instanceof ConfigException config ? config.settings() : List.of(), cause);
    }

    /**
     * @param message  what is wrong, naming the fields
     * @param settings the TRL keys of the settings at fault, the one to change first
     * @param cause    the underlying failure, or null
     */
    public ConfigException(String message, List<String> settings, Throwable cause) {
        super(message, cause);
        this.settings = List.copyOf(settings);
    }

    /** The TRL keys of the settings this error is about; empty when it is about a file as a whole. */
    public List<String> settings() {
        return settings;
    }
}
