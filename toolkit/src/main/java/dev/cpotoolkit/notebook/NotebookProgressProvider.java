package dev.cpotoolkit.notebook;

import dev.cpotoolkit.train.TrainingListener;

import java.util.Optional;

/**
 * Gives every trainer built inside a notebook the live progress display
 * ({@link NotebookProgress}), with no call in the user's cell. Registered as a
 * {@link TrainingListener.Provider} service, so the trainer finds it without
 * knowing this package; outside a kernel it offers nothing.
 */
public final class NotebookProgressProvider implements TrainingListener.Provider {

    /** Used by {@link java.util.ServiceLoader}. */
    public NotebookProgressProvider() {}

    @Override
    public Optional<TrainingListener> listenerForRun() {
        return Notebook.progressListener();
    }
}
