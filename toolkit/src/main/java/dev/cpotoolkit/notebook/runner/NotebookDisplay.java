package dev.cpotoolkit.notebook.runner;

import dev.cpotoolkit.notebook.MimeBundle;
import dev.cpotoolkit.notebook.MimeRenderer;
import dev.cpotoolkit.notebook.Notebook;

/**
 * IJava's display functions under IJava's names, which the runner imports
 * statically into every notebook as IJava's startup script imports its
 * {@code Display} class: a notebook calling {@code display(chart)} runs in both.
 * Signatures use only JDK types, so the notebook compiles against this one class.
 */
public final class NotebookDisplay {

    private NotebookDisplay() {}

    /** Shows {@code value} as a new output; returns its display id. */
    public static String display(Object value) {
        return Notebook.display(value);
    }

    /** Shows {@code value} as a new output restricted to {@code mimeTypes} (plus text). */
    public static String display(Object value, String... mimeTypes) {
        return Notebook.display(MimeRenderer.render(value).only(mimeTypes));
    }

    /** Replaces the output {@code id} with {@code value}. */
    public static void updateDisplay(String id, Object value) {
        Notebook.updateDisplay(id, value);
    }

    /** Replaces the output {@code id} with {@code value} restricted to {@code mimeTypes}. */
    public static void updateDisplay(String id, Object value, String... mimeTypes) {
        Notebook.updateDisplay(id, MimeRenderer.render(value).only(mimeTypes));
    }

    /** The rendered form of {@code value} (IJava returns its {@code DisplayData}); pass it to display. */
    public static Object render(Object value) {
        return MimeRenderer.render(value);
    }

    /** The rendered form of {@code value} restricted to {@code mimeTypes}. */
    public static Object render(Object value, String... mimeTypes) {
        return MimeRenderer.render(value).only(mimeTypes);
    }

    /** Whether {@code value} was made by {@link #render}. */
    static boolean isRendered(Object value) {
        return value instanceof MimeBundle;
    }
}
