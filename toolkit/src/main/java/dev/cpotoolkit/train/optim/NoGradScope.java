package dev.cpotoolkit.train.optim;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns PyTorch's autograd off on the current thread for a block and restores
 * the previous mode on close.
 *
 * <p>Optimizer updates modify leaf tensors that require gradients; with
 * autograd on, PyTorch would either refuse the in-place operation or record it
 * in a graph. Grad mode is per thread, so the scope must be opened on the
 * thread that runs the update.
 */
final class NoGradScope implements AutoCloseable {

    private final boolean previous;

    private NoGradScope() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    /** Opens a scope; use it in a try-with-resources block. */
    static NoGradScope open() {
        return new NoGradScope();
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
