package dev.cpotoolkit.testkernel;

import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JJava's way of loading snippet classes and class path additions: one {@link URLClassLoader}
 * whose parent is the system (kernel) class loader, so lookups go to the kernel's libraries first;
 * class path additions become its URLs. Like JJava, it makes its loader the constructing thread's
 * context class loader.
 */
public final class UrlLoaderDelegate implements LoaderDelegate {

    private final Map<String, byte[]> declared = new ConcurrentHashMap<>();
    private final Map<String, Class<?>> loaded = new ConcurrentHashMap<>();
    private final ShellLoader loader = new ShellLoader();

    /** Creates the loader and makes it this thread's context class loader. */
    public UrlLoaderDelegate() {
        Thread.currentThread().setContextClassLoader(loader);
    }

    /** The loader snippet classes and added jars live in. */
    public ClassLoader classLoader() {
        return loader;
    }

    @Override
    public void load(ExecutionControl.ClassBytecodes[] classes) throws ExecutionControl.ClassInstallException {
        boolean[] installed = new boolean[classes.length];
        for (int i = 0; i < classes.length; i++) {
            declared.put(classes[i].name(), classes[i].bytecodes());
            try {
                loaded.put(classes[i].name(), loader.findClass(classes[i].name()));
            } catch (ClassNotFoundException e) {
                throw new ExecutionControl.ClassInstallException("cannot load " + classes[i].name() + ": "
                        + e.getMessage(), installed);
            }
            installed[i] = true;
        }
    }

    @Override
    public void classesRedefined(ExecutionControl.ClassBytecodes[] classes) {
        for (ExecutionControl.ClassBytecodes bytecodes : classes) {
            declared.put(bytecodes.name(), bytecodes.bytecodes());
        }
    }

    @Override
    public void addToClasspath(String path) throws ExecutionControl.InternalException {
        for (String entry : path.split(java.io.File.pathSeparator)) {
            try {
                loader.add(Path.of(entry).toUri().toURL());
            } catch (MalformedURLException e) {
                throw new ExecutionControl.InternalException("cannot add " + entry + ": " + e.getMessage());
            }
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> type = loaded.get(name);
        if (type == null && declared.containsKey(name)) {
            type = loader.loadClass(name);
        }
        if (type == null) {
            throw new ClassNotFoundException(name + " not found");
        }
        return type;
    }

    /** Defines snippet classes from their bytes; everything else as a URL class loader, parent first. */
    private final class ShellLoader extends URLClassLoader {
        ShellLoader() {
            super(new URL[0]);
        }

        void add(URL url) {
            addURL(url);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = declared.get(name);
            if (bytes == null) {
                return super.findClass(name);
            }
            return defineClass(name, bytes, 0, bytes.length, (CodeSource) null);
        }
    }
}
