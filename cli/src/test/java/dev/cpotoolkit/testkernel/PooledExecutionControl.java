package dev.cpotoolkit.testkernel;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.SPIResolutionException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JShell execution inside the kernel's JVM, the way both Java kernels do it: every snippet's
 * {@code do_it$} method runs as a task of a cached thread pool, and its value is kept under a key
 * that JShell reports in place of the value's string, so the kernel can render the object itself
 * (a chart as an image, a table as HTML). An interrupt cancels the running task; the snippet then
 * fails with {@link #INTERRUPTED} as its exception class name.
 */
public final class PooledExecutionControl extends DirectExecutionControl {

    /** The pseudo class name of the exception a cancelled snippet reports (a space: never a real class). */
    public static final String INTERRUPTED = "Execution Interrupted";

    private static final Object NULL = new Object();

    private final ExecutorService pool;
    private final Map<String, Future<Object>> running = new ConcurrentHashMap<>();
    private final Map<String, Object> values = new ConcurrentHashMap<>();

    /**
     * With JShell's own class loading (what IJava uses), which makes its loader the context class
     * loader of the constructing thread.
     *
     * @param threadPrefix the pool threads' name prefix, as the kernel names them
     */
    public PooledExecutionControl(String threadPrefix) {
        super();
        this.pool = newPool(threadPrefix);
    }

    /**
     * With the kernel's own class loading (JJava brings its own delegate).
     *
     * @param threadPrefix the pool threads' name prefix, as the kernel names them
     * @param loader       where snippet classes are defined and the class path grows
     */
    public PooledExecutionControl(String threadPrefix, LoaderDelegate loader) {
        super(loader);
        this.pool = newPool(threadPrefix);
    }

    private static ExecutorService newPool(String threadPrefix) {
        AtomicInteger threads = new AtomicInteger();
        // Pool threads inherit the context class loader of the thread that first submits a task.
        return Executors.newCachedThreadPool(task -> new Thread(task, threadPrefix + threads.getAndIncrement()));
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        String key = UUID.randomUUID().toString();
        Future<Object> task = pool.submit(() -> doitMethod.invoke(null));
        running.put(key, task);
        try {
            Object value = task.get();
            values.put(key, value == null ? NULL : value);
            return key;
        } catch (CancellationException e) {
            if (pool.isShutdown()) {
                throw new StoppedException();
            }
            throw new UserException("Execution interrupted.", INTERRUPTED, e.getStackTrace());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof InvocationTargetException invocation
                    ? invocation.getCause() : e.getCause();
            if (cause instanceof SPIResolutionException resolution) {
                throw new ResolutionException(resolution.id(), resolution.getStackTrace());
            }
            throw new UserException(String.valueOf(cause.getMessage()), cause.getClass().getName(),
                    stackOf(cause));
        } finally {
            running.remove(key, task);
        }
    }

    /** The stack of {@code cause}, its causes' frames appended, so the notebook shows where it came from. */
    private static StackTraceElement[] stackOf(Throwable cause) {
        java.util.List<StackTraceElement> frames = new java.util.ArrayList<>(java.util.List.of(cause.getStackTrace()));
        for (Throwable inner = cause.getCause(); inner != null && inner != inner.getCause(); inner = inner.getCause()) {
            frames.add(new StackTraceElement("Caused by " + inner.getClass().getName(),
                    String.valueOf(inner.getMessage()), null, -1));
            frames.addAll(java.util.List.of(inner.getStackTrace()));
        }
        return frames.toArray(new StackTraceElement[0]);
    }

    /** The value of the snippet that reported {@code key}, removed. */
    public Object takeValue(String key) {
        Object value = values.remove(key);
        if (value == null) {
            throw new IllegalStateException("no value stored under " + key);
        }
        return value == NULL ? null : value;
    }

    /** Forgets the values no one took (of statements and declarations, whose keys JShell does not report). */
    public void discardValues() {
        values.clear();
    }

    /** Cancels whatever snippet is running, interrupting its thread. */
    public void interrupt() {
        running.values().forEach(task -> task.cancel(true));
    }

    @Override
    public void stop() {
        pool.shutdownNow();
    }
}
