package dev.cpotoolkit.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * Ctrl-C and {@code kill} (SIGINT, SIGTERM) during training: the first signal
 * asks the trainer to stop at the next step boundary, so the command can save a
 * checkpoint and print how to continue; a second signal ends the process at
 * once, as a user pressing Ctrl-C twice expects. The JVM's own handlers come
 * back when this is closed.
 *
 * <p>Uses {@code sun.misc.Signal}, the JDK's only way to handle a signal
 * without ending the JVM (module {@code jdk.unsupported}, present in every JDK).
 */
final class StopSignals implements AutoCloseable {

    private static final String[] NAMES = {"INT", "TERM"};

    private final Map<Signal, SignalHandler> previous = new HashMap<>();
    private volatile String received;

    private StopSignals() {}

    /**
     * Installs the handlers.
     *
     * @param stop called once, on the first signal, from the signal's thread
     * @param err  where the signal is acknowledged
     */
    static StopSignals install(Runnable stop, PrintWriter err) {
        StopSignals signals = new StopSignals();
        for (String name : NAMES) {
            Signal signal = new Signal(name);
            try {
                signals.previous.put(signal, Signal.handle(signal, s -> signals.onSignal(s, stop, err)));
            } catch (IllegalArgumentException e) {
                // The JVM reserves this signal here (e.g. started with -Xrs): keep its default behaviour.
            }
        }
        return signals;
    }

    // Synchronized: each signal is handled on a thread of its own, and two quick ones must see each other.
    private synchronized void onSignal(Signal signal, Runnable stop, PrintWriter err) {
        if (received != null) {
            err.printf("%nSecond %s: stopping now, without saving.%n", "SIG" + signal.getName());
            err.flush();
            Runtime.getRuntime().halt(exitCode(signal.getName()));
        }
        received = "SIG" + signal.getName();
        err.printf("%n%s: stopping after this step to save a checkpoint (again to stop at once).%n", received);
        err.flush();
        stop.run();
    }

    /** The signal that stopped the run ({@code SIGINT}, {@code SIGTERM}), or null when none came. */
    String received() {
        return received;
    }

    /** The shell's exit code for the received signal: 128 + its number. */
    int exitCode() {
        return exitCode(received == null ? "" : received.substring(3));
    }

    private static int exitCode(String name) {
        return name.equals("TERM") ? 143 : 130;
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
