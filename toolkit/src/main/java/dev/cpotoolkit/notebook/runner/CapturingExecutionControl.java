package dev.cpotoolkit.notebook.runner;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JShell execution in this JVM, as IJava's kernel does it: every snippet runs
 * on a cached thread pool (so consecutive cells may run on different threads,
 * with the snippet's class loader as context loader), and a snippet's value is
 * kept as an object under a key that JShell reports in place of the value's
 * string, so the runner can render images and tables, not their
 * {@code toString()}. The exception a snippet throws is kept too, with its
 * causes, for the failure report.
 */
final class CapturingExecutionControl extends DirectExecutionControl {

    private static final Object NULL = new Object();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ExecutorService pool = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "notebook-cell-" + THREADS.getAndIncrement());
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private volatile Throwable lastException;

    /** A provider handing JShell this control (one per JShell). */
    static final class Provider implements ExecutionControlProvider {
        private CapturingExecutionControl control;

        @Override
        public String name() {
            return "cpo-notebook";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            control = new CapturingExecutionControl();
            return control;
        }

        /** The control JShell asked for (after the JShell was built). */
        CapturingExecutionControl control() {
            return control;
        }
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Future<Object> running = pool.submit(() -> {
            // IJava's cells see JShell's loader as context loader (DJL finds its engine through it).
            Thread.currentThread().setContextClassLoader(doitMethod.getDeclaringClass().getClassLoader());
            return doitMethod.invoke(null);
        });
        try {
            Object value = running.get();
            String key = UUID.randomUUID().toString();
            values.put(key, value == null ? NULL : value);
            return key;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvocationTargetException invocation) {
                lastException = invocation.getCause();
                throw invocation;
            }
            lastException = cause;
            throw e;
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /** The value stored under {@code key} by an executed snippet, removed; null if none. */
    Object takeValue(String key) {
        Object value = key == null ? null : values.remove(key);
        return value == NULL ? null : value;
    }

    /** Whether {@code key} names a stored value. */
    boolean hasValue(String key) {
        return key != null && values.containsKey(key);
    }

    /** The exception the last failing snippet threw (with its causes), then forgets it. */
    Throwable takeLastException() {
        Throwable t = lastException;
        lastException = null;
        return t;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        super.close();
    }
}
