package dev.cpotoolkit.model;

import ai.djl.pytorch.jni.JniUtils;
import dev.cpotoolkit.runtime.TorchRuntime;

/**
 * PyTorch's gradient-recording switch, which is per thread. Notebook kernels
 * run each cell on a pool thread, so entry points set the mode they need
 * explicitly instead of trusting whatever the thread was left with.
 *
 * <pre>{@code
 * try (GradMode.Scope ignored = GradMode.set(false)) {
 *     NDArray logits = model.forward(ids, mask); // no graph recorded
 * }
 * }</pre>
 */
public final class GradMode {

    private GradMode() {}

    /** Whether operations on this thread are recorded for backward. */
    public static boolean isEnabled() {
        TorchRuntime.engine();
        return JniUtils.isGradMode();
    }

    /** Sets this thread's mode; closing the scope restores the previous one. */
    public static Scope set(boolean enabled) {
        boolean previous = isEnabled();
        JniUtils.setGradMode(enabled);
        return new Scope(previous);
    }

    /** Restores the thread's previous grad mode when closed. */
    public static final class Scope implements AutoCloseable {
        private final boolean previous;

        private Scope(boolean previous) {
            this.previous = previous;
        }

        /** Restores the previous mode on the current thread. */
        @Override
        public void close() {
            JniUtils.setGradMode(previous);
        }
    }
}
