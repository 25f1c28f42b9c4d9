package dev.cpotoolkit.notebook.runner;

/**
 * A notebook did not run to the end: a compile error, a rejected snippet, an
 * exception, an unsupported magic or an import after the first cell. The
 * message names the notebook, the cell (1-based, counting every cell as
 * Jupyter shows them) and the snippet.
 */
public final class NotebookFailure extends RuntimeException {

    /** A failure with a complete message. */
    public NotebookFailure(String message) {
        super(message);
    }

    /** A failure with a complete message and the cause. */
    public NotebookFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
