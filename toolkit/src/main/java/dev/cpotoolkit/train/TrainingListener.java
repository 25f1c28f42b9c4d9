package dev.cpotoolkit.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Callbacks from a training run, for progress bars (terminal or notebook),
 * loggers and early stopping. Every method has an empty default; they run on
 * the training thread between steps.
 *
 * <p>Listeners that belong to an environment rather than to one run (the live
 * progress display of a notebook) come in through {@link Provider}: the
 * trainer asks every provider on the class path for one, so the training
 * core never names the presentation layer.
 */
public interface TrainingListener {

    /** Training starts or resumes at {@code progress.step()}. */
    default void onTrainBegin(TrainingProgress progress) {}

    /** An optimizer step finished; {@code metrics} are that step's (TRL names plus learning_rate, grad_norm). */
    default void onStepEnd(TrainingProgress progress, Map<String, Double> metrics) {}

    /** A metrics row was logged (window means), training or evaluation. */
    default void onLog(Map<String, Double> row) {}

    /** A checkpoint folder was written. */
    default void onCheckpoint(Path folder) {}

    /** The call to {@code train()} ended (finished, interrupted or failed). */
    default void onTrainEnd(TrainingProgress progress) {}

    /**
     * A source of listeners found with {@link ServiceLoader}: a library that
     * wants to follow every run where it applies (a notebook's progress display
     * while a Jupyter kernel runs) registers an implementation in
     * {@code META-INF/services/dev.cpotoolkit.train.TrainingListener$Provider}.
     * Trainers add the listeners of all providers unless told not to
     * ({@code CPOTrainer.Builder.discoveredListeners(false)}).
     */
    interface Provider {

        /** A listener for a new run here and now, or empty when this provider does not apply. */
        Optional<TrainingListener> listenerForRun();

        /**
         * The listeners of every provider on the class path that applies now. The
         * providers are looked up with this interface's own class loader: notebook
         * kernels add jars on a loader that is not the thread's context loader.
         */
        static List<TrainingListener> discovered() {
            List<TrainingListener> listeners = new ArrayList<>();
            Iterator<Provider> providers = ServiceLoader.load(Provider.class, Provider.class.getClassLoader())
                    .iterator();
            while (true) {
                try {
                    if (!providers.hasNext()) {
                        return listeners;
                    }
                    providers.next().listenerForRun().ifPresent(listeners::add);
                } catch (ServiceConfigurationError | RuntimeException broken) {
                    // A display that cannot start must not stop the training it would have shown.
                    System.err.println("cpo-toolkit: a training listener provider failed and is skipped: " + broken);
                }
            }
        }
    }
}
