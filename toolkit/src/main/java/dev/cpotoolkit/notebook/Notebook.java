package dev.cpotoolkit.notebook;

import dev.cpotoolkit.train.TrainingListener;

import java.util.Objects;
import java.util.Optional;

/**
 * The toolkit's door to the notebook it runs in. Inside an IJava or JJava
 * kernel (found reflectively; neither is a compile-time dependency) objects are
 * displayed richly — tables as HTML, charts as PNG — and displays update in
 * place; elsewhere they print as plain text.
 *
 * <pre>{@code
 * String id = Notebook.display(trainer.metrics());   // an HTML table in a notebook
 * Notebook.updateDisplay(id, trainer.metrics());      // replaced in place later
 * }</pre>
 */
public final class Notebook {

    private static volatile DisplayFrontend attached;
    private static volatile DisplayFrontend kernel;
    private static volatile boolean searched;

    private Notebook() {}

    /**
     * Whether a notebook is showing this JVM's displays (a Jupyter kernel, or
     * a frontend attached with {@link #attach}).
     */
    public static boolean isKernelPresent() {
        return frontend().isNotebook();
    }

    /**
     * Registers the toolkit's renderers (tables, charts) with the kernel, if
     * any. Idempotent; every other method does it too, so calling it is only
     * needed before a cell whose value is a table made without the toolkit.
     *
     * @return a one-line description of where displays go
     */
    public static String setUp() {
        DisplayFrontend frontend = frontend();
        return frontend.isNotebook() ? "displays go to the notebook" : "no notebook kernel: displays print as text";
    }

    /**
     * Shows {@code value} as a new output: an HTML table, a PNG chart or image,
     * {@link Html}, or text.
     *
     * @return the display's id, for {@link #updateDisplay}
     */
    public static String display(Object value) {
        return frontend().display(value);
    }

    /** Replaces the output {@code id} (from {@link #display}) with {@code value}; nothing outside notebooks. */
    public static void updateDisplay(String id, Object value) {
        frontend().updateDisplay(Objects.requireNonNull(id, "id"), value);
    }

    /** A live progress display for a trainer inside a notebook; empty elsewhere. */
    public static Optional<TrainingListener> progressListener() {
        return isKernelPresent() ? Optional.of(new NotebookProgress()) : Optional.empty();
    }

    /**
     * Sends displays to {@code frontend} instead of a kernel (a test, or another
     * notebook frontend, does this); {@code null} detaches it.
     */
    public static void attach(DisplayFrontend frontend) {
        attached = frontend;
    }

    /** The frontend in use: an attached one, else a running kernel, else text. */
    static DisplayFrontend frontend() {
        DisplayFrontend chosen = attached;
        if (chosen != null) {
            return chosen;
        }
        if (!searched) {
            synchronized (Notebook.class) {
                if (!searched) {
                    kernel = JupyterKernelFrontend.find().orElse(null);
                    searched = true;
                }
            }
        }
        return kernel != null ? kernel : TEXT;
    }

    private static final DisplayFrontend TEXT = new TextFrontend();
}
