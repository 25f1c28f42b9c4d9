package dev.cpotoolkit.model.checkpoint;

import java.nio.file.Path;

/**
 * A checkpoint that cannot be read or does not fit the model: the message names
 * the file and, where there is one, the tensor. Unchecked, so notebook cells
 * stay short; it is thrown before any native memory is touched, so the JVM
 * always survives a bad file.
 */
public class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** A problem with {@code file} as a whole. */
    public CheckpointException(Path file, String message) {
        this(file, message, null);
    }

    /** A problem with {@code file}, caused by {@code cause}. */
    public CheckpointException(Path file, String message, Throwable cause) {
        super(file == null ? message : file + ": " + message, cause);
        this.file = file;
    }

    /** The file at fault, or {@code null} when the problem is not tied to one. */
    public Path file() {
        return file;
    }
}
