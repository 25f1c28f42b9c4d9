package dev.cpotoolkit.notebook;

/**
 * Where displayed objects go: a Jupyter kernel, a frontend attached with
 * {@link Notebook#attach}, or the terminal.
 */
public interface DisplayFrontend {

    /** Whether outputs land in a notebook (rich displays, updates in place), not a terminal. */
    boolean isNotebook();

    /**
     * Shows {@code value} as a new output.
     *
     * @return an id for {@link #updateDisplay}
     */
    String display(Object value);

    /** Replaces the output {@code id} with {@code value}; a terminal simply prints it. */
    void updateDisplay(String id, Object value);
}
