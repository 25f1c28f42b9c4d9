package dev.cpotoolkit.train;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Lets one call at a time use a trainer. In a Jupyter kernel the stop button answers at once while
 * the interrupted {@code train()} finishes its current step on its own pool thread; a cell run right
 * after (another {@code train()}, an {@code evaluate()}) would otherwise run on another thread at the
 * same time and mix two updates of the same weights and optimizer. The later call waits for the
 * earlier one to end (its next step boundary), saying so on standard error.
 */
final class ExclusiveCalls {

    private final ReentrantLock lock = new ReentrantLock();

    /**
     * Runs {@code work} once no other thread is inside this trainer.
     *
     * @param what the call, for the waiting message
     */
    <T> T run(String what, Supplier<T> work) {
        if (!lock.tryLock()) {
            System.err.println("cpo-toolkit: " + what + " waits for the trainer's running call to end"
                    + " (an interrupted train() stops after its current step)");
            try {
                lock.lockInterruptibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(what + " was interrupted while waiting for the trainer's"
                        + " running call to end", e);
            }
        }
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
