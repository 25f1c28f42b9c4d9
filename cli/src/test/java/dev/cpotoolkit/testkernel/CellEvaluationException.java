package dev.cpotoolkit.testkernel;

import java.util.List;

/**
 * A cell that did not run: a snippet that does not compile, source that is incomplete, an
 * exception thrown by the notebook's code (its class, message and stack in the message), or an
 * interrupt. The kernels turn it into Jupyter's error output.
 */
public final class CellEvaluationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> report;

    CellEvaluationException(String message, List<String> report, Throwable cause) {
        super(message, cause);
        this.report = List.copyOf(report);
    }

    /** The lines of the error report (diagnostics, or the stack trace), for the notebook's traceback. */
    public List<String> report() {
        return report;
    }
}
