package dev.cpotoolkit.notebook;

import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.UUID;

/**
 * The display API of a running IJava or JJava kernel, reached by reflection so
 * the toolkit needs neither at compile time. Both kernels share the base
 * kernel's design (a {@code Renderer} with render registrations,
 * {@code DisplayData}, {@code kernel.display(data)} and
 * {@code kernel.getIO().display.updateDisplay(id, data)}); only the package
 * names and the way to get the kernel differ.
 *
 * <p>On creation it registers renderers for Tablesaw tables (HTML), XChart
 * charts (PNG) and {@link Html} on the kernel's renderer, so a cell ending in
 * one of them shows it richly.
 */
final class JupyterKernelFrontend implements DisplayFrontend {

    /** A kernel flavour: how to get the running kernel and where its display classes live. */
    private record Flavour(String kernelClass, String kernelMethod, String displayPackage) {}

    private static final Flavour IJAVA = new Flavour("io.github.spencerpark.ijava.IJava", "getKernelInstance",
            "io.github.spencerpark.jupyter.kernel.display");
    private static final Flavour JJAVA = new Flavour("org.dflib.jjava.jupyter.kernel.BaseKernel", "notebookKernel",
            "org.dflib.jjava.jupyter.kernel.display");

    private final Object kernel;
    private final Object renderer;
    private final Class<?> displayDataClass;

    private JupyterKernelFrontend(Object kernel, Flavour flavour) throws ReflectiveOperationException {
        this.kernel = kernel;
        this.renderer = kernel.getClass().getMethod("getRenderer").invoke(kernel);
        ClassLoader loader = kernel.getClass().getClassLoader();
        this.displayDataClass = Class.forName(flavour.displayPackage() + ".DisplayData", true, loader);
        Class<?> renderFunction = Class.forName(flavour.displayPackage() + ".RenderFunction", true, loader);
        register(Table.class, renderFunction, MimeBundle.HTML);
        register(Chart.class, renderFunction, MimeBundle.PNG);
        register(Html.class, renderFunction, MimeBundle.HTML);
    }

    /** The running kernel's frontend, if this JVM is an IJava or JJava kernel with a live kernel. */
    static Optional<DisplayFrontend> find() {
        for (Flavour flavour : new Flavour[] {IJAVA, JJAVA}) {
            try {
                Class<?> kernelClass = Class.forName(flavour.kernelClass(), true, contextLoader());
                Object kernel = kernelClass.getMethod(flavour.kernelMethod()).invoke(null);
                if (kernel != null) {
                    return Optional.of(new JupyterKernelFrontend(kernel, flavour));
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // Not this kernel: try the next one.
            } catch (java.lang.reflect.InvocationTargetException e) {
                // The kernel's library is here but no kernel runs (JJava's notebookKernel() throws then).
            } catch (ReflectiveOperationException | RuntimeException e) {
                // A kernel of another version: fall back to text rather than break the user's cell.
                System.err.println("cpo-toolkit: kernel display API not usable (" + e + "); showing text");
            }
        }
        return Optional.empty();
    }

    private static ClassLoader contextLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : JupyterKernelFrontend.class.getClassLoader();
    }

    @Override
    public boolean isNotebook() {
        return true;
    }

    @Override
    public String display(Object value) {
        try {
            Object data = renderer.getClass().getMethod("render", Object.class).invoke(renderer, value);
            String id = UUID.randomUUID().toString();
            displayDataClass.getMethod("setDisplayId", String.class).invoke(data, id);
            kernel.getClass().getMethod("display", displayDataClass).invoke(kernel, data);
            return id;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("kernel display failed", e);
        }
    }

    @Override
    public void updateDisplay(String id, Object value) {
        try {
            Object data = renderer.getClass().getMethod("render", Object.class).invoke(renderer, value);
            Object io = kernel.getClass().getMethod("getIO").invoke(kernel);
            Object stream = io.getClass().getField("display").get(io);
            stream.getClass().getMethod("updateDisplay", String.class, displayDataClass).invoke(stream, id, data);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("kernel display update failed", e);
        }
    }

    /** {@code renderer.createRegistration(type).supporting(mime, text).preferring(mime).register(function)}. */
    private void register(Class<?> type, Class<?> renderFunction, String mimeType) throws ReflectiveOperationException {
        Object registration = renderer.getClass().getMethod("createRegistration", Class.class).invoke(renderer, type);
        Method supporting = registration.getClass().getMethod("supporting", String[].class);
        Method preferring = registration.getClass().getMethod("preferring", String[].class);
        registration = supporting.invoke(registration, (Object) new String[] {mimeType, MimeBundle.TEXT});
        registration = preferring.invoke(registration, (Object) new String[] {mimeType});
        Object function = Proxy.newProxyInstance(renderFunction.getClassLoader(), new Class<?>[] {renderFunction},
                new RenderHandler());
        registration.getClass().getMethod("register", renderFunction).invoke(registration, function);
    }

    /** The proxied {@code RenderFunction}: fills the context's output container from a {@link MimeBundle}. */
    private static final class RenderHandler implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "render" -> {
                    MimeBundle bundle = MimeRenderer.render(args[0]);
                    Object context = args[1];
                    Object out = context.getClass().getMethod("getOutputContainer").invoke(context);
                    Method put = out.getClass().getMethod("putData", String.class, Object.class);
                    for (var entry : bundle.data().entrySet()) {
                        put.invoke(out, entry.getKey(), entry.getValue());
                    }
                    return null;
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "toString" -> {
                    return "cpo-toolkit renderer";
                }
                default -> throw new UnsupportedOperationException(method.getName());
            }
        }
    }
}
